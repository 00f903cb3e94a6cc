import type { Adapter } from '@sluice/adapter-kit';
import { ServerError } from '../server-error.js';

/** A database user logged in for one request: the adapter connects as that user, so the database decides what may be done. */
export interface DatabaseLogin {
  /** The configured database name (the {database} of the path). */
  readonly database: string;
  readonly engine: 'postgres' | 'mysql';
  /** The user as the database names it (PostgreSQL: current_user; MySQL: CURRENT_USER(), user@host): jobs are owned by this name. */
  readonly owner: string;
  readonly adapter: Adapter;
  /** The credentials, to open more connections for the same user (a job's own adapters, a network link); never shown. */
  readonly user: string;
  readonly password: string | undefined;
}

/** The engine a configured URL names, by its scheme. */
export function engineOf(url: string): 'postgres' | 'mysql' {
  return /^postgres(ql)?:/i.test(url) ? 'postgres' : 'mysql';
}

/** An adapter for a configured database URL as `user` (only the engine the URL names is loaded). */
export async function adapterAs(url: string, user: string, password: string | undefined): Promise<Adapter> {
  const u = new URL(url.replace(/^mariadb:/i, 'mysql:').replace(/^postgresql:/i, 'postgres:'));
  u.username = encodeURIComponent(user);
  const options = { url: u.toString(), applicationName: 'sluice-server', ...(password === undefined ? {} : { password }) };
  return engineOf(url) === 'postgres' ? (await import('@sluice/adapter-postgres')).createPostgresAdapter(options) : (await import('@sluice/adapter-mysql')).createMysqlAdapter(options);
}

function adapterCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return error instanceof Error && error.name === 'AdapterError' && typeof code === 'string' ? code : undefined;
}

/**
 * Log `user` in to the configured database `database`: one connection proves the password (the
 * database's own check) and tells the name jobs are owned by. A refused login is UNAUTHORIZED, a
 * user who may not use the database FORBIDDEN with the database's words.
 */
export async function logIn(databases: Readonly<Record<string, string>>, database: string, user: string, password: string | undefined): Promise<DatabaseLogin> {
  const url = databases[database];
  if (url === undefined) {
    throw new ServerError('NOT_FOUND', `There is no database ${database} in this server's configuration. Use one of: ${Object.keys(databases).join(', ') || '(none)'}.`, { field: 'database' });
  }
  const adapter = await adapterAs(url, user, password);
  try {
    const conn = await adapter.connector.connect('sluice-server login');
    try {
      const info = await adapter.connector.serverInfo(conn);
      return { database, engine: engineOf(url), owner: info.user, adapter, user, password };
    } finally {
      await conn.close().catch(() => undefined);
    }
  } catch (error) {
    await adapter.close().catch(() => undefined);
    switch (adapterCode(error)) {
      case 'AUTH_FAILED':
        throw new ServerError('UNAUTHORIZED', `The database ${database} refused the login of ${user}: wrong user name or password.`);
      case 'PRIVILEGE_ERROR':
        throw new ServerError('FORBIDDEN', `${user} may not use the database ${database}: ${(error as Error).message}`, { cause: error });
      case 'NO_SUCH_DATABASE':
        throw new ServerError('NOT_FOUND', `The database ${database} is configured, but its server says it does not exist: ${(error as Error).message}`, { cause: error });
      default:
        throw error;
    }
  }
}
