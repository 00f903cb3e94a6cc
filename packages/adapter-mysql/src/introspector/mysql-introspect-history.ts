import type { NotExportedObject } from '@sluice/adapter-kit';
import type { MysqlConnection } from '../mysql-connection.js';
import type { MysqlTableDetail } from '../model/mysql-details.js';
import { qualify, quoteIdent } from '../sql/mysql-quote.js';

/** The ROW END a current row holds in a transaction-precise table: the largest BIGINT UNSIGNED. */
const CURRENT_TRX = '18446744073709551615';

/**
 * History the export cannot carry: a transaction-precise table (ROW START / ROW END are InnoDB
 * transaction ids, which mean nothing on another server and cannot be written) moves its current
 * rows only, so one that holds history rows is named, never dropped in silence.
 */
export async function introspectLostHistory(conn: MysqlConnection, tables: readonly { schema: string; name: string; detail: MysqlTableDetail }[]): Promise<NotExportedObject[]> {
  const out: NotExportedObject[] = [];
  for (const t of tables) {
    const v = t.detail.systemVersioning;
    if (v?.precision !== 'transaction' || v.end === undefined) continue;
    const found = await conn.textRow(`SELECT 1 AS x FROM ${qualify(t.schema, t.name)} FOR SYSTEM_TIME ALL WHERE ${quoteIdent(v.end)} <> ${CURRENT_TRX} LIMIT 1`);
    if (found === undefined) continue;
    out.push({
      kind: 'TABLE HISTORY',
      schema: t.schema,
      name: t.name,
      reason:
        'the history rows of a transaction-precise system-versioned table (ROW START / ROW END are transaction ids) cannot be written on another server; the table and its current rows are exported',
    });
  }
  return out;
}
