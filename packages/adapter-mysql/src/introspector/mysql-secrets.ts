import { AdapterError, redactUrl, type CatalogObject } from '@sluice/adapter-kit';
import { createServerStatement } from '../ddl/mysql-ddl-server.js';
import type { MysqlConnection } from '../mysql-connection.js';
import type { MysqlServerDetail } from '../model/mysql-details.js';
import { asMysqlObject } from '../model/mysql-object.js';
import { qualify } from '../sql/mysql-quote.js';
import { connectionLiteral, readServer } from './mysql-introspect-servers.js';

// The secrets of a MariaDB/MySQL catalog: a server definition's PASSWORD (CREATE SERVER, for
// FEDERATED, CONNECT and Spider tables), and a password in a table's CONNECTION= string
// (`mysql://user:password@host/db/table`, or CONNECT's ODBC `...;PWD=password`). mariadb-dump writes
// them as they are, and so does Sluice into the object's metadata frame (encrypted with the set);
// the master table (read by status and the REST service) keeps them masked.

/** What stands in for a password in a masked object. */
export const SECRET_MASK = '********';

/** A table's CONNECTION= literal in SHOW CREATE TABLE text (quotes doubled or backslash-escaped). */
const CONNECTION_LITERAL = /(\bCONNECTION=')((?:[^'\\]|\\.|'')*)(')/i;

/**
 * A CONNECTION= string with its password masked: a URL's `user:password@`, and `PWD=` / `PASSWORD=`
 * keywords of an ODBC or CONNECT option list. A server name (`server/table`) holds none.
 */
export function maskConnectionString(text: string): string {
  return redactUrl(text, SECRET_MASK).replace(/(^|[;\s])((?:PWD|PASSWORD)\s*=\s*)(\{[^}]*\}|[^;\s]*)/gi, `$1$2${SECRET_MASK}`);
}

/** Text with the password of its CONNECTION='...' literal masked (the same text when it holds none). */
function maskConnectionIn(text: string): string {
  const m = CONNECTION_LITERAL.exec(text);
  if (m === null) return text;
  const masked = maskConnectionString(m[2] as string);
  return masked === m[2] ? text : text.replace(CONNECTION_LITERAL, (_all, open: string, _v: string, close: string) => `${open}${masked}${close}`);
}

/** The object with a server's detail replaced and its DDL written again from it. */
function withServer(object: CatalogObject, detail: MysqlServerDetail): CatalogObject {
  return { ...object, detail, ddl: createServerStatement(object.name, detail) };
}

/** The object with its passwords masked, or undefined when it holds none. */
export function maskMysqlSecrets(object: CatalogObject): CatalogObject | undefined {
  const o = asMysqlObject(object);
  switch (o.kind) {
    case 'SERVER': {
      const d = o.detail;
      return d.password === '' ? undefined : withServer(object, { ...d, password: SECRET_MASK });
    }
    case 'TABLE': {
      // The CONNECTION= string: in the table's options (what CREATE TABLE is written from) and its SHOW CREATE TABLE text.
      const options = o.detail.options;
      const connection = options?.['CONNECTION'];
      const maskedConnection = connection === undefined ? undefined : maskConnectionIn(`CONNECTION=${connection}`).slice('CONNECTION='.length);
      const ddl = maskConnectionIn(object.ddl);
      if (ddl === object.ddl && maskedConnection === connection) return undefined;
      return { ...o, ddl, detail: maskedConnection === connection ? o.detail : { ...o.detail, options: { ...options, CONNECTION: maskedConnection } } };
    }
    default:
      return undefined;
  }
}

/** A masked object whole again, its passwords read from the server once more (an import over a network link). */
export async function unmaskMysqlSecrets(conn: MysqlConnection, object: CatalogObject): Promise<CatalogObject> {
  const gone = (): AdapterError =>
    new AdapterError('SERVER_ERROR', `${object.kind.toLowerCase()} ${object.name} is no longer on the source, so its password cannot be read again; it was not imported`, { object: object.name });
  const o = asMysqlObject(object);
  switch (o.kind) {
    case 'SERVER': {
      const d = await readServer(conn, object.name);
      if (d === undefined) throw gone();
      return withServer(object, d);
    }
    case 'TABLE': {
      const row = await conn.textRow(`SHOW CREATE TABLE ${qualify(object.schema ?? '', object.name)}`).catch(() => undefined);
      const ddl = row?.['Create Table'];
      if (ddl === undefined || ddl === null) throw gone();
      const options = o.detail.options;
      const connection = connectionLiteral(ddl);
      return { ...o, ddl, detail: options?.['CONNECTION'] === undefined || connection === undefined ? o.detail : { ...o.detail, options: { ...options, CONNECTION: connection } } };
    }
    default:
      return object;
  }
}
