import type { Readable } from 'node:stream';
import type { AdapterConnection } from './adapter-connection.js';
import type { Catalog, CatalogObject, IntrospectScope } from './catalog/catalog-object.js';
import type { NeutralType } from './catalog/neutral-type.js';
import type { ForeignType } from './cross-engine/foreign-type.js';
import type { NeutralObject, NeutralTable, NotCarried } from './cross-engine/neutral-object.js';
import type { TableRef } from './catalog/object-ref.js';
import type { ChunkDescriptor, ChunkPlanOptions, SizeEstimate, UnloadOptions } from './data/chunk.js';
import type { DataEncoding, LoadOptions, LoadResult, Row } from './data/data-encoding.js';
import type { TableTrigger } from './data/table-trigger.js';
import type { DataMover, UnloadStream } from './data/data-mover.js';
import type { Connector } from './connector.js';
import type { Introspector } from './introspector.js';
import type { DdlGenerator } from './ddl-generator.js';
import type { CrossEngine } from './cross-engine/cross-engine.js';
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
 * Everything engine-specific, as a few narrow parts (in the spirit of Kysely's `Dialect`): the
 * adapter only wires them. An adapter instance is bound to one server and database; the engine never
 * branches on its name, only on the parts' capability getters.
 */
export interface Adapter {
  /** The engine name, e.g. `postgres`, `mysql`. */
  readonly name: string;
  /** Sessions, server facts, snapshots, transactions. */
  readonly connector: Connector;
  /** The catalog, and what exists on a database. */
  readonly introspector: Introspector;
  /** Statements from catalog objects, run on a target; SQLFILE scripts. */
  readonly ddl: DdlGenerator;
  /** Estimates, chunks, bulk unload and load, rows, load triggers. */
  readonly data: DataMover;
  /** SQL a generic master-table store is built from. */
  readonly masterTable: MasterTableDialect;
  /** Moves into and out of other engines; absent, this adapter's objects stay on its own engine. */
  readonly crossEngine?: CrossEngine;
  /** Close every session and snapshot the parts opened. */
  close(): Promise<void>;

  /** @deprecated `data.dataEncoding` */
  readonly dataEncoding: DataEncoding;
  /** @deprecated the parts' `supports*` getters */
  readonly capabilities: AdapterCapabilities;
  /** @deprecated `connector.connect` */
  connect(purpose?: string): Promise<AdapterConnection>;
  /** @deprecated `connector.serverInfo` */
  serverInfo(conn: AdapterConnection): Promise<ServerInfo>;
  /** @deprecated `connector.openSnapshot` */
  openSnapshot(options: SnapshotOptions): Promise<Snapshot>;
  /** @deprecated `introspector.introspect` */
  introspect(conn: AdapterConnection, scope: IntrospectScope): Promise<Catalog>;
  /** @deprecated `ddl.generateDdl` */
  generateDdl(object: CatalogObject, options: DdlOptions): string[];
  /** @deprecated `ddl.execute` */
  execute(conn: AdapterConnection, statements: readonly string[], object?: string): Promise<void>;
  /** @deprecated `ddl.withKeysAtCreate` */
  withKeysAtCreate?(table: CatalogObject, keys: readonly CatalogObject[]): CatalogObject;
  /** @deprecated `ddl.keysTogether` */
  keysTogether?(keys: readonly CatalogObject[]): CatalogObject;
  /** @deprecated `introspector.tableExists` */
  tableExists(conn: AdapterConnection, table: TableRef): Promise<boolean>;
  /** @deprecated `introspector.tablesIn` */
  tablesIn?(conn: AdapterConnection, schema: string): Promise<readonly string[]>;
  /** @deprecated `introspector.schemaExists` */
  schemaExists(conn: AdapterConnection, schema: string): Promise<boolean>;
  /** @deprecated `ddl.truncateTable` */
  truncateTable(conn: AdapterConnection, table: TableRef): Promise<void>;
  /** @deprecated `ddl.dropTable` */
  dropTable(conn: AdapterConnection, table: TableRef): Promise<void>;
  /** @deprecated `data.estimate` */
  estimate(conn: AdapterConnection, table: TableRef, method: 'STATISTICS' | 'BLOCKS'): Promise<SizeEstimate>;
  /** @deprecated `data.estimateMany` */
  estimateMany?(conn: AdapterConnection, tables: readonly TableRef[], method: 'STATISTICS' | 'BLOCKS'): Promise<SizeEstimate[]>;
  /** @deprecated `data.planChunks` */
  planChunks(conn: AdapterConnection, table: CatalogObject, options: ChunkPlanOptions): Promise<ChunkDescriptor[]>;
  /** @deprecated `data.unload` */
  unload(conn: AdapterConnection, chunk: ChunkDescriptor, options?: UnloadOptions): UnloadStream;
  /** @deprecated `data.load` */
  load(conn: AdapterConnection, table: TableRef, data: Readable, options?: LoadOptions): Promise<LoadResult>;
  /** @deprecated `data.deleteChunk` */
  deleteChunk(conn: AdapterConnection, table: TableRef, chunk: ChunkDescriptor): Promise<number>;
  /** @deprecated `data.chunkHasRows` */
  chunkHasRows?(conn: AdapterConnection, table: TableRef, chunk: ChunkDescriptor): Promise<boolean>;
  /** @deprecated `data.isTransactionalTable` */
  isTransactionalTable?(conn: AdapterConnection, table: TableRef): Promise<boolean>;
  /** @deprecated `data.loadTriggers` */
  loadTriggers(conn: AdapterConnection, table: TableRef): Promise<readonly TableTrigger[]>;
  /** @deprecated `data.mayDisableTriggers` */
  mayDisableTriggers(conn: AdapterConnection, table: TableRef): Promise<boolean>;
  /** @deprecated `data.disableTriggers` */
  disableTriggers(conn: AdapterConnection, table: TableRef, triggers: readonly TableTrigger[]): Promise<void>;
  /** @deprecated `data.enableTriggers` */
  enableTriggers(conn: AdapterConnection, table: TableRef, triggers: readonly TableTrigger[]): Promise<void>;
  /** @deprecated `data.readRows` */
  readRows(conn: AdapterConnection, chunk: ChunkDescriptor, options?: UnloadOptions): AsyncIterable<Row[]>;
  /** @deprecated `data.writeRows` */
  writeRows(conn: AdapterConnection, table: TableRef, columns: readonly string[], rows: AsyncIterable<Row[]>, options?: LoadOptions): Promise<LoadResult>;
  /** @deprecated `data.decodeRows` */
  decodeRows(data: Readable): AsyncIterable<Row[]>;
  /** @deprecated `data.encodeRows` */
  encodeRows(rows: AsyncIterable<Row[]>): Readable;
  /** @deprecated `ddl.scriptFor` */
  scriptFor?(statements: readonly string[]): string;
  /** @deprecated `ddl.scriptPreamble` */
  readonly scriptPreamble?: readonly string[];
  /** @deprecated `introspector.maskSecrets` */
  maskSecrets?(object: CatalogObject): CatalogObject | undefined;
  /** @deprecated `introspector.unmaskSecrets` */
  unmaskSecrets?(conn: AdapterConnection, object: CatalogObject): Promise<CatalogObject>;
  /** @deprecated `crossEngine.neutralCatalog` */
  neutralCatalog?(objects: readonly CatalogObject[]): NeutralObject[];
  /** @deprecated `crossEngine.foreignType` */
  foreignType?(type: NeutralType): ForeignType | undefined;
  /** @deprecated `crossEngine.parseForeignType` */
  parseForeignType?(native: string): ForeignType | undefined;
  /** @deprecated `crossEngine.generateNeutralDdl` */
  generateNeutralDdl?(object: NeutralObject, options: DdlOptions): string[];
  /** @deprecated `crossEngine.neutralLosses` */
  neutralLosses?(table: NeutralTable): NotCarried[];
  /** @deprecated `crossEngine.identifierProblem` */
  identifierProblem?(name: string): string | undefined;
}

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

/** What an adapter package exports: a factory from connection options to an adapter. */
export type AdapterFactory = (options: ConnectionOptions) => Adapter;
