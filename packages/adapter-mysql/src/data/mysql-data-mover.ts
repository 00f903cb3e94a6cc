import type { Readable } from 'node:stream';
import {
  AdapterError,
  DataMoverBase,
  tableLabel,
  type AdapterConnection,
  type CatalogObject,
  type ChunkDescriptor,
  type ChunkPlanOptions,
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
import { asMysql, type MysqlConnection } from '../mysql-connection.js';
import { toAdapterError } from '../mysql-errors.js';
import { qualify, qualifyPartition } from '../sql/mysql-quote.js';
import { planTableChunks } from './mysql-chunk-planner.js';
import { estimateTable, estimateTables } from './mysql-estimate.js';
import { rangePredicate } from './mysql-key-range.js';
import { loadStream } from './mysql-load.js';
import { decodeRowStream, encodeRowStream, readChunkRows, writeTableRows } from './mysql-rows.js';
import { dataColumns } from './mysql-table-columns.js';
import { MYSQL_TSV } from './mysql-tsv-format.js';
import { unloadChunk } from './mysql-unload.js';
import { UnloadColumns } from './mysql-unload-columns.js';
import { deleteAllVersions, isSystemVersioned } from './mysql-versioned-delete.js';

/** The MySQL / MariaDB data part: streaming SELECT out, LOAD DATA LOCAL in, key-range chunks, tables without transactions. */
export class MysqlDataMover extends DataMoverBase {
  readonly dataEncoding = MYSQL_TSV;
  private readonly columns = new UnloadColumns();

  override get estimateMethods(): readonly EstimateMethod[] {
    return ['STATISTICS', 'BLOCKS'];
  }

  /** MyISAM, Aria, MEMORY... keep rows through a rollback. */
  override get supportsNonTransactionalTables(): boolean {
    return true;
  }

  estimate(conn: AdapterConnection, table: TableRef, method: EstimateMethod): Promise<SizeEstimate> {
    return estimateTable(asMysql(conn), table, method);
  }

  override estimateMany(conn: AdapterConnection, tables: readonly TableRef[], method: EstimateMethod): Promise<SizeEstimate[]> {
    return estimateTables(asMysql(conn), tables, method);
  }

  async planChunks(conn: AdapterConnection, table: CatalogObject, options: ChunkPlanOptions): Promise<ChunkDescriptor[]> {
    try {
      return await planTableChunks(asMysql(conn), table, options);
    } catch (err) {
      throw toAdapterError(err, { action: 'planning chunks of', object: `"${table.schema ?? ''}"."${table.name}"` });
    }
  }

  /** The planned tables' columns are then read a page of tables at a time, not one table per unload. */
  override prepareUnload(tables: readonly TableRef[]): void {
    this.columns.plan(tables);
  }

  unload(conn: AdapterConnection, chunk: ChunkDescriptor, options?: UnloadOptions): UnloadStream {
    const stream = unloadChunk(this.withColumns(conn), chunk, options);
    // A table that failed (altered meanwhile?) is looked up alone on the next attempt.
    stream.once('error', () => this.columns.forget(chunk.table));
    return stream;
  }

  private withColumns(conn: AdapterConnection): MysqlConnection {
    const c = asMysql(conn);
    c.unloadColumns = this.columns;
    return c;
  }

  load(conn: AdapterConnection, table: TableRef, data: Readable, options?: LoadOptions): Promise<LoadResult> {
    return loadStream(asMysql(conn), table, data, options);
  }

  async deleteChunk(conn: AdapterConnection, table: TableRef, chunk: ChunkDescriptor): Promise<number> {
    const c = asMysql(conn);
    try {
      if (await isSystemVersioned(c, table)) {
        // History rows cannot be deleted by key or partition: a versioned table moves as one whole chunk.
        if (chunk.range.kind !== 'whole' || chunk.partition !== undefined) {
          throw new AdapterError(
            'UNSUPPORTED',
            `Cannot clear a part of system-versioned table ${tableLabel(table)}: its history rows can only be deleted all together; import the table again with TABLE_EXISTS_ACTION=REPLACE`,
            { object: tableLabel(table) },
          );
        }
        return await deleteAllVersions(c, table);
      }
      const where = rangePredicate(chunk.range, await dataColumns(c, table));
      const from = qualifyPartition(table.schema, table.name, chunk.partition);
      return (await c.exec(`DELETE FROM ${from}${where === null ? '' : ` WHERE ${where}`}`)).affectedRows;
    } catch (err) {
      throw toAdapterError(err, { action: 'deleting a chunk of', object: tableLabel(table), fallback: 'LOAD_FAILED' });
    }
  }

  override async chunkHasRows(conn: AdapterConnection, table: TableRef, chunk: ChunkDescriptor): Promise<boolean> {
    const c = asMysql(conn);
    try {
      // A versioned table's chunk is cleared with its history (deleteChunk), so history rows count.
      if (await isSystemVersioned(c, table)) return (await c.textRow(`SELECT 1 AS x FROM ${qualify(table.schema, table.name)} FOR SYSTEM_TIME ALL LIMIT 1`)) !== undefined;
      const where = rangePredicate(chunk.range, await dataColumns(c, table));
      const from = qualifyPartition(table.schema, table.name, chunk.partition);
      return (await c.textRow(`SELECT 1 AS x FROM ${from}${where === null ? '' : ` WHERE ${where}`} LIMIT 1`)) !== undefined;
    } catch (err) {
      throw toAdapterError(err, { action: 'looking into a chunk of', object: tableLabel(table), fallback: 'LOAD_FAILED' });
    }
  }

  /** By the table's storage engine (InnoDB: yes; MyISAM, Aria even with TRANSACTIONAL=1, MEMORY, CSV: no); a table not found counts as not. */
  override async isTransactionalTable(conn: AdapterConnection, table: TableRef): Promise<boolean> {
    const row = await asMysql(conn).textRow(
      'SELECT e.TRANSACTIONS AS tx FROM information_schema.TABLES t JOIN information_schema.ENGINES e ON e.ENGINE = t.ENGINE WHERE t.TABLE_SCHEMA = ? AND t.TABLE_NAME = ?',
      [table.schema, table.name],
    );
    return row?.['tx'] === 'YES';
  }

  /** MySQL has no way to turn a trigger off (supportsDisableTriggers stays false); they are listed for the log. */
  override async loadTriggers(conn: AdapterConnection, table: TableRef): Promise<readonly TableTrigger[]> {
    const rows = await asMysql(conn).textRows('SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = ? AND EVENT_OBJECT_TABLE = ? ORDER BY TRIGGER_NAME', [
      table.schema,
      table.name,
    ]);
    return rows.map((r) => ({ name: r['name'] ?? '', enabled: 'ENABLED' }));
  }

  readRows(conn: AdapterConnection, chunk: ChunkDescriptor, options?: UnloadOptions): AsyncIterable<Row[]> {
    return readChunkRows(this.withColumns(conn), chunk, options);
  }

  writeRows(conn: AdapterConnection, table: TableRef, columns: readonly string[], rows: AsyncIterable<Row[]>, options?: LoadOptions): Promise<LoadResult> {
    return writeTableRows(asMysql(conn), table, columns, rows, options);
  }

  decodeRows(data: Readable): AsyncIterable<Row[]> {
    return decodeRowStream(data);
  }

  encodeRows(rows: AsyncIterable<Row[]>): Readable {
    return encodeRowStream(rows);
  }
}
