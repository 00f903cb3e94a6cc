import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type TestS3Server } from '../../../test-support/s3-server.js';
import { bigDigest, bigSource } from './support/big-table.js';
import { CliProcess, ensureBuilt, runCli } from './support/cli.js';
import { awsEnv } from './support/aws-env.js';
import { mariadbLogin, postgres, TEST_SERVERS, type TestServer } from '../../../test-support/sql-clients.js';
import { Gate } from './support/gate.js';
import { fingerprint } from './support/sample-data.js';
import { samplePair } from './support/sample-pair.js';

// Dump file sets in an S3 bucket, through the built CLI and a real S3-protocol server on 127.0.0.1
// (test-support/s3-server.ts): the ORDS demonstration on both engines, the faults a user meets, and
// restarts after kill -9 with the set in the bucket.

const BUCKET = 'sluice-test';
let s3: TestS3Server;
let awsHome: string;

beforeAll(async () => {
  ensureBuilt();
  s3 = await startS3Server([BUCKET]);
  awsHome = mkdtempSync(join(tmpdir(), 'sluice-aws-'));
});
afterAll(async () => {
  await s3?.close();
  if (awsHome) rmSync(awsHome, { recursive: true, force: true });
});

/** The AWS environment of the CLI (support/aws-env.ts). */
const aws = (extra: Record<string, string | undefined> = {}): Record<string, string | undefined> => awsEnv(s3, awsHome, extra);

/** The schema as pg_dump / mariadb-dump print it, without comments and settings: what "identical schema" means. */
function schemaDdl(server: TestServer, database: string, schema: string): string {
  if (server.engine === 'postgres') {
    return execFileSync('pg_dump', ['--schema-only', '--no-owner', '--no-privileges', '-n', schema, '-d', server.url(database)], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => !l.startsWith('--') && !/^SET |^SELECT pg_catalog.set_config|^\\(un)?restrict /.test(l))
      .join('\n');
  }
  const login = mariadbLogin();
  // The order of KEY lines is the order indexes were created in, which says nothing about the schema.
  return execFileSync('mariadb-dump', [...login.args, '--no-data', '--skip-comments', '--skip-dump-date', schema], { encoding: 'utf8', env: { ...process.env, ...login.env } })
    .replace(/ AUTO_INCREMENT=\d+/g, '')
    .replace(
      /(?:^ {2}KEY .*\n)+/gm,
      (run) =>
        `${run
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => l.replace(/,$/, ''))
          .sort()
          .join(',\n')},\n`,
    );
}

describe.each(TEST_SERVERS)('the ORDS demonstration through a bucket on $engine', (server: TestServer) => {
  const pair = samplePair(server, 's3');
  const { pg, source, home, sourceUrl, target, schema } = pair;
  const imported = pg ? schema : pair.remapped('copy');
  const prefix = `ords-${server.engine}`;

  beforeAll(() => {
    pair.create();
    server.exec(
      pg ? source : schema,
      `CREATE TABLE ${server.table(schema, 'audit_log')} (id int PRIMARY KEY, note varchar(20)); INSERT INTO ${server.table(schema, 'audit_log')} VALUES (1, 'left behind');`,
    );
  });
  afterAll(() => pair.drop([imported]));

  it('exports all tables but one to s3://bucket/prefix/EXPDAT%U-X.DMP and imports them into another database: same rows, same schema, no key anywhere', async () => {
    const exp = await runCli(
      [
        'export',
        '--source',
        sourceUrl,
        `SCHEMAS=${schema}`,
        `DUMPFILE=s3://${BUCKET}/${prefix}/EXPDAT%U-X.DMP`,
        `EXCLUDE=TABLE:"= 'audit_log'"`,
        'FILESIZE=64K',
        'CHECKSUM=YES',
        'KEEP_MASTER=Y',
        'JOB_NAME=ORDS_S3',
      ],
      { env: aws() },
    );
    expect(exp.stderr).toBe('');
    expect(exp.code).toBe(0);
    expect(exp.stdout).toContain(`Dump file set for `);
    expect(exp.stdout).toContain(`  s3://${BUCKET}/${prefix}/EXPDAT01-X.DMP`);
    const files = s3.keys(BUCKET, `${prefix}/EXPDAT`);
    expect(files.length).toBeGreaterThan(1);
    expect(files[0]).toBe(`${prefix}/EXPDAT01-X.DMP`);
    expect(s3.object(BUCKET, `${prefix}/export.log`)?.toString('utf8')).toMatch(/Job "[^"]+"\."ORDS_S3" successfully completed/);

    const contents = await runCli(['info', '--contents', `DUMPFILE=s3://${BUCKET}/${prefix}/EXPDAT%U-X.DMP`], { env: aws() });
    expect(contents.code, contents.stderr).toBe(0);
    expect(contents.stdout).toMatch(new RegExp(`TABLE_DATA\\s+${schema}\\s+emp\\s+5000\\s`));
    expect(contents.stdout).not.toContain('audit_log');
    const verify = await runCli(['verify', `DIRECTORY=s3://${BUCKET}/${prefix}`, 'DUMPFILE=EXPDAT%U-X.DMP'], { env: aws() });
    expect(verify.stdout).toMatch(/^OK: \d+ files, every checksum matches\.$/m);
    expect(verify.code).toBe(0);

    // The import reads the set in the bucket with ranged GETs; its log goes there too.
    server.exec(pg ? source : schema, `DROP TABLE ${server.table(schema, 'audit_log')}`);
    const imp = await runCli(
      [
        'import',
        '--target',
        server.url(target),
        `DUMPFILE=s3://${BUCKET}/${prefix}/EXPDAT%U-X.DMP`,
        'LOGFILE=ords-import.log',
        'PARALLEL=2',
        'VERIFY_CHECKSUM=YES',
        ...(pg ? [] : [`REMAP_SCHEMA=${schema}:${imported}`]),
      ],
      { env: aws() },
    );
    expect(imp.stderr).toBe('');
    expect(imp.code).toBe(0);
    expect(fingerprint(server, target, imported)).toBe(fingerprint(server, source, schema));
    expect(schemaDdl(server, target, imported)).toBe(schemaDdl(server, source, schema));
    expect(s3.object(BUCKET, `${prefix}/ords-import.log`)?.toString('utf8')).toMatch(/successfully completed/);
    if (pg) {
      // SQLFILE: the DDL the import would run, written into the bucket.
      const sql = await runCli(['sqlfile', '--target', server.url(target), `DUMPFILE=s3://${BUCKET}/${prefix}/EXPDAT%U-X.DMP`, 'SQLFILE=ords.sql'], { env: aws() });
      expect(sql.code, sql.stderr).toBe(0);
      expect(s3.object(BUCKET, `${prefix}/ords.sql`)?.toString('utf8')).toMatch(/CREATE TABLE hr\.emp/);
    }

    // The secret key is nowhere: output, logs, master table, the stored objects and uploads.
    const master = server.query(home, pg ? `SELECT payload FROM public."ORDS_S3"` : 'SELECT payload FROM `ORDS_S3`');
    expect(master.length).toBeGreaterThan(0);
    for (const text of [exp.stdout, exp.stderr, imp.stdout, contents.stdout, JSON.stringify(master)]) expect(text).not.toContain(s3.secretAccessKey);
    expect(s3.storesText(s3.secretAccessKey)).toBe(false);
  });
});

describe('faults with the set in a bucket (postgres)', () => {
  const pair = samplePair(postgres, 's3f');
  const { sourceUrl, target, schema } = pair;
  beforeAll(() => pair.create(500));
  afterAll(() => pair.drop());

  it('a wrong access key, an unknown bucket, an object already there: a clear error naming it and the fix, and no object left', async () => {
    const wrongKey = await runCli(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, `DIRECTORY=s3://${BUCKET}/wrong-key`], { env: aws({ AWS_ACCESS_KEY_ID: 'AKIANOTAKEYWESERVE00' }) });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toMatch(/s3:\/\/sluice-test\/wrong-key.*InvalidAccessKeyId.*check AWS_ACCESS_KEY_ID, the profile named by CREDENTIAL/);
    expect(wrongKey.stderr + wrongKey.stdout).not.toContain(s3.secretAccessKey);

    const noBucket = await runCli(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, 'DIRECTORY=s3://no-such-bucket/x'], { env: aws() });
    expect(noBucket.code).toBe(1);
    expect(noBucket.stderr).toContain('bucket no-such-bucket of s3://no-such-bucket/x does not exist; create it or fix DIRECTORY / DUMPFILE');

    // A profile named by CREDENTIAL= (no keys in the environment).
    writeFileSync(join(awsHome, 'credentials'), `[sluice-test]\naws_access_key_id = ${s3.accessKeyId}\naws_secret_access_key = ${s3.secretAccessKey}\n`);
    const byProfile = await runCli(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, `DIRECTORY=s3://${BUCKET}/exists`, 'CREDENTIAL=sluice-test'], {
      env: aws({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined }),
    });
    expect(byProfile.stderr).toBe('');
    expect(byProfile.code).toBe(0);
    expect(s3.keys(BUCKET, 'exists/')).toEqual(['exists/expdat.dmp', 'exists/export.log']);
    const again = await runCli(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, `DIRECTORY=s3://${BUCKET}/exists`], { env: aws() });
    expect(again.code).toBe(1);
    expect(again.stderr + again.stdout).toContain(`dump file s3://${BUCKET}/exists/expdat.dmp already exists; remove it, choose another DUMPFILE, or set REUSE_DUMPFILES=YES`);
    const reuse = await runCli(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, `DIRECTORY=s3://${BUCKET}/exists`, 'REUSE_DUMPFILES=YES'], { env: aws() });
    expect(reuse.code, reuse.stderr).toBe(0);
  });

  it('a truncated object: import and verify name the file and refuse it', async () => {
    const exp = await runCli(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, `DIRECTORY=s3://${BUCKET}/cut`, 'DUMPFILE=cut%U.dmp'], { env: aws() });
    expect(exp.code, exp.stderr).toBe(0);
    const path = s3.objectPath(BUCKET, 'cut/cut01.dmp');
    truncateSync(path, statSync(path).size - 100);
    const imp = await runCli(['import', '--target', postgres.url(target), `DIRECTORY=s3://${BUCKET}/cut`, 'DUMPFILE=cut%U.dmp'], { env: aws() });
    expect(imp.code).toBe(1);
    expect(imp.stderr).toMatch(/cut01\.dmp.*(truncated|no trailer)/);
    const verify = await runCli(['verify', `s3://${BUCKET}/cut/cut01.dmp`], { env: aws() });
    expect(verify.code).toBe(1);
    expect(verify.stdout + verify.stderr).toMatch(/cut01\.dmp/);
  });
});

describe('restarts with the set in a bucket (postgres)', () => {
  const ROWS = 60_000;
  const big = bigSource(postgres, 's3k', ROWS);
  const { source, sourceUrl, target, schema, copy } = big;

  it('the S3 server stopped mid-export: the job stops resumably; once it answers again, attach --start finishes, every row once', async () => {
    const gate = new Gate(postgres, source, ROWS);
    await gate.closed();
    const job = new CliProcess(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, `DUMPFILE=s3://${BUCKET}/outage/big%U.dmp`, 'JOB_NAME=S3_OUTAGE', gate.query(`${schema}.big`)], { env: aws() });
    // Planned (the dump file is open, the master table has its work items) and unloading up to the gate.
    await job.waitFor(/Total estimation using/);
    for (let i = 0; Number(postgres.query(source, `SELECT count(*) FROM public."S3_OUTAGE"`)[0]?.[0] ?? 0) < 3; i++) {
      if (i === 600) throw new Error(`the export was never planned\n${job.stdout}\n${job.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await s3.stop();
    await gate.open();
    const failed = await job.done();
    expect(failed.code).toBe(1);
    expect(failed.stdout + failed.stderr).toMatch(/s3:\/\/sluice-test\/outage\/big01\.dmp.*cannot be reached/);
    expect(s3.keys(BUCKET, 'outage/big')).toEqual([]);
    await s3.start();
    const resumed = await runCli(['attach', 'S3_OUTAGE', '--source', sourceUrl, '--start'], { env: aws(), timeoutMs: 120_000 });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/Job "[^"]+"\."S3_OUTAGE" successfully completed/);
    const imp = await runCli(['import', '--target', postgres.url(target), `DUMPFILE=s3://${BUCKET}/outage/big%U.dmp`, `REMAP_SCHEMA=${schema}:${copy}`], { env: aws() });
    expect(imp.code, imp.stderr).toBe(0);
    expect(bigDigest(postgres, target, copy)).toBe(big.expected);
  });

  /** Waits until a session of `database` waits for the gate's lock (the job is held exactly there). */
  async function heldAtGate(database: string, job: CliProcess): Promise<void> {
    const sql = `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
    for (let i = 0; postgres.query(database, sql)[0]?.[0] === '0'; i++) {
      if (i === 1200) throw new Error(`the job never reached the gate\n${job.stdout}\n${job.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('an export killed with -9 mid-table: attach --start continues the files the bucket kept, every row once, finished chunks not unloaded again', async () => {
    const gate = new Gate(postgres, source, ROWS);
    await gate.closed();
    // Small files and chunks: files fill and are parked in the bucket (complete objects) before the kill.
    const env = aws({ SLUICE_CHUNK_TARGET_BYTES: String(64 * 1024) });
    const job = new CliProcess(
      ['export', '--source', sourceUrl, `SCHEMAS=${schema}`, `DUMPFILE=s3://${BUCKET}/killed/big%U.dmp`, 'FILESIZE=64K', 'KEEP_MASTER=Y', 'JOB_NAME=S3_KILLED', gate.query(`${schema}.big`)],
      { env },
    );
    await heldAtGate(source, job);
    job.child.kill('SIGKILL');
    expect((await job.done()).code).toBeNull();
    const kept = s3.keys(BUCKET, 'killed/');
    expect(kept.length).toBeGreaterThan(2);
    // The chunks finished before the kill, and the file each finished in.
    const before = postgres.query(source, `SELECT id, attempts, dump_file FROM public."S3_KILLED" WHERE row_type = 'ITEM' AND item_kind = 'DATA' AND state = 'DONE' ORDER BY id LIMIT 1000`);
    const keptChunks = before.filter(([, , file]) => kept.includes(`killed/${file}`));
    expect(keptChunks.length).toBeGreaterThan(0);
    await gate.open();
    const resumed = await runCli(['attach', 'S3_KILLED', '--source', sourceUrl, '--start'], { env, timeoutMs: 180_000 });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).not.toContain('starts again from the beginning');
    // A chunk finished into a file the bucket kept was not unloaded again: same attempt, same file.
    const after = new Map(postgres.query(source, `SELECT id, attempts, dump_file FROM public."S3_KILLED" WHERE row_type = 'ITEM' AND item_kind = 'DATA' ORDER BY id LIMIT 1000`).map((r) => [r[0], r]));
    for (const row of keptChunks) expect(after.get(row[0])).toEqual(row);
    const imp = await runCli(['import', '--target', postgres.url(target), `DUMPFILE=s3://${BUCKET}/killed/big%U.dmp`, `REMAP_SCHEMA=${schema}:killed_copy`], { env: aws() });
    expect(imp.code, imp.stderr).toBe(0);
    expect(bigDigest(postgres, target, 'killed_copy')).toBe(big.expected);
    postgres.exec(source, 'DROP TABLE public."S3_KILLED"');
  });

  it('an import from the bucket killed with -9 mid-table: attach --start finishes it, every row once', async () => {
    // The target table exists (APPEND) with a trigger that holds rows past the first half at a gate.
    postgres.exec(
      target,
      `CREATE SCHEMA kill_imp; CREATE TABLE kill_imp.big (id integer PRIMARY KEY, v text);
       CREATE FUNCTION kill_imp.gate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.id > ${ROWS / 2} THEN PERFORM pg_advisory_lock_shared(4242); PERFORM pg_advisory_unlock_shared(4242); END IF; RETURN NEW; END $$;
       CREATE TRIGGER gate BEFORE INSERT ON kill_imp.big FOR EACH ROW EXECUTE FUNCTION kill_imp.gate();`,
    );
    const gate = new Gate(postgres, target, ROWS);
    await gate.closed();
    const job = new CliProcess(
      ['import', '--target', postgres.url(target), `DUMPFILE=s3://${BUCKET}/killed/big%U.dmp`, `REMAP_SCHEMA=${schema}:kill_imp`, 'TABLE_EXISTS_ACTION=APPEND', 'JOB_NAME=S3_IMP_KILLED'],
      { env: aws() },
    );
    await heldAtGate(target, job);
    job.child.kill('SIGKILL');
    expect((await job.done()).code).toBeNull();
    await gate.open();
    const resumed = await runCli(['attach', 'S3_IMP_KILLED', '--target', postgres.url(target), '--start'], { env: aws(), timeoutMs: 120_000 });
    expect(resumed.stderr).toBe('');
    expect(bigDigest(postgres, target, 'kill_imp')).toBe(big.expected);
    // The one error of the job is the schema the test created (TABLE_EXISTS_ACTION covers tables only);
    // both runs' lines are in the log in the bucket.
    const log = s3.object(BUCKET, 'killed/import.log')?.toString('utf8') ?? '';
    expect(log).toMatch(/^Restarting "[^"]+"\."S3_IMP_KILLED"/m);
    expect(log).toContain('Object type SCHEMA:"kill_imp" already exists');
    expect(log).toMatch(/^Processing object type SCHEMA_EXPORT\/TABLE\/TABLE_DATA\nJob S3_IMP_KILLED has been reopened/m);
    expect(resumed.code, resumed.stdout).toBe(5);
  });
});
