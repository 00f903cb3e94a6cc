import { AdapterError, tableLabel, type SizeEstimate, type TableRef } from '@sluice/adapter-kit';
import type { MysqlConnection } from '../mysql-connection.js';

/**
 * ESTIMATE=STATISTICS: rows × average row length from information_schema.TABLES.
 * ESTIMATE=BLOCKS: the space the table's data occupies (DATA_LENGTH).
 */
export async function estimateTable(conn: MysqlConnection, table: TableRef, method: 'STATISTICS' | 'BLOCKS'): Promise<SizeEstimate> {
  const row = await conn.textRow('SELECT TABLE_ROWS AS row_count, AVG_ROW_LENGTH AS avg_len, DATA_LENGTH AS data_len FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [
    table.schema,
    table.name,
  ]);
  if (row === undefined) throw new AdapterError('NO_SUCH_TABLE', `Table ${tableLabel(table)} does not exist`, { object: tableLabel(table) });
  return estimateOf(table, method, row);
}

function estimateOf(table: TableRef, method: 'STATISTICS' | 'BLOCKS', row: Record<string, string | null>): SizeEstimate {
  const rows = Number(row['row_count'] ?? 0);
  const disk = Number(row['data_len'] ?? 0);
  const bytes = method === 'STATISTICS' ? rows * Number(row['avg_len'] ?? 0) : disk;
  return { table, method, bytes, rows, diskBytes: disk };
}

/**
 * The estimates of many tables, in their order: one statement per schema instead of one per table;
 * a table that does not exist is left out.
 */
export async function estimateTables(conn: MysqlConnection, tables: readonly TableRef[], method: 'STATISTICS' | 'BLOCKS'): Promise<SizeEstimate[]> {
  const bySchema = new Map<string, Map<string, Record<string, string | null>>>();
  for (const schema of new Set(tables.map((t) => t.schema))) {
    const rows = await conn.textRows('SELECT TABLE_NAME AS name, TABLE_ROWS AS row_count, AVG_ROW_LENGTH AS avg_len, DATA_LENGTH AS data_len FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [
      schema,
    ]);
    bySchema.set(schema, new Map(rows.map((r) => [r['name'] ?? '', r])));
  }
  const out: SizeEstimate[] = [];
  for (const table of tables) {
    const row = bySchema.get(table.schema)?.get(table.name);
    if (row !== undefined) out.push(estimateOf(table, method, row));
  }
  return out;
}

/** On-disk bytes (DATA_LENGTH) and estimated rows of one partition. */
export interface PartitionSize {
  readonly bytes: number;
  readonly rows: number;
}

/**
 * Sizes of a table's top-level partitions by name, from information_schema.PARTITIONS; a partition's
 * subpartitions are summed because a chunk reads them all through `PARTITION (p)`.
 */
export async function partitionSizes(conn: MysqlConnection, table: TableRef): Promise<Map<string, PartitionSize>> {
  const rows = await conn.textRows(
    `SELECT PARTITION_NAME AS p, SUM(DATA_LENGTH) AS data_len, SUM(TABLE_ROWS) AS row_count
       FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? GROUP BY PARTITION_NAME`,
    [table.schema, table.name],
  );
  if (rows.length === 0) throw new AdapterError('NO_SUCH_TABLE', `Table ${tableLabel(table)} does not exist`, { object: tableLabel(table) });
  const out = new Map<string, PartitionSize>();
  for (const r of rows) {
    if (r['p'] != null) out.set(r['p'], { bytes: Number(r['data_len'] ?? 0), rows: Number(r['row_count'] ?? 0) });
  }
  return out;
}
