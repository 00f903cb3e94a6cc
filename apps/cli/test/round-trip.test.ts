import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePair } from './support/sample-pair.js';
import { ensureBuilt, runCli } from './support/cli.js';
import { TEST_SERVERS, type TestServer } from '../../../test-support/sql-clients.js';
import { fingerprint } from './support/sample-data.js';

// Export then import through the built CLI, on each server, in both parameter styles: the rows that
// arrive are the rows that left, the log has the familiar shape, and no secret is written anywhere.
beforeAll(() => ensureBuilt());

const PASSWORD = 'Tr0ub4dor&3-sluice';

describe.each(TEST_SERVERS)('round trips on $engine', (server: TestServer) => {
  const pair = samplePair(server, 'rt');
  const { pg, source, home, sourceUrl, target, schema, dir } = pair;
  const remapped = pair.remapped('copy');
  const remapped2 = pair.remapped('again');
  let expected = '';
  // The row counts the log and the master table show, exact on both engines.
  const count = (rows: number): string => String(rows);

  beforeAll(() => {
    pair.create();
    expected = fingerprint(server, source, schema);
  });

  afterAll(() => pair.drop([remapped, remapped2]));

  it('expdp form: export compressed, encrypted and checksummed into several files; long-option import with REMAP_SCHEMA', async () => {
    const exp = await runCli(
      [
        'export',
        `--source=${sourceUrl}`,
        `SCHEMAS=${schema}`,
        `DIRECTORY=${dir}`,
        'DUMPFILE=rt%U.dmp',
        'FILESIZE=64K',
        'COMPRESSION=ALL',
        'ENCRYPTION=ALL',
        'ENCRYPTION_ALGORITHM=AES256',
        'CHECKSUM=YES',
        'PARALLEL=2',
        'KEEP_MASTER=Y',
        'JOB_NAME=RT_EXPORT',
      ],
      { env: { SLUICE_ENCRYPTION_PASSWORD: PASSWORD } },
    );
    expect(exp.stderr).toBe('');
    expect(exp.code).toBe(0);
    expect(exp.stdout).toMatch(new RegExp(`\\. \\. exported "${schema}"\\."emp"\\s+[\\d.]+ [KM]?B\\s+${count(5000)} rows`));
    expect(exp.stdout).toMatch(/Job "[^"]+"\."RT_EXPORT" successfully completed at .* elapsed \d \d\d:\d\d:\d\d/);
    const files = readdirSync(dir).filter((f) => /^rt\d\d\.dmp$/.test(f));
    expect(files.length).toBeGreaterThan(1);

    const log = readFileSync(join(dir, 'export.log'), 'utf8');
    expect(log.split('\n')[0]).toMatch(/^Starting "[^"]+"\."RT_EXPORT":\s+sluice export --source=\S+ SCHEMAS=/);
    expect(log).toContain('successfully completed');

    const imp = await runCli(
      [
        'import',
        '--target',
        server.url(target),
        '--directory',
        dir,
        '--dumpfile',
        'rt%U.dmp',
        '--remap-schema',
        `${schema}:${remapped}`,
        '--verify-checksum',
        '--parallel',
        '2',
        '--logfile',
        'rt-import.log',
      ],
      { env: { SLUICE_ENCRYPTION_PASSWORD: PASSWORD } },
    );
    expect(imp.stderr).toBe('');
    expect(imp.code).toBe(0);
    expect(imp.stdout).toMatch(new RegExp(`\\. \\. imported "${remapped}"\\."emp"\\s+[\\d.]+ [KM]?B\\s+${count(5000)} rows`));
    expect(fingerprint(server, target, remapped)).toBe(expected);
    expect(readFileSync(join(dir, 'rt-import.log'), 'utf8')).toMatch(/Job "[^"]+"\."\w+" successfully completed/);

    // The kept master table is listed by `sluice jobs`, and holds no secret.
    const jobs = await runCli(['jobs', '--source', sourceUrl]);
    expect(jobs.code).toBe(0);
    expect(jobs.stdout).toMatch(/^JOB_NAME\s+OWNER\s+OPERATION\s+JOB_MODE\s+STATE\s+DEGREE/);
    expect(jobs.stdout).toMatch(/^RT_EXPORT\s+\S+\s+EXPORT\s+SCHEMA\s+COMPLETED\s+2\s/m);
    const master = server.query(home, pg ? `SELECT payload FROM public."RT_EXPORT"` : 'SELECT payload FROM `RT_EXPORT`');
    expect(master.length).toBeGreaterThan(0);
    expect(JSON.stringify(master)).not.toContain(PASSWORD);
    const attached = await runCli(['attach', 'RT_EXPORT', '--source', sourceUrl, '--start']);
    expect(attached.code).toBe(0);
    expect(attached.stdout).toContain('Job RT_EXPORT has completed; its master table was kept (KEEP_MASTER=Y)');
  });

  it('sluice info and verify read the set the export wrote; --contents lists its tables', async () => {
    const info = await runCli(['info', join(dir, 'rt01.dmp')]);
    expect(info.code).toBe(0);
    expect(info.stdout).toMatch(/^ {2}JOB_NAME:\s+RT_EXPORT$/m);
    expect(info.stdout).toMatch(new RegExp(`^  SOURCE_ENGINE:\\s+${server.engine}$`, 'm'));
    expect(info.stdout).toMatch(/^ {2}ENCRYPTION_ALG:\s+AES256$/m);
    expect(info.stdout).toMatch(/^ {2}FILE_CHECKSUM_ALG:\s+SHA256$/m);

    const contents = await runCli(['info', '--contents', `DIRECTORY=${dir}`, 'DUMPFILE=rt%U.dmp'], { env: { SLUICE_ENCRYPTION_PASSWORD: PASSWORD } });
    expect(contents.code).toBe(0);
    expect(contents.stdout).toMatch(new RegExp(`TABLE_DATA\\s+${schema}\\s+emp\\s+${count(5000)}\\s`));
    expect(contents.stdout).toMatch(new RegExp(`TABLE_DATA\\s+${schema}\\s+dept\\s+${count(5)}\\s`));

    const verify = await runCli(['verify', `DIRECTORY=${dir}`, 'DUMPFILE=rt%U.dmp', 'ENCRYPTION_PWD_PROMPT=N'], { env: { SLUICE_ENCRYPTION_PASSWORD: PASSWORD } });
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^OK: \d+ files?, every checksum matches\.$/m);
  });

  it('long-option form through a PARFILE, then an expdp-form import; a password on the command line is masked everywhere', async () => {
    const par = join(dir, 'exp.par');
    writeFileSync(
      par,
      ['# nightly export of one schema', `SCHEMAS=${schema}`, 'DUMPFILE=pf%U.dmp', 'COMPRESSION=DATA_ONLY  # data frames only', `EXCLUDE=INDEX:"LIKE 'nothing%'"`, 'LOGFILE=pf-export.log'].join('\n'),
    );
    const exp = await runCli(['export', '--source', sourceUrl, '--directory', dir, '--parfile', par, '--encryption-password', PASSWORD]);
    expect(exp.code).toBe(0);
    expect(exp.stderr).toContain('Warning: ENCRYPTION_PASSWORD on the command line can be read by other users');
    expect(exp.stdout + exp.stderr).not.toContain(PASSWORD);
    const log = readFileSync(join(dir, 'pf-export.log'), 'utf8');
    expect(log).toContain('--encryption-password=********');
    expect(log).toContain(`--parfile=${par}`);
    expect(log).not.toContain(PASSWORD);

    const pwFile = join(dir, 'pw.txt');
    writeFileSync(pwFile, `${PASSWORD}\n`);
    const imp = await runCli([
      'import',
      `--target=${server.url(target)}`,
      `DIRECTORY=${dir}`,
      'DUMPFILE=pf%U.dmp',
      `REMAP_SCHEMA=${schema}:${remapped2}`,
      `ENCRYPTION_PASSWORD_FILE=${pwFile}`,
      'LOGFILE=pf-import.log',
    ]);
    expect(imp.stderr).toBe('');
    expect(imp.code).toBe(0);
    expect(fingerprint(server, target, remapped2)).toBe(expected);
    expect(readFileSync(join(dir, 'pf-import.log'), 'utf8')).not.toContain(PASSWORD);
  });
});
