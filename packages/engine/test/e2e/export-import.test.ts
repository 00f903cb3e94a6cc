import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Adapter } from '@sluice/adapter-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MasterTableStore } from '../../src/master-table/index.js';
import { ENGINES, createScratch, type Scratch } from './support/engines.js';
import { createFixture, fixtureRows, schemaDdl, TABLES } from './support/fixture.js';
import { exportSchemas, importDump, runJob, tempDir } from './support/jobs.js';
import { sql, tableRows } from './support/sql.js';
import { runSqlFile } from './support/sql-client.js';

for (const engine of ENGINES) {
  describe(`export and import (${engine})`, () => {
    let s: Scratch;
    let a: Adapter;
    let hr: string;
    const files = tempDir(`ei-${engine}`);
    let source: Record<string, unknown[]>;
    let exportLog = '';
    let exportJob = '';

    beforeAll(async () => {
      s = await createScratch(engine);
      a = s.adapter();
      hr = await createFixture(s, a, 'hr');
      source = await fixtureRows(s, a, hr);
      const exp = await exportSchemas(a, [hr], files.dir, 'hr%U.dmp', async (job) => {
        await job.metadataFilter({ name: 'EXCLUDE_NAME_LIST', value: "'tmp_log'", objectPath: 'TABLE' });
        await job.setParameter('METRICS', 1);
      });
      expect(exp.state).toBe('COMPLETED');
      expect(exp.errors).toBe(0);
      exportLog = exp.log;
      exportJob = exp.jobName;
    });
    afterAll(async () => {
      await s?.drop();
      if (!process.env['SLUICE_KEEP_FILES']) files.cleanup();
    });

    it('logs each table with its size and exact row count, the file set, and the completion line', () => {
      expect(exportLog).toMatch(new RegExp(`^W-\\d+ \\. \\. exported "${hr}"\\."emp"  \\d+(\\.\\d+)? KB  3000 rows in \\d+ seconds$`, 'm'));
      expect(exportLog).toMatch(new RegExp(`^W-\\d+ \\. \\. exported "${hr}"\\."dept"  [\\d.]+ KB  5 rows in \\d+ seconds$`, 'm'));
      expect(exportLog).not.toContain('tmp_log');
      expect(exportLog).toMatch(/^Dump file set for .* is:\n {2}.*hr01\.dmp$/m);
      expect(exportLog).toMatch(new RegExp(`^Job "[^"]+"\\."${exportJob}" successfully completed at \\w{3} \\w{3} \\d{1,2} \\d\\d:\\d\\d:\\d\\d \\d{4} elapsed 0 \\d\\d:\\d\\d:\\d\\d$`, 'm'));
    });

    it('imports a schema under a new name: same rows, same DDL, the filtered table left out', async () => {
      const copy = s.schema('hr_copy');
      const imp = await importDump(a, files.dir, 'hr%U.dmp', async (job) => {
        await job.metadataRemap({ name: 'REMAP_SCHEMA', from: hr, to: copy });
      });
      expect(imp.state).toBe('COMPLETED');
      expect(imp.errors).toBe(0);
      expect(await fixtureRows(s, a, copy)).toEqual(source);
      expect(await schemaDdl(a, copy, hr)).toEqual((await schemaDdl(a, hr, hr)).filter((d) => !d.includes('tmp_log')));
      expect(imp.log).toMatch(new RegExp(`^\\. \\. imported "${copy}"\\."emp"  [\\d.]+ KB  3000 rows$`, 'm'));
      // Order: tables before data, data before indexes and foreign keys.
      const at = (p: string): number => imp.log.indexOf(`Processing object type SCHEMA_EXPORT/${p}\n`);
      expect(at('TABLE')).toBeLessThan(at('TABLE/TABLE_DATA'));
      expect(at('TABLE/TABLE_DATA')).toBeLessThan(at('TABLE/INDEX'));
      expect(at('TABLE/INDEX')).toBeLessThan(at('TABLE/CONSTRAINT/REF_CONSTRAINT'));
    });

    it('honours each TABLE_EXISTS_ACTION per table', async () => {
      const t = s.schema('hr_tea');
      const first = await importDump(a, files.dir, 'hr%U.dmp', async (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: hr, to: t }), 'tea0.log');
      expect(first.errors).toBe(0);
      const q = s.q(t);
      const tablesOnly = async (job: import('@sluice/engine').DataPump, action: string): Promise<void> => {
        await job.metadataRemap({ name: 'REMAP_SCHEMA', from: hr, to: t });
        await job.metadataFilter({ name: 'INCLUDE_PATH_EXPR', value: "IN ('TABLE')" });
        await job.setParameter('TABLE_EXISTS_ACTION', action);
      };

      // SKIP (the default): the existing table and its data stay as they are.
      await sql(a, `DELETE FROM ${q}.emp WHERE id > 2990`);
      const kept = await tableRows(a, `${q}.emp`);
      const skip = await importDump(a, files.dir, 'hr%U.dmp', (job) => tablesOnly(job, 'SKIP'), 'tea-skip.log');
      expect(skip.errors).toBe(0);
      expect(skip.log).toContain(`Table "${t}"."emp" exists. All dependent metadata and data will be skipped due to table_exists_action of skip`);
      expect(await tableRows(a, `${q}.emp`)).toEqual(kept);

      // APPEND: rows added to what is there (notes has no key, so it doubles).
      const append = await importDump(
        a,
        files.dir,
        'hr%U.dmp',
        async (job) => {
          await tablesOnly(job, 'APPEND');
          await job.metadataFilter({ name: 'NAME_LIST', value: "'notes'", objectPath: 'TABLE' });
        },
        'tea-append.log',
      );
      expect(append.errors).toBe(0);
      expect(append.log).toContain(`Table "${t}"."notes" exists. Data will be appended to existing table but all dependent metadata will be skipped due to table_exists_action of append`);
      const doubled = [...(source['notes'] ?? []), ...(source['notes'] ?? [])];
      expect(await tableRows(a, `${q}.notes`, '1, 2')).toEqual(await sortedLike(a, doubled));

      // TRUNCATE: existing rows go, the dump's rows come in.
      await sql(a, `DELETE FROM ${q}.emp WHERE id < 100`);
      const truncate = await importDump(
        a,
        files.dir,
        'hr%U.dmp',
        async (job) => {
          await tablesOnly(job, 'TRUNCATE');
          await job.metadataFilter({ name: 'NAME_LIST', value: "'emp'", objectPath: 'TABLE' });
        },
        'tea-truncate.log',
      );
      expect(truncate.errors).toBe(0);
      expect(truncate.log).toContain(`Table "${t}"."emp" exists and has been truncated.`);
      expect(await tableRows(a, `${q}.emp`)).toEqual(source['emp']);

      // REPLACE: the table is dropped and created again as it was exported.
      await sql(a, `ALTER TABLE ${q}.notes ADD COLUMN extra int`);
      await sql(a, `UPDATE ${q}.notes SET body = 'changed'`);
      const replace = await importDump(
        a,
        files.dir,
        'hr%U.dmp',
        async (job) => {
          await tablesOnly(job, 'REPLACE');
          await job.metadataFilter({ name: 'NAME_LIST', value: "'notes'", objectPath: 'TABLE' });
        },
        'tea-replace.log',
      );
      expect(replace.errors).toBe(0);
      expect(await tableRows(a, `${q}.notes`, '1, 2')).toEqual(source['notes']);
      const ddl = (d: string[]): string[] => d.filter((x) => x.startsWith('TABLE notes:'));
      expect(ddl(await schemaDdl(a, t, hr))).toEqual(ddl(await schemaDdl(a, hr, hr)));
    });

    it('reports an existing schema as an error it continued past', async () => {
      const t = s.schema('hr_twice');
      await importDump(a, files.dir, 'hr%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: hr, to: t }), 'twice0.log');
      const again = await importDump(
        a,
        files.dir,
        'hr%U.dmp',
        async (job) => {
          await job.metadataRemap({ name: 'REMAP_SCHEMA', from: hr, to: t });
          await job.metadataFilter({ name: 'INCLUDE_PATH_EXPR', value: "IN ('SCHEMA')" });
        },
        'twice.log',
      );
      expect(again.state).toBe('COMPLETED');
      expect(again.errors).toBe(1);
      expect(again.log).toContain(`Object type SCHEMA:"${t}" already exists`);
      expect(again.log).toMatch(new RegExp(`^Job "[^"]+"\\."${again.jobName}" completed with 1 error\\(s\\) at `, 'm'));
    });

    it('CONTENT=DATA_ONLY loads into existing tables; METADATA_ONLY creates them empty', async () => {
      const m = s.schema('hr_meta');
      const meta = await importDump(
        a,
        files.dir,
        'hr%U.dmp',
        async (job) => {
          await job.metadataRemap({ name: 'REMAP_SCHEMA', from: hr, to: m });
          await job.dataFilter({ name: 'INCLUDE_ROWS', value: 0 });
        },
        'meta.log',
      );
      expect(meta.errors).toBe(0);
      for (const table of TABLES) expect(await tableRows(a, `${s.q(m)}.${table}`)).toEqual([]);
      expect(await schemaDdl(a, m, hr)).toEqual((await schemaDdl(a, hr, hr)).filter((d) => !d.includes('tmp_log')));

      const data = await importDump(
        a,
        files.dir,
        'hr%U.dmp',
        async (job) => {
          await job.metadataRemap({ name: 'REMAP_SCHEMA', from: hr, to: m });
          await job.setParameter('INCLUDE_METADATA', 0);
        },
        'data.log',
      );
      expect(data.errors).toBe(0);
      expect(await fixtureRows(s, a, m)).toEqual(source);
    });

    it('MASTER_ONLY rebuilds the master table, creates nothing, and stops with the table kept', async () => {
      const target = s.schema('hr_master');
      const job = await importDump(
        a,
        files.dir,
        'hr%U.dmp',
        async (j) => {
          await j.metadataRemap({ name: 'REMAP_SCHEMA', from: hr, to: target });
          await j.setParameter('MASTER_ONLY', 1);
        },
        'master.log',
      );
      expect(job.state).toBe('STOPPED');
      expect(job.log).toMatch(new RegExp(`^Master table "[^"]+"\\."${job.jobName}" successfully loaded/unloaded$`, 'm'));
      expect(job.log).toMatch(new RegExp(`^Job "[^"]+"\\."${job.jobName}" stopped after loading its master table \\(MASTER_ONLY\\) at `, 'm'));
      const store = MasterTableStore.for(a, job.jobName);
      const rows = await store.allRows();
      await store.drop();
      await store.close();
      const data = rows.filter((r) => r.itemKind === 'DATA');
      expect(data.map((r) => r.objectName).sort()).toEqual(['dept', 'emp', 'notes']);
      expect(data.reduce((n, r) => n + r.rowsDone, 0)).toBe(3000 + 5 + 4);
      expect(rows.some((r) => r.itemKind === 'METADATA' && r.objectName === 'emp_name_ix' && r.objectPath === 'SCHEMA_EXPORT/TABLE/INDEX')).toBe(true);
      const conn = await a.connector.connect();
      try {
        expect(await a.introspector.schemaExists(conn, target)).toBe(false);
      } finally {
        await conn.close();
      }
    });

    it('ESTIMATE_ONLY reports sizes and writes no dump', async () => {
      const dir = tempDir(`est-${engine}`);
      try {
        const est = await exportSchemas(a, [hr], dir.dir, undefined, (job) => job.setParameter('ESTIMATE_ONLY', 1), 'estimate.log');
        expect(est.state).toBe('COMPLETED');
        expect(est.errors).toBe(0);
        expect(readdirSync(dir.dir).filter((f) => f.endsWith('.dmp'))).toEqual([]);
        expect(est.log).toMatch(new RegExp(`^\\.  estimated "${hr}"\\."emp"  [\\d.]+ [KMG]B$`, 'm'));
        expect(est.log).toMatch(/^Total estimation using (STATISTICS|BLOCKS) method: [\d.]+ [KMG]B$/m);
      } finally {
        dir.cleanup();
      }
    });

    it('SQL_FILE writes DDL that, run through the client, creates the same schema', async () => {
      const target = s.schema('hr_sql');
      const job = await runJob(
        { operation: 'SQL_FILE', mode: 'FULL', home: a },
        async (j) => {
          await j.addFile({ kind: 'DUMP', name: 'hr%U.dmp', directory: files.dir });
          await j.addFile({ kind: 'SQL', name: 'hr.sql', directory: files.dir });
          await j.metadataRemap({ name: 'REMAP_SCHEMA', from: hr, to: target });
        },
        { dir: files.dir, log: 'sqlfile.log' },
      );
      expect(job.state).toBe('COMPLETED');
      expect(job.errors).toBe(0);
      const text = readFileSync(join(files.dir, 'hr.sql'), 'utf8');
      expect(text).toContain('-- new object type path: SCHEMA_EXPORT/TABLE');
      const conn = await a.connector.connect();
      try {
        expect(await a.introspector.schemaExists(conn, target)).toBe(false); // nothing executed
      } finally {
        await conn.close();
      }
      await runSqlFile(s, join(files.dir, 'hr.sql'));
      expect(await schemaDdl(a, target, hr)).toEqual((await schemaDdl(a, hr, hr)).filter((d) => !d.includes('tmp_log')));
    });

    it('imports over a network link with no dump files', async () => {
      const dir = tempDir(`net-${engine}`);
      const target = s.schema('hr_net');
      const link = s.adapter();
      try {
        const job = await runJob(
          { operation: 'IMPORT', mode: 'SCHEMA', home: a, networkLink: link },
          async (j) => {
            await j.metadataFilter({ name: 'SCHEMA_LIST', value: `'${hr}'` });
            await j.metadataFilter({ name: 'EXCLUDE_NAME_LIST', value: "'tmp_log'", objectPath: 'TABLE' });
            await j.metadataRemap({ name: 'REMAP_SCHEMA', from: hr, to: target });
            await j.setParallel(2);
          },
          { dir: dir.dir, log: 'network.log' },
        );
        expect(job.state).toBe('COMPLETED');
        expect(job.errors).toBe(0);
        expect(readdirSync(dir.dir)).toEqual(['network.log']);
        expect(await fixtureRows(s, a, target)).toEqual(source);
        expect(await schemaDdl(a, target, hr)).toEqual((await schemaDdl(a, hr, hr)).filter((d) => !d.includes('tmp_log')));
        expect(job.log).toMatch(new RegExp(`^\\. \\. imported "${target}"\\."emp"  [\\d.]+ KB  3000 rows$`, 'm'));
      } finally {
        dir.cleanup();
      }
    });

    it('writes every file it was asked for, and nothing secret, into the log', () => {
      expect(existsSync(join(files.dir, 'export.log'))).toBe(true);
    });
  });
}

/** `rows` in the order the database sorts them by (id, body). */
async function sortedLike(_a: Adapter, rows: unknown[]): Promise<unknown[]> {
  const key = (r: unknown): [number, string] => {
    const o = r as Record<string, unknown>;
    return [Number(o['id']), o['body'] === null ? '' : String(o['body'])];
  };
  return [...rows].sort((x, y) => {
    const [a1, b1] = key(x);
    const [a2, b2] = key(y);
    return a1 - a2 || (b1 < b2 ? -1 : b1 > b2 ? 1 : 0);
  });
}
