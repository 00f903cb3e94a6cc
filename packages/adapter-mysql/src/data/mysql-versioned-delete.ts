import type { TableRef } from '@sluice/adapter-kit';
import type { MysqlConnection } from '../mysql-connection.js';
import { qualify } from '../sql/mysql-quote.js';

/** Whether a table is system-versioned (it keeps history rows). */
export async function isSystemVersioned(conn: MysqlConnection, table: TableRef): Promise<boolean> {
  if (!conn.features.supportsSystemVersioning) return false;
  const row = await conn.textRow('SELECT TABLE_TYPE AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [table.schema, table.name]);
  return row?.['t'] === 'SYSTEM VERSIONED';
}

/**
 * Delete every row of a system-versioned table, current and history, where TRUNCATE is refused
 * (error 4137) and no DELETE reaches history rows by key: DELETE turns the current rows into
 * history, DELETE HISTORY then removes all history. Both are DML, so they go with the session's
 * transaction. Needs the DELETE HISTORY privilege; the table's DELETE triggers fire.
 */
export async function deleteAllVersions(conn: MysqlConnection, table: TableRef): Promise<number> {
  const name = qualify(table.schema, table.name);
  const current = await conn.exec(`DELETE FROM ${name}`);
  await conn.exec(`DELETE HISTORY FROM ${name}`);
  return current.affectedRows;
}
