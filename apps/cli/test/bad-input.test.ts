import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePair } from './support/sample-pair.js';
import { ensureBuilt, runCli, type CliResult } from './support/cli.js';
import { mysql, TEST_SERVERS, type TestServer } from '../../../test-support/sql-clients.js';
import { scratchName } from '../../../test-support/scratch.js';
import { MYSQL_URL } from '../../../test-support/servers.js';
import { createSample, tablesOf } from './support/sample-data.js';

// Every bad input of a real run: one message naming the thing and the fix, exit 1, no stack trace,
// and the target exactly as it was. And exit code 5 for a job that completed with errors.
beforeAll(() => ensureBuilt());

const PASSWORD = 'bad-input-tests-pw';

function expectOneClearError(r: CliResult, message: RegExp): void {
  expect(r.code).toBe(1);
  // A password in a URL draws a warning line first; the error itself is one line.
  const lines = r.stderr
    .trim()
    .split('\n')
    .filter((l) => !l.startsWith('Warning: '));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^sluice: /);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe.each(TEST_SERVERS)('bad input on $engine', (server: TestServer) => {
  const pair = samplePair(server, 'bad');
  const { sourceUrl, target, schema, dir } = pair;
  const remapped = pair.remapped('copy');
  const targetSchemas = [target, remapped];
  let before: string[] = [];

  /** Run an import that must fail, and show the target unchanged by it. */
  async function failedImport(args: string[], message: RegExp, env: Record<string, string> = {}): Promise<void> {
    const r = await runCli(['import', '--target', server.url(target), `DIRECTORY=${dir}`, `REMAP_SCHEMA=${schema}:${remapped}`, ...args], { env });
    expectOneClearError(r, message);
    expect(tablesOf(server, target, targetSchemas)).toEqual(before);
    expect((await runCli(['jobs', '--target', server.url(target)])).stdout).toMatch(/^No Sluice jobs in /);
  }

  beforeAll(async () => {
    pair.create(3000);
    const exp = await runCli(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, `DIRECTORY=${dir}`, 'DUMPFILE=set%U.dmp', 'FILESIZE=64K', 'CHECKSUM=Y']);
    if (exp.code !== 0) throw new Error(`the export the bad-input tests read failed:\n${exp.stdout}${exp.stderr}`);
    before = tablesOf(server, target, targetSchemas);
  });

  afterAll(() => pair.drop([remapped]));

  it('an unknown schema or table: named, and no job or file left behind', async () => {
    const out = mkdtempSync(join(dir, 'out-'));
    expectOneClearError(await runCli(['export', '--source', sourceUrl, 'SCHEMAS=no_such_schema', `DIRECTORY=${out}`]), /SCHEMAS: .*no_such_schema does not exist in .*Check the name/);
    expectOneClearError(await runCli(['export', '--source', sourceUrl, `TABLES=${schema}.no_such_table`, `DIRECTORY=${out}`]), new RegExp(`TABLES: table ${schema}\\.no_such_table does not exist`));
    expect(readdirSync(out)).toEqual([]);
    expect((await runCli(['jobs', '--source', sourceUrl])).stdout).toMatch(/^No Sluice jobs in /);
  });

  it('an unreachable server', async () => {
    const url = new URL(server.url(target));
    url.port = '1';
    const r = await runCli(['import', '--target', url.toString(), `DIRECTORY=${dir}`, 'DUMPFILE=set%U.dmp']);
    expectOneClearError(r, /^sluice: Cannot reach the target database at \S+:1\/\S+: .*Check that the server is running and that the host and port in --target are right\./);
  });

  it('a damaged dump file with VERIFY_CHECKSUM=Y', async () => {
    const damaged = mkdtempSync(join(dir, 'damaged-'));
    const names = readdirSync(dir).filter((f) => /^set\d\d\.dmp$/.test(f));
    for (const n of names) copyFileSync(join(dir, n), join(damaged, n));
    const flip = (file: string, at: (length: number) => number): void => {
      const bytes = readFileSync(join(damaged, file));
      bytes[at(bytes.length)]! ^= 0x01;
      writeFileSync(join(damaged, file), bytes);
    };
    const imp = (): Promise<CliResult> => runCli(['import', '--target', server.url(target), `DIRECTORY=${damaged}`, 'DUMPFILE=set%U.dmp', `REMAP_SCHEMA=${schema}:${remapped}`, 'VERIFY_CHECKSUM=Y']);
    // A byte of table data: found by the checksum pass.
    flip('set01.dmp', (n) => Math.floor(n / 2));
    expectOneClearError(await imp(), /VERIFY_CHECKSUM: the dump file set in \S+ is damaged, so nothing was imported: set01\.dmp at offset \d+: .*Restore the damaged files/);
    expect(tablesOf(server, target, targetSchemas)).toEqual(before);
    // A byte of a file's index, at its end: found as the set is opened.
    const last = names[names.length - 1]!;
    flip(last, (n) => n - 100);
    expectOneClearError(await imp(), new RegExp(`${last.replace('.', '\\.')}: .*(checksum|damaged)`, 'i'));
    expect(tablesOf(server, target, targetSchemas)).toEqual(before);
  });

  it('a file that is not a dump file, a missing file, a missing file of a set', async () => {
    writeFileSync(join(dir, 'notes.txt'), 'not a dump file');
    await failedImport(['DUMPFILE=notes.txt'], /notes\.txt is not a dump file sluice can read/);
    await failedImport(['DUMPFILE=nope.dmp'], /Dump file \S+nope\.dmp does not exist\. Check DIRECTORY and DUMPFILE\./);
    await failedImport(['DUMPFILE=set01.dmp'], /set02\.dmp.*(missing|DUMPFILE)/);
  });

  it('a wrong encryption password, and none at all', async () => {
    const enc = mkdtempSync(join(dir, 'enc-'));
    const exp = await runCli(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, `DIRECTORY=${enc}`, 'DUMPFILE=enc.dmp'], { env: { SLUICE_ENCRYPTION_PASSWORD: PASSWORD } });
    expect(exp.code).toBe(0);
    const imp = (env: Record<string, string>): Promise<CliResult> =>
      runCli(['import', '--target', server.url(target), `DIRECTORY=${enc}`, 'DUMPFILE=enc.dmp', `REMAP_SCHEMA=${schema}:${remapped}`], { env });
    const wrong = await imp({ SLUICE_ENCRYPTION_PASSWORD: 'not-the-password' });
    expectOneClearError(wrong, /not the one enc\.dmp was written with.*Give the password the set was exported with/);
    expect(wrong.stderr).not.toContain('not-the-password');
    expectOneClearError(await imp({}), /enc\.dmp is encrypted with a password, and no encryption password was given\. Set SLUICE_ENCRYPTION_PASSWORD/);
    expect(tablesOf(server, target, targetSchemas)).toEqual(before);
  });

  it('a malformed parameter leaves the target alone', async () => {
    await failedImport(['DUMPFILE=set%U.dmp', 'TABLE_EXISTS_ACTION=OVERWRITE'], /TABLE_EXISTS_ACTION=OVERWRITE: OVERWRITE is not one of SKIP, APPEND, TRUNCATE, REPLACE/);
  });

  it('exit code 5: the job completes, with errors it continued past', async () => {
    const ok = await runCli(['import', '--target', server.url(target), `DIRECTORY=${dir}`, 'DUMPFILE=set%U.dmp', `REMAP_SCHEMA=${schema}:${remapped}`]);
    expect(ok.code).toBe(0);
    // The same rows again into the same tables: every row breaks the primary key.
    const again = await runCli(['import', '--target', server.url(target), `DIRECTORY=${dir}`, 'DUMPFILE=set%U.dmp', `REMAP_SCHEMA=${schema}:${remapped}`, 'TABLE_EXISTS_ACTION=APPEND']);
    expect(again.code).toBe(5);
    expect(again.stdout).toMatch(/completed with \d+ error\(s\)/);
    before = tablesOf(server, target, targetSchemas);
  });
});

describe('passwords of database logins (MariaDB user with a password)', () => {
  const db = scratchName();
  const user = `${db}_u`;
  const secret = 'S3cret-login-pw';

  beforeAll(() => {
    mysql.createDatabase(db);
    createSample(mysql, db, db, 100);
    mysql.exec(db, `CREATE USER '${user}'@'%' IDENTIFIED BY '${secret}'; GRANT ALL ON ${db}.* TO '${user}'@'%';`);
  });

  afterAll(() => {
    mysql.exec(db, `DROP USER IF EXISTS '${user}'@'%'`);
    mysql.dropDatabase(db);
  });

  const url = (password?: string): string => {
    const u = new URL(MYSQL_URL);
    u.username = user;
    u.password = password ?? '';
    u.pathname = `/${db}`;
    return u.toString();
  };

  it('a wrong password is refused with one message that shows neither password', async () => {
    const r = await runCli(['jobs', '--source', url('Wr0ng-pw')]);
    expectOneClearError(r, new RegExp(`refused the login of ${user}: wrong user or password\\. Give the password in SLUICE_SOURCE_PASSWORD`));
    expect(r.stderr).not.toContain('Wr0ng-pw');
    expect(r.stderr).toContain(':********@');
    expect(r.stderr).toMatch(/^Warning: SOURCE holds a password in its URL/);
  });

  it('the password from SLUICE_SOURCE_PASSWORD works, and is not shown', async () => {
    const r = await runCli(['jobs', '--source', url()], { env: { SLUICE_SOURCE_PASSWORD: secret } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^No Sluice jobs in mysql:\/\/\S+@/);
    expect(r.stdout).not.toContain(secret);
  });
});
