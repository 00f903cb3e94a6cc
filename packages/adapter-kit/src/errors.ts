/** What went wrong in an adapter, as a stable code a caller can branch on. */
export type AdapterErrorCode =
  | 'CONNECTION_FAILED' // server unreachable or connection dropped
  | 'AUTH_FAILED' // wrong user or password
  | 'NO_SUCH_DATABASE'
  | 'NO_SUCH_SCHEMA'
  | 'NO_SUCH_TABLE'
  | 'OBJECT_EXISTS'
  | 'PRIVILEGE_ERROR'
  | 'SNAPSHOT_FAILED'
  | 'DDL_FAILED' // a generated statement failed on the target
  | 'UNLOAD_FAILED'
  | 'LOAD_FAILED'
  | 'CONSTRAINT_VIOLATION' // a row broke a constraint while loading
  | 'VALUE_NOT_REPRESENTABLE' // a value the target column's type cannot hold (cross-engine moves)
  | 'UNSUPPORTED' // the adapter cannot do this (see its capability getters)
  | 'BAD_ARGUMENT'
  | 'SERVER_ERROR'; // anything else the server reported

/** The one error class of every adapter: the object being processed, the server's SQLSTATE, the cause. */
export class AdapterError extends Error {
  override readonly name = 'AdapterError';
  readonly code: AdapterErrorCode;
  /** The object being processed, e.g. `"hr"."employees"`; never a secret. */
  readonly object: string | undefined;
  /** The server's SQLSTATE (PostgreSQL) or error number/SQLSTATE (MySQL), when the server raised it. */
  readonly sqlState: string | undefined;

  constructor(code: AdapterErrorCode, message: string, options: { object?: string; sqlState?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.object = options.object;
    this.sqlState = options.sqlState;
  }
}

/**
 * Whether the server rolled the transaction back on its own to resolve contention: a deadlock victim,
 * a serialization failure (SQLSTATE class 40) or, on MySQL, a lock wait timeout (error 1205). Running
 * the same work again usually succeeds; the engine retries an item that failed so.
 */
export function isTransactionRollback(error: unknown): boolean {
  if (!(error instanceof AdapterError) || error.sqlState === undefined) return false;
  // PostgreSQL reports the SQLSTATE (`40P01`); MySQL adapters `errno/SQLSTATE` (`1213/40001`).
  const [first, second] = error.sqlState.split('/');
  const state = second ?? first ?? '';
  return state.startsWith('40') || first === '1205';
}

/** Node socket codes and driver codes that mean the connection to the server was lost. */
const LOST_CONNECTION_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'PROTOCOL_CONNECTION_LOST', 'ER_CONNECTION_KILLED', 'ER_SERVER_SHUTDOWN']);

/** MySQL/MariaDB error numbers for a killed session or a server going away (1927 is MariaDB's "Connection was killed"). */
const LOST_CONNECTION_ERRNOS = new Set(['1053', '1927', '2006', '2013']);

/** What drivers say when the session is gone, for errors that carry no code. */
const LOST_CONNECTION_TEXT =
  /terminating connection due to administrator command|Connection terminated|Connection was killed|connection is closed|not queryable|in closed state|server has gone away|Lost connection to (MySQL|MariaDB )?server/i;

/**
 * Whether an item failed for a reason that running it again on a new connection may cure: the
 * session was terminated or lost (PostgreSQL `pg_terminate_backend`, 57P01; MariaDB `KILL`, 1927;
 * a reset socket), the server restarted, the snapshot's sessions were lost, or the server rolled the
 * work back (see isTransactionRollback). Disk full, permissions and bad data are not transient.
 */
export function isTransientFailure(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (isTransactionRollback(e)) return true;
    if (e instanceof AdapterError) {
      if (e.code === 'CONNECTION_FAILED' || e.code === 'SNAPSHOT_FAILED') return true;
      const [state, second] = (e.sqlState ?? '').split('/');
      // 57P01-03: terminated by an administrator, crash shutdown, cannot connect now; class 08: connection exception.
      if (state !== undefined && (/^57P0[123]$/.test(state) || state.startsWith('08') || LOST_CONNECTION_ERRNOS.has(state) || (second ?? '').startsWith('08'))) return true;
    }
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (LOST_CONNECTION_CODES.has(code) || /^57P0[123]$/.test(code) || code.startsWith('08'))) return true;
    const errno = (e as { errno?: unknown }).errno;
    if (typeof errno === 'number' && LOST_CONNECTION_ERRNOS.has(String(errno))) return true;
    if (e instanceof Error && LOST_CONNECTION_TEXT.test(e.message)) return true;
  }
  return false;
}
