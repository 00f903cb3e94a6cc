import { AdapterError, type AdapterConnection, type IntrospectScope, type Snapshot, type SnapshotOptions, type SnapshotPosition } from '@sluice/adapter-kit';
import { asMysql, type MysqlConnection } from './mysql-connection.js';
import { toAdapterError } from './mysql-errors.js';
import { qualify } from './sql/mysql-quote.js';
import { resolveScope } from './introspector/mysql-introspect-scope.js';

/** Opens a session for the snapshot. */
export type SessionOpener = (purpose: string) => Promise<MysqlConnection>;

/**
 * Hands out a fixed set of connections, waiting when all are in use. A connection that was lost
 * cannot be replaced inside the same snapshot: it is dropped, the others serve on, and once none is
 * left every caller gets SNAPSHOT_FAILED (the engine then opens a new snapshot).
 */
class ConnectionLease {
  private readonly idle: MysqlConnection[];
  private readonly waiting: { resolve: (c: MysqlConnection) => void; reject: (e: Error) => void }[] = [];
  private readonly all: MysqlConnection[];

  constructor(connections: MysqlConnection[]) {
    this.all = connections;
    this.idle = [...connections];
  }

  private lost(): AdapterError {
    return new AdapterError('SNAPSHOT_FAILED', 'Every connection of the snapshot has been closed or lost');
  }

  async acquire(): Promise<MysqlConnection> {
    for (;;) {
      const next = this.idle.shift();
      if (next === undefined) break;
      if (!next.closed) return next;
    }
    if (this.all.every((c) => c.closed)) throw this.lost();
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  release(conn: MysqlConnection): void {
    if (conn.closed) {
      // Nothing will come back for the waiters if every connection is gone.
      if (this.all.every((c) => c.closed)) for (const w of this.waiting.splice(0)) w.reject(this.lost());
      return;
    }
    const waiter = this.waiting.shift();
    if (waiter !== undefined) waiter.resolve(conn);
    else this.idle.push(conn);
  }

  async close(): Promise<void> {
    for (const w of this.waiting.splice(0)) w.reject(new AdapterError('SNAPSHOT_FAILED', 'The snapshot was closed'));
    await Promise.all(this.all.map((c) => c.close()));
  }
}

/** Plain read connections, opened on demand (FLASHBACK off). */
class PlainSnapshot implements Snapshot {
  readonly consistent = false;
  readonly position: SnapshotPosition = {};
  readonly notes: readonly string[] = [];
  private readonly idle: MysqlConnection[] = [];
  private readonly opened: MysqlConnection[] = [];

  constructor(private readonly open: SessionOpener) {}

  async acquire(): Promise<AdapterConnection> {
    const reuse = this.idle.pop();
    if (reuse !== undefined && !reuse.closed) return reuse;
    const conn = await this.open('export reader');
    this.opened.push(conn);
    return conn;
  }

  async release(conn: AdapterConnection): Promise<void> {
    this.idle.push(asMysql(conn));
  }

  async close(): Promise<void> {
    await Promise.all(this.opened.map((c) => c.close()));
  }
}

/** Worker connections that all started their transaction while the source was briefly locked. */
class LockedSnapshot implements Snapshot {
  readonly consistent = true;

  constructor(
    readonly position: SnapshotPosition,
    readonly notes: readonly string[],
    private readonly lease: ConnectionLease,
    private readonly holder: MysqlConnection | null,
  ) {}

  acquire(): Promise<AdapterConnection> {
    return this.lease.acquire();
  }

  async release(conn: AdapterConnection): Promise<void> {
    this.lease.release(asMysql(conn));
  }

  async close(): Promise<void> {
    if (this.holder !== null) {
      await this.holder.run('UNLOCK INSTANCE').catch(() => undefined);
      await this.holder.close();
    }
    await this.lease.close();
  }
}

/** Binary log file/position and GTID set; what cannot be read goes into notes. */
async function readPosition(conn: MysqlConnection, notes: string[]): Promise<SnapshotPosition> {
  const position: { binlogFile?: string; binlogPosition?: number; gtidSet?: string } = {};
  try {
    const status = await conn.textRow(conn.features.binlogStatusSql);
    if (status?.['File']) {
      position.binlogFile = status['File'];
      position.binlogPosition = Number(status['Position']);
    }
  } catch (err) {
    notes.push(`The binary log position could not be read (${toAdapterError(err, { action: 'reading the binary log position' }).message}).`);
  }
  try {
    const gtid = (await conn.textRow(conn.features.gtidPositionSql))?.['gtid'];
    if (gtid) position.gtidSet = gtid;
  } catch {
    // GTIDs not in use.
  }
  return position;
}

const samePosition = (a: SnapshotPosition, b: SnapshotPosition): boolean => a.binlogFile === b.binlogFile && a.binlogPosition === b.binlogPosition && a.gtidSet === b.gtidSet;

/** Base tables of a scope, for LOCK TABLES when a global lock is not permitted. */
async function scopeTables(conn: MysqlConnection, scope: IntrospectScope): Promise<string[]> {
  const resolved = await resolveScope(conn, scope);
  if (resolved.schemas.length === 0) return [];
  const rows = await conn.textRows("SELECT TABLE_SCHEMA AS s, TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (?) AND TABLE_TYPE = 'BASE TABLE'", [resolved.schemas]);
  return rows.filter((r) => resolved.includesTable(r['s'] as string, r['n'] as string)).map((r) => qualify(r['s'] as string, r['n'] as string));
}

type Lock = 'BACKUP STAGE' | 'FLUSH TABLES WITH READ LOCK' | 'LOCK TABLES' | 'none';

/** Take the lightest lock the server and the user's privileges allow, noting every fallback. */
async function takeLock(control: MysqlConnection, scope: IntrospectScope | undefined, notes: string[]): Promise<Lock> {
  const f = control.features;
  if (f.supportsBackupStage) {
    try {
      await control.run('BACKUP STAGE START');
      await control.run('BACKUP STAGE BLOCK_COMMIT');
      return 'BACKUP STAGE';
    } catch (err) {
      await control.run('BACKUP STAGE END').catch(() => undefined);
      const e = toAdapterError(err, { action: 'taking BACKUP STAGE BLOCK_COMMIT' });
      if (e.code !== 'PRIVILEGE_ERROR') throw e;
      notes.push(`BACKUP STAGE is not permitted (${e.message}); trying FLUSH TABLES WITH READ LOCK.`);
    }
  }
  try {
    await control.run('FLUSH TABLES WITH READ LOCK');
    return 'FLUSH TABLES WITH READ LOCK';
  } catch (err) {
    const e = toAdapterError(err, { action: 'taking FLUSH TABLES WITH READ LOCK' });
    if (e.code !== 'PRIVILEGE_ERROR') throw e;
    notes.push(`FLUSH TABLES WITH READ LOCK is not permitted (it needs the RELOAD privilege): ${e.message}.`);
  }
  // As MySQL Shell does without RELOAD: lock the exported tables with LOCK TABLES ... READ.
  if (scope !== undefined) {
    const tables = await scopeTables(control, scope);
    if (tables.length > 0) {
      try {
        await control.run(`LOCK TABLES ${tables.map((t) => `${t} READ`).join(', ')}`);
        notes.push(`Locked the ${tables.length} exported table(s) with LOCK TABLES ... READ instead of a global lock.`);
        return 'LOCK TABLES';
      } catch (err) {
        const e = toAdapterError(err, { action: 'locking the exported tables' });
        if (e.code !== 'PRIVILEGE_ERROR') throw e;
        notes.push(`LOCK TABLES is not permitted either (${e.message}).`);
      }
    }
  }
  notes.push(
    'No lock could be taken: every worker starts its snapshot at once without a lock; the snapshot is consistent only if nothing commits meanwhile (checked by the binary log position where the log is on).',
  );
  return 'none';
}

async function unlock(control: MysqlConnection, lock: Lock): Promise<void> {
  if (lock === 'BACKUP STAGE') await control.run('BACKUP STAGE END');
  else if (lock !== 'none') await control.run('UNLOCK TABLES');
}

/**
 * A consistent snapshot for `maxWorkers` workers: open every connection first, take a brief lock
 * (BACKUP STAGE BLOCK_COMMIT on MariaDB, else FLUSH TABLES WITH READ LOCK, else LOCK TABLES on the
 * exported tables), start `START TRANSACTION WITH CONSISTENT SNAPSHOT` on each, read the binary
 * log position and GTID set, and unlock. On MySQL 8, LOCK INSTANCE FOR BACKUP then keeps DDL out
 * until the snapshot closes, where permitted.
 */
export async function openMysqlSnapshot(open: SessionOpener, options: SnapshotOptions): Promise<Snapshot> {
  const workers = Math.max(1, Math.floor(options.maxWorkers));
  if (!options.consistent) return new PlainSnapshot(open);
  const notes: string[] = [];
  const opened: MysqlConnection[] = [];
  let control: MysqlConnection | undefined;
  let lock: Lock = 'none';
  try {
    control = await open('snapshot control');
    const conns = await Promise.all(
      Array.from({ length: workers }, async (_, i) => {
        const c = await open(`export worker ${i + 1}`);
        opened.push(c);
        return c;
      }),
    );
    await Promise.all(conns.map((c) => c.run('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ')));
    lock = await takeLock(control, options.scope, notes);
    const before = lock === 'none' ? await readPosition(control, []) : undefined;
    await Promise.all(conns.map((c) => c.run('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY')));
    const position = await readPosition(control, notes);
    // As MySQL Shell does: block DDL for the whole export before the global lock goes (MySQL 8).
    let holder: MysqlConnection | null = null;
    if (control.features.supportsLockInstanceForBackup) {
      try {
        await control.run('LOCK INSTANCE FOR BACKUP');
        holder = control;
        notes.push('LOCK INSTANCE FOR BACKUP blocks DDL until the export ends.');
      } catch (err) {
        notes.push(`LOCK INSTANCE FOR BACKUP is not permitted (${toAdapterError(err, { action: 'locking the instance for backup' }).message}); DDL during the export is not blocked.`);
      }
    }
    await unlock(control, lock);
    if (lock === 'none') {
      const known = position.binlogFile !== undefined || position.gtidSet !== undefined;
      notes.push(
        known && before !== undefined && samePosition(before, position)
          ? 'Nothing was committed while the workers started: the snapshot is consistent.'
          : 'The snapshot may be inconsistent: commits may have happened while the workers started.',
      );
    }
    if (holder === null) await control.close();
    notes.unshift(`Snapshot of ${workers} worker connection(s) taken under ${lock === 'none' ? 'no lock' : lock}.`);
    return new LockedSnapshot(position, notes, new ConnectionLease(conns), holder);
  } catch (err) {
    if (control !== undefined && !control.closed) {
      await unlock(control, lock).catch(() => undefined);
      await control.close();
    }
    await Promise.all(opened.map((c) => c.close()));
    const e = toAdapterError(err, { action: 'opening a consistent snapshot', fallback: 'SNAPSHOT_FAILED' });
    throw e.code === 'SERVER_ERROR' ? new AdapterError('SNAPSHOT_FAILED', e.message, { ...(e.sqlState === undefined ? {} : { sqlState: e.sqlState }), cause: err }) : e;
  }
}
