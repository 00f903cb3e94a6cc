import { spawn } from 'node:child_process';
import { postgres, psqlLogin } from '../../../../test-support/sql-clients.js';

/**
 * A PostgreSQL table held ACCESS EXCLUSIVE by a session of the test: a job that reads it waits until
 * the hold is released, so the job is still running when the test acts on it, however fast the job
 * or slow the machine.
 */
export class TableHold {
  readonly #child;
  readonly #closed: Promise<void>;

  constructor(
    private readonly database: string,
    private readonly table: string,
  ) {
    const login = psqlLogin();
    this.#child = spawn('psql', [...login.args, '-q', '-d', database], { env: { ...process.env, ...login.env } });
    this.#closed = new Promise((resolve) => this.#child.on('close', () => resolve()));
    this.#child.stdout.resume();
    this.#child.stderr.resume();
    this.#child.stdin.write(`BEGIN; LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE;\n`);
  }

  /** Resolves once the test's session holds the table. */
  async held(): Promise<void> {
    const sql = `SELECT count(*) FROM pg_locks WHERE relation = '${this.table}'::regclass AND mode = 'AccessExclusiveLock' AND granted`;
    for (let i = 0; postgres.query(this.database, sql)[0]?.[0] !== '1'; i++) {
      if (i === 600) throw new Error(`the test's session never took ${this.table} in ${this.database}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Whether a session waits for the table. */
  waiting(): boolean {
    return postgres.query(this.database, `SELECT count(*) FROM pg_locks WHERE relation = '${this.table}'::regclass AND NOT granted`)[0]?.[0] !== '0';
  }

  /** Ends the hold's transaction and session. */
  async release(): Promise<void> {
    if (this.#child.stdin.writable) this.#child.stdin.end('COMMIT;\n');
    await this.#closed;
  }
}
