import type { AdapterConnection } from './adapter-connection.js';
import type { Catalog, CatalogObject, IntrospectScope } from './catalog/catalog-object.js';
import type { TableRef } from './catalog/object-ref.js';

/** The introspector part of an adapter: the catalog, and what exists on a database. */
export interface Introspector {
  /** Schemas are separate from databases (PostgreSQL yes; in MySQL a schema is a database). */
  readonly supportsSchemas: boolean;
  /** Sequences exist as objects of their own. */
  readonly supportsSequences: boolean;
  /** Introspect the scope into the neutral catalog, objects in dependency order. Unknown schemas/tables: NO_SUCH_SCHEMA / NO_SUCH_TABLE. */
  introspect(conn: AdapterConnection, scope: IntrospectScope): Promise<Catalog>;
  /** Whether a table exists on this database. */
  tableExists(conn: AdapterConnection, table: TableRef): Promise<boolean>;
  /**
   * The names of every table of a schema (MySQL: database) that `tableExists` would find, in one
   * query, so an import of thousands of tables decides TABLE_EXISTS_ACTION without a query per
   * table; undefined when this adapter cannot list them (the engine then asks `tableExists`).
   */
  tablesIn(conn: AdapterConnection, schema: string): Promise<readonly string[] | undefined>;
  /** Whether a schema (MySQL: database) exists. */
  schemaExists(conn: AdapterConnection, schema: string): Promise<boolean>;
  /**
   * The object with its secrets masked (a password among a user mapping's options), or undefined
   * when it holds none. The master table, which status and the REST service read, keeps only this
   * form; the dump's metadata frame keeps the whole object.
   */
  maskSecrets(object: CatalogObject): CatalogObject | undefined;
  /**
   * An object `maskSecrets` masked, whole again: its secrets read from the source once more (an
   * import over a network link). Throws an AdapterError naming the object when it is gone.
   */
  unmaskSecrets(conn: AdapterConnection, object: CatalogObject): Promise<CatalogObject>;
}

/** An `Introspector` with the defaults: no schemas apart from databases, no sequences, no secrets, no listing. */
export abstract class IntrospectorBase implements Introspector {
  /** Off by default: a schema is a database. */
  get supportsSchemas(): boolean {
    return false;
  }
  /** Off by default. */
  get supportsSequences(): boolean {
    return false;
  }
  abstract introspect(conn: AdapterConnection, scope: IntrospectScope): Promise<Catalog>;
  abstract tableExists(conn: AdapterConnection, table: TableRef): Promise<boolean>;
  abstract schemaExists(conn: AdapterConnection, schema: string): Promise<boolean>;
  /** Cannot list: the engine asks `tableExists` table by table. */
  async tablesIn(_conn: AdapterConnection, _schema: string): Promise<readonly string[] | undefined> {
    return undefined;
  }
  /** No object holds a secret. */
  maskSecrets(_object: CatalogObject): CatalogObject | undefined {
    return undefined;
  }
  /** Nothing was masked: the object as it is. */
  async unmaskSecrets(_conn: AdapterConnection, object: CatalogObject): Promise<CatalogObject> {
    return object;
  }
}
