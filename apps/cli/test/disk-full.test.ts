import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePair } from './support/sample-pair.js';
import { ensureBuilt, runCli } from './support/cli.js';
import { TEST_SERVERS, type TestServer } from '../../../test-support/sql-clients.js';
import { fingerprint } from './support/sample-data.js';

// A dump folder that fills up, as a user meets it: the export exits 1 with one line saying what to
// free and the command that resumes the job; that command, once there is space, completes the set.
beforeAll(() => ensureBuilt());

describe.each(TEST_SERVERS)('a full dump folder on $engine', (server: TestServer) => {
  const pair = samplePair(server, 'full');
  const { sourceUrl, target, schema } = pair;
  const remapped = pair.remapped('back');
  const small = mkdtempSync(join(tmpdir(), `sluice-full-fs-${server.engine}-`));
  let mounted = false;
  let expected = '';

  beforeAll(() => {
    pair.create(20_000);
    expected = fingerprint(server, pair.source, schema);
    // A 400 KB folder, against about 1 MB of rows (the tests run as root).
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=400k', 'tmpfs', small]);
    mounted = true;
  });
  afterAll(() => {
    if (mounted) execFileSync('umount', [small]);
    rmSync(small, { recursive: true, force: true });
    pair.drop([remapped]);
  });

  it('exits 1 saying what to free and how to resume; `sluice attach JOB --start` then completes the set', async () => {
    const env = { SLUICE_CHUNK_TARGET_BYTES: '65536' };
    const exp = await runCli(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, `DIRECTORY=${small}`, 'DUMPFILE=full%U.dmp', 'NOLOGFILE=Y', 'JOB_NAME=FULL_DISK', 'PARALLEL=2'], { env });
    const out = exp.stdout + exp.stderr;
    expect(exp.code, out).toBe(1);
    // The job log says it once, however many workers hit the full disk.
    expect(exp.stdout.split('\n').filter((l) => /^Job .* stopped because .*ENOSPC/.test(l))).toHaveLength(1);
    expect(out).toMatch(/Free space where the dump files are written, then resume the job: sluice attach FULL_DISK --source URL --start/);
    const resume = /resume with (sluice attach FULL_DISK --source \S+ --start)/.exec(exp.stderr);
    expect(resume, exp.stderr).not.toBeNull();
    expect(out).not.toMatch(/being skipped|successfully completed|completed with/);

    execFileSync('mount', ['-o', 'remount,size=64m', small]);
    const args = (resume?.[1] ?? '').split(' ').slice(1);
    const again = await runCli(args, { env });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toMatch(/table data item\(s\) that failed in an earlier run will be done again/);

    const imp = await runCli(['import', '--target', server.url(target), `DIRECTORY=${small}`, 'DUMPFILE=full%U.dmp', 'NOLOGFILE=Y', `REMAP_SCHEMA=${schema}:${remapped}`]);
    expect(imp.code, imp.stdout + imp.stderr).toBe(0);
    expect(fingerprint(server, target, remapped)).toBe(expected);
  });
});
