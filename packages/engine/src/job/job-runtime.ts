// NOTE (API engineer): additive change — JobRuntime gained an optional `logEntry?(message)` so the API's
// LOG_ENTRY reaches the job's log file. Implement it in the runtime (lines given before `run` must be
// kept until the log is open); if it is absent, LOG_ENTRY lines still reach GET_STATUS work-in-progress.
import type { JobConnections, JobDefinition, JobSecrets } from './job-definition.js';
import type { ResolvedTuning } from './job-tuning.js';

/** What a runtime reports as it works; the API turns these into GET_STATUS answers and log lines. */
export type RuntimeEvent =
  | { readonly kind: 'log'; readonly line: string; readonly error?: boolean }
  | { readonly kind: 'state'; readonly state: 'EXECUTING' | 'COMPLETING' | 'COMPLETED' | 'STOPPED' | 'NOT RUNNING' }
  | { readonly kind: 'progress' }
  /** A serving run took the job over (the process that ran it is gone): from now on it owns the job row, as a primary. */
  | { readonly kind: 'took-over' };

/** Per-worker status, as GET_STATUS's worker status list. */
export interface WorkerStatus {
  readonly workerNumber: number;
  readonly processId: string;
  /** WAITING FOR FILE: the export's dump file set needs ADD_FILE before the worker's chunk can go on. */
  readonly state: 'WORK WAITING' | 'EXECUTING' | 'WAITING FOR FILE' | 'UNDEFINED';
  readonly objectType?: string;
  readonly objectSchema?: string;
  readonly objectName?: string;
  readonly completedRows: number;
  readonly completedBytes: number;
  readonly percentDone: number;
}

/** Progress figures, for GET_STATUS and the log. */
export interface RuntimeProgress {
  readonly totalBytes: number;
  readonly completedBytes: number;
  readonly completedRows: number;
  readonly percentDone: number;
  readonly workers: readonly WorkerStatus[];
  readonly errorCount: number;
  readonly phase: string;
  /** The dump files this process has written (kept after the master table is dropped). */
  readonly files: readonly string[];
}

/**
 * Runs a defined job: plans work into the master table, runs workers, writes or reads the dump file
 * set. One runtime instance per process serving the job; several processes may serve one job.
 */
export interface JobRuntime {
  /** Start (or restart, when the master table already holds work) and resolve when the job ends or stops. */
  run(options: { skipCurrent?: boolean; serveOnly?: boolean; holder?: string }): Promise<{ state: 'COMPLETED' | 'STOPPED'; errors: number }>;
  /** SET_PARALLEL while executing. */
  setParallel(degree: number): void;
  /** STOP_JOB: orderly (finish current items) or immediate (abort them; they are redone on restart). */
  stop(options: { immediate: boolean }): Promise<void>;
  /** ADD_FILE while executing. */
  addFile(name: string): void;
  /** LOG_ENTRY: write a caller's line into the job's log (and status stream). Optional; see the note at the top. */
  logEntry?(message: string): void;
  progress(): RuntimeProgress;
  /** Subscribe to events; returns an unsubscribe function. */
  on(listener: (event: RuntimeEvent) => void): () => void;
}

/** Builds the runtime for a job. */
export type JobRuntimeFactory = (definition: JobDefinition, connections: JobConnections, secrets: JobSecrets, tuning: ResolvedTuning) => JobRuntime;
