import type { Adapter, AdapterConnection, ChunkDescriptor, MasterRow, TableRef } from '@sluice/adapter-kit';
import { JobError } from '../errors.js';
import { quotedTable } from '../log/index.js';
import type { ItemLease } from '../master-table/index.js';
import { payloadOf, type DataPayload, type MetadataPayload, type TableDecision } from './item-payload.js';
import type { RunContext } from './run-context.js';

/** What a chunk's load does first: clear what an earlier attempt left, just load, or nothing (the item was lost). */
export type BeforeLoad = 'clear' | 'load' | 'lost';

/** How an earlier attempt's rows can outlive it: committed off the home database, or kept by a table without transactions. */
export type LeftBy = 'own-transaction' | 'no-transactions';

/**
 * Keeps a redo of a chunk from deleting rows a table held before the import. A chunk reloaded after
 * an interrupted attempt is cleared first (`deleteChunk`, every row in its range) when that attempt's
 * rows may have outlived it; in a table that existed and kept its rows (TABLE_EXISTS_ACTION=APPEND),
 * the range may hold the user's rows too. So before the first load into such a table, whether the
 * range held rows is recorded in the item's master row (committed before the load); a redo clears a
 * range that was empty and stops the job rather than delete rows that were there. Tables the import
 * created or emptied (TRUNCATE, REPLACE) hold nothing of the user's: no look, no record.
 */
export class KeptRowsGuard {
  private readonly ctx: RunContext;
  private readonly target: Adapter;
  /** Per table item (schema, name of the source): whether the table kept rows from before the import. */
  private readonly keeps = new Map<string, Promise<boolean>>();

  constructor(ctx: RunContext, target: Adapter) {
    this.ctx = ctx;
    this.target = target;
  }

  /**
   * Before a chunk loads into `ref` on `conn` (`chunk`: its range in `ref`). `leftBy` says how an
   * earlier attempt's rows could have outlived it, or undefined when they cannot (they went with its
   * rollback).
   */
  async beforeLoad(lease: ItemLease, ref: TableRef, chunk: ChunkDescriptor, conn: AdapterConnection, leftBy: () => Promise<LeftBy | undefined>): Promise<BeforeLoad> {
    const payload = payloadOf(lease.item) as DataPayload;
    const recorded = payload.rangeHeld;
    if (recorded === undefined && !(await this.keptRows(lease.item))) return lease.reclaimed && (await leftBy()) !== undefined ? 'clear' : 'load';
    const left = await leftBy();
    if (left === undefined) return 'load';
    if (recorded === undefined) {
      // Every attempt records this before it loads: an earlier one that did not loaded nothing.
      const held = await this.target.data.chunkHasRows(conn, ref, chunk);
      return (await lease.checkpoint({ payload: JSON.stringify({ ...payload, rangeHeld: held }) })) ? 'load' : 'lost';
    }
    if (!lease.reclaimed) return 'load';
    // The attempt before this one rolled back in the target: nothing of it is there to clear.
    if (recorded && payload.undoneAttempt === lease.item.attempts - 1) return 'load';
    if (recorded) throw this.heldError(payload, ref, left);
    return 'clear';
  }

  /**
   * Off the home database, after a failed attempt whose target transaction rolled back: where the
   * range held rows, record that this attempt left nothing (its table has transactions), so a redo
   * loads without clearing instead of stopping the job. Best effort: without the record, it stops.
   */
  async rolledBack(lease: ItemLease, rollsBack: () => Promise<boolean>): Promise<void> {
    const payload = payloadOf(lease.item) as DataPayload;
    if (payload.rangeHeld !== true || lease.ended) return;
    try {
      if (await rollsBack()) await lease.checkpoint({ payload: JSON.stringify({ ...payload, undoneAttempt: lease.item.attempts }) });
    } catch {
      // The master-table connection is what failed: the redo finds no record and stops the job.
    }
  }

  /**
   * START_JOB skip-current, for an orphan whose rows may have outlived it (`left`): whether its
   * range may be cleared. Throws where it held rows before the import.
   */
  async orphanClearable(row: MasterRow, ref: TableRef, left: LeftBy): Promise<boolean> {
    const payload = payloadOf(row) as DataPayload;
    if (payload.rangeHeld === undefined) return !(await this.keptRows(row));
    if (payload.rangeHeld) throw this.heldError(payload, ref, left);
    return true;
  }

  /** A TABLE item's TABLE_EXISTS_ACTION decision, as this process made it: its chunks need not read it from the master table. */
  decided(table: MasterRow, decision: TableDecision): void {
    this.keeps.set(JSON.stringify([table.objectSchema, table.objectName]), Promise.resolve(keeps(decision)));
  }

  /**
   * Whether a data item's table existed before the import and kept its rows, from the decision its
   * TABLE item made (in this process, or recorded in its master row). Without one (no TABLE item, or
   * a decision not recorded), assumed so.
   */
  private keptRows(item: MasterRow): Promise<boolean> {
    const key = JSON.stringify([item.objectSchema, item.objectName]);
    let kept = this.keeps.get(key);
    if (kept === undefined) {
      kept = (async () => {
        const rows = await this.ctx.store.items({
          itemKind: 'METADATA',
          ...(item.objectSchema === null ? {} : { schema: item.objectSchema }),
          ...(item.objectName === null ? {} : { name: item.objectName }),
        });
        const table = rows.map((r) => payloadOf(r) as MetadataPayload).find((p) => p.object.kind === 'TABLE');
        return table?.decision === undefined ? true : keeps(table.decision);
      })();
      this.keeps.set(key, kept);
      kept.catch(() => this.keeps.delete(key));
    }
    return kept;
  }

  private heldError(payload: DataPayload, ref: TableRef, left: LeftBy): JobError {
    const label = quotedTable(ref.schema, ref.name);
    const chunk = quotedTable(payload.chunk.table.schema, payload.chunk.table.name, payload.chunk.partition);
    const why =
      left === 'own-transaction'
        ? `the job's master table is in another database, so the rows of its interrupted attempt may have been committed`
        : `its storage engine has no transactions, so the rows of its interrupted attempt stayed`;
    const fix = left === 'own-transaction' ? `with the job's master table in the target database (the default)` : 'into a table with transactions (InnoDB)';
    return new JobError(
      'INVALID_OPERATION',
      `Table data ${chunk} must be loaded again into ${label}: ${why}, and ${label} held rows before this import (TABLE_EXISTS_ACTION=APPEND) that cannot be told apart from them, so none were deleted. Check ${label} for rows of the interrupted attempt, or import the data into an empty table (TABLE_EXISTS_ACTION=TRUNCATE or REPLACE) or ${fix}.`,
      { jobName: this.ctx.def.jobName },
    );
  }
}

/** Whether a table keeps the rows it had: it existed and was neither emptied (TRUNCATE) nor made again (REPLACE). */
function keeps(decision: TableDecision): boolean {
  return decision.existed && decision.action !== 'TRUNCATE' && decision.action !== 'REPLACE';
}
