import { beforeAll, describe, expect, it } from 'vitest';
import { CliProcess, ensureBuilt, runCli } from './support/cli.js';
import { bigDigest, bigSource } from './support/big-table.js';
import { TEST_SERVERS, type TestServer } from '../../../test-support/sql-clients.js';
import { Gate } from './support/gate.js';

// A CLI export killed with SIGKILL: its job lock went with its connections, so `sluice jobs` shows it
// NOT RUNNING at once and `sluice attach --start` finishes it, with no wait for any timer. A gate (a
// lock the test holds, which the export's QUERY waits for) keeps the job mid-export until then.
beforeAll(() => ensureBuilt());

const ROWS = 60_000;

describe.each(TEST_SERVERS)('kill -9 of a CLI export on $engine', (server: TestServer) => {
  const big = bigSource(server, 'kill', ROWS);
  const { source, sourceUrl, target, schema, copy, dir } = big;

  it('a running job refuses --start naming its process; after SIGKILL, jobs says NOT RUNNING at once and attach --start completes it', async () => {
    const gate = new Gate(server, source, ROWS);
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
