import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { AdapterError, type ChunkDescriptor, type LoadResult, type TableRef, type UnloadStream } from '@sluice/adapter-kit';
import type { PostgresConnection } from '../postgres-connection.js';
import { wrapPgError } from '../postgres-errors.js';
import { copyOutOn } from './postgres-copy-out.js';

/**
 * Large objects' data travels as the rows of one pseudo table, `pg_catalog.pg_largeobject` (where
 * the server keeps it): chunks are ranges of large-object oids, each row one piece (oid, offset,
 * bytes) read with `lo_get(oid, offset, length)` and written with `lo_put`, so no large object is
 * ever held whole in memory and a reloaded chunk writes the same bytes at the same places.
 */
export const LARGE_OBJECT_DATA: TableRef = { schema: 'pg_catalog', name: 'pg_largeobject' };

/** Bytes per piece: small enough to stay well inside memory, large enough that rows stay few. */
export const LARGE_OBJECT_PIECE = 65_536;

/** Whether a table reference names the large objects' data. */
export function isLargeObjectData(table: TableRef): boolean {
  return table.schema === LARGE_OBJECT_DATA.schema && table.name === LARGE_OBJECT_DATA.name;
}

/** A whole number, for oids written into SQL. */
function oidText(value: string | undefined, what: string): string {
  if (value === undefined || !/^\d+$/.test(value)) throw new AdapterError('BAD_ARGUMENT', `A large-object chunk's ${what} bound must be an oid, got ${JSON.stringify(value)}.`);
  return value;
}

/** The WHERE clause of a chunk's oid range. */
function rangePredicate(chunk: ChunkDescriptor, column: string): string {
  const r = chunk.range;
  if (r.kind === 'whole') return 'true';
  if (r.kind !== 'key') throw new AdapterError('BAD_ARGUMENT', `A large-object chunk is a range of oids, not a ${r.kind} range.`);
  const parts: string[] = [];
  if (r.lower !== undefined) parts.push(`${column} >= ${oidText(r.lower[0], 'lower')}::oid`);
  if (r.upper !== undefined) parts.push(`${column} < ${oidText(r.upper[0], 'upper')}::oid`);
  return parts.length === 0 ? 'true' : parts.join(' AND ');
}

/** Chunks of about `targetBytes`, by oid ranges over the large objects (their average size from the table's size). */
export async function planLargeObjectChunks(conn: PostgresConnection, targetBytes: number): Promise<ChunkDescriptor[]> {
  const r = await conn.query<{ oids: string[]; bytes: string }>(
    `SELECT ARRAY(SELECT m.oid::text FROM pg_largeobject_metadata m ORDER BY m.oid) AS oids, pg_relation_size('pg_catalog.pg_largeobject')::text AS bytes`,
    [],
    { action: 'plan chunks of', object: 'large objects' },
  );
  const oids = r.rows[0]?.oids ?? [];
  if (oids.length === 0) return [];
  const average = Math.max(1, Number(r.rows[0]?.bytes ?? 0) / oids.length);
  const perChunk = Math.max(1, Math.floor(targetBytes / average));
  const count = Math.ceil(oids.length / perChunk);
  const chunks: ChunkDescriptor[] = [];
  for (let i = 0; i < count; i++) {
    const lower = i === 0 ? undefined : oids[i * perChunk];
    const upper = i === count - 1 ? undefined : oids[(i + 1) * perChunk];
    chunks.push({
      table: LARGE_OBJECT_DATA,
      index: i,
      count,
      range: { kind: 'key', columns: ['oid'], ...(lower === undefined ? {} : { lower: [lower] }), ...(upper === undefined ? {} : { upper: [upper] }) },
      estimatedBytes: Math.round(average * Math.min(perChunk, oids.length - i * perChunk)),
    });
  }
  return chunks;
}

/**
 * The pieces of a chunk's large objects as COPY text (oid, offset, bytes). A recursive query per
 * large object reads it piece by piece until a short piece, inside the snapshot.
 */
export function unloadLargeObjects(conn: PostgresConnection, chunk: ChunkDescriptor): UnloadStream {
  const wrap = (err: unknown): AdapterError => wrapPgError(err, { action: 'unload', object: 'large objects', fallback: 'UNLOAD_FAILED' });
  const n = LARGE_OBJECT_PIECE;
  const sql = `COPY (SELECT m.oid, p.off, p.data FROM pg_catalog.pg_largeobject_metadata m
      CROSS JOIN LATERAL (
        WITH RECURSIVE p(off, data) AS (
          SELECT 0::bigint, pg_catalog.lo_get(m.oid, 0, ${n})
          UNION ALL
          SELECT p.off + ${n}, pg_catalog.lo_get(m.oid, p.off + ${n}, ${n}) FROM p WHERE length(p.data) = ${n})
        SELECT off, data FROM p) p
     WHERE ${rangePredicate(chunk, 'm.oid')}) TO STDOUT`;
  const out = copyOutOn(conn, sql, wrap);
  try {
    conn.client.query(out);
  } catch (err) {
    out.destroy(wrap(err));
  }
  return out;
}

/**
 * Write pieces (COPY text of oid, offset, bytes) into the large objects, which their LARGE_OBJECT
 * items created: COPY into a temporary table, then one `lo_put` per piece, inside whatever
 * transaction `conn` has open (the chunk and its master row commit together).
 */
export async function loadLargeObjects(conn: PostgresConnection, data: Readable): Promise<LoadResult> {
  const context = { action: 'load', object: 'large objects', fallback: 'LOAD_FAILED' as const };
  try {
    await conn.query('CREATE TEMPORARY TABLE IF NOT EXISTS sluice_lo_pieces (loid oid, off bigint, data bytea)', [], context);
    await conn.query('TRUNCATE pg_temp.sluice_lo_pieces', [], context);
    let bytes = 0;
    const counter = new Transform({
      transform(b: Buffer, _enc, done) {
        bytes += b.length;
        done(null, b);
      },
    });
    await pipeline(data, counter, conn.client.query(copyFrom('COPY pg_temp.sluice_lo_pieces (loid, off, data) FROM STDIN')));
    // Where TABLE_EXISTS_ACTION (APPEND, TRUNCATE) skipped their LARGE_OBJECT items, the large objects missing are made here.
    await conn.query(
      `SELECT count(pg_catalog.lo_create(p.loid)) FROM (SELECT DISTINCT loid FROM pg_temp.sluice_lo_pieces) p
        WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_largeobject_metadata m WHERE m.oid = p.loid)`,
      [],
      context,
    );
    const r = await conn.query<{ n: string }>('SELECT count(pg_catalog.lo_put(loid, off, data))::text AS n FROM pg_temp.sluice_lo_pieces', [], context);
    await conn.query('TRUNCATE pg_temp.sluice_lo_pieces', [], context);
    return { rows: Number(r.rows[0]?.n ?? 0), bytes };
  } catch (err) {
    data.destroy();
    throw wrapPgError(err, context);
  }
}

/** Empty the large objects of a chunk's range before it is loaded again (a target off the home database). */
export async function clearLargeObjects(conn: PostgresConnection, chunk: ChunkDescriptor): Promise<number> {
  // INV_WRITE: 0x20000.
  const r = await conn.query<{ n: string }>(
    `SELECT count(pg_catalog.lo_truncate(pg_catalog.lo_open(m.oid, 131072), 0))::text AS n FROM pg_catalog.pg_largeobject_metadata m WHERE ${rangePredicate(chunk, 'm.oid')}`,
    [],
    { action: 'clear chunk of', object: 'large objects' },
  );
  return Number(r.rows[0]?.n ?? 0);
}

/** Whether a large object of a chunk's range has content already (the import's own are empty until their chunk loads). */
export async function largeObjectsHaveContent(conn: PostgresConnection, chunk: ChunkDescriptor): Promise<boolean> {
  const r = await conn.query(`SELECT 1 FROM pg_catalog.pg_largeobject_metadata m WHERE ${rangePredicate(chunk, 'm.oid')} AND pg_catalog.length(pg_catalog.lo_get(m.oid, 0, 1)) > 0 LIMIT 1`, [], {
    action: 'look into chunk of',
    object: 'large objects',
  });
  return r.rows.length > 0;
}

/** Whether the target has large objects already (TABLE_EXISTS_ACTION and CONTENT=DATA_ONLY see them as the pseudo table). */
export async function largeObjectsExist(conn: PostgresConnection): Promise<boolean> {
  const r = await conn.query('SELECT 1 FROM pg_catalog.pg_largeobject_metadata LIMIT 1', [], { action: 'check', object: 'large objects' });
  return r.rows.length > 0;
}
