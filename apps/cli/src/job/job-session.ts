/** One worker's line of the status, as the CLI shows it. */
export interface WorkerView {
  readonly number: number;
  readonly state: string;
  /** What it is working on, e.g. `TABLE_DATA "hr"."emp"`. */
  readonly object?: string;
  readonly rows: number;
  readonly bytes: number;
  readonly percentDone: number;
}

/** A job's status at one moment, from the engine's GET_STATUS. */
export interface SessionStatus {
  readonly state: string;
  readonly degree: number;
  readonly totalBytes: number;
  readonly completedBytes: number;
  readonly completedRows: number;
  readonly percentDone: number;
  readonly errorCount: number;
  readonly phase?: string;
  readonly workers: readonly WorkerView[];
  readonly files: readonly string[];
}

/** How a job ended, or stopped, for the exit code. */
export interface SessionOutcome {
  readonly state: string;
  /** Errors the job continued past (exit code 5 when completed with any). */
  readonly errors: number;
  /** The fatal error that failed the job, if it failed. */
  readonly failure?: unknown;
  /** This process served the job and completed it itself: the process that started it had died. */
  readonly tookOver?: boolean;
}

/**
 * What the CLI needs of a job it drives or is attached to: the engine's handle API seen through the
 * few calls the log display and interactive mode make. `engine-session.ts` implements it over
 * @sluice/engine; tests implement it with a fake.
 */
export interface JobSession {
  readonly jobName: string;
  readonly owner: string;
  /** EXPORT, IMPORT or SQL_FILE. */
  readonly operation: string;
  readonly mode: string;
  status(): Promise<SessionStatus>;
  /** Subscribe to the job's log lines; returns an unsubscribe function. */
  onLog(listener: (line: string, isError: boolean) => void): () => void;
  /** START_JOB (`serveOnly`: add this process's workers to a job another process runs). */
  start(options: { skipCurrent: boolean; serveOnly?: boolean; parallel?: number }): Promise<void>;
  /** Resolves when the job is no longer executing: completed, stopped, or failed. */
  waitForEnd(): Promise<SessionOutcome>;
  setParallel(degree: number): Promise<void>;
  addFile(name: string): Promise<void>;
  stop(options: { immediate: boolean; keepMaster: boolean }): Promise<void>;
  /** Stop only this process's serving workers (after start with serveOnly); the job goes on elsewhere. */
  stopServing(options: { immediate: boolean }): Promise<void>;
  /** DETACH: leave the job (and close this process's connections). */
  detach(): Promise<void>;
}
