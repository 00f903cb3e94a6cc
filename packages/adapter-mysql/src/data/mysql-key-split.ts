import type { ChunkRange, TableRef } from '@sluice/adapter-kit';
import type { MysqlConnection } from '../mysql-connection.js';
import { quoteIdent } from '../sql/mysql-quote.js';
import { rangePredicate } from './mysql-key-range.js';
import { dataColumns, type DataColumn } from './mysql-table-columns.js';

const INTEGER = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint', 'year']);

/** The key chunks are cut by, resolved against the table's columns. */
export interface ChunkKey {
  /** The key columns, in key order (never empty). */
  readonly keys: readonly DataColumn[];
  /** Every column of the table, which range predicates look names up in. */
  readonly all: readonly DataColumn[];
}

/** The table's chunk key (TableDetail.keyColumns), or null when it has none or a key column has gone. */
export async function resolveChunkKey(conn: MysqlConnection, table: TableRef, keyColumns: readonly string[]): Promise<ChunkKey | null> {
  if (keyColumns.length === 0) return null;
  const all = await dataColumns(conn, table);
  const keys = keyColumns.map((n) => all.find((c) => c.name === n)).filter((c): c is DataColumn => c !== undefined);
  return keys.length === keyColumns.length ? { keys, all } : null;
}

/**
 * Cut the rows of `from` (a table, or one partition of it) into about `wanted` key ranges that
 * together cover every row once, or null when no cut was found (empty, or a single key value).
 * A leading integer key column is split evenly between its MIN and MAX (one index lookup each); other
 * keys (strings, composite, binary) get boundaries from ordered key scans stepping `LIMIT 1 OFFSET n`,
 * `rows` (an estimate) setting the step.
 */
export async function splitByKey(conn: MysqlConnection, from: string, key: ChunkKey, wanted: number, rows: number): Promise<ChunkRange[] | null> {
  const first = key.keys[0] as DataColumn;
  const integer = INTEGER.has(first.dataType);
  const bounds = integer ? await integerBounds(conn, from, first, wanted) : await walkedBounds(conn, from, key, wanted, rows);
  if (bounds === null || bounds.length === 0) return null;
  const columns = integer ? [first.name] : key.keys.map((k) => k.name);
  const ranges: ChunkRange[] = [];
  for (let i = 0; i <= bounds.length; i++) {
    ranges.push({
      kind: 'key',
      columns,
      ...(i === 0 ? {} : { lower: bounds[i - 1] as string[] }),
      ...(i === bounds.length ? {} : { upper: bounds[i] as string[] }),
    });
  }
  return ranges;
}

/** Boundaries splitting [MIN, MAX] of an integer column into `n` equal value ranges. */
async function integerBounds(conn: MysqlConnection, from: string, column: DataColumn, n: number): Promise<string[][] | null> {
  const c = quoteIdent(column.name);
  const row = await conn.textRow(`SELECT MIN(${c}) AS lo, MAX(${c}) AS hi FROM ${from}`);
  if (row?.['lo'] == null || row['hi'] == null) return null;
  const lo = BigInt(row['lo']);
  const hi = BigInt(row['hi']);
  const span = hi - lo + 1n;
  const count = BigInt(n) > span ? span : BigInt(n);
  const out: string[][] = [];
  for (let i = 1n; i < count; i++) {
    const b = lo + (span * i) / count;
    if (out.length === 0 || out[out.length - 1]?.[0] !== b.toString()) out.push([b.toString()]);
  }
  return out;
}

/** Boundaries found by walking the key in order, `step` rows at a time. */
async function walkedBounds(conn: MysqlConnection, from: string, key: ChunkKey, n: number, rows: number): Promise<string[][]> {
  const { keys, all } = key;
  const step = Math.max(1, Math.ceil(rows / n));
  const select = keys.map((k, i) => `${k.bytes ? `HEX(${quoteIdent(k.name)})` : quoteIdent(k.name)} AS k${i}`).join(', ');
  const order = keys.map((k) => quoteIdent(k.name)).join(', ');
  const out: string[][] = [];
  for (let i = 1; i < n; i++) {
    const prev = out[out.length - 1];
    const where = prev === undefined ? '' : ` WHERE ${rangePredicate({ kind: 'key', columns: keys.map((k) => k.name), lower: prev }, all)}`;
    const row = await conn.textRow(`SELECT ${select} FROM ${from}${where} ORDER BY ${order} LIMIT 1 OFFSET ${step}`);
    if (row === undefined) break;
    out.push(keys.map((_, k) => row[`k${k}`] ?? ''));
  }
  return out;
}
