import type { JobStateName } from './job-state-name.js';

/** Job-row states that claim a process works on the job (believed only while one holds its job lock). */
export const LIVE_STATES: readonly JobStateName[] = ['EXECUTING', 'COMPLETING', 'STOP PENDING', 'STOPPING'];

/** States a job ends a run in. */
export const AT_REST: readonly JobStateName[] = ['UNDEFINED', 'COMPLETED', 'STOPPED', 'NOT RUNNING', 'IDLING'];

/** Whether the job row's state claims a process works on the job. */
export function isLiveState(state: JobStateName): boolean {
  return LIVE_STATES.includes(state);
}

/** What is known of a job, from nearest to farthest: the run this process drives, the job row, what was seen before. */
export interface JobStateEvidence {
  /** The run this process drives for the job: its state while it runs, and after its end to the handle that drove it. */
  readonly localRun?: { readonly state: JobStateName; readonly ended: boolean; readonly drivenByThisHandle: boolean };
  /** The state a handle gave the job itself when it ended a job no process ran (stopJob of an idle job). */
  readonly settled?: JobStateName;
  /** The job row (its state, and whether a process it names holds the job lock), or `'gone'` once the master table no longer exists. */
  readonly row?: { readonly state: JobStateName; readonly live: boolean } | 'gone';
  /** The state last seen, which tells what a vanished master table means. */
  readonly lastSeen?: JobStateName;
}

/**
 * The job's state, from the evidence; `undefined` when only the job row can tell and `row` was not
 * given (read it, then ask again). Nearest evidence wins: a run of this process, then a state this
 * handle settled, then the row, whose running states are believed only while a process named in it
 * holds the job lock (else NOT RUNNING). A master table gone after DEFINING, IDLING or NOT RUNNING
 * means the job was dropped before it ran (UNDEFINED); gone while it ran, that it completed and was
 * dropped at its end (COMPLETED); gone at another rest state, that state stays.
 */
export function jobStateOf(evidence: JobStateEvidence & Required<Pick<JobStateEvidence, 'row'>>): JobStateName;
export function jobStateOf(evidence: JobStateEvidence): JobStateName | undefined;
export function jobStateOf(evidence: JobStateEvidence): JobStateName | undefined {
  const run = evidence.localRun;
  if (run !== undefined && (!run.ended || run.drivenByThisHandle)) return run.state;
  if (evidence.settled !== undefined) return evidence.settled;
  const row = evidence.row;
  if (row === undefined) return undefined;
  if (row !== 'gone') return isLiveState(row.state) && !row.live ? 'NOT RUNNING' : row.state;
  const last = evidence.lastSeen ?? 'UNDEFINED';
  if (last === 'DEFINING' || last === 'IDLING' || last === 'NOT RUNNING') return 'UNDEFINED';
  return AT_REST.includes(last) ? last : 'COMPLETED';
}
