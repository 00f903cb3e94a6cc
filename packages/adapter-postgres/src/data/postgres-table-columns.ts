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

/** Tables a page of the column cache holds: one catalog query for this many tables' columns. */
const PAGE_TABLES = 256;
/** The cache is emptied before it would hold more tables than this (memory stays flat). */
const MAX_CACHED = 2048;

type ColumnRow = { relkind: string; name: string | null; type: string | null; generated: boolean; binary: boolean };

/**
 * The columns of tables as one consistent snapshot sees them, shared by the snapshot's sessions (the
 * catalog cannot change under a snapshot). A table not cached brings in a page: its columns and those
 * of the next tables of its schema in name order, in one query, so an export of thousands of small
 * tables asks the catalog once per page rather than once per table.
 */
export class TableColumnsCache {
  private readonly tables = new Map<string, TableColumns>();

  async get(conn: PostgresConnection, table: TableRef, action: string): Promise<TableColumns | undefined> {
    const key = JSON.stringify([table.schema, table.name]);
    const hit = this.tables.get(key);
    if (hit !== undefined) return hit;
    const r = await conn.query<ColumnRow & { rel: string }>(
      `SELECT c.relname AS rel, c.relkind, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
              a.attgenerated <> '' AS generated, a.atttypid = 'bytea'::regtype AS binary
         FROM (SELECT c.oid, c.relname, c.relkind
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = $1 AND c.relname >= $2::name AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                ORDER BY c.relname LIMIT ${PAGE_TABLES}) c
         LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY c.relname, a.attnum`,
      [table.schema, table.name],
      { action, object: tableLabel(table) },
    );
    if (this.tables.size + PAGE_TABLES > MAX_CACHED) this.tables.clear();
    const byTable = new Map<string, ColumnRow[]>();
    for (const row of r.rows) {
      const rows = byTable.get(row.rel);
      if (rows === undefined) byTable.set(row.rel, [row]);
      else rows.push(row);
    }
    for (const [rel, rows] of byTable) this.tables.set(JSON.stringify([table.schema, rel]), columnsOf(rows));
    return this.tables.get(key);
  }
}

function columnsOf(rows: readonly ColumnRow[]): TableColumns {
  return {
    relkind: rows[0]!.relkind,
    columns: rows.filter((x) => x.name !== null).map((x) => ({ name: x.name!, type: x.type!, generated: x.generated, binary: x.binary })),
  };
}

/** Look up a table's columns in the session's view of the catalog. Unknown table: NO_SUCH_TABLE. */
export async function tableColumns(conn: PostgresConnection, table: TableRef, action: string): Promise<TableColumns> {
  const cached = await conn.columnCache?.get(conn, table, action);
  if (cached !== undefined) return cached;
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
  return columnsOf(r.rows);
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
