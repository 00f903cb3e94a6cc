import type { AdapterConnection } from './adapter-connection.js';
import type { ServerInfo } from './server-info.js';
import type { Snapshot, SnapshotOptions } from './snapshot.js';

/**
 * The connection part of an adapter (Kysely's `Driver`): sessions, the server's facts, snapshots,
 * and the transactions the engine wraps a load or a master-table write in.
 */
export interface Connector {
  /** An exported snapshot can be joined by a connection opened later, by this or another process (PostgreSQL yes, MySQL no). */
  readonly supportsLateSnapshotJoin: boolean;
  /** Open a plain session (DDL, loads, the master table); `purpose` goes into the session's name. */
  connect(purpose?: string): Promise<AdapterConnection>;
  /** Server facts for the dump header and the log. */
  serverInfo(conn: AdapterConnection): Promise<ServerInfo>;
  /** A consistent snapshot shared by all export workers. */
  openSnapshot(options: SnapshotOptions): Promise<Snapshot>;
  /** Start a transaction on `conn`. */
  begin(conn: AdapterConnection): Promise<void>;
  /** Commit the transaction open on `conn`. */
  commit(conn: AdapterConnection): Promise<void>;
  /** Roll back the transaction open on `conn`. */
  rollback(conn: AdapterConnection): Promise<void>;
  /** Close every session and snapshot this connector opened. */
  close(): Promise<void>;
}

/** A `Connector` with the capability defaults; an adapter overrides what its engine can do. */
export abstract class ConnectorBase implements Connector {
  /** Off by default: each process takes its own snapshot. */
  get supportsLateSnapshotJoin(): boolean {
    return false;
  }
  abstract connect(purpose?: string): Promise<AdapterConnection>;
  abstract serverInfo(conn: AdapterConnection): Promise<ServerInfo>;
  abstract openSnapshot(options: SnapshotOptions): Promise<Snapshot>;
  abstract begin(conn: AdapterConnection): Promise<void>;
  abstract commit(conn: AdapterConnection): Promise<void>;
  abstract rollback(conn: AdapterConnection): Promise<void>;
  abstract close(): Promise<void>;
}
