import type { ServerInfo } from '@sluice/adapter-kit';
import type { PostgresConnection } from './postgres-connection.js';

/** Server facts for the dump header and the log. */
export async function postgresServerInfo(conn: PostgresConnection, host: string): Promise<ServerInfo> {
  const r = await conn.query<{ version: string; short: string; num: string; charset: string; tz: string; db: string; usr: string }>(
    `SELECT version() AS version, current_setting('server_version') AS short, current_setting('server_version_num') AS num,
            pg_encoding_to_char(d.encoding) AS charset, current_setting('TimeZone') AS tz, current_database() AS db, current_user AS usr
       FROM pg_database d WHERE d.datname = current_database()`,
    [],
    { action: 'read server facts' },
  );
  const row = r.rows[0]!;
  return {
    engine: 'postgres',
    product: 'PostgreSQL',
    version: row.short.split(' ')[0] ?? row.short,
    versionNumber: Number(row.num),
    charset: row.charset,
    timeZone: row.tz,
    platform: / on ([^,]+),/.exec(row.version)?.[1] ?? 'unknown',
    database: row.db,
    user: row.usr,
    host,
  };
}
