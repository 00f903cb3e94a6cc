import { isTableObject, type Adapter, type AdapterConnection, type CatalogObject, type ChunkDescriptor, type MasterRow, type SizeEstimate, type TableRef } from '@sluice/adapter-kit';
import { formatSize, quotedTable, tableDataLine } from '../log/index.js';
import { dataItem, tableDataItem } from './item-payload.js';
import { DATA_PRIORITY } from './object-order.js';
import type { RunContext } from './run-context.js';
import { errorText } from './worker-pool.js';

// Chunk planning, shared by an export and an import over a network link: which tables have rows to
// move, their size estimates, their chunks (about JobTuning.chunkTargetBytes each), and the master
// rows of those chunks.

/** A table with rows to move, and its size estimate. */
export interface DataTable {
  readonly object: CatalogObject;
  readonly ref: TableRef;
  readonly estimate: number;
  /** The size on disk the estimate read along (chunk planning then skips its own lookup for a small table). */
  readonly diskBytes?: number;
}

/**
 * The tables of a selection whose rows move: TABLE objects with data, INCLUDE_ROWS on, and (for a
 * partition) named by PARTITION_LIST when the parent has one.
 */
export function dataTables(ctx: RunContext, selected: readonly CatalogObject[]): CatalogObject[] {
  return selected.filter((o) => {
    if (!isTableObject(o) || o.schema === null) return false;
    const detail = o.detail;
    if (detail.hasData === false) return false;
    const ref = { schema: o.schema, name: o.name };
    if (!ctx.filters.includeRows(ref)) return false;
    if (detail.partitionOf !== undefined) {
      const list = ctx.filters.partitions(detail.partitionOf.parent);
      if (list !== undefined && !list.includes(o.name)) return false;
    }
    return true;
  });
}

/** Estimate every data table (ESTIMATE=BLOCKS|STATISTICS), logging as Data Pump does. */
export async function estimateTables(ctx: RunContext, source: Adapter, conn: AdapterConnection, tables: readonly CatalogObject[], perTable: boolean): Promise<DataTable[]> {
  let method = ctx.params.estimate;
  const methods = source.data.estimateMethods;
  if (!methods.includes(method) && methods[0] !== undefined) {
    ctx.log.info(`ESTIMATE=${method} is not available for ${source.name}; using ${methods[0]}.`);
    method = methods[0];
  }
  ctx.log.info(`Estimate in progress using ${method} method...`);
  ctx.paths.begin(`${ctx.prefix}/TABLE/TABLE_DATA`, 1);
  const refs = tables.map((object) => ({ schema: object.schema ?? '', name: object.name }));
  const out: DataTable[] = [];
  let total = 0;
  // Every table in a few statements where the adapter can; over a few connections, one table at a
  // time, otherwise or after a failure.
  const key = (t: TableRef): string => JSON.stringify([t.schema, t.name]);
  let many: Map<string, SizeEstimate> | undefined;
  if (refs.length > 1) {
    try {
      const found = await source.data.estimateMany(conn, refs, method);
      many = new Map(found.map((e) => [key(e.table), e]));
    } catch {
      many = undefined;
    }
  }
  const missing = many === undefined ? refs : refs.filter((r) => !many.has(key(r)));
  const laneResults = missing.length === 0 ? [] : await estimateInLanes(ctx, source, conn, missing, method);
  const fromLanes = new Map(missing.map((r, i) => [key(r), laneResults[i]]));
  for (const [i, object] of tables.entries()) {
    ctx.checkStop();
    const ref = refs[i] as TableRef;
    const result = many?.get(key(ref)) ?? fromLanes.get(key(ref));
    let estimate = 0;
    let diskBytes: number | undefined;
    if (result instanceof Error) ctx.log.info(`Could not estimate ${quotedTable(ref.schema, ref.name)}: ${errorText(result)}`);
    else if (result !== undefined) {
      estimate = result.bytes;
      diskBytes = result.diskBytes;
    }
    total += estimate;
    if (perTable) ctx.log.info(tableDataLine({ verb: 'estimated', table: quotedTable(ref.schema, ref.name), bytes: estimate }));
    out.push({ object, ref, estimate, ...(diskBytes === undefined ? {} : { diskBytes }) });
  }
  ctx.log.info(`Total estimation using ${method} method: ${formatSize(total)}`);
  return out;
}

/** Connections estimates run on at once (the caller's and up to two more): each is a catalog round trip per table. */
const ESTIMATE_LANES = 3;
/** Below this many tables the extra connections are not worth opening. */
const LANES_FROM = 64;

/**
 * The estimate of each table (or what it failed with), run over a few connections at once:
 * statistics and sizes need no snapshot, and thousands of tables cost thousands of round trips.
 */
async function estimateInLanes(ctx: RunContext, source: Adapter, conn: AdapterConnection, refs: readonly TableRef[], method: 'STATISTICS' | 'BLOCKS'): Promise<(SizeEstimate | Error)[]> {
  const extra: AdapterConnection[] = [];
  if (refs.length >= LANES_FROM) {
    for (let n = 1; n < ESTIMATE_LANES; n++) {
      // Only a speed-up: a server short of connections estimates on the caller's alone.
      const c = await source.connector.connect(`sluice ${ctx.def.jobName} estimate`).catch(() => undefined);
      if (c === undefined) break;
      extra.push(c);
    }
  }
  const lanes = [conn, ...extra];
  const results: (SizeEstimate | Error)[] = new Array<SizeEstimate | Error>(refs.length);
  try {
    await Promise.all(
      lanes.map(async (c, lane) => {
        for (let i = lane; i < refs.length; i += lanes.length) {
          ctx.checkStop();
          try {
            results[i] = await source.data.estimate(c, refs[i] as TableRef, method);
          } catch (error) {
            results[i] = error instanceof Error ? error : new Error(String(error));
          }
        }
      }),
    );
  } finally {
    await Promise.all(extra.map((c) => c.close().catch(() => undefined)));
  }
  return results;
}

/**
 * Plan the chunks of each table (largest tables first, so parallel workers end together). With
 * `physical`, tables without a QUERY filter are cut by physical position where the source can (a
 * sequential read per chunk); such chunks can only be loaded in one transaction with their master row.
 */
export async function planTableChunks(ctx: RunContext, source: Adapter, conn: AdapterConnection, tables: readonly DataTable[], physical: boolean): Promise<ChunkDescriptor[]> {
  const chunks: ChunkDescriptor[] = [];
  for (const t of [...tables].sort((a, b) => b.estimate - a.estimate)) {
    ctx.checkStop();
    const filtered = ctx.filters.unloadOptions(t.ref).query !== undefined;
    const known = t.diskBytes === undefined ? {} : { knownBytes: t.diskBytes };
    let planned = await source.data.planChunks(conn, t.object, { targetBytes: ctx.tuning.chunkTargetBytes, physical: physical && !filtered, ...known });
    // An empty table still gets one chunk, so its line (0 rows) is logged and imported.
    if (planned.length === 0) planned = [{ table: t.ref, index: 0, count: 1, range: { kind: 'whole' }, estimatedBytes: t.estimate }];
    // PARTITION_LIST: only the named partitions' chunks (none, when it names none of this table's).
    const list = ctx.filters.partitions(t.ref);
    if (list !== undefined) planned = planned.filter((c) => c.partition === undefined || list.includes(c.partition));
    chunks.push(...planned);
  }
  // Chunks run in plan order: the source may look up what their unloads need many tables at a time.
  const order = new Map<string, TableRef>();
  for (const c of chunks) order.set(JSON.stringify([c.table.schema, c.table.name]), c.table);
  source.data.prepareUnload([...order.values()]);
  return chunks;
}

/**
 * DATA items for chunks, ids from `firstId`, then the TABLE_DATA latches of tables (and partitions)
 * cut into several chunks. A table whose only chunk it is needs none: that chunk's worker logs its
 * line (see onlyChunkLine), so thousands of small tables add no latch rows to plan, complete and
 * carry in the set's master.
 */
export function chunkItems(ctx: RunContext, chunks: readonly ChunkDescriptor[], encoding: string, firstId: number): MasterRow[] {
  const items: MasterRow[] = [];
  let id = firstId;
  const latches = new Set<string>();
  for (const chunk of chunks) items.push(dataItem(id++, ctx.prefix, chunk, encoding, DATA_PRIORITY));
  for (const chunk of chunks) {
    if (chunk.count === 1 && chunk.partition === undefined) continue;
    const key = JSON.stringify([chunk.table.schema, chunk.table.name, chunk.partition ?? null]);
    if (latches.has(key)) continue;
    latches.add(key);
    items.push(tableDataItem(id++, ctx.prefix, chunk.table, chunk.partition));
  }
  return items;
}
