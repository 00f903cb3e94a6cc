import type { Adapter, TableRef } from '@sluice/adapter-kit';
import { JobError, isJobError } from '../errors.js';
import { validateDataFilter, validateMetadataFilter } from '../filters/index.js';
import type { DataRemapSpec, JobConnections, JobDefinition, JobMode, JobOperation, MetadataFilterSpec, MetadataRemapSpec, MetadataTransformSpec } from '../job/job-definition.js';
import type { ResolvedTuning } from '../job/job-tuning.js';
import { AT_REST, LIVE_STATES, checkCall, jobStateOf, type CallContext, type DataPumpCall, type JobStateEvidence, type JobStateName } from '../job-state/index.js';
import { redact } from '../log/index.js';
import { JobLock, MasterTableStore, type JobProcess, type JobRecord } from '../master-table/index.js';
import { checkParameterConsistency, describe, resolvedParameters, validateParameter, type ParameterValue } from '../parameters/index.js';
import { validateDataRemap, validateMetadataRemap, validateTransform } from '../remap/index.js';
import { assertServableExport, createJobRuntime } from '../runtime/index.js';
import { validateFileSpec, type AddFileSpec } from './file-spec.js';
import { channelFor, releaseChannel, type JobChannel, type ResolvedTiming } from './job-channel.js';
import { LocalRun } from './local-run.js';
import { describeJob, jobStatusOf, waitResult } from './status-report.js';
import { KU$_STATUS_ALL, KU$_STATUS_JOB_DESC, KU$_STATUS_JOB_ERROR, KU$_STATUS_JOB_STATUS, KU$_STATUS_WIP, type StatusReport, type WaitResult } from './status-types.js';

/** The largest SET_PARALLEL degree. */
export const MAX_DEGREE = 1024;

/** What a handle is built from (by open or attach). */
export interface HandleInit {
  readonly home: Adapter;
  readonly jobName: string;
  readonly operation: JobOperation;
  readonly mode: JobMode;
  readonly owner: string;
  readonly state: JobStateName;
  readonly source?: Adapter;
  readonly target?: Adapter;
  readonly networkLink?: Adapter;
  readonly codecs?: readonly Adapter[];
  readonly timing: ResolvedTiming;
  readonly tuning: ResolvedTuning;
}

/**
 * A handle on one Data Pump job, as DBMS_DATAPUMP.OPEN and ATTACH return: every call checks the
 * job's state against Oracle's table of valid states (JobError INVALID_STATE), and a detached
 * handle refuses everything (INVALID_HANDLE). The job itself lives in its master table in the home
 * database, so handles in other processes see and steer the same job.
 */
export class DataPump {
  readonly jobName: string;
  readonly owner: string;
  readonly operation: JobOperation;
  readonly mode: JobMode;
  readonly home: Adapter;
  private readonly store: MasterTableStore;
  private readonly channel: JobChannel;
  private readonly source: Adapter | undefined;
  private readonly target: Adapter | undefined;
  private readonly networkLink: Adapter | undefined;
  private readonly codecs: readonly Adapter[];
  private readonly timing: ResolvedTiming;
  private readonly tuning: ResolvedTuning;
  private run: LocalRun | undefined;
  /** This process's serving run of a job another process started (startJob({ serveOnly })). */
  private serving: LocalRun | undefined;
  private detached = false;
  /** The state last seen, to tell what a vanished master table means. */
  private lastSeen: JobStateName;
  /** Set when this handle ended the job's life itself (stopJob of a job not running). */
  private settled: JobStateName | undefined;
  /** The last job row read, for the job description once the table is gone. */
  private lastRecord: JobRecord | undefined;
  private wipCursor: number;
  private errorCursor: number;
  /** Whether getStatus has already reported the end of the job (after that it is INVALID_STATE, as Oracle's table says). */
  private endReported = false;

  /** @internal Use `open` or `attach`. */
  constructor(init: HandleInit) {
    this.home = init.home;
    this.jobName = init.jobName;
    this.operation = init.operation;
    this.mode = init.mode;
    this.owner = init.owner;
    this.source = init.source;
    this.target = init.target;
    this.networkLink = init.networkLink;
    this.codecs = init.codecs ?? [];
    this.timing = init.timing;
    this.tuning = init.tuning;
    this.lastSeen = init.state;
    this.store = MasterTableStore.for(init.home, init.jobName);
    this.channel = channelFor(init.home, init.jobName);
    this.channel.handles++;
    this.wipCursor = this.channel.lastLine;
    this.errorCursor = this.channel.lastLine;
    // A handle attached to a job that already ended has no end to be told of (GET_STATUS is INVALID_STATE there).
    this.endReported = isEnd(init.state);
  }

  // ---------------------------------------------------------------- state

  /** The job's state as this handle sees it: its own run, else the job row (a running job whose processes hold no job lock is NOT RUNNING). */
  async currentState(): Promise<JobStateName> {
    if (this.detached) {
      throw new JobError('INVALID_HANDLE', `the handle on job ${this.jobName} was detached; attach to the job again for a new handle`, { jobName: this.jobName });
    }
    const run = this.run ?? this.channel.run;
    const local: JobStateEvidence = {
      ...(run === undefined ? {} : { localRun: { state: run.state, ended: run.ended, drivenByThisHandle: this.run === run } }),
      ...(this.settled === undefined ? {} : { settled: this.settled }),
      lastSeen: this.lastSeen,
    };
    // A run this process drives is this handle's to follow to its end.
    if (run !== undefined && !run.ended) this.run = run;
    const near = jobStateOf(local);
    if (near !== undefined) {
      this.lastSeen = near;
      return near;
    }
    try {
      const record = await this.store.readJob();
      this.lastRecord = record;
      this.lastSeen = await this.store.liveState(record);
    } catch (error) {
      if (!isJobError(error, 'NO_SUCH_JOB')) throw error;
      // The master table is gone: dropped at the end of a completed job, or by a kill.
      this.lastSeen = jobStateOf({ ...local, row: 'gone' });
    }
    return this.lastSeen;
  }

  private async check(call: DataPumpCall, context: Omit<CallContext, 'jobName' | 'operation'> = {}): Promise<JobStateName> {
    const state = await this.currentState();
    checkCall(call, state, { jobName: this.jobName, operation: this.operation, ...context });
    return state;
  }

  /** Read-modify-write of the stored definition (the job row is the one place it lives, so every session sees it). */
  private async updateDefinition(change: (def: JobDefinition) => JobDefinition, extra: { degree?: number } = {}): Promise<JobDefinition> {
    const record = await this.store.readJob();
    const next = change(record.definition);
    await this.store.updateJob({ definition: next, ...extra });
    this.lastRecord = { ...record, definition: next };
    return next;
  }

  // ---------------------------------------------------------------- defining

  /** ADD_FILE: a dump, log or SQL file. While the job runs (or idles) only dump files of an export. */
  async addFile(spec: AddFileSpec): Promise<void> {
    const state = await this.check('ADD_FILE', { fileKind: spec?.kind ?? 'DUMP' });
    const def = await this.updateDefinition((d) => ({ ...d, files: [...d.files, validateFileSpec(d, spec)] }));
    const added = def.files[def.files.length - 1];
    if (added !== undefined && state === 'EXECUTING' && this.run !== undefined && !this.run.ended) this.run.addFile(added.directory, added.name);
  }

  /** METADATA_FILTER: INCLUDE/EXCLUDE_PATH_EXPR/LIST, NAME_EXPR/LIST, EXCLUDE_NAME_EXPR/LIST, SCHEMA_EXPR/LIST. */
  async metadataFilter(spec: MetadataFilterSpec): Promise<void> {
    await this.check('METADATA_FILTER');
    const filter = validateMetadataFilter(this.jobName, spec);
    await this.updateDefinition((d) => ({ ...d, metadataFilters: [...d.metadataFilters, filter] }));
  }

  /** DATA_FILTER: INCLUDE_ROWS, QUERY, SAMPLE, PARTITION_LIST, for one table (as named in the source) or the whole job. */
  async dataFilter(spec: { name: string; value: string | number | boolean; table?: TableRef }): Promise<void> {
    await this.check('DATA_FILTER');
    await this.updateDefinition((d) => ({ ...d, dataFilters: [...d.dataFilters, validateDataFilter(d, spec)] }));
  }

  /** DATA_REMAP: pass a column's values through a function registered with registerRemapFunction. */
  async dataRemap(spec: DataRemapSpec): Promise<void> {
    await this.check('DATA_REMAP');
    await this.updateDefinition((d) => {
      const next = { ...d, dataRemaps: [...d.dataRemaps, validateDataRemap(d, spec)] };
      checkParameterConsistency(next, this.secretsPresent(), false);
      return next;
    });
  }

  /** METADATA_REMAP: REMAP_SCHEMA, REMAP_TABLE, REMAP_TABLESPACE (import and SQL_FILE). */
  async metadataRemap(spec: MetadataRemapSpec): Promise<void> {
    await this.check('METADATA_REMAP');
    await this.updateDefinition((d) => ({ ...d, metadataRemaps: [...d.metadataRemaps, validateMetadataRemap(d, spec)] }));
  }

  /** METADATA_TRANSFORM: SEGMENT_ATTRIBUTES, STORAGE, TABLESPACE, OWNER, GRANTS, DEFINER, TABLE_OPTIONS, ENGINE, COMMENTS = Y|N. */
  async metadataTransform(spec: MetadataTransformSpec): Promise<void> {
    await this.check('METADATA_TRANSFORM');
    await this.updateDefinition((d) => ({ ...d, transforms: [...d.transforms, validateTransform(d, spec)] }));
  }

  /** SET_PARAMETER. ENCRYPTION_PASSWORD and ENCRYPTION_KEY_FILE are held in this process only, and may be given again while IDLING. */
  async setParameter(name: string, value: ParameterValue): Promise<void> {
    const upper = typeof name === 'string' ? name.trim().toUpperCase() : '';
    await this.check('SET_PARAMETER', { parameter: upper });
    const record = await this.store.readJob();
    const def = record.definition;
    const parameter = validateParameter({ jobName: this.jobName, operation: def.operation, networkLink: def.networkLink }, name, value);
    if (parameter.kind === 'secret') {
      const secrets = { ...this.channel.secrets, ...(parameter.name === 'ENCRYPTION_PASSWORD' ? { encryptionPassword: parameter.value } : { keyFile: parameter.value }) };
      checkParameterConsistency(def, { password: secrets.encryptionPassword !== undefined, keyFile: secrets.keyFile !== undefined }, false);
      this.channel.secrets = secrets;
      return;
    }
    const previous = def.parameters[parameter.name];
    if (previous !== undefined) {
      throw new JobError('INCONSISTENT_ARGS', `setParameter: ${parameter.name} was already set to ${describe(previous)} for job ${this.jobName}; each parameter is set once`, {
        jobName: this.jobName,
      });
    }
    if (parameter.name === 'ESTIMATE') this.checkEstimateMethod(def, parameter.value as 'BLOCKS' | 'STATISTICS');
    const next: JobDefinition = { ...def, parameters: { ...def.parameters, [parameter.name]: parameter.value } };
    checkParameterConsistency(next, this.secretsPresent(), false);
    await this.store.updateJob({ definition: next });
  }

  private checkEstimateMethod(def: JobDefinition, method: 'BLOCKS' | 'STATISTICS'): void {
    const source = def.operation === 'EXPORT' ? (this.source ?? this.home) : this.networkLink;
    if (source === undefined || source.data.estimateMethods.includes(method)) return;
    throw new JobError('INVALID_ARGVAL', `setParameter: ESTIMATE=${method} is not available on the source (${source.name}), which estimates by ${source.data.estimateMethods.join(' or ')}`, {
      jobName: this.jobName,
    });
  }

  private secretsPresent(): { password: boolean; keyFile: boolean } {
    return { password: this.channel.secrets.encryptionPassword !== undefined, keyFile: this.channel.secrets.keyFile !== undefined };
  }

  /** SET_PARALLEL: the number of active workers; while the job runs, workers are added or retired. */
  async setParallel(degree: number): Promise<void> {
    if (!Number.isInteger(degree) || degree < 1 || degree > MAX_DEGREE) {
      await this.currentState();
      throw new JobError('INVALID_ARGVAL', `setParallel: the degree must be a whole number from 1 to ${MAX_DEGREE}, got ${describe(degree)}`, { jobName: this.jobName });
    }
    const state = await this.check('SET_PARALLEL');
    // The job row carries it to a run in another process, and to a restart.
    const write = async (): Promise<void> => {
      await this.updateDefinition((d) => ({ ...d, parallel: degree }), { degree });
    };
    if (state === 'EXECUTING' && this.run !== undefined && !this.run.ended) await this.run.setParallelAndRecord(degree, write);
    else await write();
  }

  // ---------------------------------------------------------------- running

  /**
   * START_JOB: start a defined job, or restart an idling one (`skipCurrent` skips the items that were
   * in progress). `serveOnly` adds this process's workers to a job already executing elsewhere
   * (`parallel` of them; default the job's degree).
   */
  async startJob(options: { skipCurrent?: boolean; serveOnly?: boolean; parallel?: number } = {}): Promise<void> {
    const serveOnly = options.serveOnly === true;
    if (options.parallel !== undefined && (!serveOnly || !Number.isInteger(options.parallel) || options.parallel < 1)) {
      throw new JobError(
        'INVALID_ARGVAL',
        `startJob: parallel ${describe(options.parallel)} is not valid; it is the number of this process's workers (an integer of at least 1) and goes with serveOnly (use setParallel otherwise)`,
        { jobName: this.jobName },
      );
    }
    if (!serveOnly && (await this.currentState()) === 'EXECUTING') {
      const live = await this.runningProcesses();
      if (live.length > 0) throw this.store.runningElsewhere('EXECUTING', live);
    }
    const state = await this.check('START_JOB', { serveOnly });
    const record = await this.store.readJob().catch(async (error: unknown) => {
      // The master table went since the state was read: the job has ended (INVALID_STATE, like any start then).
      if (isJobError(error, 'NO_SUCH_JOB')) await this.check('START_JOB', { serveOnly });
      throw error;
    });
    let def = record.definition;
    if (serveOnly) {
      // An export read as of one snapshot: refused before joining when its source's cannot be shared.
      if (def.operation === 'EXPORT' && resolvedParameters(def).flashback) assertServableExport(this.jobName, this.source ?? this.home);
      const lock = await JobLock.take(this.home, this.jobName, 'server');
      try {
        await this.store.joinRun(lock.process);
        this.launch('server', options.parallel === undefined ? def : { ...def, parallel: options.parallel }, { serveOnly: true }, lock);
      } catch (error) {
        await lock.release();
        if (isJobError(error, 'NO_SUCH_JOB')) await this.check('START_JOB', { serveOnly });
        throw error;
      }
      return;
    }
    const secrets = this.secretsPresent();
    if (state === 'DEFINING') {
      def = await this.withStartDefaults(def);
    } else if (def.operation === 'EXPORT' && resolvedParameters(def).encryption !== 'NONE' && !secrets.password && !secrets.keyFile) {
      throw new JobError(
        'INCONSISTENT_ARGS',
        `job ${this.jobName} encrypts its dump files, and secrets are never stored: give ENCRYPTION_PASSWORD (or ENCRYPTION_KEY_FILE) again with setParameter before restarting it`,
        { jobName: this.jobName },
      );
    }
    checkParameterConsistency(def, secrets, true);
    this.connectionsFor(def);
    // The job lock first: the row says EXECUTING only while a live process holds one.
    const lock = await JobLock.take(this.home, this.jobName, 'primary');
    try {
      await this.store.claimRun(lock.process, {
        definition: def,
        state: 'EXECUTING',
        degree: def.parallel,
        // The runtime counts restarts (restartCount) as it reopens the job.
        error: undefined,
      });
    } catch (error) {
      await lock.release();
      throw error;
    }
    try {
      this.launch('primary', def, { ...(options.skipCurrent === undefined ? {} : { skipCurrent: options.skipCurrent }) }, lock);
    } catch (error) {
      // Nothing runs: leave the job as it was, so it can be fixed and started again.
      await this.store.updateJob({ state: state === 'IDLING' ? 'IDLING' : 'DEFINING' }).catch(() => undefined);
      await lock.release();
      throw error;
    }
  }

  /** The processes running or serving the job now: those whose job lock is held. */
  async runningProcesses(): Promise<JobProcess[]> {
    const record = await this.store.readJob().catch((error: unknown) => {
      if (isJobError(error, 'NO_SUCH_JOB')) return undefined;
      throw error;
    });
    return record === undefined ? [] : this.store.liveProcesses(record);
  }

  /** Defaults decided when a job first starts, written into the definition so a restart or another process sees them. */
  private async withStartDefaults(def: JobDefinition): Promise<JobDefinition> {
    let next = def;
    const readsSource = def.operation === 'EXPORT' || def.networkLink;
    if ((def.mode === 'SCHEMA' || def.mode === 'TABLE') && readsSource && !def.metadataFilters.some((f) => f.name.startsWith('SCHEMA_'))) {
      // Oracle's default: the schema of the user running the job (MySQL: the connection's database).
      const source = def.operation === 'EXPORT' ? (this.source ?? this.home) : this.networkLink;
      if (source !== undefined) {
        const conn = await source.connector.connect('sluice start');
        try {
          const info = await source.connector.serverInfo(conn);
          const schema = source.introspector.supportsSchemas ? info.user : info.database;
          next = { ...next, metadataFilters: [...next.metadataFilters, { name: 'SCHEMA_LIST', value: `'${schema.replace(/'/g, "''")}'` }] };
        } finally {
          await conn.close().catch(() => undefined);
        }
      }
    }
    const secrets = this.secretsPresent();
    if (def.operation === 'EXPORT' && (secrets.password || secrets.keyFile)) {
      const p = { ...next.parameters };
      p['ENCRYPTION'] ??= 'ALL';
      p['ENCRYPTION_MODE'] ??= secrets.password ? 'PASSWORD' : 'TRANSPARENT';
      next = { ...next, parameters: p };
    }
    return next;
  }

  /** The connections the runtime gets; a network-link job attached without its link cannot start. */
  private connectionsFor(def: JobDefinition): JobConnections {
    if (def.networkLink && this.networkLink === undefined) {
      throw new JobError('INCONSISTENT_ARGS', `job ${this.jobName} reads its source over a network link: pass networkLink (the source adapter) to attach before startJob`, { jobName: this.jobName });
    }
    switch (def.operation) {
      case 'EXPORT':
        return { home: this.home, source: this.source ?? this.home };
      case 'IMPORT':
        return { home: this.home, target: this.target ?? this.home, ...(this.networkLink === undefined ? {} : { source: this.networkLink }), codecs: this.codecs };
      case 'SQL_FILE':
        return { home: this.home, ...(this.networkLink === undefined ? {} : { source: this.networkLink }), codecs: this.codecs };
    }
  }

  private launch(role: 'primary' | 'server', def: JobDefinition, options: { skipCurrent?: boolean; serveOnly?: boolean }, lock: JobLock): void {
    const runtime = createJobRuntime(def, this.connectionsFor(def), this.channel.jobSecrets(), this.tuning);
    const run = new LocalRun(role, def, runtime, MasterTableStore.for(this.home, this.jobName), this.channel, this.timing, lock);
    if (role === 'primary') {
      this.channel.run = run;
      this.run = run;
      this.settled = undefined;
      this.endReported = false;
    } else this.serving = run;
    run.start(options);
  }

  /** LOG_ENTRY: a line of the caller's into the job's log and every attached session's work-in-progress stream. */
  async logEntry(message: string, options: { logFileOnly?: boolean } = {}): Promise<void> {
    if (typeof message !== 'string') {
      await this.currentState();
      throw new JobError('INVALID_ARGVAL', `logEntry: the message must be a string, got ${describe(message)}`, { jobName: this.jobName });
    }
    const state = await this.check('LOG_ENTRY');
    const run = this.run ?? this.channel.run;
    if (run !== undefined && !run.ended) run.runtime.logEntry?.(message);
    else if (state === 'EXECUTING') {
      // The job runs in another process: its heartbeat takes the message from the job row into its log.
      await this.store.requestLogEntry(redact(message, [this.channel.secrets.encryptionPassword]));
    } else this.channel.pendingLogEntries.push(message);
    if (options.logFileOnly !== true) this.channel.post(message, false);
  }

  /**
   * GET_STATUS: the parts `mask` asks for (KU$_STATUS_WIP, _JOB_DESC, _JOB_STATUS, _JOB_ERROR).
   * `timeout` in seconds: 0 answers at once, -1 waits until there is news (a new line of a requested
   * stream, or a change of state), n waits at most n seconds for it.
   */
  async getStatus(mask: number = KU$_STATUS_ALL, timeout = 0): Promise<StatusReport> {
    if (!Number.isInteger(mask) || mask < 0 || (mask & ~KU$_STATUS_ALL) !== 0) {
      await this.currentState();
      throw new JobError('INVALID_ARGVAL', `getStatus: mask ${describe(mask)} is not a sum of KU$_STATUS_WIP (1), KU$_STATUS_JOB_DESC (2), KU$_STATUS_JOB_STATUS (4), KU$_STATUS_JOB_ERROR (8)`, {
        jobName: this.jobName,
      });
    }
    if (typeof timeout !== 'number' || Number.isNaN(timeout) || (timeout < 0 && timeout !== -1)) {
      await this.currentState();
      throw new JobError('INVALID_ARGVAL', `getStatus: timeout is seconds to wait, 0 for none or -1 for as long as it takes; got ${describe(timeout)}`, { jobName: this.jobName });
    }
    let state = await this.statusState();
    const deadline = timeout === -1 ? Infinity : Date.now() + timeout * 1000;
    const news = (): boolean =>
      ((mask & KU$_STATUS_WIP) !== 0 && this.channel.linesAfter(this.wipCursor, false).length > 0) ||
      ((mask & KU$_STATUS_JOB_ERROR) !== 0 && this.channel.linesAfter(this.errorCursor, true).length > 0);
    const startState = state;
    // An ended job has no news to wait for; anything else is watched until news, a change of state, or the deadline.
    while (!news() && state === startState && !isEnd(state) && Date.now() < deadline) {
      const local = this.run !== undefined && !this.run.ended;
      await this.channel.changed(Math.min(deadline - Date.now(), local ? 60_000 : this.timing.pollMs));
      state = await this.currentState();
    }
    if (isEnd(state)) this.endReported = true;
    return this.report(mask, state);
  }

  /** The state for GET_STATUS: its end is reported once, then GET_STATUS is INVALID_STATE there, as Oracle's table says. */
  private async statusState(): Promise<JobStateName> {
    const state = await this.currentState();
    if (isEnd(state) && !this.endReported) return state;
    checkCall('GET_STATUS', state, { jobName: this.jobName });
    return state;
  }

  private async report(mask: number, state: JobStateName): Promise<StatusReport> {
    const report: { -readonly [K in keyof StatusReport]: StatusReport[K] } = { mask, state };
    if ((mask & KU$_STATUS_WIP) !== 0) {
      report.wip = this.channel.linesAfter(this.wipCursor, false);
      this.wipCursor = report.wip.at(-1)?.logLineNumber ?? this.wipCursor;
    }
    if ((mask & KU$_STATUS_JOB_ERROR) !== 0) {
      report.error = this.channel.linesAfter(this.errorCursor, true);
      this.errorCursor = report.error.at(-1)?.logLineNumber ?? this.errorCursor;
    }
    if ((mask & (KU$_STATUS_JOB_DESC | KU$_STATUS_JOB_STATUS)) !== 0) {
      const record = await this.store.readJob().catch((error: unknown) => {
        if (isJobError(error, 'NO_SUCH_JOB')) return this.lastRecord;
        throw error;
      });
      if (record !== undefined) this.lastRecord = record;
      if ((mask & KU$_STATUS_JOB_DESC) !== 0 && record !== undefined) report.jobDescription = describeJob(record);
      if ((mask & KU$_STATUS_JOB_STATUS) !== 0) {
        const run = this.run !== undefined && (!this.run.ended || this.channel.run === this.run) ? this.run : undefined;
        report.jobStatus = await jobStatusOf({ jobName: this.jobName, operation: this.operation, mode: this.mode, state, record, run, store: this.store });
      }
    }
    return report;
  }

  /**
   * STOP_JOB: orderly (workers finish their current items: STOP PENDING) or immediate (STOPPING; the
   * items are redone on restart). `keepMaster` (default true) keeps the master table for a restart;
   * false kills the job. Waits up to `delay` seconds (default 60) for the job to stop.
   */
  async stopJob(options: { immediate?: boolean; keepMaster?: boolean; delay?: number } = {}): Promise<void> {
    const immediate = options.immediate === true;
    const keepMaster = options.keepMaster !== false;
    const delay = options.delay ?? 60;
    if (typeof delay !== 'number' || !(delay >= 0)) {
      await this.currentState();
      throw new JobError('INVALID_ARGVAL', `stopJob: delay is seconds to wait for the job to stop, 0 or more; got ${describe(delay)}`, { jobName: this.jobName });
    }
    const state = await this.check('STOP_JOB');
    if (state === 'DEFINING' || state === 'IDLING') {
      // Nothing runs: the job is stopped at once, kept for a later attach + startJob, or removed.
      if (keepMaster) await this.store.updateJob({ state: 'NOT RUNNING' });
      else await this.store.drop();
      this.settled = 'STOPPED';
      this.channel.notify();
      return;
    }
    const run = this.run;
    const deadline = Date.now() + delay * 1000;
    if (run !== undefined && !run.ended && run.role === 'primary') {
      if (!keepMaster) run.kill = true;
      await withTimeout(
        run.requestStop(immediate).then(() => run.done),
        delay * 1000,
      );
      return;
    }
    // The job runs in another process: ask through the job row; its heartbeat picks the request up.
    await this.store.updateJob({ state: immediate ? 'STOPPING' : 'STOP PENDING' });
    let now: JobStateName;
    for (;;) {
      now = await this.currentState();
      if (!LIVE_STATES.includes(now)) break;
      if (keepMaster && Date.now() >= deadline) return;
      await sleep(this.timing.pollMs);
    }
    if (!keepMaster && (await this.store.exists())) await this.store.drop();
    // A job already COMPLETING when the request arrived finishes instead of stopping: say so.
    this.settled = now === 'COMPLETED' ? 'COMPLETED' : 'STOPPED';
  }

  /**
   * Stop only this process's serving run (startJob({ serveOnly })); the job goes on in its other
   * processes. Immediate: the items its workers hold are rolled back, and other processes claim them
   * again; orderly: they finish first. Resolves when the run has ended. A no-op when nothing serves here.
   */
  async stopServing(options: { immediate?: boolean } = {}): Promise<void> {
    if (this.detached) await this.currentState();
    const run = this.serving;
    if (run === undefined || run.ended) return;
    await run.requestStop(options.immediate === true);
    await run.done;
  }

  /** WAIT_FOR_JOB: wait until the job completes or stops; returns its final state and the errors it continued past. A job that stopped on a fatal error is JobError JOB_FAILED. */
  async waitForJob(): Promise<WaitResult> {
    let state = await this.check('WAIT_FOR_JOB');
    // A serving handle waits for its own workers: the job goes on (and is completed) by the process that started it.
    const run = this.run ?? this.serving;
    if (run !== undefined && (!run.ended || this.channel.run === run || run === this.serving)) {
      const outcome = await run.done;
      // The end of this process's serving run is not the job's: getStatus still reports that once.
      if (run !== this.serving) this.endReported = true;
      if (outcome.failure !== undefined) throw outcome.failure;
      const result = waitResult(outcome.state, outcome.errors);
      // A serving run that took the job over when its starting process died ran the job's end itself.
      return run === this.serving && run.role === 'primary' ? { ...result, tookOver: true } : result;
    }
    while (!AT_REST.includes(state)) {
      await this.channel.changed(this.timing.pollMs);
      state = await this.currentState();
    }
    const errors = this.lastRecord?.error !== undefined ? 1 : 0;
    if (state === 'NOT RUNNING' && this.lastRecord?.error !== undefined) {
      throw new JobError('JOB_FAILED', `job ${this.jobName} stopped on a fatal error: ${this.lastRecord.error}`, { jobName: this.jobName });
    }
    const totals = state === 'COMPLETED' ? await this.store.totals().catch(() => undefined) : undefined;
    this.endReported = true;
    return waitResult(state === 'NOT RUNNING' ? 'STOPPED' : state, totals?.errors ?? errors);
  }

  /**
   * DETACH: this handle lets go of the job. A running job goes on; a job still DEFINING is removed
   * when its last session detaches (as Oracle does); an IDLING job goes back to NOT RUNNING.
   */
  async detach(): Promise<void> {
    const state = await this.check('DETACH');
    this.detached = true;
    this.channel.handles--;
    try {
      const record = await this.store.readJob().catch((error: unknown) => {
        if (isJobError(error, 'NO_SUCH_JOB')) return undefined;
        throw error;
      });
      if (record !== undefined) {
        const sessions = await this.store.adjustSessions(-1, (count) => (state === 'IDLING' && count === 0 ? 'NOT RUNNING' : undefined));
        if (state === 'DEFINING' && sessions === 0) await this.store.drop();
      }
    } finally {
      await this.store.close().catch(() => undefined);
      releaseChannel(this.home, this.jobName, this.channel);
    }
  }
}

function isEnd(state: JobStateName): boolean {
  return state === 'COMPLETED' || state === 'STOPPED' || state === 'NOT RUNNING';
}

/** Wait for `promise`, at most `ms` milliseconds (the timer never holds the process open). */
async function withTimeout(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
