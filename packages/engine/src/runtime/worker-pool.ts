import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { isTransactionRollback } from '@sluice/adapter-kit';
import type { WorkerStatus } from '../job/job-runtime.js';
import type { ItemLease, MasterTableStore, WorkerSession } from '../master-table/index.js';

/** One worker as its item handler sees it. */
export interface Worker {
  /** 1-based worker number, as in `W-1`. */
  readonly number: number;
  /** The id written to the master table's worker column (host, process, worker, a random tag). */
  readonly id: string;
  readonly session: WorkerSession;
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
  /** The server rolled an item's work back (a deadlock): it goes back to be done again. */
  readonly onItemRetry?: (lease: ItemLease, worker: Worker, error: unknown) => void;
  /** How long an idle worker waits before looking again. */
  readonly pollMs?: number;
}

const TAG = randomBytes(3).toString('hex');

/** Attempts an item gets when the server keeps rolling its work back (deadlocks between workers). */
const ROLLBACK_RETRIES = 4;

/** A worker slot of the pool, from the moment it starts opening its master-table session. */
interface RunningWorker {
  readonly id: string;
  lease?: ItemLease;
  promise: Promise<void>;
}

/** SLUICE_TEST_ITEM_DELAY_MS: each item is held this long before it is worked (tests stop and kill jobs mid-way with it). */
function itemDelayMs(): number {
  const v = Number(process.env['SLUICE_TEST_ITEM_DELAY_MS']);
  return Number.isFinite(v) && v > 0 ? v : 0;
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
    const session = await this.options.store.openWorker(id);
    const worker: Worker = { number: n, id, session, signal: this.abort.signal, status };
    status.state = 'WORK WAITING';
    let claimErrors = 0;
    try {
      while (this.stopping === undefined && n <= this.degree && !this.finished) {
        let claim;
        try {
          claim = await session.claim(this.options.kinds === undefined ? {} : { kinds: this.options.kinds });
          claimErrors = 0;
        } catch (error) {
          // Lock conflicts and deadlocks between claimers are retried; a lost database is not.
          if (++claimErrors > 5 || session.conn.closed) throw error;
          await this.idle(100 * claimErrors);
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
        try {
          const delay = itemDelayMs();
          if (delay > 0) await new Promise<void>((r) => setTimeout(r, delay));
          if (this.stopping === 'immediate') throw this.abort.signal.reason;
          await this.options.handle(lease, worker);
          if (!lease.ended) await lease.abandon();
        } catch (error) {
          if (this.stopping === 'immediate') await lease.abandon();
          else if (!lease.ended && isTransactionRollback(error) && lease.item.attempts < ROLLBACK_RETRIES) {
            await lease.retry();
            this.options.onItemRetry?.(lease, worker, error);
          } else if (!lease.ended) {
            await lease.fail(errorText(error));
            this.options.onItemError(lease, worker, error);
          } else this.options.onItemError(lease, worker, error);
        } finally {
          entry.lease = undefined;
          status.state = 'WORK WAITING';
          status.itemBytes = 0;
          status.itemEstimate = 0;
          this.poke();
        }
      }
    } finally {
      await session.close();
    }
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
