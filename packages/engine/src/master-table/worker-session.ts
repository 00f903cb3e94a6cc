import type { AdapterConnection, MasterRow, MasterTableDialect } from '@sluice/adapter-kit';
import { type MasterSql, rowFromDb, toNumber } from './master-sql.js';

/** A table (not a partition) whose TABLE_DATA latch an item's completion flips. */
export interface TableLatch {
  readonly schema: string;
  readonly name: string;
}

/** A completion written at its group's commit. */
interface HeldCompletion {
  readonly id: number;
  readonly patch: Partial<MasterRow>;
  readonly latch?: TableLatch;
}

/** What a claim found. */
export type Claim =
  | { readonly kind: 'item'; readonly lease: ItemLease }
  /** Work remains, but none may start now (a lower priority is still running, or all is taken). */
  | { readonly kind: 'wait' }
  /** No item is PENDING or RUNNING: the job's work is finished. */
  | { readonly kind: 'done' };

/** What a claim may take. */
export interface ClaimOptions {
  /** Only items of these kinds. */
  readonly kinds?: readonly string[];
  /** Claim up to this many items of one priority at once (default 1). */
  readonly batch?: number;
  /** ...while their estimated bytes add up to at most this (the first item is always taken). */
  readonly batchBytes?: number;
}

/** Completions one transaction may group, and for how long, before it commits. */
const GROUP_MAX = 64;
const GROUP_MAX_MS = 250;

/**
 * How long an item must be seen RUNNING yet unlocked before it counts as orphaned. A claim commits
 * RUNNING and then locks the row in a second transaction; this covers the moment between the two.
 */
const ORPHAN_CONFIRM_MS = 1_000;

/**
 * One worker's connection to the master table. A claimed item's row stays locked (FOR UPDATE) by an
 * open transaction on this connection while the worker works, and is marked DONE in that same
 * transaction. If the process dies the connection drops, the lock goes, and the item — RUNNING but
 * unlocked — is recognised as orphaned and reclaimed by whichever worker finds it.
 */
export class WorkerSession {
  readonly conn: AdapterConnection;
  readonly worker: string;
  private readonly dialect: MasterTableDialect;
  private readonly sql: MasterSql;
  /** Items seen RUNNING and unlocked, with the attempt seen and when. */
  private readonly suspects = new Map<number, { attempts: number; at: number }>();
  /**
   * The lowest unfinished priority this worker last saw. It only ever rises (every item is planned
   * before workers start, and an unfinished item keeps it down), so a claim tries it first.
   */
  private floor: number | undefined;
  /** Items claimed in the last batch (RUNNING, ours) not yet handed out, in order. */
  private queue: { id: number; attempts: number }[] = [];
  /** The queue's rows, while an open transaction holds their locks (undefined: no such transaction). */
  private held: Map<number, MasterRow> | undefined;
  /** Items completed in the open transaction, not yet committed (their work is in it too). */
  private grouped: number[] = [];
  /** When the first of `grouped` was completed. */
  private groupedSince = 0;
  /**
   * The DONE rows (and one-chunk tables' latches) of completions whose commit is shared, held until
   * that commit and written just before it, in its transaction: one statement for the group, not one per item.
   */
  private writes: HeldCompletion[] = [];
  /** Lease calls (complete, checkpoint, fail...) under way: no batch is given back meanwhile. */
  private calls = 0;
  /** A batch being given back while its item runs: lease calls wait for it. */
  private givingBack: Promise<void> | undefined;

  constructor(dialect: MasterTableDialect, sql: MasterSql, conn: AdapterConnection, worker: string) {
    this.dialect = dialect;
    this.sql = sql;
    this.conn = conn;
    this.worker = worker;
  }

  private q(text: string, params?: readonly unknown[]): Promise<{ rows: Record<string, unknown>[]; affected: number }> {
    return this.dialect.query(this.conn, text, params);
  }

  /**
   * Claim the next item: the lowest priority still unfinished gates everything above it; within it,
   * a PENDING item, else an orphaned RUNNING one. `kinds` limits the item kinds taken.
   */
  async claim(options: ClaimOptions = {}): Promise<Claim> {
    const queued = await this.fromQueue();
    if (queued !== undefined) return queued;
    // A claim runs in transactions of its own: what the last batch left open commits first.
    await this.flush();
    const batch = Math.max(1, options.batch ?? 1);
    const s = this.sql;
    const c = (n: string): string => s.col(n);
    const kindParams = options.kinds ?? [];
    const kindClause = (from: number): string => (kindParams.length === 0 ? '' : ` AND ${c('item_kind')} IN (${kindParams.map((_, i) => s.p(from + i)).join(', ')})`);
    const claimPending = (priority: number): Promise<{ id: number; attempts: number }[]> =>
      this.inTransaction(async () => {
        const { rows } = await this.q(
          `SELECT ${c('id')}, ${c('attempts')}, ${c('estimated_bytes')} FROM ${s.table} WHERE ${c('row_type')} = ${s.p(1)} AND ${c('state')} = ${s.p(2)} AND ${c('priority')} = ${s.p(3)}${kindClause(4)} ORDER BY ${c('id')} LIMIT ${batch} ${s.lockClause}`,
          ['ITEM', 'PENDING', priority, ...kindParams],
        );
        // The first item always; more only while the batch stays small (big items are shared out one by one).
        const taken: { id: number; attempts: number }[] = [];
        let bytes = 0;
        for (const row of rows) {
          bytes += toNumber(row['estimated_bytes']);
          if (taken.length > 0 && bytes > (options.batchBytes ?? 0)) break;
          taken.push({ id: toNumber(row['id']), attempts: toNumber(row['attempts']) + 1 });
        }
        const [first] = taken;
        if (first !== undefined && taken.length === 1) return [await this.markRunning(first.id, first.attempts)];
        if (taken.length > 1) await this.markBatchRunning(taken.map((t) => t.id));
        return taken;
      });
    const leaseOf = async (claimed: { id: number; attempts: number }[]): Promise<Claim | undefined> => {
      const [first] = claimed;
      if (first === undefined) return undefined;
      if (claimed.length === 1) return this.lock(first.id, first.attempts, false);
      this.queue = claimed;
      return (await this.fromQueue()) ?? { kind: 'wait' };
    };

    const tried = this.floor;
    if (tried !== undefined) {
      const fast = await leaseOf(await claimPending(tried));
      if (fast !== undefined) return fast;
    }
    const params: unknown[] = ['ITEM', 'PENDING', 'RUNNING'];
    const { rows: minRows } = await this.q(`SELECT MIN(${c('priority')}) AS p FROM ${s.table} WHERE ${c('row_type')} = ${s.p(1)} AND ${c('state')} IN (${s.p(2)}, ${s.p(3)})`, params);
    const minValue = minRows[0]?.['p'];
    if (minValue === null || minValue === undefined) return { kind: 'done' };
    const priority = toNumber(minValue);
    this.floor = priority;

    // A PENDING item at that priority (nothing goes back to PENDING, so not one just tried).
    const claimed = priority === tried ? undefined : await leaseOf(await claimPending(priority));
    if (claimed !== undefined) return claimed;
    if (!this.dialect.supportsSkipLocked) return { kind: 'wait' };

    // An orphan: RUNNING, not locked by anyone, and seen so twice.
    const orphan = await this.inTransaction(async () => {
      const { rows } = await this.q(
        `SELECT ${c('id')}, ${c('attempts')} FROM ${s.table} WHERE ${c('row_type')} = ${s.p(1)} AND ${c('state')} = ${s.p(2)} AND ${c('priority')} = ${s.p(3)}${kindClause(4)} ORDER BY ${c('id')} LIMIT 8 ${s.lockClause}`,
        ['ITEM', 'RUNNING', priority, ...kindParams],
      );
      const now = Date.now();
      for (const row of rows) {
        const id = toNumber(row['id']);
        const attempts = toNumber(row['attempts']);
        const seen = this.suspects.get(id);
        if (seen !== undefined && seen.attempts === attempts && now - seen.at >= ORPHAN_CONFIRM_MS) {
          this.suspects.delete(id);
          return this.markRunning(id, attempts + 1);
        }
        if (seen === undefined || seen.attempts !== attempts) this.suspects.set(id, { attempts, at: now });
      }
      return undefined;
    });
    if (orphan !== undefined) return this.lock(orphan.id, orphan.attempts, true);
    return { kind: 'wait' };
  }

  /** Mark a batch of claimed items RUNNING for this worker, each attempt counted, in one statement. */
  private async markBatchRunning(ids: readonly number[]): Promise<void> {
    const s = this.sql;
    const set = s.set({ state: 'RUNNING', worker: this.worker, startedAt: new Date(), finishedAt: null });
    const params = [...set.params, ...ids];
    const marks = ids.map((_, i) => s.p(set.params.length + 1 + i)).join(', ');
    await this.q(`UPDATE ${s.tableByKey} SET ${set.clause}, ${s.col('attempts')} = ${s.col('attempts')} + 1 WHERE ${s.col('id')} IN (${marks})`, params);
  }

  /**
   * The next item of the last batch, its row locked: the whole rest of the batch is locked in one
   * statement (in a transaction left open) when no transaction holds it yet. Undefined when the batch
   * is used up. An item another worker took meanwhile (as an orphan) is passed over.
   */
  private async fromQueue(): Promise<Claim | undefined> {
    while (this.queue.length > 0) {
      this.held ??= await this.lockQueue();
      const next = this.queue.shift() as { id: number; attempts: number };
      const row = this.held.get(next.id);
      if (row !== undefined && row.attempts === next.attempts) return { kind: 'item', lease: new ItemLease(this, row, next.attempts > 1) };
    }
    return undefined;
  }

  /** Begin a transaction and lock the queued items still ours (waiting out another worker's brief orphan scan). */
  private async lockQueue(): Promise<Map<number, MasterRow>> {
    const s = this.sql;
    const ids = this.queue.map((q) => q.id);
    const marks = ids.map((_, i) => s.p(i + 1)).join(', ');
    await this.dialect.begin(this.conn);
    try {
      // By key only, so InnoDB locks just these rows: a scan (of the claim index, or of a small table
      // the optimizer would rather read whole) keeps every row it read locked while the items run,
      // the job row too, and a session that stops, attaches or serves the job waits for them.
      const { rows } = await this.q(`SELECT ${s.allColumns} FROM ${s.tableByKey} WHERE ${s.col('id')} IN (${marks}) FOR UPDATE`, ids);
      const ours = rows.map((r) => rowFromDb(r)).filter((r) => r.worker === this.worker && r.state === 'RUNNING');
      return new Map(ours.map((r) => [r.id, r]));
    } catch (error) {
      await this.dialect.rollback(this.conn).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Whether an item just completed may leave its commit to a later item of the same batch (the
   * transaction holds the rest of the batch, and the group is young and small).
   */
  canGroup(): boolean {
    if (this.held === undefined || this.queue.length === 0) return false;
    return this.grouped.length === 0 || (this.grouped.length < GROUP_MAX && Date.now() - this.groupedSince < GROUP_MAX_MS);
  }

  /** Leave item `id`'s completion to the next commit of this transaction. */
  group(id: number): void {
    if (this.grouped.length === 0) this.groupedSince = Date.now();
    this.grouped.push(id);
  }

  /** Write item `id`'s `patch` (and flip `latch`) with the next commit's group, in this transaction. */
  hold(id: number, patch: Partial<MasterRow>, latch?: TableLatch): void {
    this.writes.push({ id, patch, ...(latch === undefined ? {} : { latch }) });
  }

  /** The held completions, written in one UPDATE, and their latches found and flipped by id in one more. */
  private async writeHeld(): Promise<void> {
    const writes = this.writes;
    this.writes = [];
    if (writes.length === 0) return;
    await this.q(...this.sql.updateEach(writes, this.worker));
    const latches = writes.flatMap((w) => (w.latch === undefined ? [] : [w.latch]));
    if (latches.length === 0) return;
    // Found by a plain (non-locking) read, flipped by id: an UPDATE that found them by name could
    // lock other workers' rows on InnoDB, and two workers doing so deadlock.
    const find = this.sql.findTableDataLatches(latches);
    const ids = (await this.q(find.sql, find.params)).rows.filter((r) => latches.some((l) => l.schema === r['object_schema'] && l.name === r['object_name'])).map((r) => toNumber(r['id']));
    if (ids.length > 0) await this.q(...this.sql.flipLatches(ids));
  }

  /** Commit what the open transaction holds (grouped completions, the batch's locks), if anything. */
  async flush(): Promise<void> {
    if (this.held !== undefined || this.grouped.length > 0) await this.commit();
  }

  /**
   * The worker stops claiming: grouped completions commit, and the items of the batch it never
   * started go back to PENDING, their attempt uncounted. A lost connection leaves them RUNNING and
   * unlocked, to be reclaimed as orphans.
   */
  async release(): Promise<void> {
    if (this.conn.closed) return;
    await this.flush();
    const queued = this.queue;
    this.queue = [];
    await this.requeue(queued);
  }

  /** Items of the batch this worker never started, back to PENDING with their attempt uncounted. */
  private async requeue(queued: readonly { id: number }[]): Promise<void> {
    if (queued.length === 0) return;
    const s = this.sql;
    const ids = queued.map((q) => q.id);
    const marks = ids.map((_, i) => s.p(i + 3)).join(', ');
    await this.q(
      `UPDATE ${s.tableByKey} SET ${s.col('state')} = ${s.p(1)}, ${s.col('attempts')} = ${s.col('attempts')} - 1 WHERE ${s.col('worker')} = ${s.p(2)} AND ${s.col('id')} IN (${marks}) AND ${s.col('state')} = ${s.p(ids.length + 3)}`,
      ['PENDING', this.worker, ...ids, 'RUNNING'],
    );
  }

  /** Items of the last batch not yet handed out. */
  get queued(): number {
    return this.queue.length;
  }

  /**
   * While `lease`'s item runs, its work off this connection: give the rest of its batch back (PENDING,
   * attempt uncounted) so other workers and processes can take it, commit the completions grouped so
   * far, and lock the item again alone. Does nothing (false) unless an open transaction holds the batch
   * and no lease call is under way. Lease calls made meanwhile wait for it.
   */
  giveBack(lease: ItemLease): boolean {
    if (this.held === undefined || this.queue.length === 0 || this.calls > 0 || this.givingBack !== undefined || lease.ended || lease.usedConnection || lease.pinned || this.conn.closed) return false;
    const queued = this.queue;
    this.queue = [];
    const run = async (): Promise<void> => {
      try {
        await this.requeue(queued);
      } catch {
        // Nothing was given back: the batch stays this worker's (its locks, and the item's, went with the rollback).
        this.queue = queued;
        lease.unlocked = true;
        await this.rollback().catch(() => undefined);
        return;
      }
      try {
        await this.commit();
        // Between the commit and this lock the item is unlocked: another worker holding an old
        // sighting of it may have taken it as an orphan. `confirm` finds out before work commits.
        if ((await this.lockRow(lease.item.id, lease.item.attempts)) === undefined) lease.unlocked = true;
      } catch {
        // A lost connection: the item's own calls fail too, and the pool retries it.
        lease.unlocked = true;
        await this.rollback().catch(() => undefined);
      }
    };
    this.givingBack = run().finally(() => {
      this.givingBack = undefined;
    });
    return true;
  }

  /**
   * Before work done off this connection commits where it is (an import's rows in a database other
   * than the home one, which commit before the item's master row): whether `lease`'s item is still
   * this worker's, its row locked by this session's open transaction, and kept so (no batch is given
   * back) until the item's completion commits. No other worker can then take the item as an orphan
   * and load it a second time. False, the lease ended, if another worker has taken it; throws if the
   * connection is lost (the pool retries the item).
   */
  confirm(lease: ItemLease): Promise<boolean> {
    return this.call(async () => {
      if (lease.ended) return false;
      const { id, attempts } = lease.item;
      let ours: boolean;
      if (lease.unlocked) {
        // Its lock went with a give-back that failed: locked again (in a transaction of its own) if it is still ours.
        ours = (await this.lockRow(id, attempts)) !== undefined;
      } else {
        // Held by this transaction, the row is read at once (SKIP LOCKED passes over other sessions' locks only).
        const s = this.sql;
        const { rows } = await this.q(
          `SELECT ${s.col('id')} FROM ${s.tableByKey} WHERE ${s.col('id')} = ${s.p(1)} AND ${s.col('worker')} = ${s.p(2)} AND ${s.col('attempts')} = ${s.p(3)} AND ${s.col('state')} = ${s.p(4)} ${s.lockClause}`,
          [id, this.worker, attempts, 'RUNNING'],
        );
        ours = rows.length > 0;
      }
      if (!ours) {
        lease.lost();
        return false;
      }
      lease.unlocked = false;
      lease.pinned = true;
      return true;
    });
  }

  /** Resolves once a batch being given back has been (at once if none is). */
  async settled(): Promise<void> {
    await this.givingBack;
  }

  /** Run a lease call: after a give-back under way, and with none starting meanwhile. */
  async call<T>(fn: () => Promise<T>): Promise<T> {
    while (this.givingBack !== undefined) await this.givingBack;
    this.calls += 1;
    try {
      return await fn();
    } finally {
      this.calls -= 1;
    }
  }

  private async markRunning(id: number, attempts: number): Promise<{ id: number; attempts: number }> {
    const set = this.sql.set({ state: 'RUNNING', worker: this.worker, attempts, startedAt: new Date(), finishedAt: null });
    await this.q(`UPDATE ${this.sql.table} SET ${set.clause} WHERE ${this.sql.col('id')} = ${this.sql.p(set.params.length + 1)}`, [...set.params, id]);
    return { id, attempts };
  }

  /** Lock the claimed row for the duration of the work (second transaction, left open). */
  private async lock(id: number, attempts: number, reclaimed: boolean): Promise<Claim> {
    // Another worker's orphan scan may hold the row for an instant (it skips rows it cannot
    // confirm): retry briefly before concluding that the item was taken from us.
    let row: MasterRow | undefined;
    for (let tries = 0; row === undefined && tries < 8; tries++) {
      if (tries > 0) await new Promise((r) => setTimeout(r, 10 * tries));
      row = await this.lockRow(id, attempts);
    }
    if (row === undefined) return { kind: 'wait' };
    return { kind: 'item', lease: new ItemLease(this, row, reclaimed || attempts > 1) };
  }

  /**
   * After a commit in the middle of an item (a checkpoint): begin again and lock item `id`, if it is
   * still ours at `attempts`, together with the rest of the batch, in one statement (the batch's
   * next items then need no lock of their own). Undefined (rolled back) if the item was lost.
   */
  async relock(id: number, attempts: number): Promise<MasterRow | undefined> {
    if (this.queue.length === 0) return this.lockRow(id, attempts);
    this.queue.unshift({ id, attempts });
    let held: Map<number, MasterRow>;
    try {
      held = await this.lockQueue();
    } finally {
      this.queue.shift();
    }
    const row = held.get(id);
    held.delete(id);
    if (row === undefined || row.attempts !== attempts) {
      await this.dialect.rollback(this.conn);
      return undefined;
    }
    this.held = held;
    return row;
  }

  /** Begin a transaction and lock item `id` if it is still ours at `attempts`; undefined (rolled back) if not. */
  async lockRow(id: number, attempts: number): Promise<MasterRow | undefined> {
    const s = this.sql;
    await this.dialect.begin(this.conn);
    try {
      const { rows } = await this.q(
        `SELECT ${s.allColumns} FROM ${s.table} WHERE ${s.col('id')} = ${s.p(1)} AND ${s.col('worker')} = ${s.p(2)} AND ${s.col('attempts')} = ${s.p(3)} AND ${s.col('state')} = ${s.p(4)} ${s.lockClause}`,
        [id, this.worker, attempts, 'RUNNING'],
      );
      const row = rows[0];
      if (row === undefined) {
        await this.dialect.rollback(this.conn);
        return undefined;
      }
      return rowFromDb(row);
    } catch (error) {
      await this.dialect.rollback(this.conn).catch(() => undefined);
      throw error;
    }
  }

  private async inTransaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.dialect.begin(this.conn);
    try {
      const result = await fn();
      await this.dialect.commit(this.conn);
      return result;
    } catch (error) {
      await this.dialect.rollback(this.conn).catch(() => undefined);
      throw error;
    }
  }

  /** Update item `id` if it is still ours at `attempts` (and in state `onlyIn`, if given), inside or outside the lease transaction. */
  async updateOwned(id: number, attempts: number, patch: Partial<MasterRow>, onlyIn?: string): Promise<number> {
    const set = this.sql.set(patch);
    const n = set.params.length;
    const s = this.sql;
    const inState = onlyIn === undefined ? '' : ` AND ${s.col('state')} = ${s.p(n + 4)}`;
    const result = await this.q(`UPDATE ${s.table} SET ${set.clause} WHERE ${s.col('id')} = ${s.p(n + 1)} AND ${s.col('worker')} = ${s.p(n + 2)} AND ${s.col('attempts')} = ${s.p(n + 3)}${inState}`, [
      ...set.params,
      id,
      this.worker,
      attempts,
      ...(onlyIn === undefined ? [] : [onlyIn]),
    ]);
    return result.affected;
  }

  /**
   * Mark item `id` with `patch` as `updateOwned` does and, given `latch`, flip that table's
   * TABLE_DATA latch in the same transaction (one statement where the dialect allows it, else the
   * latch first, as two). Whether this call flipped the latch.
   */
  async completeOwned(id: number, attempts: number, patch: Partial<MasterRow>, latch?: TableLatch): Promise<boolean> {
    if (latch === undefined) {
      await this.updateOwned(id, attempts, patch);
      return false;
    }
    if (this.dialect.supportsWritableCte !== true) {
      const latched = await this.latchTableData(latch.schema, latch.name, null);
      await this.updateOwned(id, attempts, patch);
      return latched;
    }
    const s = this.sql;
    const l = s.latchTableDataByName(latch.schema, latch.name, null);
    const set = s.set(patch, l.params.length + 1);
    const n = l.params.length + set.params.length;
    const { rows } = await this.q(
      `WITH latch AS (${l.sql} RETURNING 1), item AS (UPDATE ${s.table} SET ${set.clause} WHERE ${s.col('id')} = ${s.p(n + 1)} AND ${s.col('worker')} = ${s.p(n + 2)} AND ${s.col('attempts')} = ${s.p(n + 3)} RETURNING 1) ` +
        'SELECT (SELECT COUNT(*) FROM latch) AS latched',
      [...l.params, ...set.params, id, this.worker, attempts],
    );
    return toNumber(rows[0]?.['latched']) > 0;
  }

  /** Flip a table's TABLE_DATA latch in this session's transaction; whether this call did it. */
  latchTableData(schema: string, name: string, partition: string | null): Promise<boolean> {
    return this.sql.latchTableData(this.conn, schema, name, partition);
  }

  /** Update other items by id, inside the lease's transaction (e.g. skip a table's data with its DDL). */
  async updateOthers(ids: readonly number[], patch: Partial<MasterRow>, fromStates: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const s = this.sql;
    const set = s.set(patch);
    const params = [...set.params];
    const mark = (v: unknown): string => {
      params.push(v);
      return s.p(params.length);
    };
    const idList = ids.map(mark).join(', ');
    const states = fromStates.map(mark).join(', ');
    await this.q(`UPDATE ${s.tableByKey} SET ${set.clause} WHERE ${s.col('id')} IN (${idList}) AND ${s.col('state')} IN (${states})`, params);
  }

  /** Commit the open transaction: the current item, grouped completions, and the batch's locks end. */
  async commit(): Promise<void> {
    if (this.writes.length > 0) {
      try {
        await this.writeHeld();
      } catch (error) {
        await this.rollback().catch(() => undefined);
        throw error;
      }
    }
    this.held = undefined;
    await this.dialect.commit(this.conn);
    this.grouped = [];
  }

  /**
   * Roll back the open transaction. Completions grouped in it are undone with their work, so those
   * items go back to PENDING (their attempt still counted) to be done again.
   */
  async rollback(): Promise<void> {
    const lost = this.grouped;
    this.grouped = [];
    this.writes = [];
    this.held = undefined;
    await this.dialect.rollback(this.conn);
    if (lost.length === 0) return;
    const s = this.sql;
    const marks = lost.map((_, i) => s.p(i + 3)).join(', ');
    await this.q(`UPDATE ${s.tableByKey} SET ${s.col('state')} = ${s.p(1)} WHERE ${s.col('worker')} = ${s.p(2)} AND ${s.col('id')} IN (${marks}) AND ${s.col('state')} = ${s.p(lost.length + 3)}`, [
      'PENDING',
      this.worker,
      ...lost,
      'RUNNING',
    ]);
  }

  /** Close the worker's connection (an open transaction rolls back; its item becomes an orphan). */
  async close(): Promise<void> {
    if (!this.conn.closed) await this.conn.close().catch(() => undefined);
  }
}

/**
 * A claimed item, its row locked by the worker's open transaction. Exactly one of complete, fail,
 * skip or abandon ends it.
 */
export class ItemLease {
  readonly session: WorkerSession;
  /** The row as claimed (state RUNNING, attempts counted). */
  item: MasterRow;
  /** True when an earlier attempt started this item and did not finish it. */
  readonly reclaimed: boolean;
  private ended_ = false;
  private usedConnection_ = false;

  constructor(session: WorkerSession, item: MasterRow, reclaimed: boolean) {
    this.session = session;
    this.item = item;
    this.reclaimed = reclaimed;
  }

  /** Whether complete, fail, skip, abandon or requeue has been called (or the item was lost). */
  get ended(): boolean {
    return this.ended_;
  }

  /** The worker's home connection, inside the lease's transaction. */
  get conn(): AdapterConnection {
    // The item's work may now be in the transaction: its batch is no longer given back while it runs.
    this.usedConnection_ = true;
    return this.session.conn;
  }

  /** Whether the handler has taken the lease's connection (for work of its own). */
  get usedConnection(): boolean {
    return this.usedConnection_;
  }

  /** The item's row lock went with a give-back that could not lock it again (`WorkerSession.confirm` looks). */
  unlocked = false;
  /** Confirmed before work committed elsewhere: the row stays locked by this transaction until the item ends. */
  pinned = false;

  /** Another worker took the item: this lease ends without a word to the master table. */
  lost(): void {
    this.ended_ = true;
  }

  /**
   * Whether the item is still this worker's, its row held locked until it ends: asked before work
   * done off the lease's connection commits (see `WorkerSession.confirm`). False: the item was lost.
   */
  confirm(): Promise<boolean> {
    return this.session.confirm(this);
  }

  /**
   * Commit `patch` now and keep the item (used to record a decision before doing something that
   * cannot be rolled back, such as non-transactional DDL). False if the item was lost meanwhile.
   */
  checkpoint(patch: Partial<MasterRow>): Promise<boolean> {
    return this.session.call(() => this.checkpointNow(patch));
  }

  private async checkpointNow(patch: Partial<MasterRow>): Promise<boolean> {
    // Written with the completions the commit groups, in one statement (the row is locked by this transaction).
    this.session.hold(this.item.id, patch);
    await this.session.commit();
    const row = await this.session.relock(this.item.id, this.item.attempts);
    if (row === undefined) {
      this.ended_ = true;
      return false;
    }
    this.item = row;
    return true;
  }

  /**
   * Mark the item DONE with `patch`, apply `others` in the same transaction, and commit. With
   * `grouped`, the caller did the item's work in this transaction (or work a redo repeats safely),
   * so the commit may wait for the next items of the worker's batch: one commit for many, and the
   * group's DONE rows written just before it in one statement. Until it comes, the item is RUNNING
   * to everyone else; a crash rolls it back with its work, to be redone.
   * If a statement fails (a deadlock, a lost connection), the transaction is rolled back and the
   * lease stays open, the item RUNNING: the caller (the worker pool) retries it or records the failure.
   */
  async complete(
    patch: Partial<MasterRow> = {},
    others: readonly { ids: readonly number[]; patch: Partial<MasterRow>; fromStates: readonly string[] }[] = [],
    options: { grouped?: boolean } = {},
  ): Promise<void> {
    await this.completeAndLatch(patch, others, options);
  }

  /**
   * `complete`, flipping table `latch`'s TABLE_DATA latch in the same transaction (for a table's
   * only chunk); whether this call flipped it (false without `latch`; with `grouped`, true when
   * given one, as no other item flips a one-chunk table's latch).
   */
  completeAndLatch(
    patch: Partial<MasterRow> = {},
    others: readonly { ids: readonly number[]; patch: Partial<MasterRow>; fromStates: readonly string[] }[] = [],
    options: { grouped?: boolean; latch?: TableLatch } = {},
  ): Promise<boolean> {
    return this.session.call(() => this.completeNow(patch, others, options));
  }

  private async completeNow(
    patch: Partial<MasterRow>,
    others: readonly { ids: readonly number[]; patch: Partial<MasterRow>; fromStates: readonly string[] }[],
    options: { grouped?: boolean; latch?: TableLatch },
  ): Promise<boolean> {
    this.end();
    try {
      const done: Partial<MasterRow> = { ...patch, state: 'DONE', finishedAt: new Date() };
      if (options.grouped === true) {
        // The row is locked by this transaction: its DONE is written with the group's, at the commit
        // (a latch no one else flips: the table's only chunk is this item).
        for (const o of others) await this.session.updateOthers(o.ids, o.patch, o.fromStates);
        this.session.hold(this.item.id, done, options.latch);
        if (this.session.canGroup()) this.session.group(this.item.id);
        else await this.session.commit();
        return options.latch !== undefined;
      }
      const latched = await this.session.completeOwned(this.item.id, this.item.attempts, done, options.latch);
      for (const o of others) await this.session.updateOthers(o.ids, o.patch, o.fromStates);
      await this.session.commit();
      return latched;
    } catch (error) {
      await this.session.rollback().catch(() => undefined);
      // Nothing of the item's work or its DONE was kept: the lease is open again, its row no longer locked.
      this.ended_ = false;
      throw error;
    }
  }

  /** Roll back the work and mark the item `state` (FAILED or SKIPPED) with a message. */
  private finishWithout(state: 'FAILED' | 'SKIPPED', error: string | null, patch: Partial<MasterRow>): Promise<void> {
    return this.session.call(async () => {
      this.end();
      await this.session.rollback().catch(() => undefined);
      await this.session.updateOwned(this.item.id, this.item.attempts, { ...patch, state, error: error as string, finishedAt: new Date() });
    });
  }

  /** The item failed: its work is rolled back and the error recorded; the job continues past it. */
  fail(error: string, patch: Partial<MasterRow> = {}): Promise<void> {
    return this.finishWithout('FAILED', error, patch);
  }

  /** The item is skipped (START_JOB skip-current, TABLE_EXISTS_ACTION=SKIP...). */
  skip(reason: string | null = null, patch: Partial<MasterRow> = {}): Promise<void> {
    return this.finishWithout('SKIPPED', reason, patch);
  }

  /** Give the item up unfinished (immediate stop): rolled back, it stays RUNNING and is reclaimed later. */
  abandon(): Promise<void> {
    return this.session.call(async () => {
      if (this.ended_) return;
      this.end();
      await this.session.rollback().catch(() => undefined);
    });
  }

  /**
   * Put the item back to PENDING to be done again, its attempt counted: the server rolled the work
   * back (a deadlock), so the next claim redoes it as a retry (clearing what a dead attempt left).
   */
  retry(): Promise<void> {
    return this.session.call(async () => {
      this.end();
      await this.session.rollback().catch(() => undefined);
      await this.session.updateOwned(this.item.id, this.item.attempts, { state: 'PENDING' });
    });
  }

  /** Put the item back to PENDING (an orderly stop that did not start it). */
  requeue(): Promise<void> {
    return this.session.call(async () => {
      this.end();
      await this.session.rollback().catch(() => undefined);
      await this.session.updateOwned(this.item.id, this.item.attempts, { state: 'PENDING', attempts: this.item.attempts - 1 });
    });
  }

  private end(): void {
    if (this.ended_) throw new Error(`Item ${this.item.id} was already finished by this worker.`);
    this.ended_ = true;
  }
}
