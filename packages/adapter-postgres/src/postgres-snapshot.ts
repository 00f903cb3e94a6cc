import { AdapterError, type AdapterConnection, type Snapshot, type SnapshotOptions, type SnapshotPosition } from '@sluice/adapter-kit';
import type { PostgresConnection } from './postgres-connection.js';
import { quoteLiteral } from './sql/postgres-quote.js';
import { TableColumnsCache } from './data/postgres-table-columns.js';

/** Opens a session for the snapshot (the adapter's `connect`). */
type Opener = (purpose: string) => Promise<PostgresConnection>;

const BEGIN_SNAPSHOT = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

/**
 * A consistent snapshot: a leader session exports its REPEATABLE READ snapshot with
 * `pg_export_snapshot()` and stays open (the snapshot lives only as long as that transaction);
 * every worker session, opened whenever it is needed, starts its own read-only transaction with
 * `SET TRANSACTION SNAPSHOT`, so all of them see the same committed state. Another process joins
 * the same snapshot by its id (`join`): its sessions do the same, for as long as the exporting
 * transaction of the process that took it is open.
 */
export class PostgresSnapshot implements Snapshot {
  readonly consistent: boolean;
  readonly position: SnapshotPosition;
  readonly notes: readonly string[];
  private readonly idle: PostgresConnection[] = [];
  private readonly all = new Set<PostgresConnection>();
  private closed = false;
  /** The columns of tables as this snapshot sees them, for every session of it. */
  private readonly columns = new TableColumnsCache();
  /** Called once the snapshot is closed (the adapter stops tracking it). */
  onClose: () => void = () => undefined;

  private constructor(
    private readonly open: Opener,
    private readonly leader: PostgresConnection | undefined,
    position: SnapshotPosition,
    notes: string[],
    /** The exported snapshot every session joins (undefined: plain sessions, FLASHBACK off). */
    private readonly snapshotId: string | undefined,
  ) {
    this.consistent = snapshotId !== undefined;
    this.position = position;
    this.notes = notes;
  }

  /** Start the leader and export its snapshot (or, when not consistent, hand out plain sessions). */
  static async start(open: Opener, options: SnapshotOptions): Promise<PostgresSnapshot> {
    if (!options.consistent) {
      return new PostgresSnapshot(open, undefined, {}, ['FLASHBACK off: every worker reads the latest committed data.'], undefined);
    }
    if (options.join !== undefined) return PostgresSnapshot.joinExported(open, options.join);
    const leader = await open('snapshot leader');
    try {
      // One round trip: the transaction and the export go in one simple-protocol message (no
      // parameters), whose results come back as a list, the export's last.
      const r = await leader.query<{ id: string; lsn: string | null }>(
        `${BEGIN_SNAPSHOT}; SELECT pg_export_snapshot() AS id,
                (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text AS lsn`,
        [],
        { action: 'export snapshot' },
      );
      const row = lastResult(r).rows[0]!;
      const position: SnapshotPosition = row.lsn === null ? { snapshotId: row.id } : { snapshotId: row.id, lsn: row.lsn };
      return new PostgresSnapshot(open, leader, position, [`Snapshot ${row.id} exported at WAL position ${row.lsn ?? 'unknown'}.`], row.id);
    } catch (err) {
      await leader.close();
      throw asSnapshotError(err);
    }
  }

  /**
   * Join a snapshot another process exported: one session joins it at once, so a snapshot that is
   * gone (its exporting transaction ended) fails here with SNAPSHOT_FAILED, before any row is read.
   */
  private static async joinExported(open: Opener, position: SnapshotPosition): Promise<PostgresSnapshot> {
    const id = position.snapshotId;
    if (id === undefined) throw new AdapterError('BAD_ARGUMENT', 'A snapshot can only be joined by its exported snapshot id.');
    const snapshot = new PostgresSnapshot(open, undefined, position, [`Joined snapshot ${id} (WAL position ${position.lsn ?? 'unknown'}), exported by another process.`], id);
    await snapshot.release(await snapshot.acquire());
    return snapshot;
  }

  async acquire(): Promise<AdapterConnection> {
    if (this.closed) throw new AdapterError('SNAPSHOT_FAILED', 'The snapshot is closed; open a new one.');
    const reused = this.idle.pop();
    if (reused !== undefined && !reused.closed) return reused;
    const conn = await this.open('snapshot worker');
    this.all.add(conn);
    if (this.snapshotId === undefined) return conn;
    try {
      // One round trip, as for the leader: BEGIN and SET TRANSACTION SNAPSHOT in one message.
      await conn.query(`${BEGIN_SNAPSHOT}; SET TRANSACTION SNAPSHOT ${quoteLiteral(this.snapshotId)}`, [], { action: 'join snapshot' });
      conn.columnCache = this.columns;
      return conn;
    } catch (err) {
      this.all.delete(conn);
      await conn.close();
      throw asSnapshotError(err);
    }
  }

  async release(conn: AdapterConnection): Promise<void> {
    const c = conn as PostgresConnection;
    if (!this.all.has(c) || c.closed) return;
    if (this.closed) {
      await c.close();
      return;
    }
    // A worker whose transaction failed has lost the snapshot; it cannot be handed out again.
    if (this.snapshotId !== undefined && c.client.getTransactionStatus() !== 'T') {
      this.all.delete(c);
      await c.close();
      return;
    }
    this.idle.push(c);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const sessions = [...this.all];
    this.all.clear();
    this.idle.length = 0;
    await Promise.all(sessions.map((c) => c.close()));
    if (this.leader !== undefined) await this.leader.close();
    this.onClose();
  }
}

/** The last statement's result of a multi-statement query (pg returns one result per statement). */
function lastResult<T>(r: T | readonly T[]): T {
  return Array.isArray(r) ? (r[r.length - 1] as T) : (r as T);
}

function asSnapshotError(err: unknown): AdapterError {
  if (err instanceof AdapterError && err.code !== 'SERVER_ERROR') return err;
  const message = err instanceof Error ? err.message : String(err);
  return new AdapterError('SNAPSHOT_FAILED', `Could not open a consistent snapshot: ${message}`, {
    ...(err instanceof AdapterError && err.sqlState !== undefined ? { sqlState: err.sqlState } : {}),
    cause: err,
  });
}
