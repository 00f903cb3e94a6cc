import type { Readable } from 'node:stream';
import type { AdapterConnection } from './adapter-connection.js';
import { AdapterError } from './errors.js';
import type { Catalog, CatalogObject, IntrospectScope } from './catalog/catalog-object.js';
import type { NeutralType } from './catalog/neutral-type.js';
import type { ForeignType } from './cross-engine/foreign-type.js';
import type { NeutralObject, NeutralTable, NotCarried } from './cross-engine/neutral-object.js';
import { tableLabel, type TableRef } from './catalog/object-ref.js';
import type { ChunkDescriptor, ChunkPlanOptions, SizeEstimate, UnloadOptions } from './data/chunk.js';
import type { DataEncoding, LoadOptions, LoadResult, Row } from './data/data-encoding.js';
import type { TableTrigger } from './data/table-trigger.js';
import type { DdlOptions } from './ddl-options.js';
import type { MasterTableDialect } from './master-table/master-table-dialect.js';
import type { ServerInfo } from './server-info.js';
import type { Snapshot, SnapshotOptions } from './snapshot.js';

/** How to reach a database. The password may come separately so it never sits in a URL that gets logged. */
export interface ConnectionOptions {
  /** e.g. `postgres://user@host:5432/db`, `mysql://root@127.0.0.1:3306/test`. */
  readonly url: string;
  /** Overrides any password in the URL. Never logged, never put in an error message. */
  readonly password?: string;
  /** First word of the name each session shows in the server's process list (default `sluice`); the session adds what it is for, e.g. `sluice SYS_EXPORT_SCHEMA_01 W-2`. */
  readonly applicationName?: string;
}

/**
 * Everything engine-specific, behind one interface (in the spirit of Kysely's `Dialect`). An adapter
 * instance is bound to one server and database; the engine never branches on its name, only on the
 * capability getters.
 */
export interface Adapter {
  /** The engine name, e.g. `postgres`, `mysql`. */
  readonly name: string;
  /** The byte encoding of `unload` and `load` streams. */
  readonly dataEncoding: DataEncoding;
  readonly capabilities: AdapterCapabilities;
  /** SQL a generic master-table store is built from. */
  readonly masterTable: MasterTableDialect;

  /** Open a plain connection (DDL, loads, the master table). */
  connect(purpose?: string): Promise<AdapterConnection>;
  /** Server facts for the dump header and the log. */
  serverInfo(conn: AdapterConnection): Promise<ServerInfo>;
  /** A consistent snapshot shared by all export workers. */
  openSnapshot(options: SnapshotOptions): Promise<Snapshot>;

  /** Introspect the scope into the neutral catalog, objects in dependency order. Unknown schemas/tables: NO_SUCH_SCHEMA / NO_SUCH_TABLE. */
  introspect(conn: AdapterConnection, scope: IntrospectScope): Promise<Catalog>;
  /** The statements that create one object on this engine, with remaps and transforms applied to the model. */
  generateDdl(object: CatalogObject, options: DdlOptions): string[];
  /**
   * Run statements for one object; failures are AdapterErrors naming the object and SQLSTATE: an object
   * that already exists is OBJECT_EXISTS (the engine takes it as already done on a restart), anything
   * else DDL_FAILED.
   */
  execute(conn: AdapterConnection, statements: readonly string[], object?: string): Promise<void>;
  /**
   * A small table created with its secondary keys inside its CREATE TABLE, as one statement, instead
   * of one ALTER TABLE per key after the data: `table` (this adapter's own TABLE object) with `keys`
   * (its post-data INDEX and CONSTRAINT objects, in source order) folded in. Optional: without it
   * keys are always added after the data. Throws when a key is not one this adapter can fold in.
   */
  withKeysAtCreate?(table: CatalogObject, keys: readonly CatalogObject[]): CatalogObject;
  /**
   * A big table's secondary keys added after the data in one statement (one pass over the rows
   * rather than one per key): the first of `keys` (post-data INDEX and CONSTRAINT objects of one
   * table, in source order) whose DDL adds them all. Optional: each key is then added on its own.
   */
  keysTogether?(keys: readonly CatalogObject[]): CatalogObject;
  /** Whether a table exists on this database. */
  tableExists(conn: AdapterConnection, table: TableRef): Promise<boolean>;
  /**
   * The names of every table of a schema (MySQL: database) that `tableExists` would find, in one
   * query: an import of thousands of tables decides TABLE_EXISTS_ACTION without a query per table.
   */
  tablesIn?(conn: AdapterConnection, schema: string): Promise<readonly string[]>;
  /** Whether a schema (MySQL: database) exists. */
  schemaExists(conn: AdapterConnection, schema: string): Promise<boolean>;
  /** TABLE_EXISTS_ACTION=TRUNCATE. */
  truncateTable(conn: AdapterConnection, table: TableRef): Promise<void>;
  /** TABLE_EXISTS_ACTION=REPLACE drops the table before re-creating it. */
  dropTable(conn: AdapterConnection, table: TableRef): Promise<void>;

  /** Size of a table by statistics or by blocks. */
  estimate(conn: AdapterConnection, table: TableRef, method: 'STATISTICS' | 'BLOCKS'): Promise<SizeEstimate>;
  /** The same for many tables in a few statements, in their order; a table that does not exist is left out. */
  estimateMany?(conn: AdapterConnection, tables: readonly TableRef[], method: 'STATISTICS' | 'BLOCKS'): Promise<SizeEstimate[]>;
  /** Cut a table into chunks of about targetBytes by key ranges (or ctid ranges); together they cover every row once. */
  planChunks(conn: AdapterConnection, table: CatalogObject, options: ChunkPlanOptions): Promise<ChunkDescriptor[]>;
  /**
   * The rows of one chunk as a byte stream in `dataEncoding`; no per-row JavaScript on the way. The
   * stream's `rowCount` is the number of rows it carried, final once it has ended (an encoding may
   * have header lines, so the engine does not count newlines itself).
   */
  unload(conn: AdapterConnection, chunk: ChunkDescriptor, options?: UnloadOptions): UnloadStream;
  /** Load a byte stream in `dataEncoding` into a table. Runs inside whatever transaction `conn` has open. */
  load(conn: AdapterConnection, table: TableRef, data: Readable, options?: LoadOptions): Promise<LoadResult>;
  /** Delete the rows of one chunk from a target table (clearing a half-loaded chunk before a reload). */
  deleteChunk(conn: AdapterConnection, table: TableRef, chunk: ChunkDescriptor): Promise<number>;
  /**
   * Whether a target table holds any row that `deleteChunk` would delete for this chunk (looked at
   * before an import first loads into a table it kept, TABLE_EXISTS_ACTION=APPEND, so a redo never
   * clears rows that were there before). Absent: assumed true, and such a redo stops the job.
   */
  chunkHasRows?(conn: AdapterConnection, table: TableRef, chunk: ChunkDescriptor): Promise<boolean>;
  /**
   * Whether rows written into `table` inside a transaction go away when it rolls back. False for a
   * table of a storage engine without transactions (MariaDB/MySQL MyISAM, Aria, MEMORY...), whose
   * rows stay the moment they are written: the engine clears such a chunk before loading it again.
   * Absent: every table is transactional.
   */
  isTransactionalTable?(conn: AdapterConnection, table: TableRef): Promise<boolean>;

  /** The user triggers of a table that fire on rows loaded into it (none of the engine's internal ones). */
  loadTriggers(conn: AdapterConnection, table: TableRef): Promise<readonly TableTrigger[]>;
  /** Whether this session's user may turn the table's triggers off (false where capabilities.disableTriggers is). */
  mayDisableTriggers(conn: AdapterConnection, table: TableRef): Promise<boolean>;
  /** Turn the triggers off inside the transaction open on `conn`: a rollback turns them on again (capabilities.disableTriggers). */
  disableTriggers(conn: AdapterConnection, table: TableRef, triggers: readonly TableTrigger[]): Promise<void>;
  /** Turn them on again as they were, in the same transaction, before it commits. */
  enableTriggers(conn: AdapterConnection, table: TableRef, triggers: readonly TableTrigger[]): Promise<void>;

  /** Row-level read of a chunk, in batches (cross-engine moves, REMAP_DATA). */
  readRows(conn: AdapterConnection, chunk: ChunkDescriptor, options?: UnloadOptions): AsyncIterable<Row[]>;
  /** Row-level write into a table, in batches. */
  writeRows(conn: AdapterConnection, table: TableRef, columns: readonly string[], rows: AsyncIterable<Row[]>, options?: LoadOptions): Promise<LoadResult>;
  /** Decode a `dataEncoding` byte stream into row batches (REMAP_DATA on a dump import). */
  decodeRows(data: Readable): AsyncIterable<Row[]>;
  /** Encode row batches into a `dataEncoding` byte stream. */
  encodeRows(rows: AsyncIterable<Row[]>): Readable;

  /**
   * The statements as a script the engine's own command-line client runs (`psql -f`, `mariadb <`),
   * for SQLFILE output. Optional: AdapterBase joins them with `;` and a newline.
   */
  scriptFor?(statements: readonly string[]): string;
  /**
   * Session settings a SQLFILE script starts with, so the engine's client runs it as an import would
   * (PostgreSQL: `SET check_function_bodies = false`, as pg_dump's scripts do). Optional: none.
   */
  readonly scriptPreamble?: readonly string[];

  /**
   * The object with its secrets masked (a password among a user mapping's options, in a
   * subscription's connection string), or undefined when it holds none. The master table, which
   * status and the REST service read, keeps only this form; the dump's metadata frame keeps the
   * whole object. Optional: an adapter without it has no secrets in its objects.
   */
  maskSecrets?(object: CatalogObject): CatalogObject | undefined;
  /**
   * An object `maskSecrets` masked, whole again: its secrets read from the source once more (an
   * import over a network link, which has no dump frame to read them from). Throws an AdapterError
   * naming the object when it is no longer there.
   */
  unmaskSecrets?(conn: AdapterConnection, object: CatalogObject): Promise<CatalogObject>;

  /**
   * Cross-engine, as a source: this adapter's objects in neutral terms, one per object in order
   * (views, routines... as `not-translated`). Pure: needs no connection. Optional: an adapter
   * without it cannot be the source of a move into another engine.
   */
  neutralCatalog?(objects: readonly CatalogObject[]): NeutralObject[];
  /** Cross-engine, as a target: how this engine stores a column of that type, or undefined when it has no mapping. */
  foreignType?(type: NeutralType): ForeignType | undefined;
  /** Cross-engine, as a target: parse a type written in a TRANSFORM=COLUMN_TYPE override (e.g. `varchar(64)`), or undefined when it is not one of this engine's. */
  parseForeignType?(native: string): ForeignType | undefined;
  /** Cross-engine, as a target: the statements that create a neutral object here (columns carry their `target` type). */
  generateNeutralDdl?(object: NeutralObject, options: DdlOptions): string[];
  /** Cross-engine, as a target: what `generateNeutralDdl` leaves out of this table here (MariaDB: a CHECK on an AUTO_INCREMENT column). Optional: nothing. */
  neutralLosses?(table: NeutralTable): NotCarried[];
  /** Cross-engine, as a target: the longest identifier this engine keeps (PostgreSQL 63 bytes, MySQL 64 characters), as a check on a name. */
  identifierProblem?(name: string): string | undefined;

  /** Close pools and anything else the adapter holds. */
  close(): Promise<void>;
}

/** What `unload` returns: the byte stream, and the rows it carried, final once the stream has ended. */
export type UnloadStream = Readable & { readonly rowCount: number };

/** What an adapter can do; the engine reads these, never the adapter's name. */
export interface AdapterCapabilities {
  /** DDL runs inside a transaction and rolls back (PostgreSQL yes, MySQL no). */
  readonly transactionalDdl: boolean;
  /** Schemas are separate from databases (PostgreSQL yes; in MySQL a schema is a database). */
  readonly schemas: boolean;
  /** Sequences exist as objects of their own. */
  readonly sequences: boolean;
  /** Chunks can be cut by physical location when a table has no usable key. */
  readonly physicalChunks: boolean;
  /** An exported snapshot can be joined by a connection opened later (PostgreSQL yes, MySQL no). */
  readonly lateSnapshotJoin: boolean;
  /** The ESTIMATE methods supported. */
  readonly estimateMethods: readonly ('STATISTICS' | 'BLOCKS')[];
  /** Schemas every new database already has (PostgreSQL: `public`): finding one on the target is not an error, and their DDL (written to allow that) still runs, for their owner. */
  readonly defaultSchemas: readonly string[];
  /** A table's triggers can be turned off inside a transaction, so a crash can never leave them off (PostgreSQL yes, MySQL no). */
  readonly disableTriggers: boolean;
  /**
   * A table keeps its keys in the order they were added, and shows them so (MySQL's SHOW CREATE
   * TABLE): the keys of one table are built one at a time, in the source's order. Optional: absent is false.
   */
  readonly orderedKeys?: boolean;
}

/** A base class with sensible capability defaults; adapters override what differs. */
export abstract class AdapterBase {
  /** DDL runs inside a transaction and rolls back. */
  get supportsTransactionalDdl(): boolean {
    return false;
  }
  /** Schemas are separate from databases. */
  get supportsSchemas(): boolean {
    return false;
  }
  /** Sequences exist as objects of their own. */
  get supportsSequences(): boolean {
    return false;
  }
  /** Chunks can be cut by physical location. */
  get supportsPhysicalChunks(): boolean {
    return false;
  }
  /** A snapshot can be joined by a connection opened later. */
  get supportsLateSnapshotJoin(): boolean {
    return false;
  }
  /** The ESTIMATE methods supported. */
  get estimateMethods(): readonly ('STATISTICS' | 'BLOCKS')[] {
    return ['STATISTICS'];
  }
  /** The statements as a client script: each ended by one `;` (a trailing one is not doubled) and a newline. */
  scriptFor(statements: readonly string[]): string {
    return statements
      .map((s) => s.trimEnd())
      .filter((s) => s !== '')
      .map((s) => (s.endsWith(';') ? `${s}\n` : `${s};\n`))
      .join('');
  }
  /** Schemas every new database already has; finding one on the target is not an error. */
  get defaultSchemas(): readonly string[] {
    return [];
  }
  /** A table's triggers can be turned off inside a transaction. */
  get supportsDisableTriggers(): boolean {
    return false;
  }
  /** A table keeps (and shows) its keys in the order they were added. */
  get supportsOrderedKeys(): boolean {
    return false;
  }
  /** No triggers known: an adapter that has them overrides this. */
  async loadTriggers(_conn: AdapterConnection, _table: TableRef): Promise<readonly TableTrigger[]> {
    return [];
  }
  /** Nobody may, where triggers cannot be turned off. */
  async mayDisableTriggers(_conn: AdapterConnection, _table: TableRef): Promise<boolean> {
    return false;
  }
  /** UNSUPPORTED unless the adapter overrides it (with supportsDisableTriggers). */
  async disableTriggers(_conn: AdapterConnection, table: TableRef, _triggers: readonly TableTrigger[]): Promise<void> {
    throw new AdapterError('UNSUPPORTED', `This database cannot turn off the triggers of ${tableLabel(table)} for a load.`, { object: tableLabel(table) });
  }
  /** UNSUPPORTED unless the adapter overrides it. */
  async enableTriggers(_conn: AdapterConnection, table: TableRef, _triggers: readonly TableTrigger[]): Promise<void> {
    throw new AdapterError('UNSUPPORTED', `This database cannot turn the triggers of ${tableLabel(table)} back on.`, { object: tableLabel(table) });
  }
  /** The capabilities record the engine reads, built from the getters. */
  get capabilities(): AdapterCapabilities {
    return {
      transactionalDdl: this.supportsTransactionalDdl,
      schemas: this.supportsSchemas,
      sequences: this.supportsSequences,
      physicalChunks: this.supportsPhysicalChunks,
      lateSnapshotJoin: this.supportsLateSnapshotJoin,
      estimateMethods: this.estimateMethods,
      defaultSchemas: this.defaultSchemas,
      disableTriggers: this.supportsDisableTriggers,
      ...(this.supportsOrderedKeys ? { orderedKeys: true } : {}),
    };
  }
}

/** What an adapter package exports: a factory from connection options to an adapter. */
export type AdapterFactory = (options: ConnectionOptions) => Adapter;
