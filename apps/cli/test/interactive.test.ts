import { beforeAll, describe, expect, it } from 'vitest';
import { CliProcess, ensureBuilt, runCli } from './support/cli.js';
import { TEST_SERVERS, type TestServer } from '../../../test-support/sql-clients.js';
import { bigDigest, bigSource } from './support/big-table.js';
import { Gate } from './support/gate.js';

// Ctrl-C during a job: the Export> prompt, STATUS, PARALLEL, STOP_JOB, then `sluice attach --start`
// finishing the job from where it stopped; EXIT_CLIENT and KILL_JOB.
beforeAll(() => ensureBuilt());

const ROWS = 60_000;

/** A QUERY that keeps every row but pauses every 300 rows, so a job runs long enough to interrupt. */
function slowQuery(server: TestServer, table: string): string {
  return server.engine === 'postgres' ? `QUERY=${table}:"WHERE id % 300 <> 0 OR pg_sleep(0.03)::text = ''"` : `QUERY=${table}:"WHERE id % 300 <> 0 OR SLEEP(0.03) = 0"`;
}

describe.each(TEST_SERVERS)('interactive mode on $engine', (server: TestServer) => {
  const big = bigSource(server, 'int', ROWS);
  const { sourceUrl, target, schema, copy, dir } = big;

  it('Ctrl-C, STATUS, PARALLEL=2, STOP_JOB=IMMEDIATE; then attach --start finishes the job with every row once', async () => {
    const job = new CliProcess(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, `DIRECTORY=${dir}`, 'DUMPFILE=int%U.dmp', 'JOB_NAME=INT_JOB', slowQuery(server, `${schema}.big`)]);
    await job.waitFor(/Total estimation using/);
    job.child.kill('SIGINT');
    await job.waitFor(/Export> $/);
    let mark = job.stdout.length;
    job.write('STATUS\n');
    await job.waitFor(/Current Parallelism: 1[^]*Export> $/, 30_000, mark);
    expect(job.stdout.slice(mark)).toMatch(/Job: INT_JOB\n {2}Operation: EXPORT\n {2}Mode: SCHEMA\n {2}State: EXECUTING/);
    mark = job.stdout.length;
    job.write('PARALLEL=2\n');
    await job.waitFor(/Parallelism set to 2\.\nExport> $/, 30_000, mark);
    job.write('STOP_JOB=IMMEDIATE\n');
    await job.waitFor(/Are you sure you wish to stop this job \(\[yes\]\/no\): $/);
    job.write('yes\n');
    const stopped = await job.done();
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toContain(`Job INT_JOB stopped; its master table is kept. Resume it with: sluice attach INT_JOB --source ${sourceUrl} --start`);

    const jobs = await runCli(['jobs', '--source', sourceUrl]);
    expect(jobs.stdout).toMatch(/^INT_JOB\s+\S+\s+EXPORT\s+SCHEMA\s+(STOPPED|NOT RUNNING)\s+2\s/m);

    const resumed = await runCli(['attach', 'INT_JOB', '--source', sourceUrl, '--start', '--parallel', '2'], { timeoutMs: 120_000 });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/^ {2}State: IDLING$/m);
    expect(resumed.stdout).toMatch(/Job "[^"]+"\."INT_JOB" successfully completed/);
    expect((await runCli(['jobs', '--source', sourceUrl])).stdout).not.toContain('INT_JOB');

    const imp = await runCli(['import', '--target', server.url(target), `DIRECTORY=${dir}`, 'DUMPFILE=int%U.dmp', `REMAP_SCHEMA=${schema}:${copy}`]);
    expect(imp.code).toBe(0);
    expect(bigDigest(server, target, copy)).toBe(big.expected);
  });

  it('EXIT_CLIENT stops the job in an orderly way, says so, and attach --start resumes it', async () => {
    const job = new CliProcess([
      'export',
      '--source',
      sourceUrl,
      `SCHEMAS=${schema}`,
      `DIRECTORY=${dir}`,
      'DUMPFILE=exit%U.dmp',
      'JOB_NAME=EXIT_JOB',
      'NOLOGFILE=Y',
      slowQuery(server, `${schema}.big`),
    ]);
    await job.waitFor(/Total estimation using/);
    job.child.kill('SIGINT');
    await job.waitFor(/Export> $/);
    job.write('EXIT_CLIENT\n');
    const left = await job.done();
    expect(left.code).toBe(1);
    expect(left.stdout).toContain("The job's workers run in this process, so EXIT_JOB is stopped in an orderly way");
    expect(left.stdout).toContain(`Job EXIT_JOB stopped. Resume it with: sluice attach EXIT_JOB --source ${sourceUrl} --start`);
    const resumed = await runCli(['attach', 'EXIT_JOB', '--source', sourceUrl, '--start'], { timeoutMs: 120_000 });
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/"EXIT_JOB" successfully completed/);
  });

  it('a second client attaches to a job running in another process, watches it, and leaves it running', async () => {
    const gate = new Gate(server, big.source, ROWS);
    await gate.closed();
    const job = new CliProcess(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, `DIRECTORY=${dir}`, 'DUMPFILE=watch%U.dmp', 'JOB_NAME=WATCHED', 'NOLOGFILE=Y', gate.query(`${schema}.big`)]);
    // The job is held mid-export at the gate, however slow the machine, until the watcher has left.
    await gate.waiting(1, [job]);
    expect((await runCli(['jobs', '--source', sourceUrl])).stdout).toMatch(/^WATCHED\s+\S+\s+EXPORT\s+SCHEMA\s+EXECUTING\s/m);
    const watcher = await runCli(['attach', 'WATCHED', '--source', sourceUrl], { input: 'STATUS\nEXIT_CLIENT\n' });
    expect(watcher.code).toBe(0);
    expect(watcher.stdout).toMatch(/^ {2}State: EXECUTING$/m);
    expect(watcher.stdout).toContain('Detached from job WATCHED, which keeps running.');
    // The watcher left the job running: it is still at the gate, and its own process finishes it.
    expect(job.child.exitCode).toBeNull();
    await gate.open();
    const done = await job.done(120_000);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/"WATCHED" successfully completed/);
  });

  it('attach without --start shows the status; KILL_JOB drops a stopped job; end of input leaves it be', async () => {
    const job = new CliProcess([
      'export',
      '--source',
      sourceUrl,
      `SCHEMAS=${schema}`,
      `DIRECTORY=${dir}`,
      'DUMPFILE=kill%U.dmp',
      'JOB_NAME=KILL_ME',
      'NOLOGFILE=Y',
      slowQuery(server, `${schema}.big`),
    ]);
    await job.waitFor(/Total estimation using/);
    job.child.kill('SIGINT');
    await job.waitFor(/Export> $/);
    job.write('STOP_JOB\n\n'); // an empty answer is yes
    expect((await job.done()).code).toBe(1);

    const look = await runCli(['attach', 'KILL_ME', '--source', sourceUrl], { input: '' });
    expect(look.code).toBe(0);
    expect(look.stdout).toMatch(/^Job: KILL_ME$/m);
    expect(look.stdout).toContain('Left job KILL_ME; it is not running.');
    expect((await runCli(['jobs', '--source', sourceUrl])).stdout).toContain('KILL_ME');

    const kill = await runCli(['attach', 'KILL_ME', '--source', sourceUrl], { input: 'KILL_JOB\nyes\n' });
    expect(kill.stdout).toContain('Job KILL_ME killed; its master table is dropped');
    expect((await runCli(['jobs', '--source', sourceUrl])).stdout).not.toContain('KILL_ME');

    const gone = await runCli(['attach', 'KILL_ME', '--source', sourceUrl]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^sluice: .*KILL_ME/);
    expect(gone.stderr.trim().split('\n')).toHaveLength(1);
  });
});
