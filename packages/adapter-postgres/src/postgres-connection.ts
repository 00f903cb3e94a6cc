import type { Socket } from 'node:net';
import type pgTypes from 'pg';
import { pg } from './pg-driver.js';
import { AdapterError, sessionName, decodeUrlPart, hasAtAfterHost, PERCENT_ENCODING_ADVICE, redactUrl, urlPasswordSpan, type AdapterConnection, type ConnectionOptions } from '@sluice/adapter-kit';
import { wrapPgError } from './postgres-errors.js';
import { sessionSocket } from './postgres-socket.js';
import type { TableColumnsCache } from './data/postgres-table-columns.js';

/**
 * Session settings every Sluice connection runs with, so COPY text is the same whatever the
 * server's or role's defaults are: ISO dates, UTC time stamps, exact floats, hex bytea, no timeouts
 * killing a long COPY or an idle snapshot leader, and no body checks while functions are created
 * before the tables they use (as pg_dump does).
 */
export const SESSION_SETTINGS: Readonly<Record<string, string>> = {
  DateStyle: 'ISO',
  IntervalStyle: 'postgres',
  TimeZone: 'UTC',
  extra_float_digits: '3',
  bytea_output: 'hex',
  standard_conforming_strings: 'on',
  check_function_bodies: 'off',
  statement_timeout: '0',
  lock_timeout: '0',
  idle_in_transaction_session_timeout: '0',
};

/** Idle time before TCP keepalive probes start on a session's socket. */
export const KEEPALIVE_IDLE_MS = 30_000;

/** Where a connection goes, with the password kept apart from anything printable. */
export interface PostgresTarget {
  readonly config: pgTypes.ClientConfig;
  /** The URL without its password, for messages. */
  readonly display: string;
  readonly password: string | undefined;
}

/** The URL without its password, for messages. */
export function postgresDisplayUrl(url: string): string {
  const span = urlPasswordSpan(url);
  return span === undefined ? url : `${url.slice(0, span[0] - 1)}${url.slice(span[1])}`;
}

/**
 * The connection string `pg` is given, with the password (from the options, else the URL's)
 * percent-encoded into it: `pg` lets a connection string's empty password win over `password`,
 * and rewrites a string holding a space or a stray `%`, so the string must be exact.
 */
function connectionString(options: ConnectionOptions): { readonly text: string; readonly password: string | undefined } {
  if (hasAtAfterHost(options.url)) {
    throw new AdapterError('BAD_ARGUMENT', `${redactUrl(options.url)} has an @ after the host: a user name or password holding /, ? or # must ${PERCENT_ENCODING_ADVICE}`);
  }
  let u: URL;
  try {
    u = new URL(options.url);
  } catch {
    // Not a URL: let pg say so (it keeps the text out of its message).
    return { text: options.url, password: options.password };
  }
  const bad = (what: string): AdapterError => new AdapterError('BAD_ARGUMENT', `The ${what} in ${redactUrl(options.url)} is not valid percent-encoding; ${PERCENT_ENCODING_ADVICE}`);
  const urlPassword = u.password === '' ? undefined : decodeUrlPart(u.password);
  if (u.password !== '' && urlPassword === undefined) throw bad('password');
  const password = options.password ?? urlPassword;
  u.password = password === undefined ? '' : encodeURIComponent(password);
  if (decodeUrlPart(u.username) === undefined) throw bad('user name');
  if (decodeUrlPart(u.pathname) === undefined || /%(?![0-9a-f]{2})/i.test(u.href)) throw bad('database name or a parameter');
  return { text: u.href, password };
}

/** Build the `pg` client configuration for a Sluice ConnectionOptions. */
export function postgresTarget(options: ConnectionOptions, purpose?: string): PostgresTarget {
  const display = postgresDisplayUrl(options.url);
  const { text, password } = connectionString(options);
  const settings = Object.entries(SESSION_SETTINGS)
    .map(([k, v]) => `-c ${k}=${v}`)
    .join(' ');
  const config: pgTypes.ClientConfig = {
    connectionString: text,
    options: settings,
    application_name: sessionName(options.applicationName, purpose),
    connectionTimeoutMillis: 30_000,
    // A peer that vanished without closing the socket (host down, network cut) is noticed by TCP
    // keepalive probes instead of leaving a worker waiting forever.
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_IDLE_MS,
    // pg calls it with its resolved configuration (ssl included); the types say it takes nothing.
    stream: sessionSocket as unknown as () => Socket,
  };
  return { config, display, password };
}

/** One session to a PostgreSQL database, as the adapter hands it out. */
export class PostgresConnection implements AdapterConnection {
  readonly id: string;
  /** The schema master tables live in: the first schema of the search_path that exists (usually `public`). */
  readonly homeSchema: string;
  readonly database: string;
  readonly user: string;
  /** The URL without password, for messages. */
  readonly display: string;
  /** Set on the sessions of a consistent snapshot: the catalog's table columns as the snapshot sees them. */
  columnCache: TableColumnsCache | undefined;
  private isClosed = false;
  private lastError: unknown;
  private readonly onClose: (conn: PostgresConnection) => void;

  constructor(
    readonly client: pgTypes.Client,
    facts: { pid: number; homeSchema: string; database: string; user: string; display: string },
    onClose: (conn: PostgresConnection) => void,
  ) {
    this.id = String(facts.pid);
    this.homeSchema = facts.homeSchema;
    this.database = facts.database;
    this.user = facts.user;
    this.display = facts.display;
    this.onClose = onClose;
    const lost = (err: unknown): void => {
      // A backend that goes away while idle must not crash the process; the next use reports it.
      this.lastError ??= err;
      if (this.isClosed) return;
      this.isClosed = true;
      this.onClose(this);
    };
    client.on('error', lost);
    // The server closed the session (pg_terminate_backend, a restart) without an error event reaching us.
    client.on('end', () => lost(new Error('Connection terminated by the server')));
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Whether a transaction is open on this session (from the server's ReadyForQuery status). */
  get inTransaction(): boolean {
    return this.client.getTransactionStatus() !== 'I';
  }

  /** Run one statement; errors come back wrapped with the action and object. */
  async query<R extends pgTypes.QueryResultRow = Record<string, unknown>>(
    sql: string | pgTypes.QueryConfig,
    params?: readonly unknown[],
    context: { action: string; object?: string } = { action: 'query' },
  ): Promise<pgTypes.QueryResult<R>> {
    if (this.isClosed) {
      throw new AdapterError('CONNECTION_FAILED', `${context.action}${context.object ? ` ${context.object}` : ''} failed: the connection to ${this.display} is closed`, {
        ...(context.object === undefined ? {} : { object: context.object }),
        ...(this.lastError === undefined ? {} : { cause: this.lastError }),
      });
    }
    try {
      return await this.client.query<R>(sql as string, params as unknown[] | undefined);
    } catch (err) {
      throw wrapPgError(err, context);
    }
  }

  /** Drop the session at once (a COPY abandoned half way cannot be resumed). */
  destroy(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.onClose(this);
    (this.client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    this.client.end().catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    this.onClose(this);
    try {
      await this.client.end();
    } catch {
      // Already gone: nothing left to release.
    }
  }
}

/** Open a session, run the settings, and learn its facts. Failures: CONNECTION_FAILED, AUTH_FAILED, NO_SUCH_DATABASE. */
export async function openPostgresConnection(options: ConnectionOptions, purpose: string | undefined, onClose: (conn: PostgresConnection) => void): Promise<PostgresConnection> {
  const target = postgresTarget(options, purpose);
  const client = new pg.Client(target.config);
  // Until the wrapper takes over, swallow late socket errors of a failed attempt.
  const early = (): void => {};
  client.on('error', early);
  try {
    await client.connect();
    const r = await client.query<{ pid: number; home: string | null; db: string; usr: string }>(
      'SELECT pg_backend_pid() AS pid, current_schema() AS home, current_database() AS db, current_user AS usr',
    );
    const row = r.rows[0]!;
    client.removeListener('error', early);
    return new PostgresConnection(client, { pid: row.pid, homeSchema: row.home ?? 'public', database: row.db, user: row.usr, display: target.display }, onClose);
  } catch (err) {
    await client.end().catch(() => undefined);
    throw wrapPgError(err, { action: `connect to ${target.display}`, fallback: 'CONNECTION_FAILED', secrets: [target.password] });
  }
}

/** The PostgreSQL session behind an AdapterConnection handed out by this adapter. */
export function asPostgres(conn: AdapterConnection): PostgresConnection {
  if (!(conn instanceof PostgresConnection)) {
    throw new AdapterError('BAD_ARGUMENT', 'This connection was not opened by the PostgreSQL adapter.');
  }
  return conn;
}
