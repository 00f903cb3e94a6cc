import type { AdapterConnection } from './adapter-connection.js';
import type { CatalogObject } from './catalog/catalog-object.js';
import type { TableRef } from './catalog/object-ref.js';
import type { DdlOptions } from './ddl-options.js';
import { AdapterError } from './errors.js';

/** The DDL part of an adapter: statements from catalog objects, run on a target, and SQLFILE scripts. */
export interface DdlGenerator {
  /** DDL runs inside a transaction and rolls back (PostgreSQL yes, MySQL no). */
  readonly supportsTransactionalDdl: boolean;
  /** Schemas every new database already has (PostgreSQL: `public`): finding one on the target is not an error, and their DDL (written to allow that) still runs, for their owner. */
  readonly defaultSchemas: readonly string[];
  /** A table keeps (and shows, as MySQL's SHOW CREATE TABLE) its keys in the order they were added: one table's keys are built one at a time, in the source's order. */
  readonly supportsOrderedKeys: boolean;
  /** `withKeysAtCreate` folds a small table's keys into its CREATE TABLE; otherwise keys always come after the data. */
  readonly supportsKeysAtCreate: boolean;
  /** `keysTogether` adds a big table's keys in one statement; otherwise each key is added on its own. */
  readonly supportsKeysTogether: boolean;
  /**
   * Session settings a SQLFILE script starts with, so the engine's client runs it as an import would
   * (PostgreSQL: `SET check_function_bodies = false`, as pg_dump's scripts do).
   */
  readonly scriptPreamble: readonly string[];
  /** The statements that create one object on this engine, with remaps and transforms applied to the model. */
  generateDdl(object: CatalogObject, options: DdlOptions): string[];
  /**
   * Run statements for one object; failures are AdapterErrors naming the object and SQLSTATE: an object
   * that already exists is OBJECT_EXISTS (the engine takes it as already done on a restart), anything
   * else DDL_FAILED.
   */
  execute(conn: AdapterConnection, statements: readonly string[], object?: string): Promise<void>;
  /**
   * A small table created with its secondary keys inside its CREATE TABLE, as one statement:
   * `table` (this adapter's own TABLE object) with `keys` (its post-data INDEX and CONSTRAINT
   * objects, in source order) folded in. Only called with `supportsKeysAtCreate`; throws when a key
   * is not one this adapter can fold in.
   */
  withKeysAtCreate(table: CatalogObject, keys: readonly CatalogObject[]): CatalogObject;
  /**
   * Whether `key` (a post-data INDEX or CONSTRAINT of `table`) may be made by the table's CREATE TABLE
   * (`withKeysAtCreate`), before the rows load. Both may be planning views: names, kinds, the table's
   * TableDetail kind fields, and a constraint's `validated` flag (false: NOT VALID, it must come after the rows).
   */
  takesKeyAtCreate(table: CatalogObject, key: CatalogObject): boolean;
  /**
   * A big table's secondary keys added after the data in one statement (one pass over the rows): the
   * first of `keys` (post-data INDEX and CONSTRAINT objects of one table, in source order) whose DDL
   * adds them all. Only called with `supportsKeysTogether`.
   */
  keysTogether(keys: readonly CatalogObject[]): CatalogObject;
  /** TABLE_EXISTS_ACTION=TRUNCATE. */
  truncateTable(conn: AdapterConnection, table: TableRef): Promise<void>;
  /** TABLE_EXISTS_ACTION=REPLACE drops the table before re-creating it. */
  dropTable(conn: AdapterConnection, table: TableRef): Promise<void>;
  /** The statements as a script the engine's own command-line client runs (`psql -f`, `mariadb <`), for SQLFILE output. */
  scriptFor(statements: readonly string[]): string;
}

/** A `DdlGenerator` with the defaults: no transactional DDL, keys one at a time after the data, plain scripts. */
export abstract class DdlGeneratorBase implements DdlGenerator {
  /** Off by default. */
  get supportsTransactionalDdl(): boolean {
    return false;
  }
  /** None by default. */
  get defaultSchemas(): readonly string[] {
    return [];
  }
  /** Off by default. */
  get supportsOrderedKeys(): boolean {
    return false;
  }
  /** Off by default. */
  get supportsKeysAtCreate(): boolean {
    return false;
  }
  /** Off by default. */
  get supportsKeysTogether(): boolean {
    return false;
  }
  /** No settings by default. */
  get scriptPreamble(): readonly string[] {
    return [];
  }
  abstract generateDdl(object: CatalogObject, options: DdlOptions): string[];
  abstract execute(conn: AdapterConnection, statements: readonly string[], object?: string): Promise<void>;
  abstract truncateTable(conn: AdapterConnection, table: TableRef): Promise<void>;
  abstract dropTable(conn: AdapterConnection, table: TableRef): Promise<void>;
  /** UNSUPPORTED unless the adapter overrides it (with supportsKeysAtCreate). */
  withKeysAtCreate(table: CatalogObject, _keys: readonly CatalogObject[]): CatalogObject {
    throw new AdapterError('UNSUPPORTED', `This database cannot create the keys of ${table.name} with the table.`, { object: table.name });
  }
  /** Every key the engine offers, by default (with supportsKeysAtCreate). */
  takesKeyAtCreate(_table: CatalogObject, _key: CatalogObject): boolean {
    return true;
  }
  /** UNSUPPORTED unless the adapter overrides it (with supportsKeysTogether). */
  keysTogether(_keys: readonly CatalogObject[]): CatalogObject {
    throw new AdapterError('UNSUPPORTED', "This database cannot add a table's keys in one statement.");
  }
  /** The statements as a client script: each ended by one `;` (a trailing one is not doubled) and a newline. */
  scriptFor(statements: readonly string[]): string {
    return statements
      .map((s) => s.trimEnd())
      .filter((s) => s !== '')
      .map((s) => (s.endsWith(';') ? `${s}\n` : `${s};\n`))
      .join('');
  }
}
