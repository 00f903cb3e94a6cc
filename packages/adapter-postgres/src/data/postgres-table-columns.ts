import type { TableRef } from '@sluice/adapter-kit';
import { AdapterError, tableLabel } from '@sluice/adapter-kit';
import type { PostgresConnection } from '../postgres-connection.js';
import { qualify } from '../sql/postgres-quote.js';

/** What the data path needs to know about a table's columns. */
export interface TableColumns {
  /** relkind: r (table), p (partitioned table), ... */
  readonly relkind: string;
  readonly columns: readonly { readonly name: string; readonly type: string; readonly generated: boolean; readonly binary: boolean }[];
}

/** Look up a table's columns in the session's view of the catalog. Unknown table: NO_SUCH_TABLE. */
export async function tableColumns(conn: PostgresConnection, table: TableRef, action: string): Promise<TableColumns> {
  const r = await conn.query<{ relkind: string; name: string | null; type: string | null; generated: boolean; binary: boolean }>(
    `SELECT c.relkind, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            a.attgenerated <> '' AS generated, a.atttypid = 'bytea'::regtype AS binary
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
      ORDER BY a.attnum`,
    [table.schema, table.name],
    { action, object: tableLabel(table) },
  );
  if (r.rows.length === 0) {
    throw new AdapterError('NO_SUCH_TABLE', `${action} ${tableLabel(table)} failed: the table does not exist in database "${conn.database}".`, {
      object: tableLabel(table),
    });
  }
  return {
    relkind: r.rows[0]!.relkind,
    columns: r.rows.filter((x) => x.name !== null).map((x) => ({ name: x.name!, type: x.type!, generated: x.generated, binary: x.binary })),
  };
}

/** The columns a stream carries: the ones asked for (checked), or every non-generated column in order. */
export function streamColumns(info: TableColumns, table: TableRef, wanted: readonly string[] | undefined): TableColumns['columns'] {
  if (wanted === undefined) return info.columns.filter((c) => !c.generated);
  return wanted.map((name) => {
    const c = info.columns.find((x) => x.name === name);
    if (c === undefined) {
      throw new AdapterError('BAD_ARGUMENT', `Column "${name}" does not exist in ${tableLabel(table)}.`, { object: tableLabel(table) });
    }
    return c;
  });
}

/** The qualified name of a table. */
export function tableName(table: TableRef): string {
  return qualify(table.schema, table.name);
}
