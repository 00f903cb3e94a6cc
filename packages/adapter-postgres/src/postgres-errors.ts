import { AdapterError, type AdapterErrorCode } from '@sluice/adapter-kit';

/** The shape of an error raised by `pg` for a server ErrorResponse or a socket failure. */
interface PgErrorLike {
  readonly message?: string;
  readonly code?: string;
  readonly detail?: string;
  readonly hint?: string;
  readonly position?: string;
  readonly where?: string;
}

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOENT']);

/** The adapter error code for a SQLSTATE (or a socket error code). */
export function errorCodeFor(sqlState: string | undefined, fallback: AdapterErrorCode = 'SERVER_ERROR'): AdapterErrorCode {
  if (sqlState === undefined) return fallback;
  if (SOCKET_CODES.has(sqlState)) return 'CONNECTION_FAILED';
  switch (sqlState) {
    case '28P01':
    case '28000':
      return 'AUTH_FAILED';
    case '3D000':
      return 'NO_SUCH_DATABASE';
    case '3F000':
      return 'NO_SUCH_SCHEMA';
    case '42P01':
      return 'NO_SUCH_TABLE';
    case '42P04':
    case '42P06':
    case '42P07':
    case '42710':
    case '42723':
      return 'OBJECT_EXISTS';
    case '42501':
      return 'PRIVILEGE_ERROR';
    case '57P01':
    case '57P02':
    case '57P03':
      return 'CONNECTION_FAILED';
  }
  if (sqlState.startsWith('23')) return 'CONSTRAINT_VIOLATION';
  if (sqlState.startsWith('08')) return 'CONNECTION_FAILED';
  return fallback;
}

/** A SQLSTATE is five characters; anything else in `code` is a Node socket error code. */
function sqlStateOf(err: PgErrorLike): string | undefined {
  return typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code) ? err.code : undefined;
}

/** Whether an error means the connection is gone rather than that one statement failed. */
export function isConnectionError(err: unknown): boolean {
  if (err instanceof AdapterError) return err.code === 'CONNECTION_FAILED';
  const e = err as PgErrorLike;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  if (code !== undefined && errorCodeFor(code) === 'CONNECTION_FAILED') return true;
  return /Connection terminated|Client was closed|not queryable/i.test(e?.message ?? '');
}

/** Remove secrets from a message, in case a server or driver ever echoes one. */
export function redact(message: string, secrets: readonly (string | undefined)[]): string {
  let out = message;
  for (const s of secrets) if (s !== undefined && s.length > 0) out = out.split(s).join('***');
  return out;
}

/** What was being done when an error happened, for the message. */
export interface ErrorContext {
  /** e.g. `introspect`, `unload`, `load`, `execute DDL for`. */
  readonly action: string;
  /** The object being processed, e.g. `"hr"."emp"`. */
  readonly object?: string;
  /** The code to use when the SQLSTATE maps to nothing more specific. */
  readonly fallback?: AdapterErrorCode;
  /**
   * Use `fallback` for every server error except connection failures and objects that already exist
   * (e.g. DDL_FAILED): the engine takes OBJECT_EXISTS as already done when it restarts a job.
   */
  readonly forceFallback?: boolean;
  readonly secrets?: readonly (string | undefined)[];
}

/**
 * Wrap anything thrown by `pg` into an AdapterError that names the object and carries the SQLSTATE.
 * An AdapterError passes through unchanged.
 */
export function wrapPgError(err: unknown, context: ErrorContext): AdapterError {
  if (err instanceof AdapterError) return err;
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as PgErrorLike;
  const sqlState = sqlStateOf(e);
  const mapped = errorCodeFor(sqlState ?? e.code, context.fallback ?? 'SERVER_ERROR');
  const forced = context.forceFallback === true && context.fallback !== undefined && mapped !== 'OBJECT_EXISTS';
  const code = isConnectionError(err) ? 'CONNECTION_FAILED' : forced ? (context.fallback as AdapterErrorCode) : mapped;
  const parts = [`${context.action}${context.object ? ` ${context.object}` : ''} failed: ${e.message ?? 'unknown error'}`];
  if (sqlState !== undefined) parts.push(`(SQLSTATE ${sqlState})`);
  if (e.detail) parts.push(`Detail: ${e.detail}`);
  if (e.hint) parts.push(`Hint: ${e.hint}`);
  const message = redact(parts.join(' '), context.secrets ?? []);
  const options: { object?: string; sqlState?: string; cause?: unknown } = { cause: err };
  if (context.object !== undefined) options.object = context.object;
  if (sqlState !== undefined) options.sqlState = sqlState;
  return new AdapterError(code, message, options);
}
