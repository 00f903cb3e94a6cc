import { JobError, isJobError } from '../errors.js';
import { checkCall, type JobStateName } from '../job-state/index.js';
import { describe } from '../parameters/index.js';
import { currentState, isEnd, type JobHandle } from './job-handle.js';
import { describeJob, jobStatusOf } from './status-report.js';
import { KU$_STATUS_ALL, KU$_STATUS_JOB_DESC, KU$_STATUS_JOB_ERROR, KU$_STATUS_JOB_STATUS, KU$_STATUS_WIP, type StatusReport } from './status-types.js';

/**
 * GET_STATUS: the parts `mask` asks for (KU$_STATUS_WIP, _JOB_DESC, _JOB_STATUS, _JOB_ERROR).
 * `timeout` in seconds: 0 answers at once, -1 waits until there is news (a new line of a requested
 * stream, or a change of state), n waits at most n seconds for it.
 */
export async function getStatus(h: JobHandle, mask: number = KU$_STATUS_ALL, timeout = 0): Promise<StatusReport> {
  if (!Number.isInteger(mask) || mask < 0 || (mask & ~KU$_STATUS_ALL) !== 0) {
    await currentState(h);
    throw new JobError('INVALID_ARGVAL', `getStatus: mask ${describe(mask)} is not a sum of KU$_STATUS_WIP (1), KU$_STATUS_JOB_DESC (2), KU$_STATUS_JOB_STATUS (4), KU$_STATUS_JOB_ERROR (8)`, {
      jobName: h.jobName,
    });
  }
  if (typeof timeout !== 'number' || Number.isNaN(timeout) || (timeout < 0 && timeout !== -1)) {
    await currentState(h);
    throw new JobError('INVALID_ARGVAL', `getStatus: timeout is seconds to wait, 0 for none or -1 for as long as it takes; got ${describe(timeout)}`, { jobName: h.jobName });
  }
  let state = await statusState(h);
  const deadline = timeout === -1 ? Infinity : Date.now() + timeout * 1000;
  const news = (): boolean =>
    ((mask & KU$_STATUS_WIP) !== 0 && h.channel.linesAfter(h.wipCursor, false).length > 0) || ((mask & KU$_STATUS_JOB_ERROR) !== 0 && h.channel.linesAfter(h.errorCursor, true).length > 0);
  const startState = state;
  // An ended job has no news to wait for; anything else is watched until news, a change of state, or the deadline.
  while (!news() && state === startState && !isEnd(state) && Date.now() < deadline) {
    const local = h.run !== undefined && !h.run.ended;
    await h.channel.changed(Math.min(deadline - Date.now(), local ? 60_000 : h.timing.pollMs));
    state = await currentState(h);
  }
  if (isEnd(state)) h.endReported = true;
  return report(h, mask, state);
}

/** The state for GET_STATUS: its end is reported once, then GET_STATUS is INVALID_STATE there, as Oracle's table says. */
async function statusState(h: JobHandle): Promise<JobStateName> {
  const state = await currentState(h);
  if (isEnd(state) && !h.endReported) return state;
  checkCall('GET_STATUS', state, { jobName: h.jobName });
  return state;
}

async function report(h: JobHandle, mask: number, state: JobStateName): Promise<StatusReport> {
  const report: { -readonly [K in keyof StatusReport]: StatusReport[K] } = { mask, state };
  if ((mask & KU$_STATUS_WIP) !== 0) {
    report.wip = h.channel.linesAfter(h.wipCursor, false);
    h.wipCursor = report.wip.at(-1)?.logLineNumber ?? h.wipCursor;
  }
  if ((mask & KU$_STATUS_JOB_ERROR) !== 0) {
    report.error = h.channel.linesAfter(h.errorCursor, true);
    h.errorCursor = report.error.at(-1)?.logLineNumber ?? h.errorCursor;
  }
  if ((mask & (KU$_STATUS_JOB_DESC | KU$_STATUS_JOB_STATUS)) !== 0) {
    const record = await h.store.readJob().catch((error: unknown) => {
      if (isJobError(error, 'NO_SUCH_JOB')) return h.lastRecord;
      throw error;
    });
    if (record !== undefined) h.lastRecord = record;
    if ((mask & KU$_STATUS_JOB_DESC) !== 0 && record !== undefined) report.jobDescription = describeJob(record);
    if ((mask & KU$_STATUS_JOB_STATUS) !== 0) {
      const run = h.run !== undefined && (!h.run.ended || h.channel.run === h.run) ? h.run : undefined;
      report.jobStatus = await jobStatusOf({ jobName: h.jobName, operation: h.operation, mode: h.mode, state, record, run, store: h.store });
    }
  }
  return report;
}
