import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Adapter, AdapterConnection } from '@sluice/adapter-kit';
import { attach } from '@sluice/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChild, stateAfterKill, until } from './support/child.js';
import { createScratch, type Scratch } from './support/engines.js';
import { jobItems } from './support/faults.js';
import { exportSchemas, TIMING, tempDir } from './support/jobs.js';
import { sql } from './support/sql.js';

// On MariaDB a small table gets its secondary keys in its CREATE TABLE; a big one (more than 4 MiB of
// rows) loads first and gets them after, all in one ALTER TABLE. A kill -9 between its data and its keys must end, after the
// restart, with every key there, as the source shows it.
const BIG_ROWS = 40_000;

const KEYS = 'UNIQUE KEY uq_code (code), KEY by_note (note(20)), KEY by_amount_code (amount DESC, code)';

async function showCreate(a: Adapter, schema: string, table: string): Promise<string> {
  const rows = await sql(a, `SHOW CREATE TABLE \`${schema}\`.\`${table}\``);
  return String(rows[0]?.['Create Table'] ?? '');
}

/** Row count and a digest of every row, in key order. */
async function digest(a: Adapter, schema: string, table: string): Promise<string> {
  const rows = await sql(a, `SELECT COUNT(*) AS n, SUM(CRC32(CONCAT_WS('|', id, code, note, amount))) AS h FROM \`${schema}\`.\`${table}\``);
  return `${String(rows[0]?.['n'])} ${String(rows[0]?.['h'])}`;
}

describe('secondary keys after the data of a big table, and in CREATE TABLE of a small one (mysql)', () => {
  let s: Scratch;
  let a: Adapter;
  let src: string;
  const files = tempDir('keys-after');

  beforeAll(async () => {
    s = await createScratch('mysql');
    a = s.adapter();
    await s.createSchema('keys_src');
    src = s.schema('keys_src');
    for (const t of ['big', 'gate', 'small']) {
      await sql(a, `CREATE TABLE \`${src}\`.${t} (id INT PRIMARY KEY, code VARCHAR(20) NOT NULL, note VARCHAR(200), amount DECIMAL(10,2), ${KEYS}) ENGINE=InnoDB`);
    }
    // About 6 MB of rows in the dump: above the 4 MiB up to which keys go into CREATE TABLE.
    await sql(a, `INSERT INTO \`${src}\`.big SELECT seq, CONCAT('c', seq), CONCAT(REPEAT('note ', 25), seq), seq * 1.5 FROM seq_1_to_${BIG_ROWS}`);
    await sql(a, `INSERT INTO \`${src}\`.gate SELECT seq, CONCAT('g', seq), 'gate', seq FROM seq_1_to_3`);
    await sql(a, `INSERT INTO \`${src}\`.small SELECT seq, CONCAT('c', seq), CONCAT('n', seq), seq / 4 FROM seq_1_to_20`);
    const base = await exportSchemas(a, [src], files.dir, 'keys%U.dmp', async () => {}, 'keys-export.log');
    expect(base.state).toBe('COMPLETED');
  }, 120_000);
  afterAll(async () => {
    await s?.drop();
    if (!process.env['SLUICE_KEEP_FILES']) files.cleanup();
  });

  it('kill -9 after the big table loaded, while its key is being added: the restart adds the keys, SHOW CREATE TABLE as the source', async () => {
    const jobName = 'KEYS_AFTER_DATA';
    const target = s.schema('keys_dst');
    // Sessions that read a table hold its metadata lock until they commit. `gate` is on the target
    // already (TABLE_EXISTS_ACTION=REPLACE drops it): its DROP waits for `holdGate`, after `big` was
    // created (tables are made in name order at PARALLEL=1) and before any row loads. `holder` then
    // reads `big`: its rows still load, but the ALTER TABLE that adds its keys waits. So the kill lands
    // between the data and the keys, not by luck of timing.
    await s.createSchema('keys_dst');
    await sql(a, `CREATE TABLE \`${target}\`.gate (id INT PRIMARY KEY)`);
    const holdGate: AdapterConnection = await a.connector.connect('sluice e2e lock holder');
    const holder: AdapterConnection = await a.connector.connect('sluice e2e lock holder');
    let holding = false;
    try {
      await a.masterTable.query(holdGate, 'START TRANSACTION');
      await a.masterTable.query(holdGate, `SELECT id FROM \`${target}\`.gate LIMIT 1`);
      const child = await startChild({
        engine: 'mysql',
        url: s.url,
        action: 'import',
        jobName,
        dir: files.dir,
        dumpfile: 'keys%U.dmp',
        remap: [src, target],
        parallel: 1,
        tableExistsAction: 'REPLACE',
      });
      const blocked = async (like: string): Promise<Record<string, unknown>[]> =>
        sql(a, "SELECT ID AS id, INFO AS info FROM information_schema.PROCESSLIST WHERE INFO LIKE CONCAT(?, '`', ?, '`.`', ?, '`%') AND STATE LIKE '%metadata lock%'", [
          like,
          target,
          like.startsWith('DROP') ? 'gate' : 'big',
        ]);
      await until(async () => (await blocked('DROP TABLE ')).length > 0, 'the DROP TABLE of gate waiting for its lock', 60_000, 20);
      await a.masterTable.query(holder, 'START TRANSACTION');
      await a.masterTable.query(holder, `SELECT id FROM \`${target}\`.big LIMIT 1`);
      holding = true;
      await a.masterTable.query(holdGate, 'COMMIT');
      const waiting = (): Promise<Record<string, unknown>[]> => blocked('ALTER TABLE ');
      await until(async () => (await waiting()).length > 0, 'an ALTER TABLE of the big table waiting for its lock', 60_000, 20);
      // One statement adds the table's three keys: one pass over its rows.
      const statement = String((await waiting())[0]?.['info'] ?? '');
      for (const key of ['uq_code', 'by_note', 'by_amount_code']) expect(statement).toContain(`KEY \`${key}\``);
      child.process.kill('SIGKILL');
      expect(await child.exited).toBe('SIGKILL');
      // The killed process's statement would still run once the lock is free: end it as a server would a dead client's.
      for (const r of await waiting()) await sql(a, `KILL ${String(r['id'])}`);
      await until(async () => (await waiting()).length === 0, 'the waiting ALTER TABLE ended', 30_000, 20);
      await a.masterTable.query(holder, 'COMMIT');
      holding = false;

      // Between the data and the keys: every row of the big table is in, its keys are not.
      const items = await jobItems(a, jobName);
      const bigData = items.filter((r) => r.itemKind === 'DATA' && r.objectName === 'big');
      expect(bigData.length).toBeGreaterThan(0);
      for (const r of bigData) expect(r.state).toBe('DONE');
      expect(items.filter((r) => r.objectPath?.endsWith('/INDEX') === true || r.objectPath?.endsWith('/CONSTRAINT') === true).some((r) => r.state !== 'DONE')).toBe(true);
      expect(await digest(a, target, 'big')).toBe(await digest(a, src, 'big'));
      expect(await showCreate(a, target, 'big')).not.toContain('by_amount_code');
      // The small table was created with its keys.
      expect(await showCreate(a, target, 'small')).toBe(await showCreate(a, src, 'small'));

      expect(await stateAfterKill(a, jobName)).toBe('NOT RUNNING');
      const job = await attach(jobName, { home: a, timing: TIMING });
      await job.startJob();
      const result = await job.waitForJob();
      await job.detach().catch(() => undefined);
      const log = readFileSync(join(files.dir, `${jobName}.log`), 'utf8');
      expect(result.state, log).toBe('COMPLETED');
      // The one error: the target database was there already (it holds `gate`).
      expect(result.errors, log).toBe(1);
      expect(log).toContain(`Object type SCHEMA:"${target}" already exists`);
      for (const t of ['big', 'gate', 'small']) {
        expect(await showCreate(a, target, t)).toBe(await showCreate(a, src, t));
        expect(await digest(a, target, t)).toBe(await digest(a, src, t));
      }
    } finally {
      if (holding) await a.masterTable.query(holder, 'ROLLBACK').catch(() => undefined);
      await a.masterTable.query(holdGate, 'ROLLBACK').catch(() => undefined);
      await holder.close();
      await holdGate.close();
    }
  }, 180_000);
});
