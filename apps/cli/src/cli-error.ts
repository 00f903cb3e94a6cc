/** What the CLI itself found wrong, before or around a job; each maps to one message and exit code 1. */
export type CliErrorCode =
  | 'UNKNOWN_COMMAND'
  | 'UNKNOWN_PARAMETER'
  | 'BAD_PARAMETER' // a value of the wrong type or shape
  | 'MISSING_PARAMETER'
  | 'CONFLICTING_PARAMETERS'
  | 'BAD_FILE_NAME' // a path where a simple file name belongs
  | 'FILE_NOT_FOUND'
  | 'BAD_URL'
  | 'NO_PASSWORD' // a password is needed and none could be had without a terminal
  | 'CONNECTION_FAILED'
  | 'PRIVILEGE_ERROR' // the user may not do what the job needs there (e.g. create its master table)
  | 'JOB_RUNNING' // a start asked for a job that live processes are running
  | 'JOB_NOT_RUNNING' // --serve asked for a job that no live process runs
  | 'JOB_FAILED';

/** The one error class of the CLI: a code, a message saying what was wrong and how to fix it, the cause. */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly code: CliErrorCode;

  constructor(code: CliErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
