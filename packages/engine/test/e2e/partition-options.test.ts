import { readFileSync } from 'node:fs';
import type { Adapter } from '@sluice/adapter-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createScratch, type Scratch } from './support/engines.js';
import { exportSchemas, importDump, runJob, tempDir } from './support/jobs.js';
import { sql, tableRows } from './support/sql.js';

/** Rows of the fixture, by region: 600 in eu (enough for several chunks), 40 in us, none in apac. */
const REGIONS = { eu: 600, us: 40, apac: 0 } as const;

/** A list-partitioned table `m` with a composite key, a default, a NOT NULL and a secondary index. */
async function createPartitioned(s: Scratch, a: Adapter, schema: string): Promise<void> {
  const m = `${s.q(schema)}.m`;
  if (s.engine === 'postgres') {
    await sql(a, `CREATE TABLE ${m} (id int NOT NULL, region text NOT NULL, amount numeric(10,2) DEFAULT 7.5, note text, PRIMARY KEY (id, region)) PARTITION BY LIST (region)`);
    await sql(a, `CREATE TABLE ${s.q(schema)}.m_eu PARTITION OF ${m} FOR VALUES IN ('eu')`);
    await sql(a, `CREATE TABLE ${s.q(schema)}.m_apac PARTITION OF ${m} FOR VALUES IN ('apac')`);
    // Attached from a table of its own, with its columns in another order.
    await sql(a, `CREATE TABLE ${s.q(schema)}.m_us (note text, amount numeric(10,2) DEFAULT 7.5, region text NOT NULL, id int NOT NULL)`);
    await sql(a, `ALTER TABLE ${m} ATTACH PARTITION ${s.q(schema)}.m_us FOR VALUES IN ('us')`);
    await sql(a, `CREATE INDEX m_amount ON ${m} (amount)`);
    await sql(a, `CREATE FUNCTION ${s.q(schema)}.keep_row() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$`);
    await sql(a, `CREATE TRIGGER m_audit BEFORE INSERT ON ${m} FOR EACH ROW EXECUTE FUNCTION ${s.q(schema)}.keep_row()`);
  } else {
    await sql(
      a,
      `CREATE TABLE ${m} (id int NOT NULL, region varchar(8) NOT NULL, amount decimal(10,2) DEFAULT 7.5, note text, PRIMARY KEY (id, region), KEY m_amount (amount))
       PARTITION BY LIST COLUMNS (region) (${Object.keys(REGIONS)
         .map((r) => `PARTITION ${r} VALUES IN ('${r}')`)
         .join(', ')})`,
    );
    await sql(a, `CREATE TRIGGER ${s.q(schema)}.m_audit BEFORE INSERT ON ${m} FOR EACH ROW SET NEW.note = COALESCE(NEW.note, 'none')`);
  }
  let id = 0;
  for (const [region, count] of Object.entries(REGIONS)) {
    for (let i = 0; i < count; i += 200) {
      const values = Array.from({ length: Math.min(200, count - i) }, () => `(${++id}, '${region}', ${id % 97}.25, 'row ${id} of ${region}')`);
      await sql(a, `INSERT INTO ${m} (id, region, amount, note) VALUES ${values.join(', ')}`);
    }
  }
}

/**
 * A region's partition name: PostgreSQL's partitions are tables (`m_eu`), MySQL's are named inside
 * `m` (`eu`). Either way DEPARTITION makes `m_eu` of it.
 */
const partitionName = (s: Scratch, region: string): string => (s.engine === 'postgres' ? `m_${region}` : region);

/** Whether `schema.name` is a table, and a partitioned one. */
async function tableShape(s: Scratch, a: Adapter, schema: string, name: string): Promise<'missing' | 'ordinary' | 'partitioned'> {
  if (s.engine === 'postgres') {
    const rows = await sql(a, `SELECT c.relkind::text AS k FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`, [schema, name]);
    const kind = rows[0]?.['k'];
    return kind === undefined ? 'missing' : kind === 'p' ? 'partitioned' : 'ordinary';
  }
  const rows = await sql(a, `SELECT COUNT(PARTITION_NAME) AS p, COUNT(*) AS n FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?`, [schema, name]);
  if (Number(rows[0]?.['n'] ?? 0) === 0) return 'missing';
  return Number(rows[0]?.['p'] ?? 0) > 0 ? 'partitioned' : 'ordinary';
}

/** Trigger names on a table. */
async function triggerNames(a: Adapter, schema: string, name: string): Promise<string[]> {
  const rows = await sql(a, `SELECT DISTINCT trigger_name AS t FROM information_schema.triggers WHERE event_object_schema = '${schema}' AND event_object_table = '${name}'`);
  return rows.map((r) => String(r['t'] ?? r['T'])).sort();
}

/** Index names of a table (without the primary key's). */
async function indexNames(s: Scratch, a: Adapter, schema: string, name: string): Promise<string[]> {
  const rows =
    s.engine === 'postgres'
      ? await sql(a, `SELECT indexname AS i FROM pg_indexes WHERE schemaname = $1 AND tablename = $2 AND indexname NOT LIKE '%pkey'`, [schema, name])
      : await sql(a, `SELECT DISTINCT INDEX_NAME AS i FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME <> 'PRIMARY'`, [schema, name]);
  return rows.map((r) => String(r['i'])).sort();
}

for (const engine of ENGINES) {
  describe(`PARTITION_OPTIONS (${engine})`, () => {
    let s: Scratch;
    let a: Adapter;
    let src: string;
    let all: unknown[];
    const files = tempDir(`part-${engine}`);

    beforeAll(async () => {
      s = await createScratch(engine);
      a = s.adapter();
      src = s.schema('parts');
      await s.createSchema('parts');
      await createPartitioned(s, a, src);
      all = await tableRows(a, `${s.q(src)}.m`, 'id');
      // Small chunks, so the big partition is split by key ranges inside the partition.
      const exp = await exportSchemas(a, [src], files.dir, 'part%U.dmp', undefined, undefined, { chunkTargetBytes: 8192 });
      expect(exp.errors, exp.log).toBe(0);
    });
    afterAll(async () => {
      await s?.drop();
      if (!process.env['SLUICE_KEEP_FILES']) files.cleanup();
    });

    it("MERGE creates one ordinary table with every partition's rows, its key and its index", async () => {
      const target = s.schema('merged');
      const imp = await importDump(
        a,
        files.dir,
        'part%U.dmp',
        async (job) => {
          await job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: target });
          await job.setParameter('PARTITION_OPTIONS', 'MERGE');
        },
        'merge.log',
      );
      expect(imp.errors, imp.log).toBe(0);
      expect(await tableShape(s, a, target, 'm')).toBe('ordinary');
      expect(await tableShape(s, a, target, 'm_eu')).toBe('missing');
      expect(await tableRows(a, `${s.q(target)}.m`, 'id')).toEqual(all);
      expect(await indexNames(s, a, target, 'm')).toEqual(['m_amount']);
      expect(await triggerNames(a, target, 'm')).toEqual(['m_audit']);
      expect(imp.log).toMatch(new RegExp(`imported "${target}"\\."m" +[\\d.]+ [KM]?B +${all.length} rows`));
      // The key is there: a duplicate is refused.
      await expect(sql(a, `INSERT INTO ${s.q(target)}.m (id, region) VALUES (1, 'eu')`)).rejects.toThrow();
    });

    it('DEPARTITION makes each partition an ordinary table of its own with its rows', async () => {
      const target = s.schema('departed');
      const imp = await importDump(
        a,
        files.dir,
        'part%U.dmp',
        async (job) => {
          await job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: target });
          await job.setParameter('PARTITION_OPTIONS', 'DEPARTITION');
        },
        'departition.log',
      );
      expect(imp.errors, imp.log).toBe(0);
      expect(await tableShape(s, a, target, 'm')).toBe('missing');
      // The trigger cannot follow: the log says so.
      // (PostgreSQL names a trigger with its table: "m m_audit".)
      expect(imp.log).toMatch(new RegExp(`TRIGGER "${src}"\\."(m )?m_audit" on table "${src}"\\."m" is not created: PARTITION_OPTIONS=DEPARTITION`));
      for (const region of Object.keys(REGIONS)) {
        expect(await triggerNames(a, target, `m_${region}`)).toEqual([]);
        expect(await tableShape(s, a, target, `m_${region}`), region).toBe('ordinary');
        const expected = all.filter((r) => (r as { region: string }).region === region);
        expect(await tableRows(a, `${s.q(target)}.m_${region}`, 'id'), region).toEqual(expected);
        // PostgreSQL names a partition's copy of the index itself; MySQL's copies keep the table's name for it.
        expect((await indexNames(s, a, target, `m_${region}`)).length, `index on m_${region}`).toBe(1);
      }
    });

    it("PARTITION_LIST exports only the named partitions' rows; on import it loads only theirs; naming none moves none", async () => {
      const byRegion = (...regions: string[]): unknown[] => all.filter((r) => regions.includes((r as { region: string }).region));
      const table = { schema: src, name: 'm' };
      const exp = await exportSchemas(
        a,
        [src],
        files.dir,
        'plist%U.dmp',
        async (job) => {
          await job.dataFilter({ name: 'PARTITION_LIST', value: `'${partitionName(s, 'us')}','${partitionName(s, 'apac')}'`, table });
        },
        'plist-export.log',
      );
      expect(exp.errors, exp.log).toBe(0);
      const fromExport = s.schema('plist_exp');
      const imp1 = await importDump(a, files.dir, 'plist%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: fromExport }), 'plist-import1.log');
      expect(imp1.errors, imp1.log).toBe(0);
      expect(await tableRows(a, `${s.q(fromExport)}.m`, 'id')).toEqual(byRegion('us', 'apac'));

      const fromImport = s.schema('plist_imp');
      const imp2 = await importDump(
        a,
        files.dir,
        'part%U.dmp',
        async (job) => {
          await job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: fromImport });
          await job.dataFilter({ name: 'PARTITION_LIST', value: `'${partitionName(s, 'eu')}'`, table });
        },
        'plist-import2.log',
      );
      expect(imp2.errors, imp2.log).toBe(0);
      expect(await tableRows(a, `${s.q(fromImport)}.m`, 'id')).toEqual(byRegion('eu'));

      const none = await exportSchemas(
        a,
        [src],
        files.dir,
        'pnone%U.dmp',
        async (job) => {
          await job.dataFilter({ name: 'PARTITION_LIST', value: "'no_such_partition'", table });
        },
        'pnone-export.log',
      );
      expect(none.errors, none.log).toBe(0);
      const fromNone = s.schema('plist_none');
      await importDump(a, files.dir, 'pnone%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: fromNone }), 'pnone-import.log');
      expect(await tableRows(a, `${s.q(fromNone)}.m`, 'id')).toEqual([]);
    });

    it('SQL_FILE with MERGE writes an unpartitioned table and no partitions', async () => {
      const imp = await runJob(
        { operation: 'SQL_FILE', mode: 'FULL', home: a },
        async (job) => {
          await job.addFile({ kind: 'DUMP', name: 'part%U.dmp', directory: files.dir });
          await job.addFile({ kind: 'SQL', name: 'merge.sql', directory: files.dir });
          await job.setParameter('PARTITION_OPTIONS', 'MERGE');
        },
        { dir: files.dir, log: 'merge-sql.log' },
      );
      expect(imp.errors, imp.log).toBe(0);
      const text = readFileSync(`${files.dir}/merge.sql`, 'utf8');
      expect(text).toMatch(/CREATE TABLE [^\n]*\bm\b/);
      expect(text).not.toMatch(/PARTITION/);
    });

    it("MERGE into a database other than the master table's is refused before anything is created", async () => {
      const other = await createScratch(engine);
      try {
        const target = other.adapter();
        const into = s.schema('merged_elsewhere');
        const failed = await runJob(
          { operation: 'IMPORT', mode: 'FULL', home: a, target },
          async (job) => {
            await job.addFile({ kind: 'DUMP', name: 'part%U.dmp', directory: files.dir });
            await job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: into });
            await job.setParameter('PARTITION_OPTIONS', 'MERGE');
          },
          { dir: files.dir, log: 'merge-elsewhere.log' },
        ).catch((e: unknown) => e);
        expect(failed).toMatchObject({ code: 'JOB_FAILED' });
        expect((failed as Error).message).toContain("PARTITION_OPTIONS=MERGE needs the job's master table in the target database");
        expect(await tableShape(other, target, into, 'm')).toBe('missing');
      } finally {
        await other.drop();
      }
    });
  });
}
