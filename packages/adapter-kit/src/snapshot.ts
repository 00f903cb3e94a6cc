import type { AdapterConnection } from './adapter-connection.js';
import type { IntrospectScope } from './catalog/catalog-object.js';

/** Where in the source's history the snapshot stands, for the log and the master table. */
export interface SnapshotPosition {
  /** PostgreSQL: the exported snapshot id. */
  readonly snapshotId?: string;
  /** PostgreSQL: the WAL LSN at snapshot time. */
  readonly lsn?: string;
  /** MySQL/MariaDB: binary log file and position, and the GTID set, when the binary log is on. */
  readonly binlogFile?: string;
  readonly binlogPosition?: number;
  readonly gtidSet?: string;
}

/**
 * A consistent view of the source shared by all workers (FLASHBACK on), or plain read connections
 * (off). Every connection it hands out sees the same point in time.
 */
export interface Snapshot {
  readonly consistent: boolean;
  readonly position: SnapshotPosition;
  /** Lines for the job log, e.g. that a lock was not permitted and what was done instead. */
  readonly notes: readonly string[];
  /** A connection inside the snapshot. PostgreSQL opens one on demand; MySQL hands out the ones it opened under the lock. */
  acquire(): Promise<AdapterConnection>;
  /** Give a connection back for another worker to use. */
  release(conn: AdapterConnection): Promise<void>;
  /** End the snapshot and close every connection. */
  close(): Promise<void>;
}

/** Options for opening a snapshot. */
export interface SnapshotOptions {
  /** The most connections that will ever be acquired at once (MySQL must open them all under the lock). */
  readonly maxWorkers: number;
  /** FLASHBACK: false gives plain read connections with no shared snapshot. */
  readonly consistent: boolean;
  /**
   * What will be exported. Optional: an adapter that cannot take a global lock uses it to lock just
   * the exported tables (MySQL without RELOAD falls back to LOCK TABLES ... READ, as MySQL Shell does).
   */
  readonly scope?: IntrospectScope;
  /**
   * Join the snapshot another process exported at this position instead of taking a new one
   * (adapters with `lateSnapshotJoin` only; valid while the exporting transaction is open). A
   * snapshot that is gone fails with SNAPSHOT_FAILED: never a different point in time.
   */
  readonly join?: SnapshotPosition;
}
