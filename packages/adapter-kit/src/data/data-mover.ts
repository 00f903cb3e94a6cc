import type { Readable } from 'node:stream';
import type { AdapterConnection } from '../adapter-connection.js';
import type { CatalogObject } from '../catalog/catalog-object.js';
import { tableLabel, type TableRef } from '../catalog/object-ref.js';
import { AdapterError } from '../errors.js';
import type { ChunkDescriptor, ChunkPlanOptions, SizeEstimate, UnloadOptions } from './chunk.js';
import type { DataEncoding, LoadOptions, LoadResult, Row } from './data-encoding.js';
import type { TableTrigger } from './table-trigger.js';

/** What `unload` returns: the byte stream, and the rows it carried, final once the stream has ended. */
export type UnloadStream = Readable & { readonly rowCount: number };

/** An ESTIMATE method. */
export type EstimateMethod = 'STATISTICS' | 'BLOCKS';

/** The data part of an adapter: estimates, chunk planning, bulk unload and load, rows, load triggers. */
export interface DataMover {
  /** The byte encoding of `unload` and `load` streams. */
  readonly dataEncoding: DataEncoding;
  /** The ESTIMATE methods supported, the preferred first. */
  readonly estimateMethods: readonly EstimateMethod[];
  /** Chunks can be cut by physical location when a table has no usable key (PostgreSQL ctid ranges). */
  readonly supportsPhysicalChunks: boolean;
  /** A table's triggers can be turned off inside a transaction, so a crash can never leave them off (PostgreSQL yes, MySQL no). */
  readonly supportsDisableTriggers: boolean;
  /**
   * Some tables keep rows written inside a transaction through its rollback (MariaDB/MySQL MyISAM,
   * Aria, MEMORY...): the engine then asks `isTransactionalTable` before a load and clears such a
   * chunk before loading it again.
   */
  readonly supportsNonTransactionalTables: boolean;

  /** Size of a table by statistics or by blocks. */
  estimate(conn: AdapterConnection, table: TableRef, method: EstimateMethod): Promise<SizeEstimate>;
  /** The same for many tables in a few statements, in their order; a table left out (it does not exist, or this adapter cannot) is estimated on its own. */
  estimateMany(conn: AdapterConnection, tables: readonly TableRef[], method: EstimateMethod): Promise<SizeEstimate[]>;
  /** Cut a table into chunks of about targetBytes by key ranges (or ctid ranges); together they cover every row once. */
  planChunks(conn: AdapterConnection, table: CatalogObject, options: ChunkPlanOptions): Promise<ChunkDescriptor[]>;
  /**
   * The tables this process is about to unload, in the order their chunks will most likely run: the
   * adapter may then read what each unload needs (a table's columns) for many tables per statement
   * rather than one. Only a speed-up: an unload works without it.
   */
  prepareUnload(tables: readonly TableRef[]): void;
  /**
   * The rows of one chunk as a byte stream in `dataEncoding`; no per-row JavaScript on the way. The
   * stream's `rowCount` is the number of rows it carried, final once it has ended.
   */
  unload(conn: AdapterConnection, chunk: ChunkDescriptor, options?: UnloadOptions): UnloadStream;
  /** Load a byte stream in `dataEncoding` into a table. Runs inside whatever transaction `conn` has open. */
  load(conn: AdapterConnection, table: TableRef, data: Readable, options?: LoadOptions): Promise<LoadResult>;
  /** Delete the rows of one chunk from a target table (clearing a half-loaded chunk before a reload). */
  deleteChunk(conn: AdapterConnection, table: TableRef, chunk: ChunkDescriptor): Promise<number>;
  /**
   * Whether a target table holds any row that `deleteChunk` would delete for this chunk (looked at
   * before an import first loads into a table it kept, TABLE_EXISTS_ACTION=APPEND, so a redo never
   * clears rows that were there before). True when the adapter cannot tell: such a redo stops the job.
   */
  chunkHasRows(conn: AdapterConnection, table: TableRef, chunk: ChunkDescriptor): Promise<boolean>;
  /** Whether rows written into `table` inside a transaction go away when it rolls back (see supportsNonTransactionalTables). */
  isTransactionalTable(conn: AdapterConnection, table: TableRef): Promise<boolean>;

  /** The user triggers of a table that fire on rows loaded into it (none of the engine's internal ones). */
  loadTriggers(conn: AdapterConnection, table: TableRef): Promise<readonly TableTrigger[]>;
  /** Whether this session's user may turn the table's triggers off (false without supportsDisableTriggers). */
  mayDisableTriggers(conn: AdapterConnection, table: TableRef): Promise<boolean>;
  /** Turn the triggers off inside the transaction open on `conn`: a rollback turns them on again (supportsDisableTriggers). */
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
}

/** A `DataMover` with the defaults: statistics only, key chunks only, triggers left on, every table transactional. */
export abstract class DataMoverBase implements DataMover {
  abstract readonly dataEncoding: DataEncoding;
  /** Statistics only by default. */
  get estimateMethods(): readonly EstimateMethod[] {
    return ['STATISTICS'];
  }
  /** Off by default. */
  get supportsPhysicalChunks(): boolean {
    return false;
  }
  /** Off by default. */
  get supportsDisableTriggers(): boolean {
    return false;
  }
  /** Off by default: every table is transactional. */
  get supportsNonTransactionalTables(): boolean {
    return false;
  }
  abstract estimate(conn: AdapterConnection, table: TableRef, method: EstimateMethod): Promise<SizeEstimate>;
  abstract planChunks(conn: AdapterConnection, table: CatalogObject, options: ChunkPlanOptions): Promise<ChunkDescriptor[]>;
  abstract unload(conn: AdapterConnection, chunk: ChunkDescriptor, options?: UnloadOptions): UnloadStream;
  abstract load(conn: AdapterConnection, table: TableRef, data: Readable, options?: LoadOptions): Promise<LoadResult>;
  abstract deleteChunk(conn: AdapterConnection, table: TableRef, chunk: ChunkDescriptor): Promise<number>;
  abstract readRows(conn: AdapterConnection, chunk: ChunkDescriptor, options?: UnloadOptions): AsyncIterable<Row[]>;
  abstract writeRows(conn: AdapterConnection, table: TableRef, columns: readonly string[], rows: AsyncIterable<Row[]>, options?: LoadOptions): Promise<LoadResult>;
  abstract decodeRows(data: Readable): AsyncIterable<Row[]>;
  abstract encodeRows(rows: AsyncIterable<Row[]>): Readable;
  /** None in a few statements: the engine estimates every table on its own. */
  async estimateMany(_conn: AdapterConnection, _tables: readonly TableRef[], _method: EstimateMethod): Promise<SizeEstimate[]> {
    return [];
  }
  /** Nothing to prepare: each unload looks up what it needs. */
  prepareUnload(_tables: readonly TableRef[]): void {}
  /** Cannot tell: assumed to hold rows. */
  async chunkHasRows(_conn: AdapterConnection, _table: TableRef, _chunk: ChunkDescriptor): Promise<boolean> {
    return true;
  }
  /** Every table is. */
  async isTransactionalTable(_conn: AdapterConnection, _table: TableRef): Promise<boolean> {
    return true;
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
}
