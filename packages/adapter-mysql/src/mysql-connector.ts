import { AdapterError, ConnectorBase, type AdapterConnection, type ConnectionOptions, type ServerInfo, type Snapshot, type SnapshotOptions } from '@sluice/adapter-kit';
import { asMysql, openMysqlConnection, type MysqlConnection } from './mysql-connection.js';
import { parseConnectionOptions, type MysqlConnectionSettings } from './mysql-connection-options.js';
import { toAdapterError } from './mysql-errors.js';
import type { MysqlServerFeatures } from './mysql-server-features.js';
import { openMysqlSnapshot } from './mysql-snapshot.js';

/** MySQL / MariaDB sessions (mysql2), snapshots taken under a lock by the connections opened for them, and transactions. */
export class MysqlConnector extends ConnectorBase {
  private readonly settings: MysqlConnectionSettings;
  private serverFeatures: MysqlServerFeatures | undefined;
  private readonly open = new Set<MysqlConnection>();

  constructor(options: ConnectionOptions) {
    super();
    this.settings = parseConnectionOptions(options);
  }

  /**
   * What the server can do, learnt from the first connection opened (undefined before): every
   * connection of an adapter goes to the one server, so a later one does not change it.
   */
  get features(): MysqlServerFeatures | undefined {
    return this.serverFeatures;
  }

  connect(purpose?: string): Promise<MysqlConnection> {
    return this.session(purpose ?? 'session');
  }

  private async session(purpose: string): Promise<MysqlConnection> {
    const conn = await openMysqlConnection(this.settings, purpose);
    this.serverFeatures ??= conn.features;
    this.open.add(conn);
    conn.onClose = () => this.open.delete(conn);
    return conn;
  }

  async serverInfo(conn: AdapterConnection): Promise<ServerInfo> {
    const c = asMysql(conn);
    const r = await c.textRow(
      `SELECT VERSION() AS v, @@character_set_database AS cs, @@GLOBAL.time_zone AS tz, @@system_time_zone AS stz,
              @@version_compile_machine AS m, @@version_compile_os AS os, DATABASE() AS db, CURRENT_USER() AS u`,
    );
    const tz = r?.['tz'] ?? 'SYSTEM';
    return {
      engine: 'mysql',
      product: c.features.product,
      version: r?.['v'] ?? c.features.version,
      versionNumber: c.features.versionNumber,
      charset: r?.['cs'] ?? 'utf8mb4',
      timeZone: tz === 'SYSTEM' ? (r?.['stz'] ?? 'SYSTEM') : tz,
      platform: `${r?.['m'] ?? ''}-${r?.['os'] ?? ''}`,
      database: r?.['db'] ?? '',
      user: r?.['u'] ?? this.settings.user,
      host: this.settings.socketPath ?? this.settings.host,
    };
  }

  openSnapshot(options: SnapshotOptions): Promise<Snapshot> {
    if (options.join !== undefined) {
      return Promise.reject(new AdapterError('UNSUPPORTED', 'A MySQL/MariaDB consistent snapshot cannot be joined by another process (supportsLateSnapshotJoin is false).'));
    }
    return openMysqlSnapshot((purpose) => this.session(purpose), options);
  }

  begin(conn: AdapterConnection): Promise<void> {
    return this.run(conn, 'START TRANSACTION');
  }

  commit(conn: AdapterConnection): Promise<void> {
    return this.run(conn, 'COMMIT');
  }

  rollback(conn: AdapterConnection): Promise<void> {
    return this.run(conn, 'ROLLBACK');
  }

  async close(): Promise<void> {
    await Promise.all([...this.open].map((c) => c.close()));
  }

  private async run(conn: AdapterConnection, sql: string): Promise<void> {
    try {
      await asMysql(conn).run(sql);
    } catch (err) {
      throw toAdapterError(err, { action: `running ${sql}` });
    }
  }
}
