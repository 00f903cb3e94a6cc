import type { Adapter, AdapterConnection, MasterRow } from '@sluice/adapter-kit';
import type { DataPump } from '@sluice/engine';
import { until } from './child.js';
import type { Scratch } from './engines.js';
import { endOf, type JobEnd, jobItems, logText } from './faults.js';
import { sql } from './sql.js';

/** Rows the blocker updates first on MariaDB, so that InnoDB picks the job's lighter transaction as a deadlock's victim. */
const BALLAST_ROWS = 3000;

/**
 * A second session that takes master-table row locks in one open transaction, as another process
 * would: a job's worker that needs such a row waits on it, and when the blocker then asks for a row
 * the worker holds, the server finds a real deadlock and rolls the worker's transaction back
 * (PostgreSQL: the worker's deadlock check runs first, the blocker's deadlock_timeout is long;
 * MariaDB: the blocker has written many rows, and InnoDB rolls back the lighter transaction).
 */
export class LockBlocker {
  private constructor(
    private readonly s: Scratch,
    private readonly a: Adapter,
    private readonly conn: AdapterConnection,
    /** The blocker's session id (PostgreSQL pid, MariaDB connection id). */
    readonly sessionId: number,
  ) {}

  /** A blocker with its transaction open (and, on MariaDB, its ballast written). */
  static async open(s: Scratch, a: Adapter): Promise<LockBlocker> {
    const conn = await a.connector.connect('sluice test blocker');
    const q = (text: string): Promise<Record<string, unknown>[]> => a.masterTable.query(conn, text).then((r) => r.rows);
    if (s.engine === 'postgres') {
      await q(`SET deadlock_timeout = '60s'`);
      const [row] = await q('SELECT pg_backend_pid() AS id');
      await q('BEGIN');
      return new LockBlocker(s, a, conn, Number(row?.['id']));
    }
    const ballast = `\`${s.database}\`.sluice_ballast`;
    await q(`CREATE TABLE IF NOT EXISTS ${ballast} (id int PRIMARY KEY, v int NOT NULL) ENGINE=InnoDB`);
    await q(`INSERT IGNORE INTO ${ballast} (id, v) SELECT seq, 0 FROM seq_1_to_${BALLAST_ROWS}`);
    const [row] = await q('SELECT CONNECTION_ID() AS id');
    await q('START TRANSACTION');
    await q(`UPDATE ${ballast} SET v = v + 1`);
    return new LockBlocker(s, a, conn, Number(row?.['id']));
  }

  /** Lock rows `ids` of job `jobName`'s master table (FOR UPDATE); waits while another session holds one. */
  async lock(jobName: string, ids: readonly number[]): Promise<void> {
    const table = this.a.masterTable.tableName(this.conn, jobName);
    const marks = ids.map((_, i) => (this.s.engine === 'postgres' ? `$${i + 1}` : '?')).join(', ');
    await this.a.masterTable.query(this.conn, `SELECT id FROM ${table} WHERE id IN (${marks}) FOR UPDATE`, ids);
  }

  /**
   * The other sessions on the scratch database that wait for a row lock (the job's workers the
   * blocker stopped), with the statement each waits in where the server tells (MariaDB).
   */
  async waiters(): Promise<{ session: number; statement?: string }[]> {
    if (this.s.engine === 'postgres') {
      const rows = await sql(this.a, `SELECT pid AS id FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND pid <> $2 ORDER BY pid`, [this.s.database, this.sessionId]);
      return rows.map((r) => ({ session: Number(r['id']) }));
    }
    // A worker's session may have another current database (the import's target schema), so it is
    // also found by the statement it waits in, which names the scratch database's master table.
    const rows = await sql(
      this.a,
      `SELECT t.trx_mysql_thread_id AS id, t.trx_query AS statement FROM information_schema.INNODB_TRX t JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
        WHERE t.trx_state = 'LOCK WAIT' AND (p.DB = ? OR LOCATE(?, t.trx_query) > 0) AND p.ID <> ? ORDER BY 1`,
      [this.s.database, `\`${this.s.database}\`.`, this.sessionId],
    );
    return rows.map((r) => ({ session: Number(r['id']), ...(typeof r['statement'] === 'string' ? { statement: r['statement'] } : {}) }));
  }

  /** Wait until `n` sessions wait for a lock. */
  async awaitWaiters(n: number, what: string): Promise<{ session: number; statement?: string }[]> {
    let found: { session: number; statement?: string }[] = [];
    await until(async () => (found = await this.waiters()).length >= n, what, 60_000, 200);
    return found;
  }

  /** End the transaction (its locks go) and the session. */
  async release(): Promise<void> {
    await this.a.masterTable.rollback(this.conn).catch(() => undefined);
    await this.conn.close().catch(() => undefined);
  }
}

/** What a fault does with the blocker, given the job's master-table items as they are now. */
export type BlockerFault = (blocker: LockBlocker, items: () => Promise<MasterRow[]>) => Promise<void>;

/**
 * Start a defined job (its master table in `home`, its log `<job name>.log` in `dir`); once the plan
 * holds a TABLE_DATA item, run `fault` with the blocker, which then lets go; see the job to its end.
 */
export async function runWithBlocker(job: DataPump, home: Adapter, dir: string, blocker: LockBlocker, fault: BlockerFault): Promise<{ end: JobEnd; log: string }> {
  await job.startJob();
  const items = (): Promise<MasterRow[]> => jobItems(home, job.jobName);
  await until(async () => (await items()).some((r) => r.itemKind === 'TABLE_DATA'), `${job.jobName}: planned`, 60_000, 10);
  try {
    await fault(blocker, items);
  } finally {
    await blocker.release();
  }
  return { end: await endOf(job), log: logText(dir, `${job.jobName}.log`) };
}
