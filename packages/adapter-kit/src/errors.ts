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

  constructor(
    code: AdapterErrorCode,
    message: string,
    options: { object?: string; sqlState?: string; cause?: unknown } = {},
  ) {
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
