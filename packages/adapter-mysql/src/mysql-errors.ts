import { AdapterError, type AdapterErrorCode } from '@sluice/adapter-kit';

/** The fields of a mysql2 (or Node socket) error we read; described structurally. */
interface DriverError {
  readonly message?: string;
  readonly code?: string;
  readonly errno?: number;
  readonly sqlState?: string;
  readonly sqlMessage?: string;
}

/** What was being done when the error happened, for the message and the code. */
export interface ErrorContext {
  /** e.g. `connecting to 127.0.0.1:3306`, `unloading "hr"."emp"`. */
  readonly action: string;
  /** The object being processed, e.g. `"hr"."emp"`. */
  readonly object?: string;
  /** The code for server errors that have no more specific one. */
  readonly fallback?: AdapterErrorCode;
  /** While connecting, 1049 means the database in the URL does not exist. */
  readonly connecting?: boolean;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ENOENT',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
]);

/** The adapter code for a server error number. */
function codeFor(errno: number | undefined, ctx: ErrorContext, message: string | undefined): AdapterErrorCode | undefined {
  switch (errno) {
    case 1045: // ER_ACCESS_DENIED_ERROR
    case 1698: // ER_ACCESS_DENIED_NO_PASSWORD_ERROR
    case 1251: // ER_NOT_SUPPORTED_AUTH_MODE
      return 'AUTH_FAILED';
    case 1049: // ER_BAD_DB_ERROR
      return ctx.connecting === true ? 'NO_SUCH_DATABASE' : 'NO_SUCH_SCHEMA';
    case 1146: // ER_NO_SUCH_TABLE
      return 'NO_SUCH_TABLE';
    case 1050: // ER_TABLE_EXISTS_ERROR
    case 1007: // ER_DB_CREATE_EXISTS
    case 1061: // ER_DUP_KEYNAME
    case 1068: // ER_MULTIPLE_PRI_KEY
    case 1826: // ER_FK_DUP_NAME (MySQL); MariaDB: duplicate CHECK constraint name
    case 1304: // ER_SP_ALREADY_EXISTS
    case 1359: // ER_TRG_ALREADY_EXISTS
    case 1537: // ER_EVENT_ALREADY_EXISTS
    case 1476: // ER_FOREIGN_SERVER_EXISTS
      return 'OBJECT_EXISTS';
    case 1005: // ER_CANT_CREATE_TABLE: InnoDB's errno 121 is MariaDB's duplicate foreign key name
      return /errno: 121\b/.test(message ?? '') ? 'OBJECT_EXISTS' : undefined;
    case 1044: // ER_DBACCESS_DENIED_ERROR
    case 1142: // ER_TABLEACCESS_DENIED_ERROR
    case 1143: // ER_COLUMNACCESS_DENIED_ERROR
    case 1227: // ER_SPECIFIC_ACCESS_DENIED_ERROR
    case 1370: // ER_PROCACCESS_DENIED_ERROR
    case 3948: // ER_CLIENT_LOCAL_FILES_DISABLED
    case 1148: // ER_NOT_ALLOWED_COMMAND (LOAD DATA LOCAL refused)
      return 'PRIVILEGE_ERROR';
    case 1062: // ER_DUP_ENTRY
    case 1451: // ER_ROW_IS_REFERENCED_2
    case 1452: // ER_NO_REFERENCED_ROW_2
    case 1216:
    case 1217:
    case 4025: // MariaDB ER_CONSTRAINT_FAILED (CHECK)
    case 3819: // MySQL ER_CHECK_CONSTRAINT_VIOLATED
      return 'CONSTRAINT_VIOLATION';
    default:
      return undefined;
  }
}

/** The error number and SQLSTATE as one string, e.g. `1146/42S02`. */
export function sqlStateOf(err: unknown): string | undefined {
  const e = err as DriverError;
  if (typeof e?.errno !== 'number' || e.sqlState === undefined) return undefined;
  return `${e.errno}/${e.sqlState}`;
}

/** The server's error number, when the error came from the server. */
export function errnoOf(err: unknown): number | undefined {
  const e = err as DriverError;
  return typeof e?.errno === 'number' && e.sqlState !== undefined ? e.errno : undefined;
}

/**
 * Wrap a driver error into an AdapterError with the object and the error number/SQLSTATE. The
 * server's text never contains the password (MySQL says only `using password: YES`).
 */
export function toAdapterError(err: unknown, ctx: ErrorContext): AdapterError {
  if (err instanceof AdapterError) return err;
  const e = (err ?? {}) as DriverError;
  const sqlState = sqlStateOf(err);
  let code: AdapterErrorCode | undefined;
  if (e.code !== undefined && CONNECTION_CODES.has(e.code)) code = 'CONNECTION_FAILED';
  code ??= codeFor(sqlState === undefined ? undefined : e.errno, ctx, e.sqlMessage ?? e.message);
  code ??= ctx.fallback ?? 'SERVER_ERROR';
  const detail = e.sqlMessage ?? e.message ?? String(err);
  const where = ctx.object === undefined ? '' : ` ${ctx.object}`;
  const tag = sqlState === undefined ? (e.code === undefined ? '' : ` (${e.code})`) : ` (MySQL error ${sqlState})`;
  const hint = hintFor(code, e.errno);
  return new AdapterError(code, `Failed ${ctx.action}${where}: ${detail}${tag}${hint}`, {
    ...(ctx.object === undefined ? {} : { object: ctx.object }),
    ...(sqlState === undefined ? {} : { sqlState }),
    cause: err,
  });
}

function hintFor(code: AdapterErrorCode, errno: number | undefined): string {
  if (errno === 3948 || errno === 1148) return '; enable local_infile on the server (SET GLOBAL local_infile = 1)';
  switch (code) {
    case 'AUTH_FAILED':
      return '; check the user name and password';
    case 'CONNECTION_FAILED':
      return '; check that the server is running and the host and port are right';
    case 'NO_SUCH_DATABASE':
      return '; check the database name in the URL';
    default:
      return '';
  }
}
