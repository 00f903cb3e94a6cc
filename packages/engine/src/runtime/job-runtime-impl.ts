import type { JobFilters } from '../filters/index.js';
import { compileJobFilters } from '../filters/index.js';
import { isTransactionRollback } from '@sluice/adapter-kit';
import { JobError, isJobError } from '../errors.js';
import type { JobConnections, JobDefinition, JobSecrets } from '../job/job-definition.js';
import type { ResolvedTuning } from '../job/job-tuning.js';
import type { JobRuntime, RuntimeEvent, RuntimeProgress } from '../job/job-runtime.js';
import { JobLog, formatCompletedAt, formatElapsed, quotedTable } from '../log/index.js';
import { MasterTableStore, percentOf, type ItemLease, type ItemTotals, type JobRunState } from '../master-table/index.js';
import { resolvedParameters, type ResolvedParameters } from '../parameters/index.js';
import { jobFilePath } from './dump-set.js';
import { fetchJobFiles, publishJobFiles } from './job-files.js';
import { ExportOperation } from './export-operation.js';
import { ImportOperation } from './import-operation.js';
import { modePrefix } from './item-payload.js';
import type { Operation } from './operation.js';
import { PathTracker } from './path-tracker.js';
import { StopRequested, jobLabel, type RunContext } from './run-context.js';
import { SqlFileOperation } from './sql-file-operation.js';
import { CLAIM_BATCH, WorkerPool, errorText, type ItemFault, type Worker } from './worker-pool.js';
import { faultMessage } from './item-fault.js';
import { HeapGovernor } from './heap-governor.js';

/** How often status figures are refreshed from the master table while a job runs. */
const REFRESH_MS = 1_000;
/** The longest a status refresh waits (a refresh that queued behind the plan's inserts took long, not its query). */
const REFRESH_MAX_MS = 5_000;

/**
 * The runtime of one job in one process: plans the work into the master table (unless it only
 * serves), runs the workers, finishes the operation, and reports log lines, state and progress.
 * The API (LocalRun) owns the job row's state and the master table's fate at the end.
 */
export class SluiceJobRuntime implements JobRuntime {
  private readonly def: JobDefinition;
  private readonly connections: JobConnections;
  private readonly secrets: JobSecrets;
  private readonly tuning: ResolvedTuning;
  private readonly listeners = new Set<(event: RuntimeEvent) => void>();
  private readonly pendingLog: string[] = [];
  private readonly abort = new AbortController();
  private log: JobLog | undefined;
  private store: MasterTableStore | undefined;
  private op: Operation | undefined;
  private pool: WorkerPool | undefined;
  private degree: number;
  private stopMode: 'orderly' | 'immediate' | undefined;
  private running: Promise<{ state: 'COMPLETED' | 'STOPPED'; errors: number }> | undefined;
  private phase = 'DEFINING';
  private totals: ItemTotals | undefined;
  private run_: JobRunState | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly heap = new HeapGovernor();
  private completed = false;
  /** The error thrown when an item failure stopped the job (already logged). */
  private faultError: JobError | undefined;

  constructor(def: JobDefinition, connections: JobConnections, secrets: JobSecrets, tuning: ResolvedTuning) {
    this.def = def;
    this.connections = connections;
    this.secrets = secrets;
    this.tuning = tuning;
    this.degree = def.parallel;
  }

  on(listener: (event: RuntimeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: RuntimeEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // A listener's failure is its own.
      }
    }
  }

  run(options: { skipCurrent?: boolean; serveOnly?: boolean; holder?: string } = {}): Promise<{ state: 'COMPLETED' | 'STOPPED'; errors: number }> {
    if (this.running !== undefined) {
      return Promise.reject(new JobError('INVALID_STATE', `Job "${this.def.jobName}" is already running in this runtime; create a new runtime to restart it.`, { jobName: this.def.jobName }));
    }
    // The job's control connections stay open while it runs, not reopened after every idle pause.
    const release = MasterTableStore.holdOpen(this.def.jobName);
    this.running = this.execute(options).finally(release);
    return this.running;
  }

  setParallel(degree: number): void {
    this.degree = degree;
    const applied = this.pool?.setDegree(degree);
    if (applied !== undefined && applied < degree) {
      this.log?.info(`PARALLEL=${degree} asked; this process runs ${applied} workers, the most its source snapshot allows.`);
    }
  }

  async stop(options: { immediate: boolean }): Promise<void> {
    // An orderly stop waits for the items in progress, which cannot end while the dump set waits for ADD_FILE.
    if (!options.immediate && this.op?.waitingForFile?.() === true) options = { immediate: true };
    if (options.immediate) {
      this.stopMode = 'immediate';
      this.abort.abort(new StopRequested());
    } else this.stopMode ??= 'orderly';
    this.pool?.stop(options.immediate);
    await this.running?.catch(() => undefined);
  }

  addFile(name: string): void {
    this.op?.addFile?.(name);
  }

  logEntry(message: string): void {
    if (this.log === undefined) this.pendingLog.push(message);
    else this.log.info(message);
  }

  progress(): RuntimeProgress {
    const totals = this.totals;
    const waiting = this.op?.waitingForFile?.() === true;
    const workers = (this.pool?.workerStatuses() ?? []).map((w) => (waiting && w.state === 'EXECUTING' ? { ...w, state: 'WAITING FOR FILE' as const } : w));
    const inFlight = this.pool?.inFlightBytes() ?? 0;
    const completedBytes = (totals?.doneBytes ?? 0) + inFlight;
    const totalBytes = this.run_?.totalBytes || totals?.estimatedBytes || 0;
    const done = this.completed;
    return {
      totalBytes,
      completedBytes,
      completedRows: totals?.doneRows ?? 0,
      percentDone: done ? 100 : totalBytes > 0 ? Math.min(99, percentOf(completedBytes, totalBytes)) : itemPercent(totals),
      workers,
      errorCount: (totals?.errors ?? 0) + (this.run_?.extraErrors ?? 0),
      phase: this.phase,
      files: this.op?.writtenFiles?.() ?? [],
    };
  }

  private refreshPending = false;
  /** How long the last status refresh took: the next waits 20 times that (at least 100 ms, at most REFRESH_MAX_MS). */
  private refreshMs = 0;

  /**
   * Refresh the status figures soon (after an item finished). The totals aggregate the whole master
   * table, so with thousands of small items the refresh backs off to about 5 % of one connection.
   */
  private scheduleRefresh(): void {
    if (this.refreshPending) return;
    this.refreshPending = true;
    setTimeout(
      () => {
        void this.refresh().finally(() => (this.refreshPending = false));
      },
      Math.min(REFRESH_MAX_MS, Math.max(100, 20 * this.refreshMs)),
    ).unref();
  }

  private async refresh(): Promise<void> {
    const store = this.store;
    if (store === undefined) return;
    const started = Date.now();
    try {
      this.totals = await store.totals();
      this.run_ = await store.readRunState();
      this.emit({ kind: 'progress' });
    } catch {
      // Status is best effort; the run reports real failures.
    } finally {
      this.refreshMs = Date.now() - started;
    }
  }

  private operationFor(ctx: RunContext): Operation {
    switch (this.def.operation) {
      case 'EXPORT':
        return new ExportOperation(ctx);
      case 'IMPORT':
        return new ImportOperation(ctx);
      case 'SQL_FILE':
        return new SqlFileOperation(ctx);
    }
  }

  private async execute(options: { skipCurrent?: boolean; serveOnly?: boolean; holder?: string }): Promise<{ state: 'COMPLETED' | 'STOPPED'; errors: number }> {
    const def = this.def;
    const startedAt = new Date();
    const params: ResolvedParameters = resolvedParameters(def);
    const filters: JobFilters = compileJobFilters(def);
    const store = MasterTableStore.for(this.connections.home, def.jobName);
    this.store = store;
    const serveOnly = options.serveOnly === true;
    let run = await store.readRunState();
    this.run_ = run;
    let restarting = run.phase !== 'DEFINED';
    await fetchJobFiles(def, restarting || serveOnly);
    const log = new JobLog({
      ...(jobFilePath(def, 'LOG') === undefined ? {} : { path: jobFilePath(def, 'LOG') as string }),
      append: restarting || serveOnly,
      logtime: params.logtime,
      secrets: [this.secrets.encryptionPassword, this.secrets.keyFile],
      metrics: params.metrics,
    });
    this.log = log;
    const unsubscribe = log.subscribe(({ line, error }) => this.emit({ kind: 'log', line, error }));
    for (const line of this.pendingLog.splice(0)) log.info(line);
    const ctx: RunContext = {
      def,
      params,
      secrets: this.secrets,
      connections: this.connections,
      home: this.connections.home,
      store,
      log,
      paths: new PathTracker(log),
      filters,
      tuning: this.tuning,
      prefix: modePrefix(def.mode),
      signal: this.abort.signal,
      serveOnly,
      holder: options.holder ?? `pid-${process.pid}`,
      emit: (event) => this.emit(event),
      checkStop: () => {
        if (this.stopMode !== undefined) throw new StopRequested();
      },
      countError: async (line) => {
        log.error(line);
        await store.updateRunState((r) => ({ extraErrors: (r.extraErrors ?? 0) + 1 })).catch(() => undefined);
      },
    };
    const op = this.operationFor(ctx);
    this.op = op;
    // Through the same back-off: with tens of thousands of items a refresh takes a good part of a second.
    this.refreshTimer = setInterval(() => this.scheduleRefresh(), REFRESH_MS);
    this.refreshTimer.unref();
    this.heap.start();
    this.emit({ kind: 'state', state: 'EXECUTING' });
    try {
      if (serveOnly) {
        const served = await this.serve(ctx, op, run);
        if (served !== 'take-over') return served;
        // This process completes the job now, as a restart would: it reopens the set (its own files among them).
        run = await store.readRunState();
        this.run_ = run;
        restarting = true;
      }

      if (restarting) {
        log.info(`Job ${def.jobName} has been reopened at ${formatCompletedAt(startedAt)}`);
        log.info(`Restarting ${jobLabel(def)}:${params.clientCommand ? `  ${params.clientCommand}` : ''}`);
        await store.updateJob({ restartCount: (await store.readJob()).restartCount + 1 });
      }
      if (options.skipCurrent === true) await this.skipCurrent(ctx, op);
      if (restarting) await this.redoFailed(ctx);
      this.phase = 'PLANNING';
      const planned = await op.plan(run, restarting);
      run = await store.readRunState();
      this.run_ = run;
      if (planned === 'master-only') {
        // MASTER_ONLY: the job stops with its master table in place, to be examined.
        const at = new Date();
        log.info(`Job ${jobLabel(def)} stopped after loading its master table (MASTER_ONLY) at ${formatCompletedAt(at)} elapsed ${formatElapsed(at.getTime() - startedAt.getTime())}`);
        this.phase = 'STOPPED';
        await this.refresh();
        this.emit({ kind: 'state', state: 'STOPPED' });
        return { state: 'STOPPED', errors: await this.errorCount(store) };
      }
      if (planned === 'work') {
        this.phase = 'EXECUTING';
        let outcome = await this.runWorkers(ctx, op);
        // Work that other processes finished into files they never stored is done again first.
        while (outcome === 'done' && op.beforeFinish !== undefined && (await op.beforeFinish())) outcome = await this.runWorkers(ctx, op);
        if (outcome === 'done') await this.awaitServers(ctx);
        const fault = this.pool?.fault;
        if (outcome === 'stopped' && fault !== undefined) throw this.stopOnFault(ctx, fault);
        if (outcome === 'stopped') return await this.stopped(ctx, op, startedAt);
        this.phase = 'COMPLETING';
        this.emit({ kind: 'state', state: 'COMPLETING' });
        ctx.paths.flush();
        await op.finish();
      }
      ctx.paths.flush();
      const errors = await this.errorCount(store);
      const at = new Date();
      log.info(
        errors === 0
          ? `Job ${jobLabel(def)} successfully completed at ${formatCompletedAt(at)} elapsed ${formatElapsed(at.getTime() - startedAt.getTime())}`
          : `Job ${jobLabel(def)} completed with ${errors} error(s) at ${formatCompletedAt(at)} elapsed ${formatElapsed(at.getTime() - startedAt.getTime())}`,
      );
      this.completed = true;
      this.phase = 'COMPLETED';
      await this.refresh();
      this.emit({ kind: 'state', state: 'COMPLETED' });
      return { state: 'COMPLETED', errors };
    } catch (error) {
      if (error !== this.faultError && (error instanceof StopRequested || (this.stopMode !== undefined && !isJobError(error, 'NO_SUCH_JOB')))) return await this.stopped(ctx, op, startedAt);
      await op.suspend().catch(() => undefined);
      const at = new Date();
      if (error !== this.faultError) log.error(errorText(error));
      log.info(`Job ${jobLabel(def)} stopped due to fatal error at ${formatCompletedAt(at)} elapsed ${formatElapsed(at.getTime() - startedAt.getTime())}`);
      this.phase = 'STOPPED';
      this.emit({ kind: 'state', state: 'STOPPED' });
      throw error;
    } finally {
      if (this.refreshTimer !== undefined) clearInterval(this.refreshTimer);
      this.heap.stop();
      await op.close().catch(() => undefined);
      unsubscribe();
      log.close();
      this.log = undefined;
      await publishJobFiles(def).catch((error: unknown) =>
        this.emit({
          kind: 'log',
          line: `Warning: the log could not be copied to its location (it is kept in ${jobFilePath(def, 'LOG') ?? "the job's working folder"}): ${errorText(error)}`,
          error: true,
        }),
      );
      await store.close().catch(() => undefined);
    }
  }

  /**
   * Serve-only: wait for the plan, then work items with this process's workers until none are left.
   * 'take-over' when the process that ran the job is gone (killed) and nobody stopped the job: this
   * process then completes it, as a restart would (the master pieces are written by whichever
   * process completes the job).
   */
  private async serve(ctx: RunContext, op: Operation, initial: JobRunState): Promise<{ state: 'COMPLETED' | 'STOPPED'; errors: number } | 'take-over'> {
    let run = initial;
    while (run.phase === 'DEFINED') {
      ctx.checkStop();
      await new Promise((r) => setTimeout(r, 250));
      run = await ctx.store.readRunState();
      // The process planning the job died before its plan was written: nobody else would write it.
      if (run.phase === 'DEFINED' && (await this.primaryGone(ctx)) && this.stopMode === undefined && (await ctx.store.takeOverRun(ctx.holder))) {
        ctx.log.info(
          `The process that started job ${this.def.jobName} is gone (it holds no job lock) before it finished planning the job: this process plans and completes it, as a restart (attach --start) would.`,
        );
        this.emit({ kind: 'took-over' });
        return 'take-over';
      }
    }
    this.run_ = run;
    if (run.phase === 'PLANNED') {
      await op.openForServing(run);
      this.phase = 'EXECUTING';
      if ((await this.runWorkers(ctx, op)) === 'stopped') {
        const fault = this.pool?.fault;
        if (fault !== undefined) throw this.stopOnFault(ctx, fault);
        await op.suspend();
        this.phase = 'STOPPED';
        this.emit({ kind: 'state', state: 'STOPPED' });
        return { state: 'STOPPED', errors: await this.errorCount(ctx.store) };
      }
    }
    ctx.paths.flush();
    await this.refresh();
    const errors = await this.errorCount(ctx.store);
    // Last: once this process's files are handed over, the process completing the job may close the set and drop the master table.
    if (run.phase === 'PLANNED') await op.leave?.();
    if (this.stopMode === undefined && (await ctx.store.takeOverRun(ctx.holder))) {
      ctx.log.info(`The process that started job ${this.def.jobName} is gone (it holds no job lock): this process completes the job, as a restart (attach --start) would.`);
      this.emit({ kind: 'took-over' });
      return 'take-over';
    }
    this.phase = 'COMPLETED';
    return { state: 'COMPLETED', errors };
  }

  /** Whether no process but this one holds the job's lock (a cheap look, without the row lock takeOverRun takes). */
  private async primaryGone(ctx: RunContext): Promise<boolean> {
    const live = await ctx.store.liveProcesses(await ctx.store.readJob());
    return live.every((p) => p.holder === ctx.holder);
  }

  /**
   * Every item is done: processes serving the job are leaving (their workers found no work); wait
   * for them to go, so the master table they still read is not dropped under them.
   */
  private async awaitServers(ctx: RunContext): Promise<void> {
    for (;;) {
      ctx.checkStop();
      // Sealed under the row lock: a process asking to serve from now on is refused, not let in late.
      if (await ctx.store.sealRun(ctx.holder)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  private async runWorkers(ctx: RunContext, op: Operation): Promise<'done' | 'stopped'> {
    if (this.stopMode !== undefined) return 'stopped';
    const pool = new WorkerPool({
      store: ctx.store,
      degree: this.degree,
      batch: CLAIM_BATCH,
      ...(op.workOffLease === true ? { workOffLease: true } : {}),
      itemDelayMs: ctx.tuning.itemDelayMs,
      ...(op.workerCap() === undefined ? {} : { cap: op.workerCap() as number }),
      handle: async (lease: ItemLease, worker: Worker) => {
        ctx.paths.begin(lease.item.objectPath, worker.number);
        await op.handle(lease, worker);
        ctx.paths.count(lease.item.objectPath, worker.number);
        this.scheduleRefresh();
      },
      onItemError: (lease, worker, error) => ctx.log.worker(worker.number, op.describeFailure(lease, worker, error), true),
      onItemRetry: (lease, worker, error) => {
        const what = `${lease.item.objectPath ?? 'item'} ${quotedTable(lease.item.objectSchema ?? '', lease.item.objectName ?? '', lease.item.partitionName)}`;
        ctx.log.worker(
          worker.number,
          isTransactionRollback(error)
            ? `The server rolled back work on ${what} to resolve a lock conflict (${errorText(error)}); it will be done again.`
            : `Work on ${what} was interrupted (${errorText(error)}); it will be done again on a new connection.`,
        );
      },
      ...(op.failureStopsJob === undefined ? {} : { stopsJob: (lease: ItemLease, error: unknown) => op.failureStopsJob?.(lease, error) ?? false }),
      ...(op.beforeRetry === undefined ? {} : { beforeRetry: (lease: ItemLease, worker: Worker, error: unknown) => op.beforeRetry?.(lease, worker, error) ?? Promise.resolve() }),
    });
    this.pool = pool;
    if (this.stopMode !== undefined) pool.stop(this.stopMode === 'immediate');
    try {
      return await pool.run();
    } finally {
      await this.refresh();
    }
  }

  /** A restart redoes the data items an earlier run left FAILED (the job stopped on them, or an older version skipped them). */
  private async redoFailed(ctx: RunContext): Promise<void> {
    const failed = await ctx.store.items({ itemKind: 'DATA', states: ['FAILED'] });
    if (failed.length === 0) return;
    await ctx.store.setItemState(
      failed.map((r) => r.id),
      'PENDING',
      { fromStates: ['FAILED'] },
    );
    ctx.log.info(`${failed.length} table data item(s) that failed in an earlier run will be done again.`);
  }

  /** An item failure stopped the workers: log what went wrong, what to fix and how to resume; the error ends the run (master table kept). */
  private stopOnFault(ctx: RunContext, fault: ItemFault): JobError {
    const label = this.op?.itemLabel?.(fault.item);
    const { logLine, message } = label === undefined ? faultMessage(this.def, fault) : faultMessage(this.def, fault, label);
    ctx.log.error(logLine);
    this.faultError = new JobError('JOB_FAILED', message, { jobName: this.def.jobName, cause: fault.error });
    return this.faultError;
  }

  /** START_JOB skip-current: the items a dead or stopped run left in progress are skipped, not redone. */
  private async skipCurrent(ctx: RunContext, op: Operation): Promise<void> {
    const skipped = await ctx.store.takeOrphans(async (orphans) => {
      for (const row of orphans) await op.skipOrphan?.(row);
      return { ids: orphans.map((r) => r.id), state: 'SKIPPED', error: 'skipped by START_JOB skip_current' };
    });
    for (const row of skipped) {
      const what =
        row.itemKind === 'DATA'
          ? `table data ${quotedTable(row.objectSchema ?? '', row.objectName ?? '', row.partitionName)}`
          : `${row.objectPath ?? 'object'} "${row.objectSchema ?? ''}"."${row.objectName ?? ''}"`;
      ctx.log.info(`Skipped ${what}, which was in progress when the job stopped (skip_current).`);
    }
  }

  private async stopped(ctx: RunContext, op: Operation, startedAt: Date): Promise<{ state: 'STOPPED'; errors: number }> {
    await op.suspend().catch(() => undefined);
    const at = new Date();
    ctx.log.info(`Job ${jobLabel(this.def)} stopped by user request at ${formatCompletedAt(at)} elapsed ${formatElapsed(at.getTime() - startedAt.getTime())}`);
    this.phase = 'STOPPED';
    await this.refresh();
    this.emit({ kind: 'state', state: 'STOPPED' });
    return { state: 'STOPPED', errors: await this.errorCount(ctx.store).catch(() => 0) };
  }

  private async errorCount(store: MasterTableStore): Promise<number> {
    const totals = await store.totals();
    const run = await store.readRunState();
    this.totals = totals;
    this.run_ = run;
    return totals.errors + (run.extraErrors ?? 0);
  }
}

/** Percent done by items when there is no byte estimate. */
function itemPercent(totals: ItemTotals | undefined): number {
  if (totals === undefined || totals.items === 0) return 0;
  const finished = (totals.byState['DONE'] ?? 0) + (totals.byState['FAILED'] ?? 0) + (totals.byState['SKIPPED'] ?? 0);
  return Math.min(99, Math.floor((finished / totals.items) * 100));
}

/** Builds the runtime of a job (src/job/job-runtime.ts's JobRuntimeFactory). */
export const createJobRuntime = (definition: JobDefinition, connections: JobConnections, secrets: JobSecrets, tuning: ResolvedTuning): JobRuntime =>
  new SluiceJobRuntime(definition, connections, secrets, tuning);
