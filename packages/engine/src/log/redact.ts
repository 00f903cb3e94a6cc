import { redactUrl } from '@sluice/adapter-kit';

/** What stands in for a secret in a log line or message. */
export const MASK = '********';

/**
 * Remove secrets from text bound for a log, a status message or an error: the job's own secrets
 * wherever they appear, passwords in connection URLs, and `...PASSWORD=value` words.
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 1) out = out.split(secret).join(MASK);
  }
  // A URL runs to the next white space; its password may itself hold @, / or ? written unencoded.
  out = out.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, (url) => redactUrl(url, MASK));
  // A quoted password inside a SQL literal (a subscription's CONNECTION '... password=''x y'' ...').
  out = out.replace(/\b([A-Z_]*PASSWORD\s*=\s*)''(?:[^']|'(?!'))*''/gi, `$1${MASK}`);
  out = out.replace(/\b([A-Z_]*PASSWORD\s*=\s*)("[^"]*"|'[^']*'|\S+)/gi, `$1${MASK}`);
  // A generic option in DDL: CREATE USER MAPPING ... OPTIONS (user 'u', password 'x').
  out = out.replace(/\b([A-Z_]*PASSWORD"?\s+)'(?:[^']|'')*'/gi, `$1'${MASK}'`);
  out = out.replace(/(--[a-z-]*password[= ])("[^"]*"|'[^']*'|\S+)/gi, `$1${MASK}`);
  // An ODBC connection string's password (a MariaDB CONNECT table's CONNECTION='DSN=...;PWD=x').
  out = out.replace(/\b(PWD\s*=\s*)(\{[^}]*\}|[^;'\s]*)/gi, `$1${MASK}`);
  return out;
}
