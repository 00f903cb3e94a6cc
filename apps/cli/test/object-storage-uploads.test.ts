import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type TestS3Server } from '../../../test-support/s3-server.js';
import { CliProcess, ensureBuilt, runCli } from './support/cli.js';
import { postgres } from '../../../test-support/sql-clients.js';
import { scratchName } from '../../../test-support/scratch.js';
import { Gate } from './support/gate.js';

// An export killed with -9 while a dump file streams to the bucket leaves its multipart upload in
// progress: the store keeps (and bills) its parts, though no object shows. The run that takes the
// job's files over (a restart, or an export rewriting them with REUSE_DUMPFILES) aborts it.

const BUCKET = 'sluice-uploads';
/**
 * About 24 MB of rows: half of them (up to the gate) outgrow two 5 MB parts, so the file is a multipart
 * upload at the kill (part 1 waits in memory for the final header; part 2 starts the upload).
 */
const ROWS = 240_000;
const source = scratchName();
let s3: TestS3Server;

beforeAll(async () => {
  ensureBuilt();
  s3 = await startS3Server([BUCKET]);
  postgres.createDatabase(source);
  postgres.exec(
    source,
    `CREATE SCHEMA app; CREATE TABLE app.wide (id integer PRIMARY KEY, v text); INSERT INTO app.wide SELECT g, repeat(md5(g::text), 3) FROM generate_series(1, ${ROWS}) g; ANALYZE app.wide;`,
  );
});
afterAll(async () => {
  await s3?.close();
  postgres.dropDatabase(source);
});

const env = (): Record<string, string | undefined> => ({ ...s3.env(), AWS_PROFILE: undefined });

/** Starts an export held at the gate half way through the table, and kills it with -9 once its file is a multipart upload in the bucket. */
async function killedMidUpload(job: string, prefix: string): Promise<void> {
  const gate = new Gate(postgres, source, ROWS);
  await gate.closed();
  const exp = new CliProcess(
    ['export', '--source', postgres.url(source), 'SCHEMAS=app', `DUMPFILE=s3://${BUCKET}/${prefix}/exp%U.dmp`, 'S3_PART_SIZE=5MB', 'COMPRESSION=NONE', `JOB_NAME=${job}`, gate.query('app.wide')],
    { env: env() },
  );
  for (let i = 0; s3.uploads(BUCKET, `${prefix}/`).length === 0; i++) {
    if (i === 600 || exp.child.exitCode !== null) throw new Error(`the export never started a multipart upload\n${exp.stdout}\n${exp.stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  exp.child.kill('SIGKILL');
  expect((await exp.done()).code).toBeNull();
  await gate.open();
  // Nothing shows as an object, but the upload stays.
  expect(s3.keys(BUCKET, `${prefix}/exp0`)).toEqual([]);
  expect(s3.uploads(BUCKET, `${prefix}/`)).toEqual([`${prefix}/exp01.dmp`]);
}

describe('uploads left by an export killed with -9 (postgres)', () => {
  it('are aborted by attach --start, which completes the export', async () => {
    await killedMidUpload('UPL_RESTART', 'restart');
    const resumed = await runCli(['attach', 'UPL_RESTART', '--source', postgres.url(source), '--start'], { env: env(), timeoutMs: 180_000 });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`Aborted the unfinished upload(s) of exp01.dmp in s3://${BUCKET}/restart that a stopped or killed process left`);
    expect(s3.uploads(BUCKET, 'restart/')).toEqual([]);
    const verify = await runCli(['verify', `DUMPFILE=s3://${BUCKET}/restart/exp%U.dmp`], { env: env() });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    const info = await runCli(['info', '--contents', `DUMPFILE=s3://${BUCKET}/restart/exp%U.dmp`], { env: env() });
    expect(info.stdout).toMatch(new RegExp(`TABLE_DATA\\s+app\\s+wide\\s+${ROWS}\\s`));
  }, 300_000);

  it('are aborted by another export that rewrites the files with REUSE_DUMPFILES=YES', async () => {
    await killedMidUpload('UPL_KILLED', 'reuse');
    const again = await runCli(['export', '--source', postgres.url(source), 'SCHEMAS=app', `DUMPFILE=s3://${BUCKET}/reuse/exp%U.dmp`, 'REUSE_DUMPFILES=YES', 'JOB_NAME=UPL_REUSE'], {
      env: env(),
      timeoutMs: 180_000,
    });
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Aborted the unfinished upload(s) of exp01.dmp in s3://${BUCKET}/reuse that a stopped or killed process left`);
    expect(s3.uploads(BUCKET, 'reuse/')).toEqual([]);
    expect(s3.keys(BUCKET, 'reuse/exp0')).toEqual(['reuse/exp01.dmp']);
    postgres.exec(source, 'DROP TABLE public."UPL_KILLED"');
  }, 300_000);
});
