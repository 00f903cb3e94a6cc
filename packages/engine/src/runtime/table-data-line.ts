import { isTransientFailure, type MasterRow, type TableRef } from '@sluice/adapter-kit';
import { quotedTable, tableDataLine } from '../log/index.js';
import type { ItemLease, TableLatch } from '../master-table/index.js';
import { payloadOf, type DataPayload } from './item-payload.js';
import type { RunContext } from './run-context.js';
import type { Worker } from './worker-pool.js';

/**
 * After a chunk finishes: if it was the last unfinished chunk of its table (or partition), log the
 * table's data line once, whichever worker of whichever process gets there first.
 */
export async function logTableIfDone(ctx: RunContext, worker: Worker, item: MasterRow, verb: 'exported' | 'imported', shownAs: (table: TableRef) => TableRef): Promise<void> {
  // The chunk is done already: a deadlock or a lost connection here must not count against it. The
  // look is tried again; if it keeps failing, the latch stays OPEN and the job's end logs the line.
  for (let attempt = 1; ; attempt++) {
    try {
      return await logIfDone(ctx, worker, item, verb, shownAs);
    } catch (error) {
      if (!isTransientFailure(error)) throw error;
      if (attempt >= LOOK_TRIES) return;
    }
  }
}

/** Times a table's data line is looked for after a transient failure. */
const LOOK_TRIES = 3;

async function logIfDone(ctx: RunContext, worker: Worker, item: MasterRow, verb: 'exported' | 'imported', shownAs: (table: TableRef) => TableRef): Promise<void> {
  const schema = item.objectSchema ?? '';
  const name = item.objectName ?? '';
  const summary = await ctx.store.chunkSummary(schema, name, item.partitionName);
  if (summary.unfinished > 0 || summary.done === 0) return;
  if (!(await ctx.store.latchTableData(schema, name, item.partitionName))) return;
  // Once per table: the rejected-row counts live in the chunks' payloads.
  let rejected = 0;
  for (const r of await ctx.store.items({ itemKind: 'DATA', schema, name, states: ['DONE'] })) {
    if (r.partitionName === item.partitionName) rejected += (payloadOf(r) as DataPayload).rejected ?? 0;
  }
  const { rows, bytes } = summary;
  const first = summary.firstStart?.getTime() ?? Date.now();
  const shown = shownAs({ schema, name });
  const seconds = ctx.log.metrics ? Math.max(0, Math.round((Date.now() - first) / 1000)) : undefined;
  ctx.log.worker(worker.number, tableDataLine({ verb, table: quotedTable(shown.schema, shown.name, item.partitionName), bytes, rows, rejected, ...(seconds === undefined ? {} : { seconds }) }));
}

/** The line of a table whose only chunk flips the table's latch as it completes. */
export interface OnlyChunkLine {
  /** The table whose TABLE_DATA latch the chunk's completion flips (`complete`'s `latch` option). */
  readonly latch: TableLatch;
  /** After the completion: log the table's line if the completion flipped its latch. */
  log(latched: boolean, figures: { rows: number; bytes: number; rejected: number }): void;
}

/**
 * For a chunk that is its table's only one (no partition, loaded where it was read from): the
 * table's latch is flipped by the chunk's own completion, in its transaction (on PostgreSQL in the
 * same statement), so no lookup of the table's other chunks is needed. Undefined when the table has
 * more chunks (then logTableIfDone follows the completion).
 */
export function onlyChunkLine(ctx: RunContext, worker: Worker, lease: ItemLease, verb: 'exported' | 'imported', shownAs: (table: TableRef) => TableRef): OnlyChunkLine | undefined {
  const item = lease.item;
  const payload = payloadOf(item) as DataPayload;
  if (payload.chunk.count !== 1 || payload.chunk.partition !== undefined || payload.loadInto !== undefined || item.partitionName !== null) return undefined;
  const schema = item.objectSchema ?? '';
  const name = item.objectName ?? '';
  const first = item.startedAt?.getTime() ?? Date.now();
  return {
    latch: { schema, name },
    log(latched, { rows, bytes, rejected }) {
      if (!latched) return;
      const shown = shownAs({ schema, name });
      const seconds = ctx.log.metrics ? Math.max(0, Math.round((Date.now() - first) / 1000)) : undefined;
      ctx.log.worker(worker.number, tableDataLine({ verb, table: quotedTable(shown.schema, shown.name), bytes, rows, rejected, ...(seconds === undefined ? {} : { seconds }) }));
    },
  };
}

/**
 * At the end of a job: the lines of tables whose last chunk finished in a process that died before
 * logging them (their latch is still OPEN).
 */
export async function logRemainingTables(ctx: RunContext, verb: 'exported' | 'imported', shownAs: (table: TableRef) => TableRef): Promise<void> {
  const open = await ctx.store.items({ itemKind: 'TABLE_DATA', states: ['OPEN'] });
  const worker = { number: 1 } as Worker;
  for (const latch of open) await logTableIfDone(ctx, worker, latch, verb, shownAs);
}
