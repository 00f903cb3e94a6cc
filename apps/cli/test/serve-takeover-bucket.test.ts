import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startS3Server, type TestS3Server } from '../../../test-support/s3-server.js';
import { bigDigest, bigSource } from './support/big-table.js';
import { CliProcess, ensureBuilt, runCli } from './support/cli.js';
import { postgres, psqlLogin } from '../../../test-support/sql-clients.js';
import { Gate } from './support/gate.js';

// An export to a bucket whose starting process is killed with -9 while another serves it. Object
// storage keeps a file only once it is stored whole, so the dead process's file 01 (the metadata and
// its chunks) is lost: the serving process takes the job over and exports it again from the
// beginning. Killed while still planning (no work item exists yet), the serving process plans the job
// itself. Either way the set imports whole, every row once.

const BUCKET = 'sluice-takeexp';
const ROWS = 20_000;
let s3: TestS3Server;

beforeAll(async () => {
  ensureBuilt();
  s3 = await startS3Server([BUCKET]);
});
afterAll(async () => {
  await s3?.close();
});

/** A session of the test holding ACCESS EXCLUSIVE on a table until released (the export's planning waits for it). */
class TableLock {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #closed: Promise<void>;
  #released = false;

  constructor(
    private readonly database: string,
    private readonly table: string,
  ) {
    const login = psqlLogin();
    this.#child = spawn('psql', [...login.args, '-q', '-d', database], { env: { ...process.env, ...login.env } });
    this.#closed = new Promise<void>((resolve) => this.#child.on('close', () => resolve()));
    this.#child.stdout.resume();
    this.#child.stderr.resume();
    this.#child.stdin.write(`BEGIN; LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE;\n`);
    onTestFinished(() => this.release());
  }

  /** Sessions holding (`granted`) or waiting for a lock on the table. */
  count(granted: boolean): number {
    return Number(postgres.query(this.database, `SELECT count(*) FROM pg_locks WHERE relation = '${this.table}'::regclass AND ${granted ? '' : 'NOT '}granted`)[0]?.[0] ?? 0);
  }

  async release(): Promise<void> {
    if (!this.#released) this.#child.stdin.end('COMMIT;\n');
    this.#released = true;
    await this.#closed;
  }
}

/** Polls `ready` every 100 ms for two minutes at most; the error shows the processes' output. */
async function until(what: string, ready: () => boolean, procs: readonly CliProcess[]): Promise<void> {
  for (let i = 0; !ready(); i++) {
    if (i === 1200 || procs.some((p) => p.child.exitCode !== null)) throw new Error(`${what}\n${procs.map((p) => `${p.stdout}\n${p.stderr}`).join('\n---\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('an export to a bucket whose starting process dies while another serves it (postgres)', () => {
  const big = bigSource(postgres, 'takeexp', ROWS);
  const { source, sourceUrl, target, schema } = big;
  // Small chunks, so the table is shared out; a missing AWS profile of the developer's.
  const env = (): Record<string, string | undefined> => ({ ...s3.env(), AWS_PROFILE: undefined, SLUICE_CHUNK_TARGET_BYTES: String(64 * 1024) });

  /** How many processes the job row of `job` lists (0 before its master table exists). */
  function processes(job: string): number {
    if (postgres.query(source, `SELECT to_regclass('public."${job}"') IS NOT NULL`)[0]?.[0] !== 't') return 0;
    return Number(postgres.query(source, `SELECT json_array_length((payload::json)->'processes') FROM public."${job}" WHERE id = 0`)[0]?.[0] ?? 0);
  }

  async function importsWhole(prefix: string, copy: string): Promise<void> {
    const verify = await runCli(['verify', `DUMPFILE=s3://${BUCKET}/${prefix}/exp%U.dmp`], { env: env() });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    const imp = await runCli(['import', '--target', postgres.url(target), `DUMPFILE=s3://${BUCKET}/${prefix}/exp%U.dmp`, `REMAP_SCHEMA=${schema}:${copy}`], { env: env(), timeoutMs: 180_000 });
    expect(imp.code, imp.stdout + imp.stderr).toBe(0);
    expect(bigDigest(postgres, target, copy)).toBe(big.expected);
  }

  it('file 01 was never stored (the dead process held it open): the serving process exports the job again from the beginning, and the set imports whole', async () => {
    const gate = new Gate(postgres, source, ROWS);
    await gate.closed();
    // The primary's items are held 400 ms each, so it claims them one at a time and chunks past the
    // gate stay PENDING for the serving process.
    const primary = new CliProcess(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, `DUMPFILE=s3://${BUCKET}/lost/exp%U.dmp`, 'JOB_NAME=TAKE_LOST', gate.query(`${schema}.big`)], {
      env: { ...env(), SLUICE_TEST_ITEM_DELAY_MS: '400' },
    });
    await gate.waiting(1, [primary]);
    const server = new CliProcess(['attach', 'TAKE_LOST', '--source', sourceUrl, '--serve'], { env: env() });
    await gate.waiting(2, [primary, server]);
    primary.child.kill('SIGKILL');
    expect((await primary.done()).code).toBeNull();
    await gate.open();
    const s = await server.done(240_000);
    expect(s.stdout).toContain('The process that started job TAKE_LOST is gone (it holds no job lock): this process completes the job, as a restart (attach --start) would.');
    expect(s.stdout).toMatch(/was not complete when the export stopped(, and object storage keeps no partial file)?: the export starts again from the beginning\./);
    expect(s.stdout).toMatch(/Job "[^"]+"\."TAKE_LOST" successfully completed/);
    expect(s.stdout).toContain('Job TAKE_LOST has completed; this process took it over when the process that started it died, and completed it.');
    expect(s.stderr).toBe('');
    expect(s.code).toBe(0);
    // No upload of the first attempt is left in the store.
    expect(s3.uploads(BUCKET, 'lost/')).toEqual([]);
    // The set is the second attempt's: the serving process's file of the first is deleted, not left beside it.
    expect(s.stdout).toMatch(/Deleted exp02\.dmp in s3:\/\/sluice-takeexp\/lost, written by the earlier attempt of the job: the export starts again under a new dump set GUID\./);
    expect(s3.keys(BUCKET, 'lost/')).toEqual(['lost/exp01.dmp', 'lost/export.log']);
    await importsWhole('lost', 'lost_copy');
  }, 360_000);

  it('killed while planning (before any work item exists): the serving process plans the export and completes it', async () => {
    const lock = new TableLock(source, `${schema}.big`);
    await until('the test never held its table lock', () => lock.count(true) === 1, []);
    const primary = new CliProcess(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, `DUMPFILE=s3://${BUCKET}/plan/exp%U.dmp`, 'JOB_NAME=TAKE_EPLAN'], { env: env() });
    // The export's planning waits for the table.
    await until('the export never waited for the table while planning', () => lock.count(false) >= 1, [primary]);
    const server = new CliProcess(['attach', 'TAKE_EPLAN', '--source', sourceUrl, '--serve'], { env: env() });
    await until('the serving process never joined the job', () => processes('TAKE_EPLAN') === 2, [primary, server]);
    expect(postgres.query(source, `SELECT count(*) FROM public."TAKE_EPLAN" WHERE id <> 0`)[0]?.[0]).toBe('0');
    primary.child.kill('SIGKILL');
    expect((await primary.done()).code).toBeNull();
    await lock.release();
    const s = await server.done(240_000);
    expect(s.stdout).toContain(
      'The process that started job TAKE_EPLAN is gone (it holds no job lock) before it finished planning the job: this process plans and completes it, as a restart (attach --start) would.',
    );
    expect(s.stdout).toMatch(/Job "[^"]+"\."TAKE_EPLAN" successfully completed/);
    expect(s.stdout).toContain('Job TAKE_EPLAN has completed; this process took it over when the process that started it died, and completed it.');
    expect(s.stderr).toBe('');
    expect(s.code).toBe(0);
    expect(processes('TAKE_EPLAN')).toBe(0);
    await importsWhole('plan', 'plan_copy');
  }, 360_000);
});
