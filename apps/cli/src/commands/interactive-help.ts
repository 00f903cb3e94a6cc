// Its own file: a running job's supervisor shows it, and must not load the rest of help (both
// adapters' object kinds, so both drivers).

/** The commands of interactive mode (Ctrl-C during a job, or `sluice attach`). */
export function interactiveHelp(prompt: 'Export' | 'Import'): string {
  return [
    `Interactive mode (Ctrl-C during a job; prompt "${prompt}> "):`,
    "  STATUS[=seconds]       show the job's status (and repeat every n seconds)",
    '  PARALLEL=n             change the number of active workers',
    '  ADD_FILE=name[,...]    add dump files (export)',
    '  STOP_JOB[=IMMEDIATE]   stop the job, keeping the master table; `sluice attach JOB --start` resumes it',
    '  KILL_JOB               stop the job and drop its master table; it cannot be resumed',
    '  START_JOB              restart a stopped job (after attach)',
    '  CONTINUE_CLIENT        back to the log display; restarts the job if it is idle',
    '  EXIT_CLIENT            leave: the job runs in this process, so it is stopped in an orderly way,',
    '                         its master table kept, and `sluice attach JOB --start` resumes it',
    '  HELP                   this list',
  ].join('\n');
}
