import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { CliProcess, ensureBuilt, runCli } from './support/cli.js';
import { bigDigest, bigSource } from './support/big-table.js';
import { MYSQL_URL, PG_URL, mysql, postgres, type TestServer } from './support/databases.js';

// A CLI export killed with SIGKILL: its job lock went with its connections, so `sluice jobs` shows it
// NOT RUNNING at once and `sluice attach --start` finishes it, with no wait for any timer. A gate (a
// lock the test holds, which the export's QUERY waits for) keeps the job mid-export until then.
beforeAll(() => ensureBuilt());

const ROWS = 60_000;

/** The PostgreSQL advisory lock key (database-scoped) of the gate. */
const GATE_KEY = 4242;

/**
 * A lock a client session of the test holds: the export's QUERY waits for it half way through the
 * table, so the job stays mid-export, whatever the machine's speed, until the gate opens.
 */
class Gate {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #closed: Promise<void>;

  constructor(
    private readonly server: TestServer,
    private readonly database: string,
  ) {
    this.#child =
      server.engine === 'postgres'
        ? spawn('psql', ['-X', '-q', '-h', PG_URL.hostname, '-p', PG_URL.port || '5432', '-U', decodeURIComponent(PG_URL.username) || 'postgres', '-d', database], {
            env: { ...process.env, PGPASSWORD: decodeURIComponent(PG_URL.password) },
          })
        : spawn('mariadb', ['-h', MYSQL_URL.hostname, '-P', MYSQL_URL.port || '3306', '-u', decodeURIComponent(MYSQL_URL.username) || 'root', '--protocol=TCP', ...(MYSQL_URL.password === '' ? [] : [`-p${decodeURIComponent(MYSQL_URL.password)}`]), database]);
    this.#closed = new Promise((resolve) => this.#child.on('close', () => resolve()));
    this.#child.stdout.resume();
    this.#child.stderr.resume();
    this.#child.stdin.write(server.engine === 'postgres' ? `SELECT pg_advisory_lock(${GATE_KEY});\n` : `SELECT GET_LOCK('${this.lockName}', 0);\n`);
  }

  get lockName(): string {
    return `gate_${this.database}`;
  }

  /** The QUERY clause that keeps every row, waiting at the gate for rows past the first half (GET_LOCK is exclusive: each row gives it back). */
  query(table: string): string {
    return this.server.engine === 'postgres'
      ? `QUERY=${table}:"WHERE id <= ${ROWS / 2} OR pg_advisory_lock_shared(${GATE_KEY})::text = ''"`
      : `QUERY=${table}:"WHERE id <= ${ROWS / 2} OR (GET_LOCK('${this.lockName}', 3600) >= 0 AND RELEASE_LOCK('${this.lockName}') >= 0)"`;
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

  /** Let the waiting export through: release the lock and end the session. */
  async open(): Promise<void> {
    this.#child.stdin.end(this.server.engine === 'postgres' ? `SELECT pg_advisory_unlock(${GATE_KEY});\n` : `SELECT RELEASE_LOCK('${this.lockName}');\n`);
    await this.#closed;
  }
}

describe.each([postgres, mysql])('kill -9 of a CLI export on $engine', (server: TestServer) => {
  const big = bigSource(server, 'kill', ROWS);
  const { source, sourceUrl, target, schema, copy, dir } = big;

  it('a running job refuses --start naming its process; after SIGKILL, jobs says NOT RUNNING at once and attach --start completes it', async () => {
    const gate = new Gate(server, source);
    await gate.closed();
    const job = new CliProcess(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, `DIRECTORY=${dir}`, 'DUMPFILE=killed%U.dmp', 'JOB_NAME=KILLED', gate.query(`${schema}.big`)]);
    await job.waitFor(/Total estimation using/);
    expect((await runCli(['jobs', '--source', sourceUrl])).stdout).toMatch(/^KILLED\s+\S+\s+EXPORT\s+SCHEMA\s+EXECUTING\s/m);

    // START_JOB on a job that really runs: refused in the CLI's words, naming the process.
    const twice = await runCli(['attach', 'KILLED', '--source', sourceUrl, '--start']);
    expect(twice.code, `${twice.stdout}\n${twice.stderr}\n${job.stdout}\n${job.stderr}`).toBe(1);
    expect(twice.stderr).toContain(`sluice: Job KILLED is already running, in process ${job.child.pid} on host `);
    expect(twice.stderr).toContain(`To follow it, run sluice attach KILLED --source ${sourceUrl} (without --start).`);
    expect(twice.stderr).toContain('type STOP_JOB at the prompt');
    expect(twice.stderr).not.toMatch(/startJob|serveOnly/);

    job.child.kill('SIGKILL');
    const killed = await job.done();
    expect(killed.code).toBeNull();

    // No wait: the server released the dead process's job lock with its connection.
    const jobs = await runCli(['jobs', '--source', sourceUrl]);
    expect(jobs.stdout).toMatch(/^KILLED\s+\S+\s+EXPORT\s+SCHEMA\s+NOT RUNNING\s/m);

    await gate.open();
    const resumed = await runCli(['attach', 'KILLED', '--source', sourceUrl, '--start'], { timeoutMs: 120_000 });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/^ {2}State: IDLING$/m);
    expect(resumed.stdout).toMatch(/Job "[^"]+"\."KILLED" successfully completed/);
    expect((await runCli(['jobs', '--source', sourceUrl])).stdout).not.toContain('KILLED');

    const imp = await runCli(['import', '--target', server.url(target), `DIRECTORY=${dir}`, 'DUMPFILE=killed%U.dmp', `REMAP_SCHEMA=${schema}:${copy}`]);
    expect(imp.code, imp.stderr).toBe(0);
    expect(bigDigest(server, target, copy)).toBe(big.expected);
  });
});
