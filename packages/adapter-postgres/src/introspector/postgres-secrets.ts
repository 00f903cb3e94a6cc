import { AdapterError, redactUrl, type CatalogObject } from '@sluice/adapter-kit';
import { ddlText, generatePostgresDdl } from '../ddl/postgres-ddl-generator.js';
import type { PgOption } from '../model/postgres-global-details.js';
import { asPgObject } from '../model/postgres-object.js';
import type { PostgresConnection } from '../postgres-connection.js';
import { optionsJson } from './postgres-introspect-foreign.js';

// The secrets of a PostgreSQL catalog: a `password` among the options of a user mapping (or of a
// server, for wrappers that take one there), and the password of a subscription's connection
// string. pg_dump writes them into its dump, and so does Sluice into the object's metadata frame;
// the master table (read by status and the REST service) keeps them masked.

/** What stands in for a password in a masked object. */
export const SECRET_MASK = '********';

/** An option whose value is a password: `password`, `ssl_key_password`..., never `password_required`. */
const SECRET_OPTION = /^[a-z_]*password$/i;

/** The options with every password value masked; the same array when none is. */
function maskOptions(options: readonly PgOption[]): readonly PgOption[] {
  if (!options.some(([name]) => SECRET_OPTION.test(name))) return options;
  return options.map(([name, value]) => (SECRET_OPTION.test(name) ? [name, SECRET_MASK] : [name, value]));
}

/**
 * A libpq connection string with its password masked: `password=...` in the keyword form (quoted or
 * not), or the URI form's `user:password@` and `?password=`.
 */
export function maskConninfo(conninfo: string): string {
  if (/^postgres(?:ql)?:\/\//i.test(conninfo)) {
    return redactUrl(conninfo, SECRET_MASK).replace(/([?&]password=)[^&#]*/gi, `$1${SECRET_MASK}`);
  }
  return conninfo.replace(/(^|\s)(password\s*=\s*)('(?:[^'\\]|\\.)*'|(?:[^\s'\\]|\\.)+)/gi, `$1$2${SECRET_MASK}`);
}

/** The object with its detail replaced and its DDL written again from it. */
function withDetail(object: CatalogObject, detail: object): CatalogObject {
  const base: CatalogObject = { ...object, detail };
  return { ...base, ddl: ddlText(generatePostgresDdl(base)) };
}

/** The object with its passwords masked, or undefined when it holds none. */
export function maskPostgresSecrets(object: CatalogObject): CatalogObject | undefined {
  const o = asPgObject(object);
  switch (o.kind) {
    case 'USER_MAPPING':
    case 'SERVER': {
      const d = o.detail;
      const options = maskOptions(d.options);
      return options === d.options ? undefined : withDetail(object, { ...d, options });
    }
    case 'SUBSCRIPTION': {
      const d = o.detail;
      const conninfo = maskConninfo(d.conninfo);
      return conninfo === d.conninfo ? undefined : withDetail(object, { ...d, conninfo });
    }
    default:
      return undefined;
  }
}

/** A masked object whole again, its passwords read from the server once more (an import over a network link). */
export async function unmaskPostgresSecrets(conn: PostgresConnection, object: CatalogObject): Promise<CatalogObject> {
  const action = { action: 'read the secrets of', object: `${object.kind} ${object.name}` };
  const gone = (): AdapterError =>
    new AdapterError('SERVER_ERROR', `${object.kind.replace('_', ' ').toLowerCase()} ${object.name} is no longer on the source, so its password cannot be read again; it was not imported`, {
      object: object.name,
    });
  const o = asPgObject(object);
  switch (o.kind) {
    case 'USER_MAPPING': {
      const d = o.detail;
      const r = await conn.query<{ options: PgOption[] }>(
        `SELECT ${optionsJson('m.umoptions')} AS options FROM pg_user_mappings m
          WHERE m.srvname = $1 AND (CASE WHEN m.umuser = 0 THEN 'PUBLIC' ELSE m.usename END) = $2`,
        [d.server, d.user],
        action,
      );
      const row = r.rows[0];
      if (row === undefined) throw gone();
      return withDetail(object, { ...d, options: row.options });
    }
    case 'SERVER': {
      const d = o.detail;
      const r = await conn.query<{ options: PgOption[] }>(`SELECT ${optionsJson('s.srvoptions')} AS options FROM pg_foreign_server s WHERE s.srvname = $1`, [object.name], action);
      const row = r.rows[0];
      if (row === undefined) throw gone();
      return withDetail(object, { ...d, options: row.options });
    }
    case 'SUBSCRIPTION': {
      const d = o.detail;
      const r = await conn.query<{ conninfo: string }>(
        `SELECT subconninfo AS conninfo FROM pg_catalog.pg_subscription WHERE subname = $1 AND subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [object.name],
        action,
      );
      const row = r.rows[0];
      if (row === undefined) throw gone();
      return withDetail(object, { ...d, conninfo: row.conninfo });
    }
    default:
      return object;
  }
}
