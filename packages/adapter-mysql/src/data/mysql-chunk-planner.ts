import type { CatalogObject, ChunkDescriptor, ChunkPlanOptions, ChunkRange, TableRef } from '@sluice/adapter-kit';
import { AdapterError } from '@sluice/adapter-kit';
import type { MysqlConnection } from '../mysql-connection.js';
import type { MysqlTableDetail } from '../model/mysql-details.js';
import { qualifyPartition } from '../sql/mysql-quote.js';
import { estimateTable, partitionSizes, type PartitionSize } from './mysql-estimate.js';
import { resolveChunkKey, splitByKey, type ChunkKey } from './mysql-key-split.js';

const DEFAULT_MAX_CHUNKS = 1024;
const WHOLE: ChunkRange = { kind: 'whole' };

/** The chunks of one table, or of one partition, before they are numbered across the table. */
interface Slice {
  readonly partition?: string;
  readonly ranges: readonly ChunkRange[];
  readonly bytes: number;
}

/**
 * Cut a table into chunks of about `targetBytes` by key ranges that together cover every row once
 * (see splitByKey); a table without a usable key is one whole chunk. A partitioned table is cut one
 * partition at a time, so every chunk names its partition: PARTITION_LIST can pick chunks and a chunk
 * reads and deletes only `PARTITION (p)`. Chunks are numbered 0..count-1 across the whole table.
 */
export async function planTableChunks(conn: MysqlConnection, object: CatalogObject, options: ChunkPlanOptions): Promise<ChunkDescriptor[]> {
  if (object.schema === null) throw new AdapterError('BAD_ARGUMENT', `Cannot plan chunks for ${object.kind} ${object.name} without a schema`);
  if (!(options.targetBytes > 0)) throw new AdapterError('BAD_ARGUMENT', `targetBytes must be positive, got ${String(options.targetBytes)}`);
  const table: TableRef = { schema: object.schema, name: object.name };
  const detail = object.detail as Partial<MysqlTableDetail>;
  const maxChunks = Math.max(1, options.maxChunks ?? DEFAULT_MAX_CHUNKS);
  // The key's columns are only looked up once some table or partition is big enough to split.
  let key: Promise<ChunkKey | null> | undefined;
  const chunkKey = (): Promise<ChunkKey | null> => (key ??= resolveChunkKey(conn, table, detail.keyColumns ?? []));
  const partitions = detail.tableKind === 'partitioned' ? (detail.partitions ?? []) : [];
  if (detail.systemVersioning !== undefined) {
    // Every version of every row in one chunk: history rows cannot be deleted by key range or
    // partition, so only a whole table can be cleared and reloaded on a restart.
    const size = await estimateTable(conn, table, 'BLOCKS');
    return [{ table, index: 0, count: 1, range: WHOLE, estimatedBytes: size.bytes }];
  }

  const slices: Slice[] = [];
  if (partitions.length === 0 && options.knownBytes !== undefined && options.knownBytes <= options.targetBytes) {
    // Small enough for one chunk by the size the estimate just read: no second look at the catalog.
    slices.push({ ranges: [WHOLE], bytes: options.knownBytes });
  } else if (partitions.length === 0) {
    const size = await estimateTable(conn, table, 'BLOCKS');
    const wanted = Math.min(maxChunks, Math.ceil(size.bytes / options.targetBytes));
    slices.push({ ranges: await cut(conn, qualifyPartition(table.schema, table.name, undefined), size, wanted, chunkKey), bytes: size.bytes });
  } else {
    const sizes = await partitionSizes(conn, table);
    const of = (p: string): PartitionSize => sizes.get(p) ?? { bytes: 0, rows: 0 };
    const budgets = partitionBudgets(
      partitions.map((p) => of(p).bytes),
      options.targetBytes,
      maxChunks,
    );
    for (const [i, partition] of partitions.entries()) {
      const size = of(partition);
      const from = qualifyPartition(table.schema, table.name, partition);
      slices.push({ partition, ranges: await cut(conn, from, size, budgets[i] ?? 1, chunkKey), bytes: size.bytes });
    }
  }

  const count = slices.reduce((n, s) => n + s.ranges.length, 0);
  const chunks: ChunkDescriptor[] = [];
  for (const s of slices) {
    const estimatedBytes = Math.round(s.bytes / s.ranges.length);
    for (const range of s.ranges) chunks.push({ table, ...(s.partition === undefined ? {} : { partition: s.partition }), index: chunks.length, count, range, estimatedBytes });
  }
  return chunks;
}

/** Key ranges for the rows of `from`, or one whole chunk when it is small, has no key or cannot be cut. */
async function cut(conn: MysqlConnection, from: string, size: PartitionSize, wanted: number, chunkKey: () => Promise<ChunkKey | null>): Promise<readonly ChunkRange[]> {
  if (wanted <= 1) return [WHOLE];
  const key = await chunkKey();
  if (key === null) return [WHOLE];
  return (await splitByKey(conn, from, key, wanted, size.rows)) ?? [WHOLE];
}

/**
 * How many chunks each partition aims for: about bytes / targetBytes and at least one. When that adds
 * up to more than maxChunks, what is above one chunk per partition is scaled down to fit; a table with
 * more partitions than maxChunks still gets one chunk per partition, since a chunk never spans two.
 */
export function partitionBudgets(bytes: readonly number[], targetBytes: number, maxChunks: number): number[] {
  const wanted = bytes.map((b) => Math.max(1, Math.ceil(b / targetBytes)));
  const total = wanted.reduce((a, b) => a + b, 0);
  const surplus = total - wanted.length;
  if (total <= maxChunks || surplus === 0) return wanted;
  const extra = Math.max(0, maxChunks - wanted.length);
  return wanted.map((w) => 1 + Math.floor((extra * (w - 1)) / surplus));
}
