/**
 * What went wrong in a Data Pump call, named after the DBMS_DATAPUMP exceptions so a caller who knows
 * Oracle's package can branch on the same names.
 */
export type JobErrorCode =
  | 'INVALID_STATE' // the call is not valid in the job's current state (ORA-39002)
  | 'INVALID_HANDLE' // the handle is unknown or was detached (ORA-39001 family)
  | 'INVALID_ARGVAL' // an argument has a bad value: unknown parameter, bad filter syntax, ...
  | 'INVALID_OPERATION' // the call or value makes no sense for this job's operation or mode
  | 'INCONSISTENT_ARGS' // arguments contradict each other or the job's other settings
  | 'NO_SUCH_JOB' // ATTACH to, or master table of, a job that does not exist
  | 'JOB_EXISTS' // OPEN with a job name already in use
  | 'PRIVILEGE_ERROR' // the user may not do this
  | 'SUCCESS_WITH_INFO' // the call worked but left messages to read with GET_STATUS
  | 'JOB_FAILED' // the job stopped on a fatal error
  | 'NO_DUMPFILE_INFO' // GET_DUMPFILE_INFO could not read a dump file header
  | 'INTERNAL_ERROR'; // a bug in Sluice; the message says what to report

/** The one error class of the engine: a Data Pump code, a message saying what to do, the cause. */
export class JobError extends Error {
  override readonly name = 'JobError';
  readonly code: JobErrorCode;
  /** The job concerned, when there is one. */
  readonly jobName: string | undefined;
  /** The parameter (by its Data Pump name, e.g. `DUMPFILE`) whose value was wrong, when one was. */
  readonly parameter: string | undefined;

  constructor(code: JobErrorCode, message: string, options: { jobName?: string; parameter?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.jobName = options.jobName;
    this.parameter = options.parameter;
  }
}

/** True when `error` is a JobError, optionally with the given code. */
export function isJobError(error: unknown, code?: JobErrorCode): error is JobError {
  return error instanceof JobError && (code === undefined || error.code === code);
}
