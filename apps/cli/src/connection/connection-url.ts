import { decodeUrlPart, hasAtAfterHost, redactUrl, urlPasswordSpan } from '@sluice/adapter-kit';
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
  /** The password written in the URL, if any, decoded (never shown). */
  readonly password?: string;
  /** The password as written in the URL, percent-encoded or not, so that form too is masked (never shown). */
  readonly writtenPassword?: string;
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
const SECRET_QUERY_KEYS = /([?&](?:password|pass|pwd|sslpassword)=)[^&#]*/gi;

/** The URL as written, with exactly its password (and any password-like query parameter) replaced by asterisks. */
export function maskUrl(text: string): string {
  return redactUrl(text, MASK).replace(SECRET_QUERY_KEYS, `$1${MASK}`);
}

/** Whether a URL holds a password (in its user part or as a password-like query parameter). */
export function urlHasPassword(text: string): boolean {
  return maskUrl(text) !== text;
}

/** The environment variable a role's password may come from, e.g. SLUICE_SOURCE_PASSWORD. */
export function passwordVariable(role: ConnectionRole): string {
  return `SLUICE_${role}_PASSWORD`;
}

/** How to write a URL's user name or password, for messages. */
function encodingAdvice(role: ConnectionRole): string {
  return `In a URL, percent-encode reserved characters of the user name and password (%40 for @, %3A for :, %2F for /, %3F for ?, %23 for #, %25 for %, %20 for a space), or leave the password out and give it in ${passwordVariable(role)}.`;
}

/** A user name or password decoded from the URL; a CliError naming the part (never its value) when it is not valid percent-encoding. */
function decodePart(role: ConnectionRole, display: string, what: 'user name' | 'password', encoded: string): string {
  const decoded = decodeUrlPart(encoded);
  if (decoded === undefined) {
    throw new CliError('BAD_URL', `${role}=${display}: the ${what} is not valid percent-encoding (a % must start %XX). ${encodingAdvice(role)}`);
  }
  return decoded;
}

/** Take a database URL apart; the engine comes from its scheme. */
export function parseDatabaseUrl(role: ConnectionRole, text: string): DatabaseUrl {
  const display = maskUrl(text);
  if (hasAtAfterHost(text)) {
    throw new CliError('BAD_URL', `${role}=${display}: an @ follows the host, so the password (or user name) holds a /, ? or # written as is. ${encodingAdvice(role)}`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    const advice = text.includes('@') ? ` ${encodingAdvice(role)}` : '';
    throw new CliError('BAD_URL', `${role}=${display} is not a URL. Write it as postgres://user@host:5432/database or mysql://user@host:3306/database.${advice}`, { cause: error });
  }
  const engine = SCHEMES[url.protocol];
  if (engine === undefined) {
    throw new CliError('BAD_URL', `${role}=${display}: the scheme ${url.protocol.replace(/:$/, '')}:// is not one sluice knows. Use postgres://, postgresql://, mysql:// or mariadb://.`);
  }
  decodePart(role, display, 'user name', url.username);
  const password = url.password === '' ? undefined : decodePart(role, display, 'password', url.password);
  const span = urlPasswordSpan(text);
  const written = span === undefined ? undefined : text.slice(span[0], span[1]);
  url.password = '';
  // The adapters take their own scheme; mariadb:// is the MySQL adapter.
  const plain = url
    .toString()
    .replace(/^mariadb:/, 'mysql:')
    .replace(/^postgresql:/, 'postgres:');
  return password === undefined ? { role, engine, url: plain, display } : { role, engine, url: plain, password, ...(written === undefined ? {} : { writtenPassword: written }), display };
}
