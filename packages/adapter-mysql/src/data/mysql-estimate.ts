import { AdapterError, tableLabel, type SizeEstimate, type TableRef } from '@sluice/adapter-kit';
import type { MysqlConnection } from '../mysql-connection.js';

/**
 * ESTIMATE=STATISTICS: rows × average row length from information_schema.TABLES.
 * ESTIMATE=BLOCKS: the space the table's data occupies (DATA_LENGTH).
 */
export async function estimateTable(conn: MysqlConnection, table: TableRef, method: 'STATISTICS' | 'BLOCKS'): Promise<SizeEstimate> {
  const row = await conn.textRow(
    'SELECT TABLE_ROWS AS row_count, AVG_ROW_LENGTH AS avg_len, DATA_LENGTH AS data_len FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
    [table.schema, table.name],
  );
  if (row === undefined) throw new AdapterError('NO_SUCH_TABLE', `Table ${tableLabel(table)} does not exist`, { object: tableLabel(table) });
  const rows = Number(row['row_count'] ?? 0);
  const bytes = method === 'STATISTICS' ? rows * Number(row['avg_len'] ?? 0) : Number(row['data_len'] ?? 0);
  return { table, method, bytes, rows };
}
