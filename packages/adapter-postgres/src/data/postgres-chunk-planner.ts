import type { CatalogObject, ChunkDescriptor, ChunkPlanOptions, ChunkRange, TableRef } from '@sluice/adapter-kit';
import { AdapterError, isTableObject, tableLabel } from '@sluice/adapter-kit';
import type { PostgresConnection } from '../postgres-connection.js';
import { identList, quoteIdent } from '../sql/postgres-quote.js';
import { tableName } from './postgres-table-columns.js';

const DEFAULT_MAX_CHUNKS = 1024;
/** Below this many rows every key is read to cut exact boundaries; above, a page sample is used. */
const EXACT_ROWS = 200_000;
/**
 * Sampled heap pages per chunk. TABLESAMPLE SYSTEM draws whole pages, and the rows of one page are
 * neighbours in key order when the table was filled in that order, so it is the number of pages, not
 * of rows, that makes the quantiles (and the chunks) even: 50 rows (one page or so) per chunk gave
 * chunks from 1 MB to 100 MB for a 32 MB target; 64 pages per chunk reads a few MB to plan.
 */
const SAMPLE_PAGES_PER_CHUNK = 64;

/** TID Range Scan (a ctid range read as a sequential scan of its pages) arrived in PostgreSQL 14. */
const TID_RANGE_SCAN = 140000;

/**
 * Cut a table into chunks of about `targetBytes` (on-disk size, TOAST included). Without a key, or
 * with `physical` on PostgreSQL 14+, they are ranges of heap pages (ctid), which PostgreSQL reads
 * directly and in order (TID range scan). Otherwise, with a key (primary key or unique NOT NULL key),
 * they are key ranges whose boundaries are quantiles of the keys, read exactly for small tables and
 * from a TABLESAMPLE SYSTEM page sample for large ones. Together the chunks cover every row exactly
 * once whatever the data.
 */
export async function planChunks(conn: PostgresConnection, table: CatalogObject, options: ChunkPlanOptions): Promise<ChunkDescriptor[]> {
  if (!isTableObject(table) || table.schema === null) {
    throw new AdapterError('BAD_ARGUMENT', `Chunks are planned for TABLE objects, not ${table.kind} ${table.name}.`);
  }
  const detail = table.detail;
  if (!(options.targetBytes > 0)) throw new AdapterError('BAD_ARGUMENT', `targetBytes must be positive, got ${options.targetBytes}.`);
  if (detail.hasData === false) return [];
  const ref: TableRef = { schema: table.schema, name: table.name };
  // Small enough for one chunk by the size the estimate just read: no second look at the catalog.
  if (options.knownBytes !== undefined && options.knownBytes <= options.targetBytes) {
    return [{ table: ref, index: 0, count: 1, range: { kind: 'whole' }, estimatedBytes: options.knownBytes }];
  }
  const object = tableLabel(ref);
  const size = await conn.query<{ bytes: string; main: string; tuples: number; block: number; version: number }>(
    `SELECT pg_table_size(c.oid)::text AS bytes, pg_relation_size(c.oid)::text AS main, c.reltuples AS tuples,
            current_setting('block_size')::int AS block, current_setting('server_version_num')::int AS version
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`,
    [ref.schema, ref.name],
    { action: 'plan chunks of', object },
  );
  const row = size.rows[0];
  if (row === undefined) throw new AdapterError('NO_SUCH_TABLE', `Cannot plan chunks of ${object}: the table does not exist.`, { object });
  const bytes = Number(row.bytes);
  const wanted = Math.max(1, Math.min(options.maxChunks ?? DEFAULT_MAX_CHUNKS, Math.ceil(bytes / options.targetBytes)));
  const whole = (): ChunkDescriptor[] => [{ table: ref, index: 0, count: 1, range: { kind: 'whole' }, estimatedBytes: bytes }];
  if (wanted === 1) return whole();

  let ranges: ChunkRange[];
  const byKey = detail.keyColumns.length > 0 && !(options.physical === true && row.version >= TID_RANGE_SCAN);
  if (byKey) {
    const pages = Math.max(1, Math.ceil(Number(row.main) / row.block));
    const bounds = await keyBoundaries(conn, ref, detail.keyColumns, wanted, row.tuples, pages);
    if (bounds.length === 0) return whole();
    ranges = [undefined, ...bounds].map((lower, i) => {
      const upper = bounds[i];
      return { kind: 'key', columns: detail.keyColumns, ...(lower === undefined ? {} : { lower }), ...(upper === undefined ? {} : { upper }) } as ChunkRange;
    });
  } else {
    ranges = pageRanges(Math.ceil(Number(row.main) / row.block), wanted);
    if (ranges.length <= 1) return whole();
  }
  return ranges.map((range, index) => ({ table: ref, index, count: ranges.length, range, estimatedBytes: Math.round(bytes / ranges.length) }));
}

/**
 * At most `wanted` ctid ranges of about equal page counts over pages [0, pages): each starts where the
 * previous one ends, the first at page 0, and the last is open-ended, so that pages added after
 * planning are read too (the snapshot decides which of their rows are visible).
 */
export function pageRanges(pages: number, wanted: number): ChunkRange[] {
  const n = Math.max(1, Math.min(wanted, pages));
  return Array.from({ length: n }, (_, i) => {
    const fromPage = Math.floor((i * pages) / n);
    return i === n - 1 ? { kind: 'ctid', fromPage } : { kind: 'ctid', fromPage, toPage: Math.floor(((i + 1) * pages) / n) };
  });
}

/** n-1 key tuples (text form) splitting the keys into n groups of about equal row counts. */
async function keyBoundaries(conn: PostgresConnection, ref: TableRef, keys: readonly string[], n: number, tuples: number, pages: number): Promise<string[][]> {
  const list = identList(keys);
  const texts = keys.map((k, i) => `${quoteIdent(k)}::text AS sluice_k${i}`).join(', ');
  const percent = tuples > EXACT_ROWS ? Math.min(100, (100 * n * SAMPLE_PAGES_PER_CHUNK) / pages) : 100;
  const sample = percent < 100 ? ` TABLESAMPLE SYSTEM (${percent.toFixed(6)})` : '';
  const r = await conn.query<Record<string, string>>(
    `SELECT DISTINCT ON (sluice_bucket) ${keys.map((_, i) => `sluice_k${i}`).join(', ')}
       FROM (SELECT ${texts}, ${list}, ntile(${n}) OVER (ORDER BY ${list}) AS sluice_bucket FROM ONLY ${tableName(ref)}${sample}) s
      ORDER BY sluice_bucket, ${list}`,
    [],
    { action: 'plan chunks of', object: tableLabel(ref) },
  );
  return r.rows.slice(1).map((row) => keys.map((_, i) => row[`sluice_k${i}`]!));
}
