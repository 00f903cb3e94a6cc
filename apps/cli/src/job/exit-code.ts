import { describeError } from '../output/describe-error.js';
import type { SupervisedResult } from './job-supervisor.js';

/** Data Pump's exit codes: 0 completed, 5 completed with errors, 1 failed or not completed. */
export function exitCodeOf(result: SupervisedResult): number {
  if (result.exit === 'DETACHED') return 0;
  const outcome = result.outcome;
  if (outcome === undefined || outcome.failure !== undefined || outcome.state !== 'COMPLETED') return 1;
  return outcome.errors > 0 ? 5 : 0;
}

/** What to tell the user on stderr as the client ends, when the log has not already said it. */
export function finalMessage(jobName: string, result: SupervisedResult, resumeCommand: string): string | undefined {
  const outcome = result.outcome;
  if (outcome?.failure !== undefined) {
    // A job that failed before its first work item removed its master table: nothing to resume.
    const said = describeError(outcome.failure, false).message;
    if (/its master table was removed/.test(said)) return `sluice: ${said}`;
    // The engine's advice names its API (attach, startJob); say it as commands instead.
    const message = describeError(outcome.failure, false).message.replace(/\.?\s*The master table is kept[^]*$/, '.').replace(/\.\.$/, '.');
    return `sluice: ${message} The job's master table is kept: after fixing the cause, resume with ${resumeCommand}, or remove the job by attaching without --start and typing KILL_JOB.`;
  }
  if (result.exit === 'ENDED' && outcome !== undefined && outcome.state !== 'COMPLETED') {
    return `sluice: job ${jobName} ended ${outcome.state}, not completed. Resume it with: ${resumeCommand}`;
  }
  return undefined;
}
