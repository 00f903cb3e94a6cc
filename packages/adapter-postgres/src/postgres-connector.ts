import { ConnectorBase, type AdapterConnection, type ConnectionOptions, type ServerInfo, type Snapshot, type SnapshotOptions } from '@sluice/adapter-kit';
import { asPostgres, openPostgresConnection, postgresDisplayUrl, type PostgresConnection } from './postgres-connection.js';
import { postgresServerInfo } from './postgres-server-info.js';
import { PostgresSnapshot } from './postgres-snapshot.js';

/** PostgreSQL sessions (`pg`), exported snapshots any later session can join, and transactions. */
export class PostgresConnector extends ConnectorBase {
  private readonly sessions = new Set<PostgresConnection>();
  private readonly snapshots = new Set<PostgresSnapshot>();

  constructor(private readonly options: ConnectionOptions) {
    super();
  }

  /** pg_export_snapshot: a session opened later, in any process, joins it with SET TRANSACTION SNAPSHOT. */
  override get supportsLateSnapshotJoin(): boolean {
    return true;
  }

  async connect(purpose?: string): Promise<PostgresConnection> {
    const conn = await openPostgresConnection(this.options, purpose, (c) => this.sessions.delete(c));
    this.sessions.add(conn);
    return conn;
  }

  serverInfo(conn: AdapterConnection): Promise<ServerInfo> {
    const host = (() => {
      try {
        return new URL(this.options.url).host || 'localhost';
      } catch {
        return 'unknown';
      }
    })();
    return postgresServerInfo(asPostgres(conn), host);
  }

  async openSnapshot(options: SnapshotOptions): Promise<Snapshot> {
    const snapshot = await PostgresSnapshot.start((purpose) => this.connect(purpose), options);
    this.snapshots.add(snapshot);
    snapshot.onClose = () => this.snapshots.delete(snapshot);
    return snapshot;
  }

  async begin(conn: AdapterConnection): Promise<void> {
    await asPostgres(conn).query('BEGIN', [], { action: 'begin a transaction' });
  }

  async commit(conn: AdapterConnection): Promise<void> {
    await asPostgres(conn).query('COMMIT', [], { action: 'commit' });
  }

  async rollback(conn: AdapterConnection): Promise<void> {
    await asPostgres(conn).query('ROLLBACK', [], { action: 'roll back' });
  }

  async close(): Promise<void> {
    const snapshots = [...this.snapshots];
    this.snapshots.clear();
    await Promise.all(snapshots.map((s) => s.close()));
    await Promise.all([...this.sessions].map((c) => c.close()));
  }

  /** The URL without its password, for messages. */
  get displayUrl(): string {
    return postgresDisplayUrl(this.options.url);
  }
}
