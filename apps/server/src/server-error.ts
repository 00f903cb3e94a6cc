/** What went wrong in the service itself (not in the database or the job). */
export type ServerErrorCode = 'BAD_CONFIG' | 'BAD_REQUEST' | 'NOT_FOUND' | 'CONFLICT' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'TOO_MANY_REQUESTS';

/** The one error class of @sluice/server; `field` names the request field at fault, when one is. */
export class ServerError extends Error {
  override readonly name = 'ServerError';
  readonly code: ServerErrorCode;
  readonly field: string | undefined;

  constructor(code: ServerErrorCode, message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.field = options.field;
  }
}
