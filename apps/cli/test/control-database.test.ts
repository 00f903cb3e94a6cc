import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliProcess, ensureBuilt, runCli } from './support/cli.js';
import { mysql, postgres, TEST_SERVERS, type TestServer } from '../../../test-support/sql-clients.js';
import { scratchName } from '../../../test-support/scratch.js';
import { createSample, fingerprint, tablesOf } from './support/sample-data.js';

// A user with only SELECT on the source, as pg_dump and mysqldump need, exports with CONTROL=: the
// job's master table lives in a control database on the same server or on the other engine's.
beforeAll(() => ensureBuilt());

/** The URL as another user, without a password (both test servers trust local logins). */
function asUser(url: string, user: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = '';
  return u.toString();
}

describe.each(TEST_SERVERS)('a read-only user exports from $engine', (server: TestServer) => {
  const pg = server.engine === 'postgres';
  const other = pg ? mysql : postgres;
  const source = scratchName();
  const target = scratchName();
  const control = scratchName();
  const otherControl = scratchName();
  const schema = pg ? 'hr' : source;
  const user = scratchName('ro');
  const readOnlyUrl = asUser(server.url(source), user);
  const dir = mkdtempSync(join(tmpdir(), `sluice-control-${server.engine}-`));
  let expected = '';
  /** MySQL databases the imports created. */
  const created: string[] = [];

  beforeAll(() => {
    for (const db of [source, target, control]) server.createDatabase(db);
    other.createDatabase(otherControl);
    createSample(server, source, schema, 500);
    expected = fingerprint(server, source, schema);
    if (pg) {
      server.exec('postgres', `CREATE ROLE ${user} LOGIN`);
      server.exec(source, `REVOKE CREATE ON SCHEMA public FROM PUBLIC; GRANT USAGE ON SCHEMA hr TO ${user}; GRANT SELECT ON ALL TABLES IN SCHEMA hr TO ${user};`);
    } else {
      server.exec(source, `CREATE USER '${user}'@'%'; GRANT SELECT ON \`${source}\`.* TO '${user}'@'%';`);
    }
  });

  afterAll(() => {
    for (const db of [source, target, control, ...created]) server.dropDatabase(db);
    other.dropDatabase(otherControl);
    if (pg) server.exec('postgres', `DROP ROLE IF EXISTS ${user}`);
    else server.exec('mysql', `DROP USER IF EXISTS '${user}'@'%'`);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Import the set as the administrator into a new schema (MySQL: database) and compare its rows with the source's. */
  async function importedRows(dumpfile: string, tag: string): Promise<string> {
    const into = pg ? `hr_${tag}` : `${target}_${tag}`;
    if (!pg) created.push(into);
    const imp = await runCli(['import', '--target', server.url(target), `DIRECTORY=${dir}`, `DUMPFILE=${dumpfile}`, `REMAP_SCHEMA=${schema}:${into}`]);
    expect(imp.stderr).toBe('');
    expect(imp.code).toBe(0);
    return fingerprint(server, target, into);
  }

  it('without CONTROL: a clear error naming CONTROL=, and no master table left in the source', async () => {
    const before = tablesOf(server, source);
    const r = await runCli(['export', '--source', readOnlyUrl, `SCHEMAS=${schema}`, `DIRECTORY=${dir}`, 'DUMPFILE=none.dmp']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^sluice: The job's master table cannot be created in the source database \S+: .*Give CONTROL=URL \(or --control URL\): a database where this user may create tables/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(tablesOf(server, source)).toEqual(before);
  });

  it(`with CONTROL= on ${server.engine}: the set imports to exactly the source rows, and the job is listed in the control database`, async () => {
    const r = await runCli(['export', '--source', readOnlyUrl, `CONTROL=${server.url(control)}`, `SCHEMAS=${schema}`, `DIRECTORY=${dir}`, 'DUMPFILE=same.dmp', 'JOB_NAME=RO_SAME', 'KEEP_MASTER=Y']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`\\. \\. exported "${schema}"\\."emp"\\s+[\\d.]+ [KM]?B\\s+500 rows`));
    const jobs = await runCli(['jobs', '--control', server.url(control)]);
    expect(jobs.code).toBe(0);
    expect(jobs.stdout).toMatch(/^RO_SAME\s+\S+\s+EXPORT\s+SCHEMA\s+COMPLETED\s/m);
    expect(tablesOf(server, source).some((t) => t.endsWith('.RO_SAME'))).toBe(false);
    expect(await importedRows('same.dmp', 'same')).toBe(expected);
  });

  it('a stopped job resumes with attach --control URL --source URL --start', async () => {
    // Every row, slowly (a pause every 10 rows), so the job is still running when it is interrupted.
    const slow = pg ? `QUERY=hr.emp:"WHERE id % 10 <> 0 OR pg_sleep(0.1)::text = ''"` : `QUERY=${source}.emp:"WHERE id % 10 <> 0 OR SLEEP(0.1) = 0"`;
    const job = new CliProcess(['export', '--source', readOnlyUrl, '--control', server.url(control), `SCHEMAS=${schema}`, `DIRECTORY=${dir}`, 'DUMPFILE=stop%U.dmp', 'JOB_NAME=RO_STOP', slow]);
    await job.waitFor(/Total estimation using/);
    job.child.kill('SIGINT');
    await job.waitFor(/Export> $/);
    job.write('STOP_JOB=IMMEDIATE\n');
    await job.waitFor(/Are you sure you wish to stop this job \(\[yes\]\/no\): $/);
    job.write('yes\n');
    const stopped = await job.done();
    expect(stopped.code).toBe(1);
    const resume = `sluice attach RO_STOP --control ${server.url(control)} --source ${readOnlyUrl} --start`;
    expect(stopped.stdout).toContain(`Resume it with: ${resume}`);

    // The control database alone does not say which database the export reads.
    const alone = await runCli(['attach', 'RO_STOP', '--control', server.url(control), '--start']);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain('Job RO_STOP is an export whose master table is in the control database: give --source URL too');

    const resumed = await runCli(resume.split(' ').slice(1), { timeoutMs: 120_000 });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/"RO_STOP" successfully completed/);
    expect((await runCli(['jobs', '--control', server.url(control)])).stdout).not.toContain('RO_STOP');
    expect(await importedRows('stop%U.dmp', 'stop')).toBe(expected);
  }, 180_000);

  it(`with CONTROL= on ${other.engine}: the set imports to exactly the source rows, and the control database is left empty`, async () => {
    const r = await runCli(['export', '--source', readOnlyUrl, '--control', other.url(otherControl), `SCHEMAS=${schema}`, `DIRECTORY=${dir}`, 'DUMPFILE=other%U.dmp', 'PARALLEL=2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/successfully completed/);
    expect(tablesOf(other, otherControl).filter((t) => /SYS_EXPORT/.test(t))).toEqual([]);
    expect(await importedRows('other%U.dmp', 'other')).toBe(expected);
  });
});
