import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Adapter, MasterRow } from '@sluice/adapter-kit';
import { attach } from '@sluice/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MasterTableStore } from '../../src/master-table/index.js';
import { startChild, stateAfterKill, until } from './support/child.js';
import { ENGINES, createScratch, type Scratch } from './support/engines.js';
import { schemaDdl } from './support/fixture.js';
import { exportSchemas, importDump, TIMING, tempDir } from './support/jobs.js';
import { sql } from './support/sql.js';

/** Many small tables: their items are claimed in batches and their completions share commits. */
const TABLES = 60;
const ROWS = 5;

const tableName = (i: number): string => `t${String(i).padStart(3, '0')}`;

async function items(a: Adapter, jobName: string): Promise<MasterRow[]> {
  const store = MasterTableStore.for(a, jobName);
  try {
    return await store.items();
  } finally {
    await store.close();
  }
}

/** Every table's row count, key sum and text digest, in one statement. */
async function contents(s: Scratch, a: Adapter, schema: string): Promise<string[]> {
  const q = s.q(schema);
  const agg = s.engine === 'mysql' ? "GROUP_CONCAT(code ORDER BY id SEPARATOR ',')" : "string_agg(code, ',' ORDER BY id)";
  const parts = Array.from({ length: TABLES }, (_, n) => `SELECT '${tableName(n + 1)}' AS t, COUNT(*) AS n, SUM(id) AS ids, ${agg} AS codes FROM ${q}.${tableName(n + 1)}`);
  const rows = await sql(a, parts.join(' UNION ALL '));
  return rows.map((r) => `${String(r['t'])} ${String(r['n'])} ${String(r['ids'])} ${String(r['codes'])}`).sort();
}

for (const engine of ENGINES) {
  describe(`restart of batched exports and imports of many small tables (${engine})`, () => {
    let s: Scratch;
    let a: Adapter;
    let src: string;
    const files = tempDir(`rb-${engine}`);

    beforeAll(async () => {
      s = await createScratch(engine);
      a = s.adapter();
      await s.createSchema('many_spo');
      src = s.schema('many_spo');
      const q = s.q(src);
      for (let i = 1; i <= TABLES; i++) {
        const t = `${q}.${tableName(i)}`;
        // MySQL declares the index in CREATE TABLE; PostgreSQL needs CREATE INDEX.
        const index = engine === 'mysql' ? `, KEY ${tableName(i)}_code_ix (code)` : '';
        await sql(a, `CREATE TABLE ${t} (id int PRIMARY KEY, code varchar(20) NOT NULL, amount numeric(10,2)${index})`);
        if (engine === 'postgres') await sql(a, `CREATE INDEX ${tableName(i)}_code_ix ON ${t} (code)`);
        const values = Array.from({ length: ROWS }, (_, r) => `(${r + 1}, 'c${i}-${r + 1}', ${(r + 1) * 1.5})`);
        await sql(a, `INSERT INTO ${t} (id, code, amount) VALUES ${values.join(', ')}`);
        if (i % 10 === 0) await sql(a, `CREATE VIEW ${q}.v${tableName(i)} AS SELECT id, code FROM ${t} WHERE amount > 2`);
      }
      const base = await exportSchemas(a, [src], files.dir, 'many%U.dmp', (job) => job.setParallel(2), 'many-export.log');
      expect(base.state).toBe('COMPLETED');
      expect(base.errors).toBe(0);
    }, 120_000);
    afterAll(async () => {
      await s?.drop();
      if (!process.env['SLUICE_KEEP_FILES']) files.cleanup();
    });

    /**
     * Import with a kill -9 once `killWhen` holds of the master rows, then restart: every table once,
     * rows, DDL and keys as the source, each table's data line logged.
     */
    async function killAndRestart(jobName: string, target: string, killWhen: (rows: MasterRow[]) => boolean, what: string): Promise<void> {
      const child = await startChild({ engine, url: s.url, action: 'import', jobName, dir: files.dir, dumpfile: 'many%U.dmp', remap: [src, target], parallel: 2 });
      await until(async () => killWhen(await items(a, jobName)), what, 60_000, 10);
      child.process.kill('SIGKILL');
      expect(await child.exited).toBe('SIGKILL');
      const before = await items(a, jobName);
      expect(before.filter((r) => r.state === 'DONE').length).toBeLessThan(before.length);

      expect(await stateAfterKill(a, jobName)).toBe('NOT RUNNING');
      const job = await attach(jobName, { home: a, timing: TIMING });
      await job.startJob();
      const result = await job.waitForJob();
      await job.detach().catch(() => undefined);
      const log = readFileSync(join(files.dir, `${jobName}.log`), 'utf8');
      expect(result.state, log).toBe('COMPLETED');
      expect(result.errors, log).toBe(0);

      const after = await items(a, jobName).catch(() => []);
      // The master table is dropped at the end (KEEP_MASTER off); if kept, nothing is left undone.
      for (const r of after) expect(['DONE', 'LOGGED'], `${r.itemKind} ${r.objectName}`).toContain(r.state);
      expect(await contents(s, a, target)).toEqual(await contents(s, a, src));
      expect(await schemaDdl(a, target, src)).toEqual(await schemaDdl(a, src, src));
      // Each table's data line is in the log (a line logged before the kill may appear twice, never none).
      for (let i = 1; i <= TABLES; i++) expect(log).toContain(`${tableName(i)}"`);
    }

    it('kill -9 while batches of tables, rows and indexes are under way, then restart: every table once, rows and DDL as the source', async () => {
      // Well into the work, with items still to do: some batch is open when the process dies.
      await killAndRestart('KILL_BATCHED_SPO', s.schema('many_spo_in'), (rows) => rows.length > 0 && rows.filter((r) => r.state === 'DONE').length >= rows.length / 4, 'a quarter of the items done');
    }, 120_000);

    it('kill -9 while tables are being created with their keys (small tables get them at create), then restart: rows, DDL and keys as the source', async () => {
      // Some tables done, others not: a group of CREATE TABLEs (and their keys) is open when the process dies.
      await killAndRestart(
        'KILL_BATCHED_TABLES',
        s.schema('many_spo_tb'),
        (rows) => {
          const tables = rows.filter((r) => r.objectPath?.endsWith('/TABLE') === true && r.itemKind === 'METADATA');
          const done = tables.filter((r) => r.state === 'DONE').length;
          return done >= 5 && done < tables.length;
        },
        'some tables created, not all',
      );
    }, 120_000);

    it('kill -9 while batches of small tables are being exported, then restart: the set imports to exactly the source rows', async () => {
      const jobName = 'KILL_BATCHED_EXP';
      const dumpfile = 'kexp%U.dmp';
      const child = await startChild({ engine, url: s.url, action: 'export', jobName, dir: files.dir, dumpfile, schemas: [src], parallel: 2, tuning: { itemDelayMs: 40 } });
      // Planned, and some tables' completions committed while others are still to do: batches are
      // claimed and their commits shared when the process dies.
      await until(
        async () => {
          const data = (await items(a, jobName)).filter((r) => r.itemKind === 'DATA');
          const done = data.filter((r) => r.state === 'DONE').length;
          return data.length === TABLES && done >= TABLES / 4;
        },
        'a quarter of the tables exported',
        60_000,
        10,
      );
      child.process.kill('SIGKILL');
      expect(await child.exited).toBe('SIGKILL');
      const before = (await items(a, jobName)).filter((r) => r.itemKind === 'DATA');
      expect(before.filter((r) => r.state === 'DONE').length).toBeLessThan(TABLES);
      // One chunk per small table, and no TABLE_DATA latch rows for them (their lines are logged by their chunks).
      expect((await items(a, jobName)).filter((r) => r.itemKind === 'TABLE_DATA')).toEqual([]);

      expect(await stateAfterKill(a, jobName)).toBe('NOT RUNNING');
      const job = await attach(jobName, { home: a, timing: TIMING });
      await job.startJob();
      const result = await job.waitForJob();
      await job.detach().catch(() => undefined);
      const log = readFileSync(join(files.dir, `${jobName}.log`), 'utf8');
      expect(result.state, log).toBe('COMPLETED');
      expect(result.errors, log).toBe(0);
      expect(log).toContain(`Job ${jobName} has been reopened at `);
      for (let i = 1; i <= TABLES; i++) expect(log).toContain(`${tableName(i)}"`);

      const target = s.schema('many_spo_kx');
      const imp = await importDump(a, files.dir, dumpfile, (j) => j.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: target }), 'kexp-import.log');
      expect(imp.errors).toBe(0);
      expect(await contents(s, a, target)).toEqual(await contents(s, a, src));
    }, 120_000);
  });
}
