import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createConnection, type Connection } from 'mysql2/promise';

import { databaseUrl, MYSQL_URL } from '../../../../test-support/servers.js';
import { mariadbLogin } from '../../../../test-support/sql-clients.js';

export { MYSQL_URL };
export { scratchName } from '../../../../test-support/scratch.js';

/** Digits 0..9, cross-joined to number rows without server-specific sequence tables. */
export const DIGITS =
  '(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';

/** A derived table of `n` = 1..10000. */
export const NUMBERS = `(SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 1 AS n FROM ${DIGITS} a, ${DIGITS} b, ${DIGITS} c, ${DIGITS} e)`;

/** The URL of another database on the MariaDB test server. */
export function urlFor(database: string): string {
  return databaseUrl('mysql', database);
}

/** A plain mysql2 connection (not the adapter's) for setting up fixtures and checking results. */
export async function rawConnection(database?: string): Promise<Connection> {
  const u = new URL(MYSQL_URL);
  return createConnection({
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username || 'root'),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(database === undefined ? {} : { database }),
    charset: 'UTF8MB4_GENERAL_CI',
    multipleStatements: false,
  });
}

/** Run statements one by one. */
export async function runAll(conn: Connection, statements: readonly string[]): Promise<void> {
  for (const sql of statements) {
    try {
      await conn.query(sql);
    } catch (err) {
      throw new Error(`${(err as Error).message}\nin: ${sql.slice(0, 400)}`);
    }
  }
}

/** Column names of a table including invisible ones, in order. */
export async function columnsOf(conn: Connection, db: string, table: string): Promise<string[]> {
  const [rows] = await conn.query('SELECT COLUMN_NAME AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION', [db, table]);
  return (rows as { n: string }[]).map((r) => r.n);
}

/** Base tables of a database. */
export async function tablesOf(conn: Connection, db: string): Promise<string[]> {
  const [rows] = await conn.query("SELECT TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME", [db]);
  return (rows as { n: string }[]).map((r) => r.n);
}

const q = (s: string): string => `\`${s.replaceAll('`', '``')}\``;

/**
 * A hash of every row of a table in a fixed order, over the raw bytes of every value (read with
 * character_set_results = binary), with NULL distinct from every byte string.
 */
export async function tableHash(conn: Connection, db: string, table: string, where = ''): Promise<{ rows: number; hash: string }> {
  const cols = await columnsOf(conn, db, table);
  const list = cols.map(q).join(', ');
  await conn.query('SET character_set_results = binary');
  try {
    const [rows] = await conn.query({ sql: `SELECT ${list} FROM ${q(db)}.${q(table)}${where} ORDER BY ${cols.map((_, i) => i + 1).join(', ')}`, rowsAsArray: true, typeCast: false } as never);
    const h = createHash('sha256');
    for (const row of rows as (Buffer | null)[][]) {
      for (const v of row) {
        if (v === null) h.update('N');
        else {
          const len = Buffer.alloc(4);
          len.writeUInt32BE(v.length);
          h.update('V').update(len).update(v);
        }
      }
      h.update('\n');
    }
    return { rows: (rows as unknown[]).length, hash: h.digest('hex') };
  } finally {
    await conn.query('SET character_set_results = utf8mb4');
  }
}

/** `mariadb-dump --no-data` of a database with routines, events and triggers, normalised for comparison. */
export async function dumpSchema(db: string, placeholder = 'DB'): Promise<{ text: string; autoIncrements: string[] }> {
  const login = mariadbLogin();
  const args = [...login.args, '--no-data', '--routines', '--events', '--triggers', '--skip-dump-date', '--skip-comments', '--databases', db];
  const { stdout } = await promisify(execFile)('mariadb-dump', args, {
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...login.env },
  });
  const autoIncrements: string[] = [];
  const text = stdout.replaceAll(db, placeholder).replace(/CREATE TABLE `([^`]+)`[\s\S]*?\n\)[^\n]*/g, (block, table: string) =>
    block.replace(/ AUTO_INCREMENT=(\d+)/, (_m, n: string) => {
      autoIncrements.push(`${table}=${n}`);
      return '';
    }),
  );
  return { text, autoIncrements };
}
