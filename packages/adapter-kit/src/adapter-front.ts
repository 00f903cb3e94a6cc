import type { Readable } from 'node:stream';
import type { Adapter, AdapterCapabilities } from './adapter.js';
import type { AdapterConnection } from './adapter-connection.js';
import type { Catalog, CatalogObject, IntrospectScope } from './catalog/catalog-object.js';
import type { NeutralType } from './catalog/neutral-type.js';
import type { TableRef } from './catalog/object-ref.js';
import type { Connector } from './connector.js';
import type { CrossEngine } from './cross-engine/cross-engine.js';
import type { ForeignType } from './cross-engine/foreign-type.js';
import type { NeutralObject, NeutralTable, NotCarried } from './cross-engine/neutral-object.js';
import type { ChunkDescriptor, ChunkPlanOptions, SizeEstimate, UnloadOptions } from './data/chunk.js';
import type { DataEncoding, LoadOptions, LoadResult, Row } from './data/data-encoding.js';
import type { DataMover, EstimateMethod, UnloadStream } from './data/data-mover.js';
import type { TableTrigger } from './data/table-trigger.js';
import type { DdlGenerator } from './ddl-generator.js';
import type { DdlOptions } from './ddl-options.js';
import type { Introspector } from './introspector.js';
import type { MasterTableDialect } from './master-table/master-table-dialect.js';
import type { ServerInfo } from './server-info.js';
import type { Snapshot, SnapshotOptions } from './snapshot.js';

/** Transitional: the flat `Adapter` members, each delegating to its part, while callers move to the parts. */
export abstract class AdapterFront implements Adapter {
  abstract readonly name: string;
  abstract readonly connector: Connector;
  abstract readonly introspector: Introspector;
  abstract readonly ddl: DdlGenerator;
  abstract readonly data: DataMover;
  abstract readonly masterTable: MasterTableDialect;
  abstract readonly crossEngine: CrossEngine | undefined;
  abstract close(): Promise<void>;

  get dataEncoding(): DataEncoding {
    return this.data.dataEncoding;
  }
  get capabilities(): AdapterCapabilities {
    return {
      transactionalDdl: this.ddl.supportsTransactionalDdl,
      schemas: this.introspector.supportsSchemas,
      sequences: this.introspector.supportsSequences,
      physicalChunks: this.data.supportsPhysicalChunks,
      lateSnapshotJoin: this.connector.supportsLateSnapshotJoin,
      estimateMethods: this.data.estimateMethods,
      defaultSchemas: this.ddl.defaultSchemas,
      disableTriggers: this.data.supportsDisableTriggers,
      ...(this.ddl.supportsOrderedKeys ? { orderedKeys: true } : {}),
    };
  }
  connect(purpose?: string): Promise<AdapterConnection> {
    return this.connector.connect(purpose);
  }
  serverInfo(conn: AdapterConnection): Promise<ServerInfo> {
    return this.connector.serverInfo(conn);
  }
  openSnapshot(options: SnapshotOptions): Promise<Snapshot> {
    return this.connector.openSnapshot(options);
  }
  introspect(conn: AdapterConnection, scope: IntrospectScope): Promise<Catalog> {
    return this.introspector.introspect(conn, scope);
  }
  generateDdl(object: CatalogObject, options: DdlOptions): string[] {
    return this.ddl.generateDdl(object, options);
  }
  execute(conn: AdapterConnection, statements: readonly string[], object?: string): Promise<void> {
    return this.ddl.execute(conn, statements, object);
  }
  get withKeysAtCreate(): ((table: CatalogObject, keys: readonly CatalogObject[]) => CatalogObject) | undefined {
    return this.ddl.supportsKeysAtCreate ? (table, keys) => this.ddl.withKeysAtCreate(table, keys) : undefined;
  }
  get keysTogether(): ((keys: readonly CatalogObject[]) => CatalogObject) | undefined {
    return this.ddl.supportsKeysTogether ? (keys) => this.ddl.keysTogether(keys) : undefined;
  }
  tableExists(conn: AdapterConnection, table: TableRef): Promise<boolean> {
    return this.introspector.tableExists(conn, table);
  }
  async tablesIn(conn: AdapterConnection, schema: string): Promise<readonly string[]> {
    return (await this.introspector.tablesIn(conn, schema)) ?? [];
  }
  schemaExists(conn: AdapterConnection, schema: string): Promise<boolean> {
    return this.introspector.schemaExists(conn, schema);
  }
  truncateTable(conn: AdapterConnection, table: TableRef): Promise<void> {
    return this.ddl.truncateTable(conn, table);
  }
  dropTable(conn: AdapterConnection, table: TableRef): Promise<void> {
    return this.ddl.dropTable(conn, table);
  }
  estimate(conn: AdapterConnection, table: TableRef, method: EstimateMethod): Promise<SizeEstimate> {
    return this.data.estimate(conn, table, method);
  }
  estimateMany(conn: AdapterConnection, tables: readonly TableRef[], method: EstimateMethod): Promise<SizeEstimate[]> {
    return this.data.estimateMany(conn, tables, method);
  }
  planChunks(conn: AdapterConnection, table: CatalogObject, options: ChunkPlanOptions): Promise<ChunkDescriptor[]> {
    return this.data.planChunks(conn, table, options);
  }
  unload(conn: AdapterConnection, chunk: ChunkDescriptor, options?: UnloadOptions): UnloadStream {
    return this.data.unload(conn, chunk, options);
  }
  load(conn: AdapterConnection, table: TableRef, data: Readable, options?: LoadOptions): Promise<LoadResult> {
    return this.data.load(conn, table, data, options);
  }
  deleteChunk(conn: AdapterConnection, table: TableRef, chunk: ChunkDescriptor): Promise<number> {
    return this.data.deleteChunk(conn, table, chunk);
  }
  chunkHasRows(conn: AdapterConnection, table: TableRef, chunk: ChunkDescriptor): Promise<boolean> {
    return this.data.chunkHasRows(conn, table, chunk);
  }
  get isTransactionalTable(): ((conn: AdapterConnection, table: TableRef) => Promise<boolean>) | undefined {
    return this.data.supportsNonTransactionalTables ? (conn, table) => this.data.isTransactionalTable(conn, table) : undefined;
  }
  loadTriggers(conn: AdapterConnection, table: TableRef): Promise<readonly TableTrigger[]> {
    return this.data.loadTriggers(conn, table);
  }
  mayDisableTriggers(conn: AdapterConnection, table: TableRef): Promise<boolean> {
    return this.data.mayDisableTriggers(conn, table);
  }
  disableTriggers(conn: AdapterConnection, table: TableRef, triggers: readonly TableTrigger[]): Promise<void> {
    return this.data.disableTriggers(conn, table, triggers);
  }
  enableTriggers(conn: AdapterConnection, table: TableRef, triggers: readonly TableTrigger[]): Promise<void> {
    return this.data.enableTriggers(conn, table, triggers);
  }
  readRows(conn: AdapterConnection, chunk: ChunkDescriptor, options?: UnloadOptions): AsyncIterable<Row[]> {
    return this.data.readRows(conn, chunk, options);
  }
  writeRows(conn: AdapterConnection, table: TableRef, columns: readonly string[], rows: AsyncIterable<Row[]>, options?: LoadOptions): Promise<LoadResult> {
    return this.data.writeRows(conn, table, columns, rows, options);
  }
  decodeRows(data: Readable): AsyncIterable<Row[]> {
    return this.data.decodeRows(data);
  }
  encodeRows(rows: AsyncIterable<Row[]>): Readable {
    return this.data.encodeRows(rows);
  }
  scriptFor(statements: readonly string[]): string {
    return this.ddl.scriptFor(statements);
  }
  get scriptPreamble(): readonly string[] {
    return this.ddl.scriptPreamble;
  }
  maskSecrets(object: CatalogObject): CatalogObject | undefined {
    return this.introspector.maskSecrets(object);
  }
  unmaskSecrets(conn: AdapterConnection, object: CatalogObject): Promise<CatalogObject> {
    return this.introspector.unmaskSecrets(conn, object);
  }
  get neutralCatalog(): ((objects: readonly CatalogObject[]) => NeutralObject[]) | undefined {
    const x = this.crossEngine;
    return x === undefined ? undefined : (objects) => x.neutralCatalog(objects);
  }
  get foreignType(): ((type: NeutralType) => ForeignType | undefined) | undefined {
    const x = this.crossEngine;
    return x === undefined ? undefined : (type) => x.foreignType(type);
  }
  get parseForeignType(): ((native: string) => ForeignType | undefined) | undefined {
    const x = this.crossEngine;
    return x === undefined ? undefined : (native) => x.parseForeignType(native);
  }
  get generateNeutralDdl(): ((object: NeutralObject, options: DdlOptions) => string[]) | undefined {
    const x = this.crossEngine;
    return x === undefined ? undefined : (object, options) => x.generateNeutralDdl(object, options);
  }
  get neutralLosses(): ((table: NeutralTable) => NotCarried[]) | undefined {
    const x = this.crossEngine;
    return x === undefined ? undefined : (table) => x.neutralLosses(table);
  }
  get identifierProblem(): ((name: string) => string | undefined) | undefined {
    const x = this.crossEngine;
    return x === undefined ? undefined : (name) => x.identifierProblem(name);
  }
}
