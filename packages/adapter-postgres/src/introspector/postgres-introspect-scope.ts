import { AdapterError, type IntrospectScope } from '@sluice/adapter-kit';
import type { PostgresConnection } from '../postgres-connection.js';
import type { CatalogBuilder } from './postgres-catalog-builder.js';

/** What one introspection covers, resolved to oids, and where it puts what it finds. */
export interface IntrospectContext {
  readonly conn: PostgresConnection;
  readonly builder: CatalogBuilder;
  readonly mode: IntrospectScope['mode'];
  /** The server's version number (server_version_num), for catalog columns newer servers have. */
  readonly version: number;
  /** Schemas all of whose objects are exported (FULL and SCHEMA modes). */
  readonly schemaOids: readonly number[];
  /** TABLE mode: the listed tables and their partitions. */
  readonly tableOids: readonly number[];
  /** Every relation reported so far (tables, views, sequences, indexes), for comments and grants. */
  readonly relationOids: number[];
}

/** Turn a scope into schema and table oids; unknown names are NO_SUCH_SCHEMA / NO_SUCH_TABLE. */
export async function resolveScope(conn: PostgresConnection, scope: IntrospectScope): Promise<{ schemaOids: number[]; tableOids: number[] }> {
  const action = { action: 'introspect' };
  if (scope.mode === 'FULL') {
    const r = await conn.query<{ oid: number }>(
      `SELECT n.oid FROM pg_namespace n
        WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 2615 AND d.objid = n.oid AND d.deptype = 'e')`,
      [],
      action,
    );
    return { schemaOids: r.rows.map((x) => x.oid), tableOids: [] };
  }
  if (scope.mode === 'SCHEMA') {
    const names = [...new Set(scope.schemas ?? [])];
    const r = await conn.query<{ oid: number; nspname: string }>('SELECT oid, nspname FROM pg_namespace WHERE nspname = ANY($1::text[])', [names], action);
    const missing = names.filter((n) => !r.rows.some((x) => x.nspname === n));
    if (missing.length > 0) throw noSuchSchema(missing, conn);
    return { schemaOids: r.rows.map((x) => x.oid), tableOids: [] };
  }
  const tables = scope.tables ?? [];
  const oids: number[] = [];
  for (const t of tables) {
    const r = await conn.query<{ ns: number | null; rel: number | null }>(
      `SELECT n.oid AS ns, c.oid AS rel FROM pg_namespace n
         LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = $2 AND c.relkind IN ('r', 'p')
        WHERE n.nspname = $1`,
      [t.schema, t.name],
      action,
    );
    const row = r.rows[0];
    if (row === undefined) throw noSuchSchema([t.schema], conn);
    if (row.rel === null) {
      throw new AdapterError('NO_SUCH_TABLE', `Table "${t.schema}"."${t.name}" does not exist in database "${conn.database}". Check the name (names are case-sensitive).`, {
        object: `"${t.schema}"."${t.name}"`,
      });
    }
    const tree = await conn.query<{ relid: number }>('SELECT relid FROM pg_partition_tree($1::oid)', [row.rel], action);
    oids.push(row.rel, ...tree.rows.map((x) => x.relid));
  }
  return { schemaOids: [], tableOids: [...new Set(oids)] };
}

function noSuchSchema(names: readonly string[], conn: PostgresConnection): AdapterError {
  const list = names.map((n) => `"${n}"`).join(', ');
  return new AdapterError('NO_SUCH_SCHEMA', `Schema ${list} does not exist in database "${conn.database}". Check the name (names are case-sensitive).`, {
    object: list,
  });
}
