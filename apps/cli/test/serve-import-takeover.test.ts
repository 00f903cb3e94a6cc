import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type TestS3Server } from '../../../test-support/s3-server.js';
import { bigDigest, bigSource } from './support/big-table.js';
import { CliProcess, ensureBuilt, runCli } from './support/cli.js';
import { TEST_SERVERS, type TestServer } from '../../../test-support/sql-clients.js';
import { Gate } from './support/gate.js';
import { S3Gate } from './support/s3-gate.js';

// The process that started an import is killed with -9 while another serves it (`attach --serve`),
// the set in a bucket: the serving process loads the chunks left, finds the job's first process gone,
// and completes the job itself, as a restart would. Every row arrives once, and `attach` from anywhere
// afterwards reports the job COMPLETED. Killed while it is still reading the set's master pieces (no
// work item exists yet), the serving process plans the job itself. On both engines.

const BUCKET = 'sluice-takeimp';
const ROWS = 20_000;
let s3: TestS3Server;

beforeAll(async () => {
  ensureBuilt();
  s3 = await startS3Server([BUCKET]);
});
afterAll(async () => {
  await s3?.close();
});

describe.each(TEST_SERVERS)('an import whose starting process dies while another serves it ($engine, set in a bucket)', (server: TestServer) => {
  const pg = server.engine === 'postgres';
  const big = bigSource(server, 'takeimp', ROWS);
  const { sourceUrl, target, schema } = big;
  /** Where the imports put `big` (PostgreSQL: a schema of the target database; MySQL: a database of its own, dropped at the end). */
  const takeCopy = pg ? 'take_imp' : big.copy;
  const planCopy = pg ? 'plan_imp' : `${target}_plan`;
  afterAll(() => {
    if (!pg) server.dropDatabase(planCopy);
  });
  /** The job's master table, as SQL names it in the target database. */
  const master = (job: string): string => (pg ? `public."${job}"` : `\`${job}\``);
  // Small chunks, so the table is shared out; a missing AWS profile of the developer's.
  const env = (): Record<string, string | undefined> => ({ ...s3.env(), AWS_PROFILE: undefined, SLUICE_CHUNK_TARGET_BYTES: String(64 * 1024) });
  const set = `DUMPFILE=s3://${BUCKET}/imp-${server.engine}/exp%U.dmp`;
  const planSet = `DUMPFILE=s3://${BUCKET}/plan-${server.engine}/exp%U.dmp`;

  /** The target table, with a trigger holding rows past the first half at the gate (MySQL: GET_LOCK on the gate's lock, given back at once). */
  function gatedTable(copy: string, gate: Gate): void {
    if (pg) {
      server.exec(
        target,
        `CREATE SCHEMA ${copy}; CREATE TABLE ${copy}.big (id integer PRIMARY KEY, v text);
         CREATE FUNCTION ${copy}.gate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.id > ${ROWS / 2} THEN PERFORM pg_advisory_lock_shared(4242); PERFORM pg_advisory_unlock_shared(4242); END IF; RETURN NEW; END $$;
         CREATE TRIGGER gate BEFORE INSERT ON ${copy}.big FOR EACH ROW EXECUTE FUNCTION ${copy}.gate();`,
      );
    } else {
      server.exec(
        '',
        `CREATE DATABASE ${copy}; CREATE TABLE ${copy}.big (id int PRIMARY KEY, v varchar(40));
         CREATE TRIGGER ${copy}.gate BEFORE INSERT ON ${copy}.big FOR EACH ROW SET @gate = IF(NEW.id > ${ROWS / 2}, GET_LOCK('${gate.lockName}', 3600) + RELEASE_LOCK('${gate.lockName}'), 0);`,
      );
    }
  }

  it('the serving process takes the job over and completes it: every row once, exit code of the job, attach reports COMPLETED', async () => {
    const exp = await runCli(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, set], { env: env(), timeoutMs: 180_000 });
    expect(exp.code, exp.stdout + exp.stderr).toBe(0);
    const gate = new Gate(server, target, ROWS);
    gatedTable(takeCopy, gate);
    await gate.closed();
    // The primary's items are held 400 ms each, so it claims them one at a time and chunks past the
    // gate stay PENDING for the serving process.
    const primary = new CliProcess(['import', '--target', server.url(target), set, `REMAP_SCHEMA=${schema}:${takeCopy}`, 'TABLE_EXISTS_ACTION=APPEND', 'JOB_NAME=TAKE_IMP', 'KEEP_MASTER=Y'], {
      env: { ...env(), SLUICE_TEST_ITEM_DELAY_MS: '400' },
    });
    await gate.waiting(1, [primary]);
    const serving = new CliProcess(['attach', 'TAKE_IMP', '--target', server.url(target), '--serve'], { env: env() });
    // The import runs one worker: a second session at the gate is the serving process's.
    await gate.waiting(2, [primary, serving]);
    primary.child.kill('SIGKILL');
    expect((await primary.done()).code).toBeNull();
    await gate.open();
    const s = await serving.done(240_000);
    // The job's one error is the schema (MySQL: database) the test created (TABLE_EXISTS_ACTION covers tables only).
    expect(s.stdout).toContain('The process that started job TAKE_IMP is gone (it holds no job lock): this process completes the job, as a restart (attach --start) would.');
    expect(s.stdout).toMatch(/Job "[^"]+"\."TAKE_IMP" completed with 1 error\(s\)/);
    expect(s.stdout).toContain('Job TAKE_IMP has completed with errors (its log lists them); this process took it over when the process that started it died, and completed it.');
    expect(s.stderr).toBe('');
    expect(s.code).toBe(5);
    expect(bigDigest(server, target, takeCopy)).toBe(big.expected);
    // The primary's operator attaches later (the master table was kept): the job is COMPLETED.
    const later = await runCli(['attach', 'TAKE_IMP', '--target', server.url(target)], { env: env() });
    expect(later.stderr).toBe('');
    expect(later.stdout).toContain('Job TAKE_IMP has completed; its master table was kept (KEEP_MASTER=Y)');
    expect(later.code).toBe(0);
    server.exec(target, `DROP TABLE ${master('TAKE_IMP')}`);
  }, 360_000);

  /** How many processes the job row of `job` lists (0 before its master table exists). */
  function processes(job: string): number {
    const exists = pg
      ? server.query(target, `SELECT to_regclass('public."${job}"') IS NOT NULL`)[0]?.[0] === 't'
      : server.query(target, `SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${target}' AND TABLE_NAME = '${job}'`)[0]?.[0] === '1';
    if (!exists) return 0;
    const sql = pg ? `SELECT json_array_length((payload::json)->'processes') FROM public."${job}" WHERE id = 0` : `SELECT JSON_LENGTH(payload, '$.processes') FROM \`${job}\` WHERE id = 0`;
    return Number(server.query(target, sql)[0]?.[0] ?? 0);
  }

  it('killed while planning (before any work item exists): the serving process plans the job and completes it, every row once', async () => {
    const exp = await runCli(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, planSet], { env: env(), timeoutMs: 180_000 });
    expect(exp.code, exp.stdout + exp.stderr).toBe(0);
    // The primary reads the bucket through a pass-through that holds its reads: those of its
    // pre-flight (before the job's master table exists) are let through, the planning's are held.
    const s3gate = await S3Gate.start(s3.endpoint);
    try {
      s3gate.hold((req) => req.method === 'GET');
      const primary = new CliProcess(['import', '--target', server.url(target), planSet, `REMAP_SCHEMA=${schema}:${planCopy}`, 'JOB_NAME=TAKE_PLAN'], {
        env: { ...env(), AWS_ENDPOINT_URL: s3gate.endpoint },
      });
      for (let i = 0; ; i++) {
        // Requests held before a look that finds no master table are the pre-flight's.
        const before = s3gate.waiting;
        if (processes('TAKE_PLAN') > 0) {
          if (before > 0 || s3gate.waiting > 0) break;
        } else s3gate.pass(before);
        if (i === 1200 || primary.child.exitCode !== null) throw new Error(`the import never began planning\n${primary.stdout}\n${primary.stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const serving = new CliProcess(['attach', 'TAKE_PLAN', '--target', server.url(target), '--serve'], { env: env() });
      for (let i = 0; processes('TAKE_PLAN') < 2; i++) {
        if (i === 1200 || serving.child.exitCode !== null) throw new Error(`the serving process never joined the job\n${serving.stdout}\n${serving.stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      // Nothing was planned: the job's master table holds its row only.
      expect(server.query(target, `SELECT count(*) FROM ${master('TAKE_PLAN')} WHERE id <> 0`)[0]?.[0]).toBe('0');
      primary.child.kill('SIGKILL');
      expect((await primary.done()).code).toBeNull();
      const s = await serving.done(240_000);
      expect(s.stdout).toContain(
        'The process that started job TAKE_PLAN is gone (it holds no job lock) before it finished planning the job: this process plans and completes it, as a restart (attach --start) would.',
      );
      expect(s.stdout).toMatch(/Job "[^"]+"\."TAKE_PLAN" successfully completed/);
      expect(s.stdout).toContain('Job TAKE_PLAN has completed; this process took it over when the process that started it died, and completed it.');
      expect(s.stderr).toBe('');
      expect(s.code).toBe(0);
      expect(bigDigest(server, target, planCopy)).toBe(big.expected);
      // Completed with KEEP_MASTER=N: the master table is gone.
      expect(processes('TAKE_PLAN')).toBe(0);
    } finally {
      await s3gate.close();
    }
  }, 360_000);
});
