import { tableLabel, type ChunkDescriptor, type UnloadOptions } from '@sluice/adapter-kit';
import type { MysqlConnection } from '../mysql-connection.js';
import { toAdapterError } from '../mysql-errors.js';
import { qualifyPartition, quoteIdent } from '../sql/mysql-quote.js';
import { whereClause } from './mysql-key-range.js';
import { tapRowPackets } from './mysql-row-packet-tap.js';
import { dataColumns, hasHistory, pickColumns, type DataColumn } from './mysql-table-columns.js';

/** Receives the rows of a streamed SELECT; returning false pauses the server until resume(). */
export interface RowSink {
  start(columns: readonly DataColumn[]): void;
  row(values: (Buffer | null)[]): boolean;
  /** Optional fast path: one row as the raw row packet (length-coded values from `offset`). */
  packetRow?(packet: Uint8Array, offset: number): boolean;
  end(): void;
  error(err: Error): void;
}

/** A streamed SELECT in progress. */
export interface RowSource {
  /** Let rows flow again after the sink returned false. */
  resume(): void;
  /** Stop delivering rows; the rest of the result is read and dropped so the session stays usable. */
  discard(): void;
}

/** The SELECT of one chunk: its columns (default: all non-generated), QUERY and SAMPLE. */
export async function chunkSelect(conn: MysqlConnection, chunk: ChunkDescriptor, options: UnloadOptions = {}): Promise<{ sql: string; columns: DataColumn[] }> {
  const all = await (conn.unloadColumns?.get(conn, chunk.table) ?? dataColumns(conn, chunk.table));
  const columns = pickColumns(all, options.columns, chunk.table);
  // A system-versioned table's rows are every version, current and history (a partition named
  // alone gives all of its own rows already).
  const versions = hasHistory(all) && chunk.partition === undefined ? ' FOR SYSTEM_TIME ALL' : '';
  const from = qualifyPartition(chunk.table.schema, chunk.table.name, chunk.partition);
  const list = columns.length === 0 ? '1' : columns.map(selectExpression).join(', ');
  return { sql: `SELECT ${list} FROM ${from}${versions}${whereClause(chunk, all, options)}`, columns };
}

/**
 * A column as the unload reads it. The text protocol prints a FLOAT with 6 significant digits
 * (16777216 comes back as 16777200); as a DOUBLE it prints the float's exact value, which a load
 * into the FLOAT column rounds back to the very same bits.
 */
function selectExpression(c: DataColumn): string {
  return c.dataType === 'float' ? `CAST(${quoteIdent(c.name)} AS DOUBLE)` : quoteIdent(c.name);
}

/**
 * Stream a chunk's rows as arrays of raw values (no per-value type conversion in the driver).
 * `charset` chooses raw column bytes (bulk unload) or utf8mb4 text (row-level reads).
 */
export function streamChunk(conn: MysqlConnection, chunk: ChunkDescriptor, options: UnloadOptions, charset: 'binary' | 'utf8mb4', sink: RowSink): RowSource {
  let paused = false;
  let discarding = false;
  let finished = false;
  const label = tableLabel(chunk.table);
  const fail = (err: unknown): void => {
    if (finished) return;
    finished = true;
    conn.streaming = false;
    sink.error(toAdapterError(err, { action: 'unloading', object: label, fallback: 'UNLOAD_FAILED' }));
  };
  void (async () => {
    const { sql, columns } = await chunkSelect(conn, chunk, options);
    await conn.useResultCharset(charset);
    if (discarding) {
      finished = true;
      return;
    }
    sink.start(columns);
    conn.streaming = true;
    const query = conn.stream(sql, { typeCast: false, rowsAsArray: true });
    const deliver = (more: boolean): void => {
      if (!more && !paused) {
        paused = true;
        conn.pause();
      }
    };
    const packetRow = sink.packetRow?.bind(sink);
    if (packetRow !== undefined) {
      const onRow = (packet: Uint8Array, offset: number): void => {
        if (!discarding && !finished) deliver(packetRow(packet, offset));
      };
      const rowState = readRowPackets(query, onRow);
      // Rows straight off the socket once the driver's query is in its row state.
      const release =
        rowState === null
          ? null
          : tapRowPackets(
              conn.driver,
              () => (query as { next?: unknown }).next === rowState,
              onRow,
              (err) => {
                fail(err);
                conn.driver.destroy();
              },
            );
      if (release !== null) {
        query.on('end', release);
        query.on('error', release);
      }
    }
    // The driver's own row events: every row when the packet path is not available.
    query.on('result', (row) => {
      if (!discarding && !finished) deliver(sink.row(row as (Buffer | null)[]));
    });
    query.on('error', fail);
    query.on('end', () => {
      if (finished) return;
      finished = true;
      conn.streaming = false;
      if (!discarding) sink.end();
    });
  })().catch(fail);
  return {
    resume(): void {
      if (paused) {
        paused = false;
        conn.resume();
      }
    },
    discard(): void {
      discarding = true;
      if (paused) {
        paused = false;
        conn.resume();
      }
    },
  };
}

/** What readRowPackets needs of a row packet (mysql2's Packet). */
interface RowPacket {
  readonly buffer?: unknown;
  readonly offset?: unknown;
  isEOF?(): boolean;
}

type RowState = (this: unknown, packet: RowPacket, connection: unknown) => unknown;

/**
 * Take a streamed query's row packets before the driver turns each value into a Buffer: mysql2
 * reads rows in the state `this.row` of its Query command, so an instance `row` sees every packet.
 * End-of-rows packets (and any packet not shaped as expected) go to the driver's own handler, which
 * then carries on with its 'result' events. This depends on mysql2's internals; if they change the
 * override is simply not used and rows arrive through 'result' as before. Returns the row state (the
 * query is reading rows while its `next` state is this function), or null when not installed.
 */
function readRowPackets(query: unknown, onRow: (packet: Uint8Array, offset: number) => void): RowState | null {
  const q = query as { row?: RowState };
  const original = q.row;
  if (typeof original !== 'function') return null;
  const row: RowState = function (this: unknown, packet, connection) {
    const { buffer, offset } = packet;
    if (typeof packet.isEOF !== 'function' || !(buffer instanceof Uint8Array) || typeof offset !== 'number' || packet.isEOF()) {
      return original.call(this, packet, connection);
    }
    onRow(buffer, offset);
    return row;
  };
  q.row = row;
  return row;
}
