import { describe, expect, it } from 'vitest';
import { bigDigest, bigSource } from './support/big-table.js';
import { CliProcess, ensureBuilt, runCli } from './support/cli.js';
import { postgres } from '../../../test-support/sql-clients.js';
import { Gate } from './support/gate.js';

// The process that started an export is killed with -9 while another serves it (`attach --serve`),
// the set in a shared folder: the serving process finishes the work items, finds the job's first
// process gone, and completes the job itself, as a restart would: it closes the set with the master
// pieces (the dead process's files included) and drops the master table.

const ROWS = 20_000;

describe('an export whose starting process dies while another serves it (postgres)', () => {
  const big = bigSource(postgres, 'takeover', ROWS);
  const { source, sourceUrl, target, schema, dir } = big;
  const files = [`DIRECTORY=${dir}`, 'DUMPFILE=take%U.dmp'];
  const env = { SLUICE_CHUNK_TARGET_BYTES: String(64 * 1024) };

  it('the serving process completes the job: the set imports whole, every row once', async () => {
    ensureBuilt();
    const gate = new Gate(postgres, source, ROWS);
    await gate.closed();
    // The chunk the primary holds at the gate does not keep the rest of its batch: those go back for the serving processes.
    const primary = new CliProcess(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, ...files, 'JOB_NAME=SERVE_TAKE', gate.query(`${schema}.big`)], { env });
    await gate.waiting(1, [primary]);
    const server = new CliProcess(['attach', 'SERVE_TAKE', '--source', sourceUrl, '--serve'], { env });
    await gate.waiting(2, [primary, server]);
    primary.child.kill('SIGKILL');
    expect((await primary.done()).code).toBeNull();
    await gate.open();
    const s = await server.done(180_000);
    expect(s.stderr).toBe('');
    expect(s.code).toBe(0);
    expect(s.stdout).toContain('The process that started job SERVE_TAKE is gone (it holds no job lock): this process completes the job, as a restart (attach --start) would.');
    expect(s.stdout).toMatch(/Job "[^"]+"\."SERVE_TAKE" successfully completed/);
    expect(s.stdout).toContain('Job SERVE_TAKE has completed; this process took it over when the process that started it died, and completed it.');
    // It completed the job as its primary: the master table is gone (KEEP_MASTER=N).
    expect(postgres.query(source, `SELECT to_regclass('public."SERVE_TAKE"') IS NULL`)[0]?.[0]).toBe('t');
    const imp = await runCli(['import', '--target', postgres.url(target), ...files, `REMAP_SCHEMA=${schema}:take_copy`], { timeoutMs: 180_000 });
    expect(imp.code, imp.stdout + imp.stderr).toBe(0);
    expect(bigDigest(postgres, target, 'take_copy')).toBe(big.expected);
  }, 300_000);
});
