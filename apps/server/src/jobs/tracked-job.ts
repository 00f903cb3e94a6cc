import type { Adapter } from '@sluice/adapter-kit';
import { KU$_STATUS_JOB_ERROR, KU$_STATUS_JOB_STATUS, KU$_STATUS_WIP, type DataPump, type JobStatus } from '@sluice/engine';
import type { JobOrigin } from './job-request.js';

/** What a job's followers (the SSE stream) are told. */
export type JobEvent =
  | { readonly kind: 'status'; readonly status: JobStatus }
  | { readonly kind: 'log'; readonly line: string; readonly error: boolean }
  | { readonly kind: 'end'; readonly status: JobStatus | undefined };

const END_STATES = new Set(['COMPLETED', 'STOPPED', 'NOT RUNNING', 'UNDEFINED', 'IDLING']);
/** The least time between two status reads while log lines keep coming. */
const STATUS_BATCH_MS = 100;
/** Log lines kept in memory per job for late followers. */
const KEPT_LINES = 2000;

/**
 * A job this service runs: its handle and adapters while it runs, and its last status after it ended
 * (a completed job's master table is gone, so its end is remembered here). One loop reads GET_STATUS,
 * so the end the engine reports once is never taken by a second reader.
 */
export class TrackedJob {
  readonly database: string;
  readonly jobName: string;
  readonly owner: string;
  readonly origin: JobOrigin;
  readonly logFile: string | undefined;
  readonly sqlFile: string | undefined;
  status: JobStatus | undefined;
  failure: string | undefined;
  readonly lines: { line: string; error: boolean }[] = [];
  readonly #listeners = new Set<(event: JobEvent) => void>();
  #handle: DataPump | undefined;
  readonly #adapters: Adapter[];
  readonly done: Promise<void>;

  constructor(init: { database: string; handle: DataPump; adapters: Adapter[]; origin: JobOrigin; logFile: string | undefined; sqlFile?: string | undefined }) {
    this.database = init.database;
    this.jobName = init.handle.jobName;
    this.owner = init.handle.owner;
    this.origin = init.origin;
    this.logFile = init.logFile;
    this.sqlFile = init.sqlFile;
    this.#handle = init.handle;
    this.#adapters = init.adapters;
    this.done = this.#pump();
  }

  /** The engine handle while the job runs in this process. */
  get handle(): DataPump | undefined {
    return this.#handle;
  }

  get running(): boolean {
    return this.#handle !== undefined;
  }

  /** Follow the job: the listener gets every event until the end; returns the unsubscribe. */
  follow(listener: (event: JobEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(event: JobEvent): void {
    for (const l of this.#listeners) l(event);
  }

  async #pump(): Promise<void> {
    const handle = this.#handle as DataPump;
    try {
      for (;;) {
        const report = await handle.getStatus(KU$_STATUS_WIP | KU$_STATUS_JOB_ERROR | KU$_STATUS_JOB_STATUS, 1);
        const lines = [...(report.wip ?? []), ...(report.error ?? [])].sort((a, b) => a.logLineNumber - b.logLineNumber);
        for (const entry of lines) {
          const line = { line: entry.logText, error: entry.errorNumber !== 0 };
          this.lines.push(line);
          if (this.lines.length > KEPT_LINES) this.lines.shift();
          this.#emit({ kind: 'log', ...line });
        }
        if (report.jobStatus !== undefined) {
          this.status = { ...report.jobStatus, state: report.state };
          this.#emit({ kind: 'status', status: this.status });
        }
        if (END_STATES.has(report.state)) break;
        if (lines.length > 0) await new Promise((resolve) => setTimeout(resolve, STATUS_BATCH_MS));
      }
      try {
        await handle.waitForJob();
      } catch (error) {
        this.failure = error instanceof Error ? error.message : String(error);
      }
    } catch (error) {
      this.failure = error instanceof Error ? error.message : String(error);
    } finally {
      this.#handle = undefined;
      await handle.detach().catch(() => undefined);
      await Promise.all(this.#adapters.map((a) => a.close().catch(() => undefined)));
      this.#emit({ kind: 'end', status: this.status });
      this.#listeners.clear();
    }
  }
}
