import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Adapter } from '@sluice/adapter-kit';
import { mariadbLogin } from '../../../../../test-support/sql-clients.js';
import { sql } from './sql.js';

/** `mariadb-dump --no-data` text with AUTO_INCREMENT taken out of each CREATE TABLE, and those counters apart. */
export interface DumpNoData {
  readonly text: string;
  /** `table=n` for every table that has a counter, in dump order. */
  readonly autoIncrements: readonly string[];
}

/**
 * `mariadb-dump --no-data --routines --events --triggers` of a database, its name written as `as`
 * (a REMAP_SCHEMA target compares equal to its source), AUTO_INCREMENT normalised out of the DDL
 * and returned apart. Sequences come with their SETVAL. `latin1` reads the text byte for byte (a
 * view's introduced literal holds bytes of its own character set).
 */
export async function dumpNoData(db: string, as: string, encoding: 'utf8' | 'latin1' = 'utf8'): Promise<DumpNoData> {
  const login = mariadbLogin();
  const args = [...login.args, '--no-data', '--routines', '--events', '--triggers', '--skip-dump-date', '--skip-comments', '--databases', db];
  const { stdout } = await promisify(execFile)('mariadb-dump', args, { maxBuffer: 16 * 1024 * 1024, timeout: 60_000, encoding, env: { ...process.env, ...login.env } });
  const autoIncrements: string[] = [];
  const text = stdout.replaceAll(db, as).replace(/CREATE TABLE `((?:[^`]|``)+)`[\s\S]*?\n\)[^\n]*/g, (block, table: string) =>
    block.replace(/ AUTO_INCREMENT=(\d+)/, (_m, n: string) => {
      autoIncrements.push(`${table}=${n}`);
      return '';
    }),
  );
  return { text, autoIncrements };
}

const q = (name: string): string => `\`${name.replaceAll('`', '``')}\``;

/** Types whose HEX() is not of their bytes (numbers are converted to an integer first): hashed as their text. */
const TEXT_FORM = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'bigint', 'decimal', 'date', 'datetime', 'timestamp', 'time', 'year']);

/** The expression whose HEX stands for a column's value: FLOAT as the exact DOUBLE it holds (the text protocol prints 6 digits). */
function hexOf(column: string, dataType: string): string {
  if (dataType === 'float' || dataType === 'double') return `HEX(CAST(CAST(${q(column)} AS DOUBLE) AS CHAR))`;
  if (TEXT_FORM.has(dataType)) return `HEX(CAST(${q(column)} AS CHAR))`;
  return `HEX(${q(column)})`;
}

/** One table's rows: how many, and a SHA-256 over the HEX of every column (invisible ones too) in a fixed order. */
export interface TableFingerprint {
  readonly table: string;
  readonly rows: number;
  readonly hash: string;
}

/**
 * An ordered hash of the HEX of every column of every table of a database (sequences aside: their
 * state is in the dump). A system-versioned table is read `FOR SYSTEM_TIME ALL`, with its row
 * start and end, so history rows count. Bounded: at most `limit` rows a table.
 */
export async function tableFingerprints(a: Adapter, db: string, limit = 100_000): Promise<TableFingerprint[]> {
  const tables = await sql(
    a,
    `SELECT TABLE_NAME AS t, TABLE_TYPE AS k FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') ORDER BY BINARY TABLE_NAME LIMIT 10000`,
    [db],
  );
  const out: TableFingerprint[] = [];
  for (const t of tables) {
    const table = String(t['t']);
    const columns = await sql(a, `SELECT COLUMN_NAME AS c, DATA_TYPE AS d FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION LIMIT 5000`, [db, table]);
    const exprs = columns.map((c) => hexOf(String(c['c']), String(c['d'])));
    let from = `${q(db)}.${q(table)}`;
    if (t['k'] === 'SYSTEM VERSIONED') {
      from += ' FOR SYSTEM_TIME ALL';
      // Implicit period columns are not listed in COLUMNS but can be read by these names.
      const ddl = String((await sql(a, `SHOW CREATE TABLE ${q(db)}.${q(table)}`))[0]?.['Create Table'] ?? '');
      if (!/ AS ROW START/i.test(ddl)) exprs.push('HEX(CAST(ROW_START AS CHAR))', 'HEX(CAST(ROW_END AS CHAR))');
    }
    const rows = await sql(a, `SELECT ${exprs.map((e, i) => `${e} AS c${i}`).join(', ')} FROM ${from} ORDER BY ${exprs.map((_, i) => i + 1).join(', ')} LIMIT ${limit}`);
    const h = createHash('sha256');
    for (const row of rows)
      h.update(
        `${Object.values(row)
          .map((v) => (v === null ? 'N' : `V${String(v)}`))
          .join('\t')}\n`,
      );
    out.push({ table, rows: rows.length, hash: h.digest('hex') });
  }
  return out;
}
