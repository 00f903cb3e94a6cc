import type { MasterRow } from '@sluice/adapter-kit';
import type { ItemLease, JobRunState } from '../master-table/index.js';
import type { ItemHandler, Worker } from './worker-pool.js';

/** One operation (EXPORT, IMPORT, SQL_FILE) as the runtime drives it. */
export interface Operation {
  /**
   * Coordinator only: plan the job if it has not been (phase DEFINED), or pick it up again after a
   * restart. 'finished' when there is no item work (ESTIMATE_ONLY, SQL_FILE); 'master-only' when
   * the job stops with its master table loaded for inspection (MASTER_ONLY).
   */
  plan(run: JobRunState, restarting: boolean): Promise<'work' | 'finished' | 'master-only'>;
  /** Serve-only processes: open what the workers need for an already planned job. */
  openForServing(run: JobRunState): Promise<void>;
  readonly handle: ItemHandler;
  /** Whether items do their work off the lease's connection, so a slow one's batch is given back while it runs. */
  readonly workOffLease?: boolean;
  /** The most workers this process can run, if limited. */
  workerCap(): number | undefined;
  /**
   * Whether an item failure that is not transient (or whose retries ran out) stops the job, to be
   * resumed once its cause is fixed, instead of counting as an error the job continues past.
   */
  failureStopsJob?(lease: ItemLease, error: unknown): boolean;
  /** Before a transient failure is retried: make what the worker needs whole again (a lost snapshot). */
  beforeRetry?(lease: ItemLease, worker: Worker, error: unknown): Promise<void>;
  /** How the log names an item, where the operation knows better than its master row (an import's remapped table). */
  itemLabel?(item: MasterRow): string | undefined;
  /** The status line for an item that failed. */
  describeFailure(lease: ItemLease, worker: Worker, error: unknown): string;
  /**
   * Coordinator, once every item is finished, before `finish`: true when items were put back to be
   * done again (export: chunks a dead serving process had finished into a file it never stored).
   */
  beforeFinish?(): Promise<boolean>;
  /** Serve-only processes, once no item is left: hand over what this process wrote (export: store its files). */
  leave?(): Promise<void>;
  /** Coordinator, after every item is finished. */
  finish(): Promise<void>;
  /** After a stop or a failure: leave everything resumable. */
  suspend(): Promise<void>;
  /** Release connections, files and snapshots. */
  close(): Promise<void>;
  /** ADD_FILE while running (export: another dump file name or template). */
  addFile?(name: string): void;
  /** Export: whether the dump file set waits for ADD_FILE (FILESIZE reached, every file spec used up). */
  waitingForFile?(): boolean;
  /** Export: the dump files written so far, by name (the job row says the same while the master table exists). */
  writtenFiles?(): readonly string[];
  /** START_JOB skip-current: undo what a skipped, half-done item left behind. */
  skipOrphan?(row: MasterRow): Promise<void>;
}
