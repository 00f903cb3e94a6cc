import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { onTestFinished } from 'vitest';
import { mariadbLogin, psqlLogin, type TestServer } from '../../../../test-support/sql-clients.js';

/** The PostgreSQL advisory lock key (database-scoped) of the gate. */
const GATE_KEY = 4242;

/**
 * A lock a client session of the test holds: the export's QUERY waits for it half way through the
 * table, so the job stays mid-export, whatever the machine's speed, until the gate opens.
 */
export class Gate {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #closed: Promise<void>;
  #opened = false;

  constructor(
    private readonly server: TestServer,
    private readonly database: string,
    /** Rows of the gated table: rows past the first half wait at the gate. */
    private readonly rows: number,
  ) {
    const login = server.engine === 'postgres' ? psqlLogin() : mariadbLogin();
    const args = server.engine === 'postgres' ? [...login.args, '-q', '-d', database] : [...login.args, database];
    this.#child = spawn(server.engine === 'postgres' ? 'psql' : 'mariadb', args, { env: { ...process.env, ...login.env } });
    this.#closed = new Promise((resolve) => this.#child.on('close', () => resolve()));
    this.#child.stdout.resume();
    this.#child.stderr.resume();
    this.#child.stdin.write(server.engine === 'postgres' ? `SELECT pg_advisory_lock(${GATE_KEY});\n` : `SELECT GET_LOCK('${this.lockName}', 0);\n`);
    // A test that fails before it opens the gate opens it at its end: a job left waiting at it would
    // hold its table (MariaDB: a GET_LOCK of an hour), so dropping the database, and every later
    // export's BACKUP STAGE on that server, would wait for it.
    onTestFinished(() => this.open());
  }

  get lockName(): string {
    return `gate_${this.database}`;
  }

  /** The QUERY clause that keeps every row, waiting at the gate for rows past the first half (GET_LOCK is exclusive: each row gives it back). */
  query(table: string): string {
    return this.server.engine === 'postgres'
      ? `QUERY=${table}:"WHERE id <= ${this.rows / 2} OR pg_advisory_lock_shared(${GATE_KEY})::text = ''"`
      : `QUERY=${table}:"WHERE id <= ${this.rows / 2} OR (GET_LOCK('${this.lockName}', 3600) >= 0 AND RELEASE_LOCK('${this.lockName}') >= 0)"`;
  }

  /** Resolves once the test's session holds the gate. */
  async closed(): Promise<void> {
    const sql =
      this.server.engine === 'postgres'
        ? `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = ${GATE_KEY} AND mode = 'ExclusiveLock' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`
        : `SELECT IS_USED_LOCK('${this.lockName}') IS NOT NULL`;
    for (let i = 0; this.server.query(this.database, sql)[0]?.[0] !== '1'; i++) {
      if (i === 600) throw new Error(`the test's session never took the gate lock in ${this.database}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Resolves once `n` sessions wait at the gate (polled every 200 ms, for two minutes at most; the error shows the jobs' output). */
  async waiting(n: number, jobs: ReadonlyArray<{ readonly stdout: string; readonly stderr: string }>): Promise<void> {
    const sql =
      this.server.engine === 'postgres'
        ? `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = ${GATE_KEY} AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`
        : `SELECT count(*) FROM information_schema.PROCESSLIST WHERE STATE = 'User lock' AND INFO LIKE '%${this.lockName}%'`;
    for (let i = 0; Number(this.server.query(this.database, sql)[0]?.[0] ?? 0) < n; i++) {
      if (i === 600) throw new Error(`fewer than ${n} sessions reached the gate in ${this.database}\n${jobs.map((j) => `${j.stdout}\n${j.stderr}`).join('\n---\n')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Let the waiting export through: release the lock and end the session. */
  async open(): Promise<void> {
    if (this.#opened) return this.#closed;
    this.#opened = true;
    this.#child.stdin.end(this.server.engine === 'postgres' ? `SELECT pg_advisory_unlock(${GATE_KEY});\n` : `SELECT RELEASE_LOCK('${this.lockName}');\n`);
    await this.#closed;
  }
}
