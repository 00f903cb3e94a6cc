import { describeError } from '../output/describe-error.js';
import type { SupervisedResult } from './job-supervisor.js';

/** Data Pump's exit codes: 0 completed, 5 completed with errors, 1 failed or not completed. */
export function exitCodeOf(result: SupervisedResult): number {
  // A serving process that stopped its own workers (SIGTERM, EXIT_CLIENT) leaves a job that goes on: like detaching.
  if (result.exit === 'DETACHED' || (result.exit === 'LEFT' && result.outcome?.failure === undefined)) return 0;
  const outcome = result.outcome;
  if (outcome === undefined || outcome.failure !== undefined || outcome.state !== 'COMPLETED') return 1;
  return outcome.errors > 0 ? 5 : 0;
}

/** What to tell the user on stderr as the client ends, when the log has not already said it. */
export function finalMessage(jobName: string, result: SupervisedResult, resumeCommand: string): string | undefined {
  const outcome = result.outcome;
  if (result.exit === 'LEFT') {
    if (outcome?.failure !== undefined) return `sluice: this process stopped serving job ${jobName} on an error: ${describeError(outcome.failure, false).message}`;
    return `This process no longer serves job ${jobName}; the job goes on in its other processes (follow it with ${resumeCommand.replace(/ --start$/, '')}).`;
  }
  if (outcome?.failure !== undefined) {
    // A job that failed before its first work item removed its master table: nothing to resume.
    const said = describeError(outcome.failure, false).message;
    if (/its master table was removed/.test(said)) return `sluice: ${said}`;
    // A job that has finished has nothing to resume or kill.
    if (/ is COMPLETED: /.test(said)) return `sluice: ${sentence(said)}`;
    // The engine's advice names its API (attach, startJob); say it as commands instead.
    const message = sentence(said.replace(/\.?\s*The master table is kept[^]*$/, '.'));
    return `sluice: ${message} The job's master table is kept: after fixing the cause, resume with ${resumeCommand}, or remove the job by attaching without --start and typing KILL_JOB.`;
  }
  if (result.exit === 'ENDED' && outcome !== undefined && outcome.state !== 'COMPLETED') {
    return `sluice: job ${jobName} ended ${outcome.state}, not completed. Resume it with: ${resumeCommand}`;
  }
  return undefined;
}

/** The text as a sentence: ending with one full stop (or its own ? or !). */
function sentence(text: string): string {
  const trimmed = text.trimEnd().replace(/\.+$/, '');
  return /[?!]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
