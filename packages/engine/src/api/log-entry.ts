import { JobError } from '../errors.js';
import { redact } from '../log/index.js';
import { describe } from '../parameters/index.js';
import { checkedState, currentState, type JobHandle } from './job-handle.js';

/** LOG_ENTRY: a line of the caller's into the job's log and every attached session's work-in-progress stream. */
export async function logEntry(h: JobHandle, message: string, options: { logFileOnly?: boolean } = {}): Promise<void> {
  if (typeof message !== 'string') {
    await currentState(h);
    throw new JobError('INVALID_ARGVAL', `logEntry: the message must be a string, got ${describe(message)}`, { jobName: h.jobName });
  }
  const state = await checkedState(h, 'LOG_ENTRY');
  const run = h.run ?? h.channel.run;
  if (run !== undefined && !run.ended) run.runtime.logEntry?.(message);
  else if (state === 'EXECUTING') {
    // The job runs in another process: its heartbeat takes the message from the job row into its log.
    await h.store.requestLogEntry(redact(message, [h.channel.secrets.encryptionPassword]));
  } else h.channel.pendingLogEntries.push(message);
  if (options.logFileOnly !== true) h.channel.post(message, false);
}
