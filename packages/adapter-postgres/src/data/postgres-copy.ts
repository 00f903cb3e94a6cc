import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { AdapterError, tableLabel, type ChunkDescriptor, type LoadOptions, type LoadResult, type TableRef, type UnloadOptions, type UnloadStream } from '@sluice/adapter-kit';
import type { PostgresConnection } from '../postgres-connection.js';
import { wrapPgError } from '../postgres-errors.js';
import { columnListClause, identList } from '../sql/postgres-quote.js';
import { chunkPredicate } from './postgres-chunk-predicate.js';
import { checkQueryClause, checkSample } from './postgres-query-filter.js';
import { streamColumns, tableColumns, tableName, type TableColumns } from './postgres-table-columns.js';
import { loadSkippingErrors } from './postgres-load-skip-errors.js';
import { copyOutOn } from './postgres-copy-out.js';

/** The COPY statement and columns of one unload. */
export interface UnloadPlan {
  readonly sql: string;
  readonly columns: TableColumns['columns'];
  /** A QUERY clause must run read-only: the caller opens a read-only transaction when none is open. */
  readonly readOnly: boolean;
}

/** Build the COPY ... TO STDOUT for a chunk, with QUERY and SAMPLE filters. */
export async function planUnload(conn: PostgresConnection, chunk: ChunkDescriptor, options: UnloadOptions = {}): Promise<UnloadPlan> {
  const info = await tableColumns(conn, chunk.table, 'unload');
  const columns = streamColumns(info, chunk.table, options.columns);
  const name = tableName(chunk.table);
  const where = [chunkPredicate(chunk, info), options.query === undefined ? null : `(${checkQueryClause(options.query)})`].filter((x) => x !== null);
  const list = identList(columns.map((c) => c.name));
  if (where.length === 0 && options.sample === undefined && info.relkind === 'r') {
    return { sql: `COPY ${name}${columnListClause(columns.map((c) => c.name))} TO STDOUT`, columns, readOnly: false };
  }
  // ONLY: an inheritance parent's rows without its children's (they are tables of their own).
  const only = info.relkind === 'r' ? 'ONLY ' : '';
  const sample = options.sample === undefined ? '' : ` TABLESAMPLE BERNOULLI (${checkSample(options.sample)})`;
  const filter = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
  return { sql: `COPY (SELECT ${list} FROM ${only}${name}${sample}${filter}) TO STDOUT`, columns, readOnly: options.query !== undefined };
}

/**
 * Stream one chunk as COPY text. Bytes pass straight from the socket to the consumer. Destroying the
 * stream before its end closes the connection (a COPY cannot be abandoned half way). Its `rowCount`
 * is final once it has ended.
 */
export function unloadStream(conn: PostgresConnection, chunk: ChunkDescriptor, options: UnloadOptions = {}): UnloadStream {
  const object = tableLabel(chunk.table);
  const wrap = (err: unknown): AdapterError => wrapPgError(err, { action: 'unload', object, fallback: 'UNLOAD_FAILED' });
  const out = copyOutOn(conn, '', wrap);
  (async () => {
    const plan = await planUnload(conn, chunk, options);
    const readOnly = plan.readOnly && !conn.inTransaction;
    if (readOnly) await conn.query('BEGIN READ ONLY', [], { action: 'unload', object });
    out.text = plan.sql;
    conn.client.query(out);
    // Queued behind the COPY; after a failed COPY it ends the aborted transaction (as a rollback).
    if (readOnly) conn.client.query('COMMIT').catch(() => undefined);
  })().catch((err: unknown) => {
    // Destroyed with an error: 'error' comes before 'close', so the session (no COPY started) is kept.
    out.destroy(wrap(err));
  });
  return out;
}

/** Counts bytes on their way through. */
class ByteCounter extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

/** Load a COPY text stream with COPY ... FROM STDIN, inside whatever transaction `conn` has open. */
export async function loadStream(conn: PostgresConnection, table: TableRef, data: Readable, options: LoadOptions = {}): Promise<LoadResult> {
  const object = tableLabel(table);
  try {
    // Every non-generated column in table order is what COPY without a column list loads, and a column
    // list given is named to COPY as it is (the server checks it): no catalog round trip for either.
    // Rows to skip one by one are checked against the catalog.
    let list = options.columns === undefined ? '' : columnListClause(options.columns);
    if (options.skipConstraintErrors === true) {
      const info = await tableColumns(conn, table, 'load');
      const columns = streamColumns(info, table, options.columns).map((c) => c.name);
      // A table with no columns has no row a constraint could reject: it takes the plain COPY.
      if (options.skipConstraintErrors && columns.length > 0) return await loadSkippingErrors(conn, table, columns, data);
      list = columnListClause(columns);
    }
    const counter = new ByteCounter({ highWaterMark: 1 << 20 });
    const copy = conn.client.query(copyFrom(`COPY ${tableName(table)}${list} FROM STDIN`));
    await pipeline(data, counter, copy);
    return { rows: copy.rowCount, bytes: counter.bytes };
  } catch (err) {
    data.destroy();
    // A column of the list that the table does not have (SQLSTATE 42703) is a bad argument, as the catalog check said.
    throw wrapPgError(err, { action: 'load', object, fallback: 'LOAD_FAILED', ...((err as { code?: unknown })?.code === '42703' ? { fallback: 'BAD_ARGUMENT', forceFallback: true } : {}) });
  }
}

/**
 * Whether a target table holds a row in one chunk's range (before a first load into a table the
 * import kept). A physical (ctid) range does not identify rows on the target: any row counts.
 */
export async function chunkHasRowsOf(conn: PostgresConnection, table: TableRef, chunk: ChunkDescriptor): Promise<boolean> {
  const object = tableLabel(table);
  const info = await tableColumns(conn, table, 'look into chunk');
  const where = chunk.range.kind === 'ctid' ? null : chunkPredicate({ ...chunk, table }, info);
  const only = info.relkind === 'r' ? 'ONLY ' : '';
  const r = await conn.query(`SELECT 1 FROM ${only}${tableName(table)}${where === null ? '' : ` WHERE ${where}`} LIMIT 1`, [], { action: 'look into chunk of', object });
  return r.rows.length > 0;
}

/** Delete one chunk's rows from a target table (before reloading it). Physical (ctid) chunks cannot be found again on a target. */
export async function deleteChunkRows(conn: PostgresConnection, table: TableRef, chunk: ChunkDescriptor): Promise<number> {
  const object = tableLabel(table);
  if (chunk.range.kind === 'ctid') {
    throw new AdapterError(
      'UNSUPPORTED',
      `Cannot delete chunk ${chunk.index + 1} of ${object}: it is a physical (ctid) range of the source, which does not identify rows on the target. Load such chunks in one transaction with their master row, or truncate the table.`,
      { object },
    );
  }
  const info = await tableColumns(conn, table, 'delete chunk');
  const where = chunkPredicate({ ...chunk, table }, info);
  const only = info.relkind === 'r' ? 'ONLY ' : '';
  const r = await conn.query(`DELETE FROM ${only}${tableName(table)}${where === null ? '' : ` WHERE ${where}`}`, [], { action: 'delete chunk of', object });
  return r.rowCount ?? 0;
}
