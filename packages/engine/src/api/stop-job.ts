import { JobError } from '../errors.js';
import { LIVE_STATES, type JobStateName } from '../job-state/index.js';
import { describe } from '../parameters/index.js';
import { checkedState, currentState, type JobHandle } from './job-handle.js';

/** STOP_JOB's options: `immediate` (STOPPING) or orderly (STOP PENDING); `keepMaster` false kills the job; `delay` seconds to wait. */
export interface StopJobOptions {
  immediate?: boolean;
  keepMaster?: boolean;
  delay?: number;
}

/**
 * STOP_JOB: orderly (workers finish their current items: STOP PENDING) or immediate (STOPPING; the
 * items are redone on restart). `keepMaster` (default true) keeps the master table for a restart;
 * false kills the job. Waits up to `delay` seconds (default 60) for the job to stop.
 */
export async function stopJob(h: JobHandle, options: StopJobOptions = {}): Promise<void> {
  const immediate = options.immediate === true;
  const keepMaster = options.keepMaster !== false;
  const delay = options.delay ?? 60;
  if (typeof delay !== 'number' || !(delay >= 0)) {
    await currentState(h);
    throw new JobError('INVALID_ARGVAL', `stopJob: delay is seconds to wait for the job to stop, 0 or more; got ${describe(delay)}`, { jobName: h.jobName });
  }
  const state = await checkedState(h, 'STOP_JOB');
  if (state === 'DEFINING' || state === 'IDLING') {
    // Nothing runs: the job is stopped at once, kept for a later attach + startJob, or removed.
    if (keepMaster) await h.store.updateJob({ state: 'NOT RUNNING' });
    else await h.store.drop();
    h.settled = 'STOPPED';
    h.channel.notify();
    return;
  }
  const run = h.run;
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
  await h.store.updateJob({ state: immediate ? 'STOPPING' : 'STOP PENDING' });
  let now: JobStateName;
  for (;;) {
    now = await currentState(h);
    if (!LIVE_STATES.includes(now)) break;
    if (keepMaster && Date.now() >= deadline) return;
    await sleep(h.timing.pollMs);
  }
  if (!keepMaster && (await h.store.exists())) await h.store.drop();
  // A job already COMPLETING when the request arrived finishes instead of stopping: say so.
  h.settled = now === 'COMPLETED' ? 'COMPLETED' : 'STOPPED';
}

/**
 * Stop only this process's serving run (startJob({ serveOnly })); the job goes on in its other
 * processes. Immediate: the items its workers hold are rolled back, and other processes claim them
 * again; orderly: they finish first. Resolves when the run has ended. A no-op when nothing serves here.
 */
export async function stopServing(h: JobHandle, options: { immediate?: boolean } = {}): Promise<void> {
  if (h.detached) await currentState(h);
  const run = h.serving;
  if (run === undefined || run.ended) return;
  await run.requestStop(options.immediate === true);
  await run.done;
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
