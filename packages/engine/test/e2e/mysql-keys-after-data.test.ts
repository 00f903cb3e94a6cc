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
    for (const t of ['big', 'small']) {
      await sql(a, `CREATE TABLE \`${src}\`.${t} (id INT PRIMARY KEY, code VARCHAR(20) NOT NULL, note VARCHAR(200), amount DECIMAL(10,2), ${KEYS}) ENGINE=InnoDB`);
    }
    // About 6 MB of rows in the dump: above the 4 MiB up to which keys go into CREATE TABLE.
    await sql(
      a,
      `INSERT INTO \`${src}\`.big SELECT seq, CONCAT('c', seq), CONCAT(REPEAT('note ', 25), seq), seq * 1.5 FROM seq_1_to_${BIG_ROWS}`,
    );
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
    // A session that read the target table holds its metadata lock, so the ALTER TABLE that adds a key
    // waits (rows still load): the kill lands between the data and the keys, not by luck of timing.
    const holder: AdapterConnection = await a.connect('sluice e2e lock holder');
    let holding = false;
    try {
      const child = await startChild({ engine: 'mysql', url: s.url, action: 'import', jobName, dir: files.dir, dumpfile: 'keys%U.dmp', remap: [src, target], parallel: 1 });
      await until(async () => (await sql(a, 'SELECT 1 AS x FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [target, 'big'])).length > 0, 'the big table created', 60_000, 10);
      await a.masterTable.query(holder, 'START TRANSACTION');
      await a.masterTable.query(holder, `SELECT id FROM \`${target}\`.big LIMIT 1`);
      holding = true;
      const waiting = async (): Promise<Record<string, unknown>[]> =>
        sql(a, "SELECT ID AS id, INFO AS info FROM information_schema.PROCESSLIST WHERE INFO LIKE CONCAT('ALTER TABLE `', ?, '`.`big`%') AND STATE LIKE '%metadata lock%'", [target]);
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
      expect(result.errors, log).toBe(0);
      for (const t of ['big', 'small']) {
        expect(await showCreate(a, target, t)).toBe(await showCreate(a, src, t));
        expect(await digest(a, target, t)).toBe(await digest(a, src, t));
      }
    } finally {
      if (holding) await a.masterTable.query(holder, 'ROLLBACK').catch(() => undefined);
      await holder.close();
    }
  }, 180_000);
});
