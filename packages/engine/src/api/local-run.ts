import { JobError, isJobError } from '../errors.js';
import type { JobDefinition } from '../job/job-definition.js';
import type { JobRuntime, RuntimeEvent } from '../job/job-runtime.js';
import type { JobStateName } from '../job-state/index.js';
import type { JobLock, MasterTableStore } from '../master-table/index.js';
import { withoutFullStop } from '../log/index.js';
import { resolvedParameters } from '../parameters/index.js';
import type { JobChannel, ResolvedTiming } from './job-channel.js';

/** How a run ended. */
export interface RunOutcome {
  readonly state: 'COMPLETED' | 'STOPPED';
  readonly errors: number;
  /** Set when the runtime failed: the job stopped on a fatal error. */
  readonly failure?: JobError;
}

/**
 * A job's runtime as this process drives it, holding the process's job lock for the whole run (the
 * lock, not the row, tells other sessions the job is alive). The primary run (startJob) owns the job
 * row's state: it writes each state change, and at the end drops the master table or leaves it for
 * a restart. It reads the row every heartbeatMs, so stop and SET_PARALLEL requests made by sessions
 * in other processes reach the workers. A serving run (startJob({ serveOnly })) only runs workers and
 * follows stop requests. A run whose lock is lost (its connection died) stops at once: other
 * sessions already see the job NOT RUNNING and may restart it.
 */
export class LocalRun {
  state: JobStateName = 'EXECUTING';
  degree: number;
  ended = false;
  outcome: RunOutcome | undefined;
  /** STOP_JOB with keepMaster false: drop the master table once stopped. */
  kill = false;
  readonly done: Promise<RunOutcome>;
  private resolveDone!: (outcome: RunOutcome) => void;
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  /** The degree the job row carried when last read or written here: only a change there is another session's request. */
  private rowDegree: number;
  /** This process's SET_PARALLEL writes to the job row: in flight, and finished (a heartbeat read around one is stale). */
  private degreeWrites = { pending: 0, finished: 0 };
  private stopRequested = false;
  /** The job lock's connection died: another process may own the job now, so this one leaves the row alone. */
  private lockLost = false;
  /** finish has begun: it releases the lock itself, so a look at the lock in flight means nothing. */
  private finishing = false;
  private readonly knownFiles: Set<string>;
  private unsubscribe: (() => void) | undefined;

  constructor(
    /** A serving run becomes the primary when it takes over a job whose primary is gone. */
    public role: 'primary' | 'server',
    readonly definition: JobDefinition,
    readonly runtime: JobRuntime,
    private readonly store: MasterTableStore,
    private readonly channel: JobChannel,
    private readonly timing: ResolvedTiming,
    private readonly lock: JobLock,
  ) {
    this.degree = definition.parallel;
    this.rowDegree = definition.parallel;
    this.knownFiles = new Set(definition.files.map((f) => `${f.directory}\0${f.name}`));
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
  }

  /** Start the runtime; resolves once it has been asked to run (the job goes on in the background). */
  start(options: { skipCurrent?: boolean; serveOnly?: boolean }): void {
    this.unsubscribe = this.runtime.on((event) => this.onEvent(event));
    let running: Promise<{ state: 'COMPLETED' | 'STOPPED'; errors: number }>;
    try {
      running = this.runtime.run({ ...options, holder: this.lock.process.holder });
    } catch (cause) {
      running = Promise.reject(cause);
    }
    for (const line of this.channel.pendingLogEntries.splice(0)) this.runtime.logEntry?.(line);
    this.timer = setInterval(() => void this.tick(), this.timing.heartbeatMs);
    this.timer.unref();
    running.then(
      (result) => void this.finish({ state: result.state, errors: result.errors }),
      (cause: unknown) => void this.finish({ state: 'STOPPED', errors: 1, failure: failureOf(this.definition.jobName, cause) }),
    );
  }

  private onEvent(event: RuntimeEvent): void {
    switch (event.kind) {
      case 'log':
        this.channel.post(event.line, event.error === true);
        return;
      case 'state':
        // Stop requests and the end of the run are decided here; the runtime reports how far it got.
        if ((event.state === 'EXECUTING' || event.state === 'COMPLETING') && !this.stopRequested && !this.ended) this.setState(event.state);
        return;
      case 'progress':
        this.channel.notify();
        return;
      case 'took-over':
        this.role = 'primary';
        return;
    }
  }

  private setState(state: JobStateName): void {
    if (this.state === state) return;
    this.state = state;
    this.channel.notify();
    if (this.role === 'primary' && !this.ended && !this.lockLost) void this.store.updateJob({ state }).catch(() => undefined);
  }

  /** STOP_JOB from this process: orderly (STOP PENDING) or immediate (STOPPING). */
  async requestStop(immediate: boolean): Promise<void> {
    if (this.ended) return;
    if (this.stopRequested && (!immediate || this.state === 'STOPPING')) return;
    this.stopRequested = true;
    this.setState(immediate ? 'STOPPING' : 'STOP PENDING');
    await this.runtime.stop({ immediate });
  }

  /** SET_PARALLEL from this process. */
  setParallel(degree: number): void {
    this.degree = degree;
    this.runtime.setParallel(degree);
  }

  /** SET_PARALLEL from a session of this process: applied now, then written to the job row by `write`. */
  async setParallelAndRecord(degree: number, write: () => Promise<void>): Promise<void> {
    this.setParallel(degree);
    this.degreeWrites.pending++;
    try {
      await write();
      this.rowDegree = degree;
    } finally {
      this.degreeWrites.pending--;
      this.degreeWrites.finished++;
    }
  }

  /** A dump file added while running (from this process or, through the job row, from another). */
  addFile(directory: string, name: string): void {
    const key = `${directory}\0${name}`;
    if (this.knownFiles.has(key)) return;
    this.knownFiles.add(key);
    this.runtime.addFile(name);
  }

  /** Requests from other sessions, through the job row; and a look that the job lock is still held. */
  private async tick(): Promise<void> {
    if (this.ticking || this.ended) return;
    this.ticking = true;
    try {
      if (!(await this.lock.held()) && !this.finishing) {
        // Other sessions already see the job NOT RUNNING and may restart it: stop before an item runs twice.
        this.lockLost = true;
        await this.requestStop(true);
        return;
      }
      const writesBefore = this.degreeWrites.finished;
      let record: Awaited<ReturnType<MasterTableStore['readJob']>>;
      try {
        record = await this.store.readJob();
      } catch (error) {
        if (isJobError(error, 'NO_SUCH_JOB')) {
          // Another session killed the job and dropped its master table.
          this.kill = true;
          await this.requestStop(true);
        }
        return;
      }
      if (record.state === 'STOPPING' && this.state !== 'STOPPING') await this.requestStop(true);
      else if (record.state === 'STOP PENDING' && this.state === 'EXECUTING') await this.requestStop(false);
      if (this.role !== 'primary' || this.ended) return;
      // A heartbeat that read the row around this process's own SET_PARALLEL write may carry the old
      // degree; it is not applied, so it cannot undo the change.
      const stale = this.degreeWrites.pending > 0 || this.degreeWrites.finished !== writesBefore;
      if (!stale && record.degree !== this.rowDegree && record.degree >= 1) {
        this.rowDegree = record.degree;
        if (record.degree !== this.degree) this.setParallel(record.degree);
      }
      for (const f of record.definition.files) if (f.kind === 'DUMP') this.addFile(f.directory, f.name);
      if (record.logRequests !== undefined) for (const message of await this.store.takeLogRequests()) this.runtime.logEntry?.(message);
    } catch {
      // A missed read is retried on the next tick; the run itself reports real failures.
    } finally {
      this.ticking = false;
    }
  }

  private async finish(ended: RunOutcome): Promise<void> {
    this.finishing = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    let outcome: RunOutcome = this.lockLost ? { state: 'STOPPED', errors: ended.errors, failure: lockLostFailure(this.definition.jobName) } : ended;
    this.unsubscribe?.();
    if (outcome.failure !== undefined && this.role === 'primary' && !this.lockLost && (await this.failedBeforeWork())) {
      // Nothing was done that a restart could continue: the job leaves nothing behind.
      this.kill = true;
      outcome = {
        ...outcome,
        failure: new JobError(
          'JOB_FAILED',
          outcome.failure.message.replace(/ The master table is kept: .*$/, ' The job had not begun its work, so its master table was removed: fix the cause and run the job again.'),
          { jobName: this.definition.jobName, cause: outcome.failure.cause },
        ),
      };
    }
    if (outcome.failure !== undefined) this.channel.post(outcome.failure.message, true);
    if (this.role === 'primary' && !this.lockLost) {
      try {
        await this.settleMasterTable(outcome);
      } catch (error) {
        this.channel.post(`job ${this.definition.jobName}: could not update the master table at the end of the job: ${(error as Error).message}`, true);
      }
    }
    await this.store.close().catch(() => undefined);
    // Only now, with the row settled: until the lock goes, other sessions see the job alive.
    await this.lock.release();
    this.ended = true;
    this.outcome = outcome;
    this.state = outcome.state;
    this.channel.notify();
    this.resolveDone(outcome);
  }

  /** Whether the job stopped before its first start had planned any work item. */
  private async failedBeforeWork(): Promise<boolean> {
    try {
      return (await this.store.readRunState()).phase === 'DEFINED';
    } catch {
      return false;
    }
  }

  /** COMPLETED: drop the master table unless KEEP_MASTER. STOPPED: keep it for a restart (NOT RUNNING), unless killed. */
  private async settleMasterTable(outcome: RunOutcome): Promise<void> {
    const exists = await this.store.exists();
    if (!exists) return;
    if (outcome.state === 'COMPLETED') {
      if (resolvedParameters(this.definition).keepMaster) await this.store.updateJob({ state: 'COMPLETED' });
      else await this.store.drop();
    } else if (this.kill) {
      await this.store.drop();
    } else {
      await this.store.updateJob({ state: 'NOT RUNNING', ...(outcome.failure === undefined ? {} : { error: outcome.failure.message }) });
    }
  }
}

function failureOf(jobName: string, cause: unknown): JobError {
  if (isJobError(cause, 'JOB_FAILED')) return cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new JobError('JOB_FAILED', `job ${jobName} stopped on a fatal error: ${withoutFullStop(reason)}. The master table is kept: fix the cause, then attach and startJob to restart it.`, {
    jobName,
    cause,
  });
}

function lockLostFailure(jobName: string): JobError {
  return new JobError(
    'JOB_FAILED',
    `job ${jobName} stopped: this process lost its job lock (its connection to the home database closed), so other sessions saw the job as not running; its work stopped at once so that nothing runs twice. The master table is kept: attach to the job and startJob to resume it.`,
    { jobName },
  );
}
