import { Readable } from 'node:stream';
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AdapterError, isTransactionRollback } from '@sluice/adapter-kit';
import { createMysqlAdapter, type MysqlAdapter, type MysqlConnection } from '../src/index.js';
import { rawConnection, runAll, scratchName, urlFor } from './support/mysql-scratch.js';

const db = scratchName('skip');
let raw: Connection;
let adapter: MysqlAdapter;
let conn: MysqlConnection;

const header = 'SLUICE-MYSQL-TSV 1 {"columns":[{"name":"id","charset":null},{"name":"parent_id","charset":null},{"name":"v","charset":"utf8mb4"}]}\n';
const child = { schema: db, name: 'child' };
const rowsOf = async (): Promise<unknown[]> => (await raw.query(`SELECT id, parent_id, HEX(v) AS v FROM \`${db}\`.child ORDER BY id`))[0] as unknown[];
/** Load inside a transaction as the engine does; commit on success, roll back on failure. */
async function loadInTx(lines: string, skipConstraintErrors: boolean): Promise<Awaited<ReturnType<MysqlAdapter['data']['load']>>> {
  await conn.run('START TRANSACTION');
  try {
    const result = await adapter.data.load(conn, child, Readable.from([header, lines]), { skipConstraintErrors });
    // The load itself never commits: the transaction is still open.
    expect((await conn.textRow('SELECT @@in_transaction AS t'))?.['t']).toBe('1');
    await conn.run('COMMIT');
    return result;
  } catch (err) {
    await conn.run('ROLLBACK');
    throw err;
  }
}

beforeAll(async () => {
  raw = await rawConnection();
  await runAll(raw, [`CREATE DATABASE \`${db}\``, `CREATE TABLE \`${db}\`.parent (id INT PRIMARY KEY)`, `INSERT INTO \`${db}\`.parent VALUES (1), (2)`]);
  adapter = createMysqlAdapter({ url: urlFor(db) });
  conn = (await adapter.connector.connect('skip constraint errors')) as MysqlConnection;
});

beforeEach(async () => {
  await runAll(raw, [
    `DROP TABLE IF EXISTS \`${db}\`.child`,
    `CREATE TABLE \`${db}\`.child (id INT PRIMARY KEY, parent_id INT, v VARCHAR(5) NOT NULL, CONSTRAINT child_fk FOREIGN KEY (parent_id) REFERENCES parent (id), CONSTRAINT v_ok CHECK (v <> 'bad'))`,
    `INSERT INTO \`${db}\`.child VALUES (1, 1, 'old')`,
  ]);
});

afterAll(async () => {
  await conn?.close();
  await adapter?.close();
  await raw?.query(`DROP DATABASE IF EXISTS \`${db}\``);
  await raw?.end();
});

describe('load with skipConstraintErrors', () => {
  it('skips and reports a duplicate key, an orphan child and a CHECK failure, and loads every other row exactly', async () => {
    const result = await loadInTx('1\t2\tdup\n2\t1\tok\n3\t99\torph\n4\t2\tbad\n5\t\\N\t\\\\N\n6\t2\t\n', true);
    expect(result.rows).toBe(3);
    expect(result.rejected).toEqual([
      { row: "row with key PRIMARY = '1'", reason: "Duplicate entry '1' for key 'PRIMARY' (MySQL error 1062)" },
      {
        row: 'a row the server does not identify (see the reason)',
        reason: expect.stringMatching(/^Cannot add or update a child row: a foreign key constraint fails .*child_fk.* \(MySQL error 1452\)$/),
      },
      { row: 'a row the server does not identify (see the reason)', reason: `CONSTRAINT \`v_ok\` failed for \`${db}\`.\`child\` (MySQL error 4025)` },
    ]);
    // The existing row is untouched, the orphan is not there, the good rows are byte-identical.
    expect(await rowsOf()).toEqual([
      { id: 1, parent_id: 1, v: Buffer.from('old').toString('hex').toUpperCase() },
      { id: 2, parent_id: 1, v: Buffer.from('ok').toString('hex').toUpperCase() },
      { id: 5, parent_id: null, v: Buffer.from('\\N').toString('hex').toUpperCase() },
      { id: 6, parent_id: 2, v: '' },
    ]);
    // The session is as it was: foreign key checks back on.
    expect((await conn.textRow('SELECT @@foreign_key_checks AS f'))?.['f']).toBe('1');
  });

  it.each([
    ['a too-long value', '2\t1\tok\n3\t1\ttoo long\n', /Data truncated for column 'v' at row 2 \(MySQL error 1265\)/],
    ['NULL into NOT NULL', '2\t1\tok\n3\t1\t\\N\n', /NULL supplied to NOT NULL column 'v' at row 2 \(MySQL error 1263\)/],
    ['an out-of-range value', '2\t1\tok\n99999999999\t1\tx\n', /Out of range value for column 'id' at row 2 \(MySQL error 1264\)/],
    ['a data error next to a constraint error', '1\t1\tdup\n2\t1\tok\n3\t1\ttoo long\n', /Data truncated for column 'v'/],
  ])('fails the whole load with LOAD_FAILED on %s, and leaves the table unchanged after rollback', async (_, lines, message) => {
    const err = await loadInTx(lines, true).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AdapterError);
    expect(err).toMatchObject({ code: 'LOAD_FAILED', object: `"${db}"."child"` });
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toContain(`"${db}"."child"`);
    expect(await rowsOf()).toEqual([{ id: 1, parent_id: 1, v: Buffer.from('old').toString('hex').toUpperCase() }]);
  });

  it('checks foreign keys even when the caller had them off, and gives the caller its setting back', async () => {
    await conn.run('SET SESSION foreign_key_checks = 0');
    try {
      const result = await loadInTx('3\t99\torph\n', true);
      expect(result.rows).toBe(0);
      expect(result.rejected).toHaveLength(1);
      expect(await rowsOf()).toHaveLength(1);
      // ... and the caller's own setting is given back.
      expect((await conn.textRow('SELECT @@foreign_key_checks AS f'))?.['f']).toBe('0');
    } finally {
      await conn.run('SET SESSION foreign_key_checks = 1');
    }
  });
});

describe('load without skipConstraintErrors', () => {
  it('loads with foreign key checks off, so tables load in any order (an orphan child goes in)', async () => {
    const result = await loadInTx('2\t99\tok\n', false);
    expect(result).toMatchObject({ rows: 1 });
    expect(result.rejected).toBeUndefined();
    expect(await rowsOf()).toHaveLength(2);
    expect((await conn.textRow('SELECT @@foreign_key_checks AS f'))?.['f']).toBe('1');
  });

  it('fails with CONSTRAINT_VIOLATION (class 23, never read as a lock conflict) on a duplicate key and LOAD_FAILED on a data error', async () => {
    const dup = loadInTx('2\t1\tok\n1\t1\tdup\n', false);
    await expect(dup).rejects.toMatchObject({ code: 'CONSTRAINT_VIOLATION', sqlState: '1062/23000' });
    expect(isTransactionRollback(await dup.catch((e: unknown) => e))).toBe(false);
    await expect(loadInTx('2\t1\ttoo long\n', false)).rejects.toMatchObject({ code: 'LOAD_FAILED', sqlState: '1265/HY000' });
    // More duplicates than the server lists warnings for: still a constraint violation.
    await expect(loadInTx('1\t1\tdup\n'.repeat(80), false)).rejects.toMatchObject({ code: 'CONSTRAINT_VIOLATION', sqlState: '1062/23000' });
    expect(await rowsOf()).toHaveLength(1);
  });

  it('loads a row that breaks a CHECK, as the source held it (CHECKs off for the load, as mariadb-dump output loads), and turns them back on', async () => {
    const result = await loadInTx('2\t1\tbad\n', false);
    expect(result).toMatchObject({ rows: 1 });
    expect(await rowsOf()).toHaveLength(2);
    expect((await conn.textRow('SELECT @@check_constraint_checks AS c'))?.['c']).toBe('1');
  });
});
