import type { CatalogObject, ChunkDescriptor, ChunkPlanOptions, ChunkRange, TableRef } from '@sluice/adapter-kit';
import { AdapterError } from '@sluice/adapter-kit';
import type { MysqlConnection } from '../mysql-connection.js';
import type { MysqlTableDetail } from '../model/mysql-details.js';
import { qualify, quoteIdent } from '../sql/mysql-quote.js';
import { rangePredicate } from './mysql-key-range.js';
import { estimateTable } from './mysql-estimate.js';
import { dataColumns, type DataColumn } from './mysql-table-columns.js';

const INTEGER = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint', 'year']);
const DEFAULT_MAX_CHUNKS = 1024;

/**
 * Cut a table into chunks of about `targetBytes` by key ranges that together cover every row once.
 * A leading integer key column is split evenly between its MIN and MAX (one index lookup each); other
 * keys (strings, composite, binary) get boundaries from ordered key scans stepping `LIMIT 1 OFFSET n`.
 * A table without a usable key is one whole chunk.
 */
export async function planTableChunks(conn: MysqlConnection, object: CatalogObject, options: ChunkPlanOptions): Promise<ChunkDescriptor[]> {
  if (object.schema === null) throw new AdapterError('BAD_ARGUMENT', `Cannot plan chunks for ${object.kind} ${object.name} without a schema`);
  if (!(options.targetBytes > 0)) throw new AdapterError('BAD_ARGUMENT', `targetBytes must be positive, got ${String(options.targetBytes)}`);
  const table: TableRef = { schema: object.schema, name: object.name };
  const detail = object.detail as Partial<MysqlTableDetail>;
  const keyColumns = detail.keyColumns ?? [];
  const estimate = await estimateTable(conn, table, 'BLOCKS');
  const maxChunks = Math.max(1, options.maxChunks ?? DEFAULT_MAX_CHUNKS);
  const wanted = Math.min(maxChunks, Math.ceil(estimate.bytes / options.targetBytes));
  const whole = (): ChunkDescriptor[] => [{ table, index: 0, count: 1, range: { kind: 'whole' }, estimatedBytes: estimate.bytes }];
  if (keyColumns.length === 0 || wanted <= 1) return whole();

  const all = await dataColumns(conn, table);
  const keys = keyColumns.map((n) => all.find((c) => c.name === n)).filter((c): c is DataColumn => c !== undefined);
  if (keys.length !== keyColumns.length) return whole();

  const first = keys[0] as DataColumn;
  const bounds = INTEGER.has(first.dataType) ? await integerBounds(conn, table, first, wanted) : await walkedBounds(conn, table, keys, all, wanted, estimate.rows);
  if (bounds === null || bounds.length === 0) return whole();
  const columns = INTEGER.has(first.dataType) ? [first.name] : keys.map((k) => k.name);
  const ranges: ChunkRange[] = [];
  for (let i = 0; i <= bounds.length; i++) {
    ranges.push({
      kind: 'key',
      columns,
      ...(i === 0 ? {} : { lower: bounds[i - 1] as string[] }),
      ...(i === bounds.length ? {} : { upper: bounds[i] as string[] }),
    });
  }
  const per = Math.round(estimate.bytes / ranges.length);
  return ranges.map((range, index) => ({ table, index, count: ranges.length, range, estimatedBytes: per }));
}

/** Boundaries splitting [MIN, MAX] of an integer column into `n` equal value ranges. */
async function integerBounds(conn: MysqlConnection, table: TableRef, column: DataColumn, n: number): Promise<string[][] | null> {
  const c = quoteIdent(column.name);
  const row = await conn.textRow(`SELECT MIN(${c}) AS lo, MAX(${c}) AS hi FROM ${qualify(table.schema, table.name)}`);
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
async function walkedBounds(conn: MysqlConnection, table: TableRef, keys: readonly DataColumn[], all: readonly DataColumn[], n: number, rows: number): Promise<string[][]> {
  const step = Math.max(1, Math.ceil(rows / n));
  const select = keys.map((k, i) => `${k.bytes ? `HEX(${quoteIdent(k.name)})` : quoteIdent(k.name)} AS k${i}`).join(', ');
  const order = keys.map((k) => quoteIdent(k.name)).join(', ');
  const from = qualify(table.schema, table.name);
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
