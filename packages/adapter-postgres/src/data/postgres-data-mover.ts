import type { Readable } from 'node:stream';
import {
  DataMoverBase,
  type AdapterConnection,
  type CatalogObject,
  type ChunkDescriptor,
  type ChunkPlanOptions,
  type DataEncoding,
  type EstimateMethod,
  type LoadOptions,
  type LoadResult,
  type Row,
  type SizeEstimate,
  type TableRef,
  type TableTrigger,
  type UnloadOptions,
  type UnloadStream,
} from '@sluice/adapter-kit';
import { asPostgres } from '../postgres-connection.js';
import { planChunks } from './postgres-chunk-planner.js';
import { chunkHasRowsOf, deleteChunkRows, loadStream, unloadStream } from './postgres-copy.js';
import { estimateTable, estimateTables } from './postgres-estimate.js';
import { clearLargeObjects, isLargeObjectData, largeObjectsHaveContent, loadLargeObjects, planLargeObjectChunks, unloadLargeObjects } from './postgres-large-objects.js';
import { decodeRows, encodeRows, readRows, writeRows } from './postgres-rows.js';
import { loadTriggers, mayDisableTriggers, setTriggers } from './postgres-triggers.js';

/** The byte format of unload and load streams: PostgreSQL's COPY text format, in UTF-8, ISO dates, UTC. */
export const PG_COPY_TEXT: DataEncoding = { name: 'pg-copy-text', version: 1 };

/** The PostgreSQL data part: COPY out and in, ctid and key chunks, large objects, transactional trigger switches. */
export class PostgresDataMover extends DataMoverBase {
  readonly dataEncoding: DataEncoding = PG_COPY_TEXT;

  override get estimateMethods(): readonly EstimateMethod[] {
    return ['STATISTICS', 'BLOCKS'];
  }

  /** A table without a usable key is cut by ctid page ranges. */
  override get supportsPhysicalChunks(): boolean {
    return true;
  }

  /** ALTER TABLE ... DISABLE TRIGGER is transactional. */
  override get supportsDisableTriggers(): boolean {
    return true;
  }

  estimate(conn: AdapterConnection, table: TableRef, method: EstimateMethod): Promise<SizeEstimate> {
    return estimateTable(asPostgres(conn), table, method);
  }

  override estimateMany(conn: AdapterConnection, tables: readonly TableRef[], method: EstimateMethod): Promise<SizeEstimate[]> {
    return estimateTables(asPostgres(conn), tables, method);
  }

  planChunks(conn: AdapterConnection, table: CatalogObject, options: ChunkPlanOptions): Promise<ChunkDescriptor[]> {
    if (table.schema !== null && isLargeObjectData({ schema: table.schema, name: table.name })) return planLargeObjectChunks(asPostgres(conn), options.targetBytes);
    return planChunks(asPostgres(conn), table, options);
  }

  unload(conn: AdapterConnection, chunk: ChunkDescriptor, options?: UnloadOptions): UnloadStream {
    if (isLargeObjectData(chunk.table)) return unloadLargeObjects(asPostgres(conn), chunk);
    return unloadStream(asPostgres(conn), chunk, options);
  }

  load(conn: AdapterConnection, table: TableRef, data: Readable, options?: LoadOptions): Promise<LoadResult> {
    if (isLargeObjectData(table)) return loadLargeObjects(asPostgres(conn), data);
    return loadStream(asPostgres(conn), table, data, options);
  }

  deleteChunk(conn: AdapterConnection, table: TableRef, chunk: ChunkDescriptor): Promise<number> {
    if (isLargeObjectData(table)) return clearLargeObjects(asPostgres(conn), chunk);
    return deleteChunkRows(asPostgres(conn), table, chunk);
  }

  override chunkHasRows(conn: AdapterConnection, table: TableRef, chunk: ChunkDescriptor): Promise<boolean> {
    if (isLargeObjectData(table)) return largeObjectsHaveContent(asPostgres(conn), chunk);
    return chunkHasRowsOf(asPostgres(conn), table, chunk);
  }

  override loadTriggers(conn: AdapterConnection, table: TableRef): Promise<readonly TableTrigger[]> {
    return loadTriggers(asPostgres(conn), table);
  }

  override mayDisableTriggers(conn: AdapterConnection, table: TableRef): Promise<boolean> {
    return mayDisableTriggers(asPostgres(conn), table);
  }

  override disableTriggers(conn: AdapterConnection, table: TableRef, triggers: readonly TableTrigger[]): Promise<void> {
    return setTriggers(asPostgres(conn), table, triggers, false);
  }

  override enableTriggers(conn: AdapterConnection, table: TableRef, triggers: readonly TableTrigger[]): Promise<void> {
    return setTriggers(asPostgres(conn), table, triggers, true);
  }

  readRows(conn: AdapterConnection, chunk: ChunkDescriptor, options?: UnloadOptions): AsyncIterable<Row[]> {
    return readRows(asPostgres(conn), chunk, options);
  }

  writeRows(conn: AdapterConnection, table: TableRef, columns: readonly string[], rows: AsyncIterable<Row[]>, options?: LoadOptions): Promise<LoadResult> {
    return writeRows(asPostgres(conn), table, columns, rows, options);
  }

  decodeRows(data: Readable): AsyncIterable<Row[]> {
    return decodeRows(data);
  }

  encodeRows(rows: AsyncIterable<Row[]>): Readable {
    return encodeRows(rows);
  }
}
