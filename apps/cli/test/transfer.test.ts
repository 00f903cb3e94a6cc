import { cpSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type TestS3Server } from '../../../test-support/s3-server.js';
import { bigDigest, bigSource } from './support/big-table.js';
import { CliProcess, ensureBuilt, runCli, type CliResult } from './support/cli.js';
import { awsEnv } from './support/aws-env.js';
import { mysql, postgres } from '../../../test-support/sql-clients.js';
import { S3Gate } from './support/s3-gate.js';
import { fingerprint } from './support/sample-data.js';
import { samplePair } from './support/sample-pair.js';

// `sluice transfer` (DBMS_FILE_TRANSFER, upload_to_s3 / download_from_s3) through the built CLI and a
// real S3-protocol server on 127.0.0.1: every direction, an import from the copy, reruns after kill -9
// and after the server went away, and the faults a user meets. An HTTP pass-through (support/s3-gate.ts)
// holds the requests of one object, so a transfer is stopped at a known point without timing guesses.

const A = 'xfer-a';
const B = 'xfer-b';
const ROWS = 300_000;
const MiB = 1024 * 1024;
let s3: TestS3Server;
let awsHome: string;
const folders: string[] = [];

beforeAll(async () => {
  ensureBuilt();
  s3 = await startS3Server([A, B]);
  awsHome = mkdtempSync(join(tmpdir(), 'sluice-xfer-aws-'));
});
afterAll(async () => {
  await s3?.close();
  for (const d of [awsHome, ...folders]) if (d) rmSync(d, { recursive: true, force: true });
});

/** The AWS environment of the CLI (support/aws-env.ts). */
const aws = (extra: Record<string, string | undefined> = {}): Record<string, string | undefined> => awsEnv(s3, awsHome, extra);

/** A new empty folder, removed at the end. */
function folder(): string {
  const d = mkdtempSync(join(tmpdir(), 'sluice-xfer-'));
  folders.push(d);
  return d;
}

/** Waits (bounded) until `check` holds. */
async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('sluice transfer (postgres)', () => {
  const big = bigSource(postgres, 'xfer', ROWS);
  const { sourceUrl, target, schema, dir } = big;
  let names: string[] = [];
  const local = (name: string): Buffer => readFileSync(join(dir, name));
  const expectSameObjects = (bucket: string, prefix: string): void => {
    expect(s3.keys(bucket, `${prefix}/`).filter((k) => k.endsWith('.dmp'))).toEqual(names.map((n) => `${prefix}/${n}`));
    for (const n of names) expect(s3.object(bucket, `${prefix}/${n}`)?.equals(local(n)), `${bucket}/${prefix}/${n}`).toBe(true);
  };

  beforeAll(async () => {
    const exp = await runCli(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, `DIRECTORY=${dir}`, 'DUMPFILE=big%U.dmp', 'FILESIZE=6M', 'CHECKSUM=YES'], { timeoutMs: 240_000 });
    expect(exp.code, exp.stderr).toBe(0);
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.dmp'))
      .sort();
    expect(names.length).toBeGreaterThanOrEqual(3);
    expect(statSync(join(dir, 'big02.dmp')).size).toBeGreaterThan(5 * MiB);
  }, 300_000);

  it('copies the set folder to bucket, bucket to bucket, bucket to folder and folder to folder, byte for byte; an import from the copy has every row', async () => {
    const up = await runCli(['transfer', `DIRECTORY=${dir}`, 'DUMPFILE=big%U.dmp', `TO=s3://${A}/up`, 'S3_PART_SIZE=5MB'], { env: aws() });
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(new RegExp(`^\\. \\. copied "big02\\.dmp"  \\S+ MB  verified at s3://${A}/up/big02\\.dmp  sha256 [0-9a-f]{64}$`, 'm'));
    expect(up.stdout).toMatch(
      new RegExp(`^Transfer of dump file set \\S+ successfully completed at .* elapsed \\d \\d\\d:\\d\\d:\\d\\d: ${names.length} files copied \\(.*\\), 0 already there$`, 'm'),
    );
    expectSameObjects(A, 'up');
    const log = s3.object(A, 'up/transfer.log')?.toString('utf8') ?? '';
    expect(log).toMatch(/^;;; sluice transfer DIRECTORY=\S+ DUMPFILE=big%U\.dmp TO=s3:\/\/xfer-a\/up S3_PART_SIZE=5MB$/m);
    expect(log).toMatch(/^\. \. copied "big01\.dmp"/m);
    expect(log).toMatch(/successfully completed/);

    const across = await runCli(['transfer', `DUMPFILE=s3://${A}/up/big%U.dmp`, `TO=s3://${B}/copy`], { env: aws() });
    expect(across.code, across.stderr).toBe(0);
    expectSameObjects(B, 'copy');

    const down = folder();
    const fetched = await runCli(['transfer', '--dumpfile', `s3://${B}/copy/big%U.dmp`, '--to', down], { env: aws() });
    expect(fetched.code, fetched.stderr).toBe(0);
    for (const n of names) expect(readFileSync(join(down, n)).equals(local(n)), n).toBe(true);
    expect(readFileSync(join(down, 'transfer.log'), 'utf8')).toMatch(/successfully completed/);

    const aside = folder();
    const copied = await runCli(['transfer', '--directory', down, '--dumpfile', 'big%U.dmp', '--to', aside, '--nologfile']);
    expect(copied.code, copied.stderr).toBe(0);
    expect(readdirSync(aside).sort()).toEqual(names);

    // The set that went through every kind of hop, imported from the bucket it ended in.
    const imp = await runCli(['import', '--target', postgres.url(target), `DUMPFILE=s3://${B}/copy/big%U.dmp`, `REMAP_SCHEMA=${schema}:xfer_copy`, 'NOLOGFILE=Y'], { env: aws(), timeoutMs: 240_000 });
    expect(imp.code, imp.stderr).toBe(0);
    expect(bigDigest(postgres, target, 'xfer_copy')).toBe(big.expected);

    // Again: every copy is there and verifies, so nothing is copied; the log keeps both runs.
    const again = await runCli(['transfer', `DIRECTORY=${dir}`, 'DUMPFILE=big%U.dmp', `TO=s3://${A}/up`], { env: aws() });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`^\\. \\. skipped "big01\\.dmp"  \\S+ MB  a verified copy is already at s3://${A}/up/big01\\.dmp$`, 'm'));
    expect(again.stdout).toMatch(/0 files copied \(0 bytes\), \d+ already there$/m);
    expect((s3.object(A, 'up/transfer.log')?.toString('utf8') ?? '').match(/^;;; sluice transfer /gm)).toHaveLength(2);
  }, 600_000);

  it('a transfer killed with -9 while uploading a file leaves no object of it; the rerun skips the verified copies and completes', async () => {
    const gate = await S3Gate.start(s3.endpoint);
    try {
      // big01 goes through; the parts of big02 are held (its multipart upload is started, never completed).
      gate.hold((req) => req.method === 'PUT' && (req.url ?? '').includes('/killed/big02.dmp'));
      const job = new CliProcess(['transfer', `DIRECTORY=${dir}`, 'DUMPFILE=big%U.dmp', `TO=s3://${A}/killed`, 'S3_PART_SIZE=5MB'], { env: aws({ AWS_ENDPOINT_URL: gate.endpoint }) });
      await gate.waitHeld();
      job.child.kill('SIGKILL');
      expect((await job.done()).code).toBeNull();
      expect(s3.keys(A, 'killed/')).toEqual(['killed/big01.dmp']);
      // The upload of big02 stays in progress: no object, but its parts are kept (and billed).
      expect(s3.uploads(A, 'killed/')).toEqual(['killed/big02.dmp']);
    } finally {
      await gate.close();
    }
    const rerun = await runCli(['transfer', `DIRECTORY=${dir}`, 'DUMPFILE=big%U.dmp', `TO=s3://${A}/killed`, 'S3_PART_SIZE=5MB'], { env: aws() });
    expect(rerun.stderr).toBe('');
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(/^\. \. skipped "big01\.dmp"/m);
    expect(rerun.stdout).toMatch(/^\. \. copied "big02\.dmp"/m);
    expect(rerun.stdout).toContain(`Aborted the unfinished upload(s) of big02.dmp in s3://${A}/killed that a killed transfer left.`);
    expect(s3.uploads(A, 'killed/')).toEqual([]);
    expectSameObjects(A, 'killed');
  });

  it('SIGTERM mid-download stops in order: the partial file is removed, the files before it stay, a rerun completes', async () => {
    const down = folder();
    const gate = await S3Gate.start(s3.endpoint);
    let stopped: CliResult | undefined;
    try {
      // The header and the first 4 MiB block of big02 come through; the reads after it are held.
      gate.hold((req) => req.method === 'GET' && (req.url ?? '').includes('/up/big02.dmp') && Number(/bytes=(\d+)-/.exec(String(req.headers.range))?.[1] ?? 0) >= 4 * MiB);
      const job = new CliProcess(['transfer', `DUMPFILE=s3://${A}/up/big%U.dmp`, `TO=${down}`], { env: aws({ AWS_ENDPOINT_URL: gate.endpoint }) });
      await gate.waitHeld();
      await until(() => existsSync(join(down, 'big02.dmp')) && statSync(join(down, 'big02.dmp')).size >= 4 * MiB, 'the first block of big02.dmp in the folder');
      job.child.kill('SIGTERM');
      gate.release();
      stopped = await job.done();
    } finally {
      await gate.close();
    }
    expect(stopped?.code).toBe(1);
    expect(stopped?.stderr).toContain(`sluice: The transfer was stopped (SIGTERM) before it finished; the files copied so far are at ${down}, and no partial file is left.`);
    expect(readdirSync(down).sort()).toEqual(['big01.dmp', 'transfer.log']);
    expect(readFileSync(join(down, 'transfer.log'), 'utf8')).toMatch(/^Transfer of dump file set \S+ failed at /m);
    const rerun = await runCli(['transfer', `DUMPFILE=s3://${A}/up/big%U.dmp`, `TO=${down}`], { env: aws() });
    expect(rerun.code, rerun.stderr).toBe(0);
    for (const n of names) expect(readFileSync(join(down, n)).equals(local(n)), n).toBe(true);
  });

  it('a download killed with -9 mid-file leaves a copy no reader takes for whole; the rerun replaces it', async () => {
    const down = folder();
    const gate = await S3Gate.start(s3.endpoint);
    try {
      // The header and the first 4 MiB block of big02 come through; the reads after it are held.
      gate.hold((req) => req.method === 'GET' && (req.url ?? '').includes('/up/big02.dmp') && Number(/bytes=(\d+)-/.exec(String(req.headers.range))?.[1] ?? 0) >= 4 * MiB);
      const job = new CliProcess(['transfer', `DUMPFILE=s3://${A}/up/big%U.dmp`, `TO=${down}`], { env: aws({ AWS_ENDPOINT_URL: gate.endpoint }) });
      await gate.waitHeld();
      await until(() => existsSync(join(down, 'big02.dmp')) && statSync(join(down, 'big02.dmp')).size >= 4 * MiB, 'the first block of big02.dmp in the folder');
      job.child.kill('SIGKILL');
      expect((await job.done()).code).toBeNull();
    } finally {
      await gate.close();
    }
    const verify = await runCli(['verify', join(down, 'big02.dmp')]);
    expect(verify.code).toBe(1);
    expect(verify.stdout + verify.stderr).toContain('big02.dmp was never finished by its writer');
    const rerun = await runCli(['transfer', `DUMPFILE=s3://${A}/up/big%U.dmp`, `TO=${down}`], { env: aws() });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/^\. \. skipped "big01\.dmp"/m);
    expect(rerun.stdout).toMatch(/^Copying big02\.dmp \(\S+ MB\): replacing an unfinished copy$/m);
    for (const n of names) expect(readFileSync(join(down, n)).equals(local(n)), n).toBe(true);
  });

  it('the S3 server stopped mid-upload: the transfer fails naming the object, leaves no object of it, and a rerun once the server is back completes', async () => {
    const gate = await S3Gate.start(s3.endpoint);
    let failed: CliResult | undefined;
    try {
      gate.hold((req) => req.method === 'PUT' && (req.url ?? '').includes('/outage/big02.dmp'));
      const job = new CliProcess(['transfer', `DIRECTORY=${dir}`, 'DUMPFILE=big%U.dmp', `TO=s3://${A}/outage`, 'S3_PART_SIZE=5MB'], { env: aws({ AWS_ENDPOINT_URL: gate.endpoint }) });
      await gate.waitHeld();
      await s3.stop();
      gate.release();
      failed = await job.done(120_000);
    } finally {
      await gate.close();
      await s3.start();
    }
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(new RegExp(`^sluice: s3://${A}/outage/big02\\.dmp: the object store cannot be reached while .*; check the endpoint and the network`, 'm'));
    expect(failed?.stderr).toContain('Run the same transfer again once that is fixed: files already copied and verified are skipped.');
    expect(s3.keys(A, 'outage/')).toEqual(['outage/big01.dmp']);
    const rerun = await runCli(['transfer', `DIRECTORY=${dir}`, 'DUMPFILE=big%U.dmp', `TO=s3://${A}/outage`], { env: aws() });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/^\. \. skipped "big01\.dmp"/m);
    expectSameObjects(A, 'outage');
  }, 300_000);

  it('a wrong access key for the destination (TO_CREDENTIAL), an unknown bucket: a clear error naming it and the fix, no key anywhere', async () => {
    writeFileSync(
      join(awsHome, 'credentials'),
      `[good]\naws_access_key_id = ${s3.accessKeyId}\naws_secret_access_key = ${s3.secretAccessKey}\n[wrong]\naws_access_key_id = AKIANOTAKEYWESERVE00\naws_secret_access_key = ${'x'.repeat(40)}\n`,
    );
    const profilesOnly = aws({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });
    const wrong = await runCli(['transfer', `DUMPFILE=s3://${A}/up/big%U.dmp`, `TO=s3://${B}/keys`, 'CREDENTIAL=good', 'TO_CREDENTIAL=wrong'], { env: profilesOnly });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      `sluice: s3://${B}/keys: the object store does not know the access key (InvalidAccessKeyId) while checking the bucket; check AWS_ACCESS_KEY_ID, the profile named by TO_CREDENTIAL (or CREDENTIAL) or AWS_PROFILE, and the endpoint`,
    );
    expect(wrong.stderr + wrong.stdout).not.toContain(s3.secretAccessKey);
    expect(s3.keys(B, 'keys/')).toEqual([]);
    const right = await runCli(['transfer', `DUMPFILE=s3://${A}/up/big%U.dmp`, `TO=s3://${B}/keys`, 'CREDENTIAL=good', 'TO_CREDENTIAL=good'], { env: profilesOnly });
    expect(right.code, right.stderr).toBe(0);
    expectSameObjects(B, 'keys');

    const noBucket = await runCli(['transfer', `DIRECTORY=${dir}`, 'DUMPFILE=big%U.dmp', 'TO=s3://xfer-no-such-bucket/x'], { env: aws() });
    expect(noBucket.code).toBe(1);
    expect(noBucket.stderr).toContain('sluice: bucket xfer-no-such-bucket of s3://xfer-no-such-bucket/x does not exist; create it or fix TO');
    const noSource = await runCli(['transfer', 'DUMPFILE=s3://xfer-no-such-bucket/x/big%U.dmp', `TO=${folder()}`], { env: aws() });
    expect(noSource.code).toBe(1);
    expect(noSource.stderr).toContain('sluice: bucket xfer-no-such-bucket of s3://xfer-no-such-bucket/x does not exist; create it or fix DIRECTORY / DUMPFILE');
  });

  it('an object of that name already there: refused without REUSE_DUMPFILES, naming it; replaced with it', async () => {
    // Another set of the same names in the destination: a small export of a few rows.
    const other = await runCli(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, `DUMPFILE=s3://${A}/exists/big%U.dmp`, `QUERY=${schema}.big:"WHERE id <= 10"`, 'NOLOGFILE=Y'], { env: aws() });
    expect(other.code, other.stderr).toBe(0);
    const refused = await runCli(['transfer', `DIRECTORY=${dir}`, 'DUMPFILE=big%U.dmp', `TO=s3://${A}/exists`], { env: aws() });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `sluice: dump file s3://${A}/exists/big01.dmp already exists and is not a copy of the set being transferred; remove it, choose another TO, or set REUSE_DUMPFILES=YES`,
    );
    expect(s3.keys(A, 'exists/')).toEqual(['exists/big01.dmp', 'exists/transfer.log']);
    const reuse = await runCli(['transfer', `DIRECTORY=${dir}`, 'DUMPFILE=big%U.dmp', `TO=s3://${A}/exists`, 'REUSE_DUMPFILES=YES'], { env: aws() });
    expect(reuse.code, reuse.stderr).toBe(0);
    expectSameObjects(A, 'exists');
  });

  it('a damaged source file and a truncated source object are refused, named, and not copied', async () => {
    const bad = folder();
    cpSync(dir, bad, { recursive: true });
    const fd = openSync(join(bad, 'big02.dmp'), 'r+');
    writeSync(fd, Buffer.from('damage'), 0, 6, 3 * MiB);
    closeSync(fd);
    const damaged = await runCli(['transfer', `DIRECTORY=${bad}`, 'DUMPFILE=big%U.dmp', `TO=s3://${A}/damaged`], { env: aws() });
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toMatch(
      new RegExp(`^sluice: ${join(bad, 'big02.dmp')} is damaged, so it was not transferred: .*restore it from a good copy \\(sluice verify lists every problem\\), then run the transfer again$`, 'm'),
    );
    expect(s3.keys(A, 'damaged/').filter((k) => k.endsWith('.dmp'))).toEqual(['damaged/big01.dmp']);

    const across = await runCli(['transfer', `DUMPFILE=s3://${A}/up/big%U.dmp`, `TO=s3://${A}/cut`], { env: aws() });
    expect(across.code, across.stderr).toBe(0);
    const path = s3.objectPath(A, 'cut/big01.dmp');
    truncateSync(path, statSync(path).size - 100);
    const down = folder();
    const cut = await runCli(['transfer', `DUMPFILE=s3://${A}/cut/big%U.dmp`, `TO=${down}`], { env: aws() });
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(new RegExp(`^sluice: s3://${A}/cut/big01\\.dmp is damaged, so it was not transferred: `, 'm'));
    expect(readdirSync(down)).toEqual(['transfer.log']);
  });
});

describe('sluice transfer of a MySQL set', () => {
  const pair = samplePair(mysql, 'xfer');
  const { sourceUrl, source, target, schema, dir } = pair;
  const imported = pair.remapped('copy');
  beforeAll(() => pair.create());
  afterAll(() => pair.drop([imported]));

  it('exported to a folder, uploaded to a bucket, imported from the bucket: the same rows', async () => {
    const exp = await runCli(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, `DIRECTORY=${dir}`, 'DUMPFILE=my%U.dmp', 'FILESIZE=64K', 'NOLOGFILE=Y']);
    expect(exp.code, exp.stderr).toBe(0);
    const up = await runCli(['transfer', `DIRECTORY=${dir}`, 'DUMPFILE=my%U.dmp', `TO=s3://${B}/mysql`], { env: aws() });
    expect(up.code, up.stderr).toBe(0);
    const names = readdirSync(dir)
      .filter((n) => n.endsWith('.dmp'))
      .sort();
    expect(names.length).toBeGreaterThan(1);
    expect(s3.keys(B, 'mysql/')).toEqual([...names.map((n) => `mysql/${n}`), 'mysql/transfer.log']);
    const imp = await runCli(['import', '--target', mysql.url(target), `DUMPFILE=s3://${B}/mysql/my%U.dmp`, `REMAP_SCHEMA=${schema}:${imported}`, 'NOLOGFILE=Y'], { env: aws() });
    expect(imp.code, imp.stderr).toBe(0);
    expect(fingerprint(mysql, target, imported)).toBe(fingerprint(mysql, source, schema));
  });
});
