import { isJobError } from '../errors.js';
import { checkedState, type JobHandle } from './job-handle.js';
import { releaseChannel } from './job-channel.js';

/**
 * DETACH: the handle lets go of the job. A running job goes on; a job still DEFINING is removed
 * when its last session detaches (as Oracle does); an IDLING job goes back to NOT RUNNING.
 */
export async function detachJob(h: JobHandle): Promise<void> {
  const state = await checkedState(h, 'DETACH');
  h.detached = true;
  h.channel.handles--;
  try {
    const record = await h.store.readJob().catch((error: unknown) => {
      if (isJobError(error, 'NO_SUCH_JOB')) return undefined;
      throw error;
    });
    if (record !== undefined) {
      const sessions = await h.store.adjustSessions(-1, (count) => (state === 'IDLING' && count === 0 ? 'NOT RUNNING' : undefined));
      if (state === 'DEFINING' && sessions === 0) await h.store.drop();
    }
  } finally {
    await h.store.close().catch(() => undefined);
    releaseChannel(h.home, h.jobName, h.channel);
  }
}
