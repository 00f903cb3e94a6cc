import { IntrospectorBase, tableLabel, type AdapterConnection, type Catalog, type CatalogObject, type IntrospectScope, type TableRef } from '@sluice/adapter-kit';
import { LARGE_OBJECT_DATA, isLargeObjectData, largeObjectsExist } from '../data/postgres-large-objects.js';
import { asPostgres } from '../postgres-connection.js';
import type { PostgresConnector } from '../postgres-connector.js';
import { introspectPostgres } from './postgres-introspector.js';
import { maskPostgresSecrets, unmaskPostgresSecrets } from './postgres-secrets.js';

/** The PostgreSQL introspector part: the system catalogs, set-based, and what exists on a database. */
export class PostgresIntrospection extends IntrospectorBase {
  constructor(private readonly connector: PostgresConnector) {
    super();
  }

  override get supportsSchemas(): boolean {
    return true;
  }

  override get supportsSequences(): boolean {
    return true;
  }

  async introspect(conn: AdapterConnection, scope: IntrospectScope): Promise<Catalog> {
    const c = asPostgres(conn);
    return introspectPostgres(c, scope, await this.connector.serverInfo(c));
  }

  async tableExists(conn: AdapterConnection, table: TableRef): Promise<boolean> {
    if (isLargeObjectData(table)) return largeObjectsExist(asPostgres(conn));
    const r = await asPostgres(conn).query(
      `SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'f')`,
      [table.schema, table.name],
      { action: 'check table', object: tableLabel(table) },
    );
    return r.rows.length > 0;
  }

  override async tablesIn(conn: AdapterConnection, schema: string): Promise<readonly string[]> {
    const r = await asPostgres(conn).query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'f')`,
      [schema],
      { action: 'list the tables of', object: `"${schema}"` },
    );
    const names = r.rows.map((row) => row.name);
    // Large-object data "exists" as tableExists says: when there are large objects, not because pg_largeobject does.
    if (schema !== LARGE_OBJECT_DATA.schema) return names;
    const others = names.filter((n) => n !== LARGE_OBJECT_DATA.name);
    return (await largeObjectsExist(asPostgres(conn))) ? [...others, LARGE_OBJECT_DATA.name] : others;
  }

  async schemaExists(conn: AdapterConnection, schema: string): Promise<boolean> {
    const r = await asPostgres(conn).query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema], { action: 'check schema', object: `"${schema}"` });
    return r.rows.length > 0;
  }

  /** A user mapping's or server's `password` option, a subscription's connection password: masked for the master table. */
  override maskSecrets(object: CatalogObject): CatalogObject | undefined {
    return maskPostgresSecrets(object);
  }

  /** A masked object's passwords read again from this server (an import over a network link). */
  override unmaskSecrets(conn: AdapterConnection, object: CatalogObject): Promise<CatalogObject> {
    return unmaskPostgresSecrets(asPostgres(conn), object);
  }
}
