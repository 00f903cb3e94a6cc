import { JobError } from '../errors.js';
import { AT_REST } from '../job-state/index.js';
import { checkedState, currentState, type JobHandle } from './job-handle.js';
import { waitResult } from './status-report.js';
import type { WaitResult } from './status-types.js';

/** WAIT_FOR_JOB: wait until the job completes or stops; returns its final state and the errors it continued past. A job that stopped on a fatal error is JobError JOB_FAILED. */
export async function waitForJob(h: JobHandle): Promise<WaitResult> {
  let state = await checkedState(h, 'WAIT_FOR_JOB');
  // A serving handle waits for its own workers: the job goes on (and is completed) by the process that started it.
  const run = h.run ?? h.serving;
  if (run !== undefined && (!run.ended || h.channel.run === run || run === h.serving)) {
    const outcome = await run.done;
    // The end of this process's serving run is not the job's: getStatus still reports that once.
    if (run !== h.serving) h.endReported = true;
    if (outcome.failure !== undefined) throw outcome.failure;
    const result = waitResult(outcome.state, outcome.errors);
    // A serving run that took the job over when its starting process died ran the job's end itself.
    return run === h.serving && run.role === 'primary' ? { ...result, tookOver: true } : result;
  }
  while (!AT_REST.includes(state)) {
    await h.channel.changed(h.timing.pollMs);
    state = await currentState(h);
  }
  const errors = h.lastRecord?.error !== undefined ? 1 : 0;
  if (state === 'NOT RUNNING' && h.lastRecord?.error !== undefined) {
    throw new JobError('JOB_FAILED', `job ${h.jobName} stopped on a fatal error: ${h.lastRecord.error}`, { jobName: h.jobName });
  }
  const totals = state === 'COMPLETED' ? await h.store.totals().catch(() => undefined) : undefined;
  h.endReported = true;
  return waitResult(state === 'NOT RUNNING' ? 'STOPPED' : state, totals?.errors ?? errors);
}
