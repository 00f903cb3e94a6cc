import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { isTransientFailure } from '@sluice/adapter-kit';
import type { WorkerStatus } from '../job/job-runtime.js';
import type { ItemLease, MasterTableStore, WorkerSession } from '../master-table/index.js';

/** One worker as its item handler sees it. */
export interface Worker {
  /** 1-based worker number, as in `W-1`. */
  readonly number: number;
  /** The id written to the master table's worker column (host, process, worker, a random tag). */
  readonly id: string;
  /** The worker's master-table session (replaced when a lost connection is retried). */
  session: WorkerSession;
  /** Aborted on an immediate stop: handlers pass it to their streams. */
  readonly signal: AbortSignal;
  /** Figures the handler updates as it goes, for per-worker status. */
  readonly status: MutableWorkerStatus;
}

/** Per-worker status the pool reports. */
export interface MutableWorkerStatus {
  state: WorkerStatus['state'];
  objectType?: string;
  objectSchema?: string;
  objectName?: string;
  completedRows: number;
  completedBytes: number;
  /** Bytes of the current item so far, and its estimate. */
  itemBytes: number;
  itemEstimate: number;
}

/** Does one claimed item and ends its lease (complete, fail or skip). */
export type ItemHandler = (lease: ItemLease, worker: Worker) => Promise<void>;

/** Options of a pool. */
export interface WorkerPoolOptions {
  readonly store: MasterTableStore;
  readonly degree: number;
  /** The most workers this process may run (e.g. snapshot connections opened under a lock). */
  readonly cap?: number;
  /** Only items of these kinds are claimed. */
  readonly kinds?: readonly string[];
  readonly handle: ItemHandler;
  /** A handler threw: the item has been failed; the pool reports it. */
  readonly onItemError: (lease: ItemLease, worker: Worker, error: unknown) => void;
  /** A transient failure (a deadlock, a lost connection, a lost snapshot): the item goes back to be done again. */
  readonly onItemRetry?: (lease: ItemLease, worker: Worker, error: unknown) => void;
  /**
   * Whether a failure that is not transient (or whose retries ran out) stops the job rather than
   * being counted as an error the job continues past. Default: it never does.
   */
  readonly stopsJob?: (lease: ItemLease, error: unknown) => boolean;
  /** Called before a transient failure is retried, after the worker's session is whole again (an export renews a lost snapshot). */
  readonly beforeRetry?: (lease: ItemLease, worker: Worker, error: unknown) => Promise<void>;
  /** How long an idle worker waits before looking again. */
  readonly pollMs?: number;
  /** Claim small items in batches (one claim, and where the handler allows one commit, for many); default 1. */
  readonly batch?: { readonly items: number; readonly bytes: number };
  /**
   * Handlers do their work off the lease's connection (an export's snapshot sessions, an import into a
   * database other than the home one): while a slow item runs, the rest of its batch can be given back.
   */
  readonly workOffLease?: boolean;
  /** Hold each item this long (ms) before it is worked (JobTuning.itemDelayMs: tests stop and kill jobs mid-way with it). */
  readonly itemDelayMs?: number;
}

/**
 * The batch a job's workers claim: up to 32 items of one priority, if together they are estimated
 * at 1 MiB or less and, by the worker's recent items, take about BATCH_MS (slow items go one by one,
 * so other workers and processes share them).
 */
export const CLAIM_BATCH = { items: 32, bytes: 1 << 20 } as const;
const BATCH_MS = 300;

/**
 * How long an item may run before the unstarted rest of its batch goes back for other workers and
 * processes to take: the time the whole batch was sized for, or twice the recent item time if longer.
 */
function overdueMs(itemMs: number | undefined): number {
  return Math.max(BATCH_MS, 2 * (itemMs ?? 0));
}

const TAG = randomBytes(3).toString('hex');

/** Times one run retries an item whose failure is transient (deadlocks, lost connections, lost snapshots). */
export const TRANSIENT_RETRIES = 4;

/** The wait before the nth retry of an item (a restarting server needs a moment; a deadlock victim does not). */
function retryDelayMs(n: number): number {
  return Math.min(4_000, 250 * 2 ** (n - 1));
}

/** An item failure that stopped the job, for the log and the stop message. */
export interface ItemFault {
  readonly item: ItemLease['item'];
  readonly error: unknown;
  /** Whether the failure was transient and its retries ran out. */
  readonly exhausted: boolean;
  /** Further items that failed with the same error while the job stopped. */
  alike: number;
}

/** A worker slot of the pool, from the moment it starts opening its master-table session. */
interface RunningWorker {
  readonly id: string;
  lease?: ItemLease;
  promise: Promise<void>;
}

/**
 * The workers of one process. Each claims items from the master table until there are none left,
 * the pool is stopped, or its number is above the degree (SET_PARALLEL lowered). Raising the
 * degree starts more workers at once.
 */
export class WorkerPool {
  private readonly options: WorkerPoolOptions;
  private degree: number;
  private readonly running = new Map<number, RunningWorker>();
  private readonly abort = new AbortController();
  private stopping: 'orderly' | 'immediate' | undefined;
  private finished = false;
  private failure: unknown;
  private wake: (() => void) | undefined;
  private wakePromise: Promise<void> | undefined;
  private settle: (() => void) | undefined;
  private readonly statuses = new Map<number, MutableWorkerStatus>();
  /** Transient retries this run has made, by item id. */
  private readonly retries = new Map<number, number>();
  private fault_: ItemFault | undefined;

  constructor(options: WorkerPoolOptions) {
    this.options = options;
    this.degree = this.capped(options.degree);
  }

  private capped(n: number): number {
    return Math.max(1, Math.min(n, this.options.cap ?? Number.MAX_SAFE_INTEGER));
  }

  /** Run until every item is finished ('done') or the pool is stopped ('stopped'). */
  run(): Promise<'done' | 'stopped'> {
    return new Promise((resolve, reject) => {
      this.settle = () => {
        if (this.running.size > 0) return;
        if (this.failure !== undefined) reject(this.failure);
        else resolve(this.finished && this.stopping === undefined ? 'done' : 'stopped');
      };
      this.fill();
      // Stopped before it started: no worker ran, so nothing else would settle the pool.
      this.settle();
    });
  }

  /** SET_PARALLEL: more workers start now; surplus ones leave after their current item. Returns the degree applied. */
  setDegree(n: number): number {
    this.degree = this.capped(n);
    this.fill();
    this.poke();
    return this.degree;
  }

  /** The degree in force. */
  get currentDegree(): number {
    return this.degree;
  }

  /** Stop claiming; an immediate stop also aborts the items in progress (they are redone on restart). */
  stop(immediate: boolean): void {
    if (this.stopping !== 'immediate') this.stopping = immediate ? 'immediate' : 'orderly';
    if (immediate) this.abort.abort(new Error('The job was stopped (STOP_JOB IMMEDIATE).'));
    this.poke();
  }

  /** The item failure that stopped the pool, if one did. */
  get fault(): ItemFault | undefined {
    return this.fault_;
  }

  /** Whether an immediate stop is under way. */
  get aborting(): boolean {
    return this.stopping === 'immediate';
  }

  /** Per-worker status of this process's workers. */
  workerStatuses(): WorkerStatus[] {
    return [...this.statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([number, s]) => ({
        workerNumber: number,
        // A worker still opening its session (SET_PARALLEL just raised the degree) has its id already.
        processId: this.running.get(number)?.id ?? `${process.pid}`,
        state: s.state,
        ...(s.objectType === undefined ? {} : { objectType: s.objectType }),
        ...(s.objectSchema === undefined ? {} : { objectSchema: s.objectSchema }),
        ...(s.objectName === undefined ? {} : { objectName: s.objectName }),
        completedRows: s.completedRows,
        completedBytes: s.completedBytes,
        percentDone: s.itemEstimate > 0 ? Math.min(100, Math.floor((s.itemBytes / s.itemEstimate) * 100)) : 0,
      }));
  }

  /** Bytes moved so far by the items in progress in this process. */
  inFlightBytes(): number {
    let n = 0;
    for (const s of this.statuses.values()) if (s.state === 'EXECUTING') n += s.itemBytes;
    return n;
  }

  /** Wake idle workers (an item finished here, so a later priority may be open). */
  poke(): void {
    const wake = this.wake;
    this.wake = undefined;
    this.wakePromise = undefined;
    wake?.();
  }

  private idle(ms: number): Promise<void> {
    this.wakePromise ??= new Promise<void>((resolve) => (this.wake = resolve));
    return Promise.race([this.wakePromise, new Promise<void>((r) => setTimeout(r, ms).unref())]);
  }

  private fill(): void {
    if (this.stopping !== undefined || this.finished || this.failure !== undefined || this.settle === undefined) return;
    for (let n = 1; n <= this.degree; n++) {
      if (this.running.has(n)) continue;
      // Until its session is open the worker is UNDEFINED (not started), then WORK WAITING.
      const status: MutableWorkerStatus = this.statuses.get(n) ?? { state: 'UNDEFINED', completedRows: 0, completedBytes: 0, itemBytes: 0, itemEstimate: 0 };
      status.state = 'UNDEFINED';
      this.statuses.set(n, status);
      const entry: RunningWorker = { id: `${hostname()}:${process.pid}:${TAG}:W-${n}`, promise: Promise.resolve() };
      this.running.set(n, entry);
      entry.promise = this.loop(n, status, entry)
        .catch((error: unknown) => {
          if (this.failure === undefined) this.failure = error;
          this.stop(true);
        })
        .finally(() => {
          this.running.delete(n);
          status.state = 'UNDEFINED';
          this.settle?.();
        });
    }
  }

  private async loop(n: number, status: MutableWorkerStatus, entry: RunningWorker): Promise<void> {
    const id = entry.id;
    let session = await this.options.store.openWorker(id);
    const worker: Worker = { number: n, id, session, signal: this.abort.signal, status };
    status.state = 'WORK WAITING';
    let claimErrors = 0;
    // Recent item time (moving average): a batch holds about BATCH_MS of work.
    let itemMs: number | undefined;
    const batchSize = (): number => {
      const most = this.options.batch?.items ?? 1;
      return itemMs === undefined ? 1 : Math.max(1, Math.min(most, Math.floor(BATCH_MS / Math.max(itemMs, 0.5))));
    };
    try {
      while (this.stopping === undefined && n <= this.degree && !this.finished) {
        let claim: Awaited<ReturnType<WorkerSession['claim']>>;
        try {
          claim = await session.claim({
            ...(this.options.kinds === undefined ? {} : { kinds: this.options.kinds }),
            ...(this.options.batch === undefined ? {} : { batch: batchSize(), batchBytes: this.options.batch.bytes }),
          });
          claimErrors = 0;
        } catch (error) {
          // Lock conflicts and deadlocks between claimers are retried; so is a lost connection (on a
          // new one), a few times, for a database that stays away fails the run.
          if (++claimErrors > 5 || (session.conn.closed && !isTransientFailure(error))) throw error;
          if (session.conn.closed) {
            await session.close();
            session = worker.session = await this.options.store.openWorker(id).catch(() => session);
          }
          await this.wait(retryDelayMs(claimErrors));
          continue;
        }
        if (claim.kind === 'done') {
          this.finished = true;
          this.poke();
          break;
        }
        if (claim.kind === 'wait') {
          status.state = 'WORK WAITING';
          await this.idle(this.options.pollMs ?? 250);
          continue;
        }
        const lease = claim.lease;
        entry.lease = lease;
        status.state = 'EXECUTING';
        status.objectSchema = lease.item.objectSchema ?? undefined;
        status.objectName = lease.item.objectName ?? undefined;
        status.objectType = lease.item.objectPath ?? undefined;
        status.itemBytes = 0;
        status.itemEstimate = lease.item.estimatedBytes;
        const started = performance.now();
        // A slow item does not hold the rest of its batch: it goes back while the item runs where the
        // work leaves the lease's connection free, and as soon as the item ends where it does not.
        const overdue = overdueMs(itemMs);
        const watch = session.queued === 0 || this.options.workOffLease !== true ? undefined : setTimeout(() => worker.session.giveBack(lease), overdue);
        watch?.unref();
        try {
          const delay = this.options.itemDelayMs ?? 0;
          if (delay > 0) await new Promise<void>((r) => setTimeout(r, delay));
          if (this.stopping === 'immediate') throw this.abort.signal.reason;
          await this.options.handle(lease, worker);
          if (!lease.ended) await lease.abandon();
          const ms = performance.now() - started;
          itemMs = itemMs === undefined ? ms : 0.7 * itemMs + 0.3 * ms;
        } catch (error) {
          if (this.stopping === 'immediate') await lease.abandon();
          else session = await this.failed(lease, worker, error);
        } finally {
          clearTimeout(watch);
          await worker.session.settled();
          if (performance.now() - started > overdue && worker.session.queued > 0) await worker.session.release().catch(() => undefined);
          entry.lease = undefined;
          status.state = 'WORK WAITING';
          status.itemBytes = 0;
          status.itemEstimate = 0;
          this.poke();
        }
      }
    } finally {
      // Grouped completions commit; batch items never started go back to PENDING.
      await worker.session.release().catch(() => undefined);
      await worker.session.close();
    }
  }

  /**
   * A handler threw. A transient failure is retried (on a new session if the worker's connection
   * was lost) up to TRANSIENT_RETRIES times in this run; otherwise the item either stops the job
   * (left FAILED, or PENDING if it is not data, so a restart redoes it) or fails as an error the job
   * continues past. Returns the worker's session, new if it was replaced.
   */
  private async failed(lease: ItemLease, worker: Worker, error: unknown): Promise<WorkerSession> {
    const item = lease.item;
    const transient = isTransientFailure(error);
    // Ended by the handler (it recorded the failure itself, or completed the item and failed after),
    // unless the connection died as it marked the item: then the item is still RUNNING and is retried
    // like any other. A completion whose statements failed leaves the lease open (retried below).
    if (lease.ended && !(transient && worker.session.conn.closed)) {
      this.options.onItemError(lease, worker, error);
      return worker.session;
    }
    const tries = this.retries.get(item.id) ?? 0;
    if (transient && tries < TRANSIENT_RETRIES) {
      // The job is stopping anyway: the item goes back for the restart.
      if (this.stopping !== undefined) return this.whole(lease, worker);
      this.retries.set(item.id, tries + 1);
      await this.wait(retryDelayMs(tries + 1));
      const session = await this.whole(lease, worker);
      this.options.onItemRetry?.(lease, worker, error);
      await this.options.beforeRetry?.(lease, worker, error);
      return session;
    }
    const stops = transient || (this.options.stopsJob?.(lease, error) ?? false);
    if (!stops) {
      await lease.fail(errorText(error));
      this.options.onItemError(lease, worker, error);
      return worker.session;
    }
    const session = await this.whole(lease, worker, item.itemKind === 'DATA' ? 'FAILED' : 'PENDING', errorText(error));
    const first = this.fault_;
    if (first === undefined) this.fault_ = { item, error, exhausted: transient, alike: 0 };
    else if (errorText(first.error) === errorText(error)) first.alike += 1;
    else this.options.onItemError(lease, worker, error);
    this.stop(false);
    return session;
  }

  /**
   * End a failed lease with the item put back to PENDING (to be retried) or marked `state`, on the
   * worker's session, or on a new one when the failure took the connection with it.
   */
  private async whole(lease: ItemLease, worker: Worker, state: 'PENDING' | 'FAILED' = 'PENDING', error?: string): Promise<WorkerSession> {
    const patch = { state, ...(error === undefined ? {} : { error }), ...(state === 'FAILED' ? { finishedAt: new Date() } : {}) };
    if (!worker.session.conn.closed) {
      try {
        if (state === 'FAILED') await lease.fail(error ?? 'failed');
        else if (error === undefined) await lease.retry();
        else {
          await lease.abandon();
          await worker.session.updateOwned(lease.item.id, lease.item.attempts, patch);
        }
        return worker.session;
      } catch (e) {
        if (!worker.session.conn.closed) throw e;
      }
    }
    // The connection went with the failure: the server rolled back its transaction, so the item is
    // RUNNING and unlocked. A new session of the same worker id puts it where it belongs.
    await lease.abandon();
    await worker.session.close();
    let lastError: unknown;
    for (let n = 1; n <= TRANSIENT_RETRIES; n++) {
      try {
        worker.session = await this.options.store.openWorker(worker.id);
        // Only if still RUNNING: a commit that reached the server before the connection died stays DONE.
        await worker.session.updateOwned(lease.item.id, lease.item.attempts, patch, 'RUNNING');
        return worker.session;
      } catch (e) {
        lastError = e;
        await this.wait(retryDelayMs(n));
      }
    }
    throw lastError;
  }

  /** Wait `ms`, or less if the pool is stopped immediately. */
  private wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      const signal = this.abort.signal;
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
  }
}

/** The message of an error, for the master table and the log. */
export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.startsWith(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
