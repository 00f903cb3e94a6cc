import type { Adapter } from '@sluice/adapter-kit';
import { JobError, isJobError } from '../errors.js';
import type { JobMode, JobOperation } from '../job/job-definition.js';
import type { ResolvedTuning } from '../job/job-tuning.js';
import { checkCall, jobStateOf, type CallContext, type DataPumpCall, type JobStateEvidence, type JobStateName } from '../job-state/index.js';
import { MasterTableStore, type JobRecord } from '../master-table/index.js';
import { channelFor, type JobChannel, type ResolvedTiming } from './job-channel.js';
import type { LocalRun } from './local-run.js';

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

/** What one DataPump handle holds: its job, its connections, and what it has seen and reported so far. The per-call modules read and update it. */
export interface JobHandle {
  readonly jobName: string;
  readonly operation: JobOperation;
  readonly mode: JobMode;
  readonly home: Adapter;
  readonly store: MasterTableStore;
  readonly channel: JobChannel;
  readonly source: Adapter | undefined;
  readonly target: Adapter | undefined;
  readonly networkLink: Adapter | undefined;
  readonly codecs: readonly Adapter[];
  readonly timing: ResolvedTiming;
  readonly tuning: ResolvedTuning;
  /** The run this handle drives or follows in this process. */
  run: LocalRun | undefined;
  /** This process's serving run of a job another process started (startJob({ serveOnly })). */
  serving: LocalRun | undefined;
  detached: boolean;
  /** The state last seen, to tell what a vanished master table means. */
  lastSeen: JobStateName;
  /** Set when this handle ended the job's life itself (stopJob of a job not running). */
  settled: JobStateName | undefined;
  /** The last job row read, for the job description once the table is gone. */
  lastRecord: JobRecord | undefined;
  wipCursor: number;
  errorCursor: number;
  /** Whether getStatus has already reported the end of the job (after that it is INVALID_STATE, as Oracle's table says). */
  endReported: boolean;
}

/** A new handle's state; it counts as one more handle on the job's channel. */
export function newJobHandle(init: HandleInit): JobHandle {
  const channel = channelFor(init.home, init.jobName);
  channel.handles++;
  return {
    jobName: init.jobName,
    operation: init.operation,
    mode: init.mode,
    home: init.home,
    store: MasterTableStore.for(init.home, init.jobName),
    channel,
    source: init.source,
    target: init.target,
    networkLink: init.networkLink,
    codecs: init.codecs ?? [],
    timing: init.timing,
    tuning: init.tuning,
    run: undefined,
    serving: undefined,
    detached: false,
    lastSeen: init.state,
    settled: undefined,
    lastRecord: undefined,
    wipCursor: channel.lastLine,
    errorCursor: channel.lastLine,
    // A handle attached to a job that already ended has no end to be told of (GET_STATUS is INVALID_STATE there).
    endReported: isEnd(init.state),
  };
}

/** The job's state as the handle sees it: its own run, else the job row (a running job whose processes hold no job lock is NOT RUNNING). */
export async function currentState(h: JobHandle): Promise<JobStateName> {
  if (h.detached) {
    throw new JobError('INVALID_HANDLE', `the handle on job ${h.jobName} was detached; attach to the job again for a new handle`, { jobName: h.jobName });
  }
  const run = h.run ?? h.channel.run;
  const local: JobStateEvidence = {
    ...(run === undefined ? {} : { localRun: { state: run.state, ended: run.ended, drivenByThisHandle: h.run === run } }),
    ...(h.settled === undefined ? {} : { settled: h.settled }),
    lastSeen: h.lastSeen,
  };
  // A run this process drives is this handle's to follow to its end.
  if (run !== undefined && !run.ended) h.run = run;
  const near = jobStateOf(local);
  if (near !== undefined) {
    h.lastSeen = near;
    return near;
  }
  try {
    const record = await h.store.readJob();
    h.lastRecord = record;
    h.lastSeen = await h.store.liveState(record);
  } catch (error) {
    if (!isJobError(error, 'NO_SUCH_JOB')) throw error;
    // The master table is gone: dropped at the end of a completed job, or by a kill.
    h.lastSeen = jobStateOf({ ...local, row: 'gone' });
  }
  return h.lastSeen;
}

/** The job's state, checked against Oracle's table of the states `call` is valid in (JobError INVALID_STATE). */
export async function checkedState(h: JobHandle, call: DataPumpCall, context: Omit<CallContext, 'jobName' | 'operation'> = {}): Promise<JobStateName> {
  const state = await currentState(h);
  checkCall(call, state, { jobName: h.jobName, operation: h.operation, ...context });
  return state;
}

/** Which secrets this process holds for the job. */
export function secretsPresent(h: JobHandle): { password: boolean; keyFile: boolean } {
  return { password: h.channel.secrets.encryptionPassword !== undefined, keyFile: h.channel.secrets.keyFile !== undefined };
}

export function isEnd(state: JobStateName): boolean {
  return state === 'COMPLETED' || state === 'STOPPED' || state === 'NOT RUNNING';
}
