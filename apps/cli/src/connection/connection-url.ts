import { CliError } from '../cli-error.js';

/** The database engines `sluice` can talk to, chosen by URL scheme. */
export type EngineName = 'postgres' | 'mysql';

/** Which connection a URL is for; names the parameter and the password variable in messages. */
export type ConnectionRole = 'SOURCE' | 'TARGET' | 'NETWORK_LINK' | 'CONTROL';

/** A database URL taken apart: the password is held separately so the URL can be shown. */
export interface DatabaseUrl {
  readonly role: ConnectionRole;
  readonly engine: EngineName;
  /** The URL without its password, with the scheme the adapter expects. */
  readonly url: string;
  /** The password written in the URL, if any (never shown). */
  readonly password?: string;
  /** For messages and logs: `postgres://app@db:5432/sales`. */
  readonly display: string;
}

const SCHEMES: Record<string, EngineName> = {
  'postgres:': 'postgres',
  'postgresql:': 'postgres',
  'mysql:': 'mysql',
  'mariadb:': 'mysql',
};

const MASK = '********';
const SECRET_QUERY_KEYS = /^(password|pass|pwd|sslpassword)$/i;

/** The URL with its password (and any password-like query parameter) replaced by asterisks. */
export function maskUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password !== '') url.password = MASK;
    for (const key of [...url.searchParams.keys()]) if (SECRET_QUERY_KEYS.test(key)) url.searchParams.set(key, MASK);
    return url.toString().replace(/%2A/g, '*');
  } catch {
    // Not a URL we can parse: still hide whatever sits between "user:" and "@".
    return text.replace(/(\/\/[^:/@]*:)[^@]*@/, `$1${MASK}@`);
  }
}

/** The environment variable a role's password may come from, e.g. SLUICE_SOURCE_PASSWORD. */
export function passwordVariable(role: ConnectionRole): string {
  return `SLUICE_${role}_PASSWORD`;
}

/** Take a database URL apart; the engine comes from its scheme. */
export function parseDatabaseUrl(role: ConnectionRole, text: string): DatabaseUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    throw new CliError(
      'BAD_URL',
      `${role}=${maskUrl(text)} is not a URL. Write it as postgres://user@host:5432/database or mysql://user@host:3306/database.`,
      { cause: error },
    );
  }
  const engine = SCHEMES[url.protocol];
  if (engine === undefined) {
    throw new CliError(
      'BAD_URL',
      `${role}=${maskUrl(text)}: the scheme ${url.protocol.replace(/:$/, '')}:// is not one sluice knows. Use postgres://, postgresql://, mysql:// or mariadb://.`,
    );
  }
  const password = url.password === '' ? undefined : decodeURIComponent(url.password);
  url.password = '';
  // The adapters take their own scheme; mariadb:// is the MySQL adapter.
  const plain = url.toString().replace(/^mariadb:/, 'mysql:').replace(/^postgresql:/, 'postgres:');
  const display = maskUrl(text);
  return password === undefined ? { role, engine, url: plain, display } : { role, engine, url: plain, password, display };
}
