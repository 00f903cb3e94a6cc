import type { Adapter, AdapterConnection, ConnectionOptions } from '@sluice/adapter-kit';
import { CliError } from '../cli-error.js';
import { canPrompt, promptSecret } from '../secrets/prompt.js';
import { registerSecret } from '../secrets/redact.js';
import { passwordVariable, type ConnectionRole, type DatabaseUrl, type EngineName } from './connection-url.js';

const ROLE_WORDS: Record<ConnectionRole, { noun: string; option: string }> = {
  SOURCE: { noun: 'source database', option: '--source' },
  TARGET: { noun: 'target database', option: '--target' },
  NETWORK_LINK: { noun: 'network-link source database', option: '--network-link' },
  CONTROL: { noun: 'control database', option: '--control' },
};

/** Only the engine the URL names is loaded: each driver costs 0.1 to 0.2 s of start-up. */
async function createAdapter(db: DatabaseUrl, password: string | undefined): Promise<Adapter> {
  const options: ConnectionOptions = { url: db.url, applicationName: 'sluice', ...(password === undefined ? {} : { password }) };
  return db.engine === 'postgres' ? (await import('@sluice/adapter-postgres')).createPostgresAdapter(options) : (await import('@sluice/adapter-mysql')).createMysqlAdapter(options);
}

/**
 * An adapter of the other engine, never connected: it reads a dump file set that engine wrote (its
 * objects in neutral terms, its rows) for an import into this one.
 */
export async function codecFor(target: EngineName): Promise<Adapter> {
  const options: ConnectionOptions = { url: target === 'postgres' ? 'mysql://codec@127.0.0.1/codec' : 'postgres://codec@127.0.0.1/codec' };
  return target === 'postgres' ? (await import('@sluice/adapter-mysql')).createMysqlAdapter(options) : (await import('@sluice/adapter-postgres')).createPostgresAdapter(options);
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return error instanceof Error && error.name === 'AdapterError' && typeof code === 'string' ? code : undefined;
}

/** An adapter's connection error turned into one message naming the database and the fix. */
export function connectionError(db: DatabaseUrl, error: unknown): CliError | unknown {
  const { noun, option } = ROLE_WORDS[db.role];
  const reason = error instanceof Error ? error.message : String(error);
  const user = decodeURIComponent(new URL(db.url).username) || 'the default user';
  switch (errorCode(error)) {
    case 'CONNECTION_FAILED':
      return new CliError('CONNECTION_FAILED', `Cannot reach the ${noun} at ${db.display}: ${reason}. Check that the server is running and that the host and port in ${option} are right.`, {
        cause: error,
      });
    case 'AUTH_FAILED':
      return new CliError(
        'CONNECTION_FAILED',
        `The ${noun} at ${db.display} refused the login of ${user}: wrong user or password. Give the password in ${passwordVariable(db.role)}, or run on a terminal to be asked for it.`,
        { cause: error },
      );
    case 'NO_SUCH_DATABASE':
      return new CliError('CONNECTION_FAILED', `The ${noun} at ${db.display} does not exist: ${reason}. Create it first, or fix the database name in ${option}.`, { cause: error });
    case 'PRIVILEGE_ERROR':
      return new CliError('CONNECTION_FAILED', `${user} may not use the ${noun} at ${db.display}: ${reason}. Connect as a user with the needed privileges.`, { cause: error });
    default:
      return error;
  }
}

/**
 * An adapter for the database, checked with one connection so that an unreachable server or a wrong
 * password is reported before any job is defined. On a terminal, a refused login without a password
 * asks for one.
 */
export async function openDatabase(db: DatabaseUrl): Promise<Adapter> {
  const { adapter, conn } = await openDatabaseConnected(db);
  await conn.close();
  return adapter;
}

/** `openDatabase`, with the connection that checked the login left open for the caller's first use (the caller closes it). */
export async function openDatabaseConnected(db: DatabaseUrl): Promise<{ adapter: Adapter; conn: AdapterConnection }> {
  const fromEnv = process.env[passwordVariable(db.role)];
  let password = db.password ?? (fromEnv === '' ? undefined : fromEnv);
  registerSecret(password);
  registerSecret(db.writtenPassword);
  for (let attempt = 0; ; attempt++) {
    const adapter = await createAdapter(db, password);
    try {
      const conn = await adapter.connector.connect('sluice connection check');
      return { adapter, conn };
    } catch (error) {
      await adapter.close().catch(() => undefined);
      if (errorCode(error) === 'AUTH_FAILED' && password === undefined && attempt === 0 && canPrompt()) {
        password = await promptSecret(`Password for ${db.display}: `);
        registerSecret(password);
        continue;
      }
      throw connectionError(db, error);
    }
  }
}
