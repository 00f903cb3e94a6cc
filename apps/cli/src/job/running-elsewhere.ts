import type { JobProcess } from '@sluice/engine';

/** "process 4711 on host db1", for each process. */
function where(processes: readonly JobProcess[]): string {
  return processes.map((p) => `process ${p.pid} on host ${p.host}`).join(', ');
}

/**
 * What `attach --start` says about a job that live processes are running (they hold its job lock):
 * who runs it, and how to stop or follow it, in commands rather than API calls.
 */
export function runningElsewhereMessage(jobName: string, processes: readonly JobProcess[], attachCommand: string): string {
  const primary = processes.find((p) => p.role === 'primary') ?? processes[0];
  const since = primary === undefined ? '' : ` since ${primary.since}`;
  const who = processes.length === 0 ? 'another process' : where(processes);
  return (
    `Job ${jobName} is already running, in ${who}${since}, so --start cannot start it. ` +
    `To follow it, run ${attachCommand} (without --start). ` +
    `To stop it, run that and type STOP_JOB at the prompt (it can be resumed with --start once stopped), or end ${processes.length === 1 ? `process ${processes[0]!.pid} on ${processes[0]!.host}` : 'those processes'}.`
  );
}
