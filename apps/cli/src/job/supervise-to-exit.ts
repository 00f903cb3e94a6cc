import type { JobSession } from './job-session.js';
import { exitCodeOf, finalMessage } from './exit-code.js';
import { superviseJob, type SuperviseOptions } from './job-supervisor.js';

/** Supervise a job until it ends or the client leaves; then detach, say how it ended, and give Data Pump's exit code. */
export async function superviseToExit(session: JobSession, options: SuperviseOptions): Promise<number> {
  const result = await superviseJob(session, options);
  if (result.exit !== 'DETACHED') await session.detach().catch(() => undefined);
  const message = finalMessage(session.jobName, result, options.resumeCommand);
  if (message !== undefined) options.terminal.err(message);
  return exitCodeOf(result);
}
