import type { Adapter } from '@sluice/adapter-kit';
import { attach, defineJob as defineEngineJob, KU$_STATUS_JOB_ERROR, KU$_STATUS_JOB_STATUS, KU$_STATUS_WIP, type DataPump, type DefineJobInput, type JobStatus } from '@sluice/engine';
import { CliError } from '../cli-error.js';
import { tuningFromEnvironment } from './engine-tuning.js';
import type { JobSession, SessionOutcome, SessionStatus } from './job-session.js';

const END_STATES = new Set(['COMPLETED', 'STOPPED', 'NOT RUNNING', 'UNDEFINED']);

function sessionStatus(s: JobStatus): SessionStatus {
  return {
    state: s.state,
    degree: s.degree,
    totalBytes: s.totalBytes,
    completedBytes: s.bytesProcessed,
    completedRows: s.rowsProcessed,
    percentDone: s.percentDone,
    errorCount: s.errorCount,
    phase: s.phase,
    files: s.files,
    workers: s.workerStatusList.map((w) => ({
      number: w.workerNumber,
      state: w.state,
      // The last part of the object path is enough on one line: TABLE_DATA "hr"."emp".
      ...(w.objectName === undefined ? {} : { object: `${(w.objectType ?? '').split('/').pop()} ${w.objectSchema === undefined ? '' : `"${w.objectSchema}".`}"${w.objectName}"`.trim() }),
      rows: w.completedRows,
      bytes: w.completedBytes,
      percentDone: w.percentDone,
    })),
  };
}

/** The least time between two status reads while log lines keep coming. */
const STATUS_BATCH_MS = 100;

/**
 * A JobSession over an engine handle. One loop reads GET_STATUS (log lines and status together), so
 * the end of the job, reported once by the engine, is never taken by a second reader.
 */
export class EngineSession implements JobSession {
  readonly #handle: DataPump;
  readonly #directory: string | undefined;
  readonly #listeners = new Set<(line: string, isError: boolean) => void>();
  #latest: SessionStatus | undefined;
  #pump: Promise<void> | undefined;
  #ended = false;
  /** This session's workers serve a job another process runs (start with serveOnly). */
  #serving = false;
  /** Resolved when this process stops serving (stopServing): it no longer follows the job either. */
  #left: () => void = () => undefined;
  readonly #leaving = new Promise<void>((resolve) => (this.#left = resolve));
  /** The most errors the job's master table showed while it ran (its row is gone once it completes). */
  #jobErrors = 0;

  constructor(handle: DataPump, directory: string | undefined, initial?: SessionStatus) {
    this.#handle = handle;
    this.#directory = directory;
    this.#latest = initial;
  }

  get jobName(): string {
    return this.#handle.jobName;
  }
  get owner(): string {
    return this.#handle.owner;
  }
  get operation(): string {
    return this.#handle.operation;
  }
  get mode(): string {
    return this.#handle.mode;
  }

  /** The engine handle, for the commands that need more than the session offers. */
  get handle(): DataPump {
    return this.#handle;
  }

  /** Read status and log lines until the job is at rest. */
  #startPump(): Promise<void> {
    this.#pump ??= (async () => {
      for (;;) {
        const report = await this.#handle.getStatus(KU$_STATUS_WIP | KU$_STATUS_JOB_ERROR | KU$_STATUS_JOB_STATUS, 1);
        const lines = [...(report.wip ?? []), ...(report.error ?? [])].sort((a, b) => a.logLineNumber - b.logLineNumber);
        for (const entry of lines) for (const l of this.#listeners) l(entry.logText, entry.errorNumber !== 0);
        if (report.jobStatus !== undefined) this.#latest = sessionStatus(report.jobStatus);
        if (report.jobStatus !== undefined && !END_STATES.has(report.state)) this.#jobErrors = Math.max(this.#jobErrors, report.jobStatus.errorCount);
        if (END_STATES.has(report.state) || report.state === 'IDLING') {
          this.#ended = true;
          return;
        }
        // Each call reads the job row: with thousands of tables logging a line each, lines are
        // taken in batches, a tenth of a second apart, not one read per line.
        if (lines.length > 0) await new Promise((resolve) => setTimeout(resolve, STATUS_BATCH_MS));
      }
    })();
    return this.#pump;
  }

  async status(): Promise<SessionStatus> {
    if (this.#latest !== undefined && (this.#pump !== undefined || this.#ended)) return this.#latest;
    const report = await this.#handle.getStatus(KU$_STATUS_JOB_STATUS, 0);
    if (report.jobStatus === undefined) throw new CliError('JOB_FAILED', `no status for job ${this.jobName}`);
    this.#latest = sessionStatus(report.jobStatus);
    return this.#latest;
  }

  onLog(listener: (line: string, isError: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async start(options: { skipCurrent: boolean; serveOnly?: boolean; parallel?: number }): Promise<void> {
    const serving = options.parallel === undefined ? { serveOnly: true } : { serveOnly: true, parallel: options.parallel };
    await this.#handle.startJob(options.serveOnly === true ? serving : options.skipCurrent ? { skipCurrent: true } : {});
    this.#serving = options.serveOnly === true;
    this.#pump = undefined;
    this.#ended = false;
  }

  async waitForEnd(): Promise<SessionOutcome> {
    if (this.#serving) return this.#waitForServedJob();
    try {
      await this.#startPump();
    } catch (error) {
      return { state: 'FAILED', errors: 1, failure: error };
    }
    try {
      const result = await this.#handle.waitForJob();
      return { state: result.state, errors: result.errors };
    } catch (error) {
      return { state: 'FAILED', errors: 1, failure: error };
    }
  }

  /**
   * A serving run ends this session at once when it fails or stops: the job goes on in the process
   * that started it. When its workers found no work left, the job's log is followed to the job's end
   * (the master table's errors seen on the way give the outcome: its row is gone once it completes).
   */
  async #waitForServedJob(): Promise<SessionOutcome> {
    const served = this.#handle.waitForJob().then(
      (result): SessionOutcome => ({ state: result.state, errors: result.errors, ...(result.tookOver === true ? { tookOver: true } : {}) }),
      (error: unknown): SessionOutcome => ({ state: 'FAILED', errors: 1, failure: error }),
    );
    const followed = this.#startPump().then(
      () => undefined,
      (error: unknown): SessionOutcome => ({ state: 'FAILED', errors: 1, failure: error }),
    );
    const first = await Promise.race([followed, served]);
    if (first !== undefined && first.state !== 'COMPLETED') return first;
    const own = await served;
    if (own.state !== 'COMPLETED') return own;
    const end = await Promise.race([followed, this.#leaving.then(() => own)]);
    if (end !== undefined) return end;
    return { state: this.#latest?.state ?? 'COMPLETED', errors: Math.max(own.errors, this.#jobErrors), ...(own.tookOver === true ? { tookOver: true } : {}) };
  }

  async stopServing(options: { immediate: boolean }): Promise<void> {
    try {
      await this.#handle.stopServing(options);
    } finally {
      this.#left();
    }
  }

  async setParallel(degree: number): Promise<void> {
    await this.#handle.setParallel(degree);
  }

  async addFile(name: string): Promise<void> {
    if (this.#directory === undefined) throw new CliError('BAD_PARAMETER', "ADD_FILE needs the job's DIRECTORY; attach with DIRECTORY=folder to add files.");
    await this.#handle.addFile({ kind: 'DUMP', name, directory: this.#directory });
  }

  async stop(options: { immediate: boolean; keepMaster: boolean }): Promise<void> {
    await this.#handle.stopJob({ immediate: options.immediate, keepMaster: options.keepMaster });
  }

  async detach(): Promise<void> {
    await this.#handle.detach();
  }
}

/** OPEN a job and define it from the plan (the engine's `defineJob`, the REST service's too), as a session. */
export async function defineJob(input: DefineJobInput): Promise<EngineSession> {
  return new EngineSession(await defineEngineJob({ tuning: tuningFromEnvironment(), ...input }), input.directory);
}

/** ATTACH to a job by name in its home database; the session reads its status from the master table. */
export async function attachJob(input: {
  jobName: string;
  home: Adapter;
  source?: Adapter;
  target?: Adapter;
  networkSource?: Adapter;
  directory?: string;
  encryptionPassword?: string;
  keyFile?: string;
}): Promise<EngineSession> {
  const handle = await attach(input.jobName, {
    home: input.home,
    tuning: tuningFromEnvironment(),
    ...(input.source === undefined ? {} : { source: input.source }),
    ...(input.target === undefined ? {} : { target: input.target }),
    ...(input.networkSource === undefined ? {} : { networkLink: input.networkSource }),
    ...(input.encryptionPassword === undefined ? {} : { encryptionPassword: input.encryptionPassword }),
    ...(input.keyFile === undefined ? {} : { encryptionKeyFile: input.keyFile }),
  });
  return new EngineSession(handle, input.directory);
}
