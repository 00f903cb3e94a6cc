import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import type { Adapter } from '@sluice/adapter-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratch, MYSQL_URL, type Scratch } from './support/engines.js';
import { exportSchemas, importDump, tempDir } from './support/jobs.js';
import { sql } from './support/sql.js';

/** `mariadb-dump --no-data --routines --events --triggers` of a database, its name written as `as`, AUTO_INCREMENT values left out. */
async function dumpNoData(db: string, as: string): Promise<string> {
  const u = new URL(MYSQL_URL);
  const args = [`--host=${u.hostname}`, `--port=${u.port || 3306}`, `--user=${decodeURIComponent(u.username || 'root')}`, '--no-data', '--routines', '--events', '--triggers'];
  const { stdout } = await promisify(execFile)('mariadb-dump', [...args, '--skip-dump-date', '--skip-comments', '--databases', db], {
    maxBuffer: 16 * 1024 * 1024,
    timeout: 60_000,
    env: { ...process.env, ...(u.password ? { MYSQL_PWD: decodeURIComponent(u.password) } : {}) },
  });
  return stdout.replaceAll(db, as).replace(/ AUTO_INCREMENT=\d+/g, '');
}

/** One SHOW CREATE column. */
async function shown(a: Adapter, what: string, column: string): Promise<string> {
  return String((await sql(a, `SHOW CREATE ${what}`))[0]?.[column] ?? '');
}

/**
 * Every version of every row of a table (FOR SYSTEM_TIME ALL when it is versioned), each row the HEX
 * of every column including ROW START / ROW END, sorted, and a SHA-256 over them; with the count.
 */
async function versionHash(a: Adapter, schema: string, table: string, withPeriod = true): Promise<{ rows: number; sha: string }> {
  const type = await sql(a, 'SELECT TABLE_TYPE AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? LIMIT 1', [schema, table]);
  const versioned = type[0]?.['t'] === 'SYSTEM VERSIONED';
  const cols = await sql(a, 'SELECT COLUMN_NAME AS c, GENERATION_EXPRESSION AS g FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION LIMIT 200', [schema, table]);
  const names = cols.filter((c) => withPeriod || !/^ROW (START|END)$/.test(String(c['g'] ?? ''))).map((c) => `\`${String(c['c'])}\``);
  if (versioned && withPeriod && !cols.some((c) => /^ROW START$/.test(String(c['g'] ?? '')))) names.push('ROW_START', 'ROW_END');
  const list = names.map((n) => `COALESCE(HEX(${n}), 'N')`).join(", '|', ");
  const rows = await sql(a, `SELECT CONCAT(${list}) AS r FROM \`${schema}\`.\`${table}\`${versioned ? ' FOR SYSTEM_TIME ALL' : ''} ORDER BY r LIMIT 10000`);
  const hash = createHash('sha256');
  for (const r of rows) hash.update(`${String(r['r'])}\n`);
  return { rows: rows.length, sha: hash.digest('hex') };
}

/** How many history rows (ended versions) a versioned table holds. */
async function historyRows(a: Adapter, qualified: string): Promise<number> {
  const all = Number((await sql(a, `SELECT COUNT(*) AS n FROM ${qualified} FOR SYSTEM_TIME ALL LIMIT 1`))[0]?.['n']);
  return all - Number((await sql(a, `SELECT COUNT(*) AS n FROM ${qualified} LIMIT 1`))[0]?.['n']);
}

describe('MariaDB fidelity: system versioning, application-time periods, packages, view introducers', () => {
  let s: Scratch;
  let a: Adapter;
  const files = tempDir('my-fidelity-versioning');

  beforeAll(async () => {
    s = await createScratch('mysql');
    a = s.adapter();
  });
  afterAll(async () => {
    await s?.drop();
    files.cleanup();
  });

  /** Run statements on one session (for session settings such as system_versioning_insert_history). */
  async function session(statements: string[]): Promise<void> {
    const conn = await a.connect('mya test session');
    try {
      for (const text of statements) await a.masterTable.query(conn, text);
    } finally {
      await conn.close();
    }
  }

  // Issue 11, item 5: versioning and history were lost (implicit), or the DDL was invalid (explicit, PARTITION BY SYSTEM_TIME).
  it('system-versioned tables come back with every row version, implicit and explicit periods, SYSTEM_TIME partitions and unversioned columns', async () => {
    const t = s.schema('ver');
    await s.createSchema('ver');
    const q = (name: string): string => `\`${t}\`.\`${name}\``;
    await sql(a, `CREATE TABLE ${q('prices')} (id INT PRIMARY KEY, amount DECIMAL(8,2), note VARCHAR(20) CHARACTER SET latin1) WITH SYSTEM VERSIONING`);
    await sql(
      a,
      `CREATE TABLE ${q('stock')} (id INT AUTO_INCREMENT PRIMARY KEY, qty INT, seen INT WITHOUT SYSTEM VERSIONING,
         valid_from TIMESTAMP(6) GENERATED ALWAYS AS ROW START INVISIBLE, valid_to TIMESTAMP(6) GENERATED ALWAYS AS ROW END INVISIBLE,
         PERIOD FOR SYSTEM_TIME (valid_from, valid_to), UNIQUE KEY qty_u (qty), KEY seen_k (seen)) WITH SYSTEM VERSIONING`,
    );
    await sql(a, `CREATE TABLE ${q('mixed')} (id INT PRIMARY KEY, tracked INT WITH SYSTEM VERSIONING, other INT)`);
    await sql(a, `CREATE TABLE ${q('plim')} (id INT, v INT) WITH SYSTEM VERSIONING PARTITION BY SYSTEM_TIME LIMIT 2 (PARTITION p0 HISTORY, PARTITION p1 HISTORY, PARTITION pn CURRENT)`);
    await sql(a, `CREATE TABLE ${q('pint')} (id INT, v INT) WITH SYSTEM VERSIONING PARTITION BY SYSTEM_TIME INTERVAL 1 YEAR STARTS '2020-01-01 00:00:00' PARTITIONS 4`);
    await sql(a, `CREATE TABLE ${q('psub')} (id INT, v INT) WITH SYSTEM VERSIONING PARTITION BY SYSTEM_TIME SUBPARTITION BY KEY (id) SUBPARTITIONS 2 (PARTITION ph HISTORY, PARTITION pc CURRENT)`);
    // History as old as one likes, written with its own periods, and history made by changes.
    await session([
      'SET SESSION system_versioning_insert_history = 1',
      `INSERT INTO ${q('prices')} (id, amount, note, ROW_START, ROW_END) VALUES (1, 9.50, 'café', '2019-03-01 10:00:00.123456', '2020-01-01 00:00:00'), (9, 1.00, 'gone', '2018-01-01 00:00:00', '2018-06-01 00:00:00.5')`,
      `INSERT INTO ${q('pint')} (id, v, ROW_START, ROW_END) VALUES (1, 1, '2019-12-01 00:00:00', '2020-06-01 00:00:00'), (2, 2, '2020-02-01 00:00:00', '2021-03-01 00:00:00')`,
    ]);
    await sql(a, `INSERT INTO ${q('prices')} VALUES (1, 10.00, 'now'), (2, 3.25, NULL), (3, 0.10, 'x')`);
    await sql(a, `UPDATE ${q('prices')} SET amount = amount + 1 WHERE id <= 2`);
    await sql(a, `DELETE FROM ${q('prices')} WHERE id = 3`);
    await sql(a, `INSERT INTO ${q('stock')} (qty, seen) VALUES (5, 0), (7, 0), (9, 0)`);
    await sql(a, `UPDATE ${q('stock')} SET qty = qty * 10 WHERE id = 1`);
    await sql(a, `UPDATE ${q('stock')} SET seen = 4 WHERE id = 2`);
    await sql(a, `INSERT INTO ${q('mixed')} VALUES (1, 1, 1), (2, 2, 2)`);
    await sql(a, `UPDATE ${q('mixed')} SET tracked = 10 WHERE id = 1`);
    await sql(a, `UPDATE ${q('mixed')} SET other = 20 WHERE id = 2`);
    await sql(a, `INSERT INTO ${q('plim')} VALUES (1, 1), (2, 2), (3, 3)`);
    for (let i = 0; i < 3; i++) await sql(a, `UPDATE ${q('plim')} SET v = v + 1 WHERE id = ${i + 1}`);
    await sql(a, `INSERT INTO ${q('pint')} VALUES (3, 3)`);
    await sql(a, `INSERT INTO ${q('psub')} VALUES (1, 1), (2, 2)`);
    await sql(a, `DELETE FROM ${q('psub')} WHERE id = 2`);

    const exp = await exportSchemas(a, [t], files.dir, 'ver%U.dmp', async () => {}, 'ver-export.log');
    expect(exp.errors, exp.log).toBe(0);
    expect(exp.log).not.toMatch(/not exported/);
    const copy = s.schema('ver_copy');
    const imp = await importDump(a, files.dir, 'ver%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: t, to: copy }), 'ver-import.log');
    expect(imp.errors, imp.log).toBe(0);

    expect(await dumpNoData(copy, t)).toBe(await dumpNoData(t, t));
    for (const table of ['prices', 'stock', 'mixed', 'plim', 'pint', 'psub']) {
      const source = await versionHash(a, t, table);
      expect(source.rows, table).toBeGreaterThan(0);
      expect(await versionHash(a, copy, table), table).toEqual(source);
      expect(await historyRows(a, `\`${copy}\`.\`${table}\``), table).toBe(await historyRows(a, q(table)));
    }
    expect(await historyRows(a, `\`${copy}\`.prices`)).toBe(5);
    // History is history on the target: the table as it was, and only current rows without FOR SYSTEM_TIME.
    const asOf = (schema: string): Promise<unknown[]> => sql(a, `SELECT id, amount, note FROM \`${schema}\`.prices FOR SYSTEM_TIME AS OF TIMESTAMP'2019-06-01 00:00:00' ORDER BY id LIMIT 10`);
    expect(await asOf(copy)).toEqual([{ id: 1, amount: '9.50', note: 'café' }]);
    expect(await sql(a, `SELECT id FROM \`${copy}\`.prices ORDER BY id LIMIT 10`)).toEqual([{ id: 1 }, { id: 2 }]);
    // INTERVAL partitions place history by ROW END, so each partition holds what the source's does.
    const perPartition = (schema: string): Promise<unknown[]> =>
      sql(a, `SELECT PARTITION_NAME AS p, TABLE_ROWS AS n FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'pint' ORDER BY PARTITION_ORDINAL_POSITION LIMIT 10`, [schema]);
    await sql(a, `ANALYZE TABLE \`${copy}\`.pint, ${q('pint')}`);
    expect(await perPartition(copy)).toEqual(await perPartition(t));
    // The target keeps versioning: a change there makes history as on the source.
    await sql(a, `UPDATE \`${copy}\`.stock SET qty = 1 WHERE id = 3`);
    expect(await historyRows(a, `\`${copy}\`.stock`)).toBe((await historyRows(a, q('stock'))) + 1);
  });
});
