import type { TextRow } from '../mysql-connection.js';
import type { MysqlProgramContext } from '../model/mysql-details.js';

/**
 * The session context a stored program was created in, from its catalog row's columns `definer`,
 * `mode` (sql_mode), `cs` (character_set_client), `coll` (collation_connection) and `dbcoll`.
 */
export function programContext(r: TextRow): MysqlProgramContext {
  return {
    definer: r['definer'] ?? null,
    sqlMode: r['mode'] ?? null,
    charsetClient: r['cs'] ?? null,
    collationConnection: r['coll'] ?? null,
    databaseCollation: r['dbcoll'] ?? null,
  };
}
