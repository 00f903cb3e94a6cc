import type { NotExportedObject } from '@sluice/adapter-kit';
import type { MysqlConnection } from '../mysql-connection.js';
import type { MysqlServerDetail } from '../model/mysql-details.js';

/** Server definitions (mysql.servers), or why they could not be read. */
export interface ServerFacts {
  readonly servers: readonly { readonly name: string; readonly detail: MysqlServerDetail }[];
  readonly notExported: readonly NotExportedObject[];
}

const SELECT_SERVERS = 'SELECT Server_name AS n, Host AS h, Db AS d, Username AS u, Password AS p, Port AS port, Socket AS s, Wrapper AS w, Owner AS o FROM mysql.servers';

function detailOf(r: Record<string, string | null>): MysqlServerDetail {
  return {
    wrapper: r['w'] ?? 'mysql',
    host: r['h'] ?? '',
    database: r['d'] ?? '',
    user: r['u'] ?? '',
    password: r['p'] ?? '',
    port: Number(r['port'] ?? 0),
    socket: r['s'] ?? '',
    owner: r['o'] ?? '',
  };
}

/** A table's CONNECTION= option in SHOW CREATE TABLE text, as the quoted literal written there (undefined: none). */
export function connectionLiteral(text: string): string | undefined {
  return /\bCONNECTION=('(?:[^'\\]|\\.|'')*')/i.exec(text)?.[1];
}

/**
 * The server a table's CONNECTION= names (`server` or `server/table`, as FEDERATEDX and Spider take
 * it), from its SHOW CREATE TABLE text; undefined for none or a URL (`mysql://...`).
 */
export function connectionServer(ddl: string): string | undefined {
  const literal = connectionLiteral(ddl);
  if (literal === undefined) return undefined;
  const value = literal.slice(1, -1).replaceAll("''", "'");
  if (value.includes('://') || value === '') return undefined;
  return value.split('/')[0];
}

/**
 * Server definitions: every one (`names` undefined: a FULL export, as users are global), or those
 * named. A user who may not read mysql.servers gets them named as not exported, not dropped in silence.
 */
export async function introspectServers(conn: MysqlConnection, names?: readonly string[]): Promise<ServerFacts> {
  if (names !== undefined && names.length === 0) return { servers: [], notExported: [] };
  try {
    const rows = names === undefined ? await conn.textRows(`${SELECT_SERVERS} ORDER BY Server_name`) : await conn.textRows(`${SELECT_SERVERS} WHERE Server_name IN (?) ORDER BY Server_name`, [names]);
    return { servers: rows.map((r) => ({ name: r['n'] ?? '', detail: detailOf(r) })), notExported: [] };
  } catch (error) {
    const code = (error as { errno?: unknown }).errno;
    if (code !== 1142 && code !== 1044) throw error;
    return {
      servers: [],
      notExported: [{ kind: 'SERVER', schema: null, name: 'mysql.servers', reason: 'the exporting user may not read mysql.servers (SELECT on mysql.servers is needed to export server definitions)' }],
    };
  }
}

/** One server's definition read again (an import over a network link reads its password this way), or undefined when it is gone. */
export async function readServer(conn: MysqlConnection, name: string): Promise<MysqlServerDetail | undefined> {
  const row = await conn.textRow(`${SELECT_SERVERS} WHERE Server_name = ?`, [name]);
  return row === undefined ? undefined : detailOf(row);
}
