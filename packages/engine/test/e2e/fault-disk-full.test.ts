import { execFileSync } from 'node:child_process';
import type { Adapter } from '@sluice/adapter-kit';
import { open } from '@sluice/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createScratch, type Scratch } from './support/engines.js';
import { dataItems, endOf, jobItems, jobState, logText, masterExists, restartJob } from './support/faults.js';
import { createFixture, fixtureRows } from './support/fixture.js';
import { importDump, TIMING, tempDir } from './support/jobs.js';

/** Chunks of 64 KiB, so the folder fills up part way through the table's data. */
const CHUNK_BYTES = 65536;
/** About 800 KB of rows in the dump, against a folder of 400 KB. */
const ROWS = 12_000;

/** Mount a tmpfs of `size` on `dir` (the tests run as root), or change the size of the one there. */
function mountTmpfs(dir: string, size: string, remount = false): void {
  execFileSync('mount', remount ? ['-o', `remount,size=${size}`, dir] : ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
}

/**
 * The dump folder fills up mid-export (ENOSPC): the job stops with its master table kept and one
 * clear line saying so; once space is freed, a restart completes it and the set imports to exactly
 * the source rows.
 */
for (const engine of ENGINES) {
  describe(`dump folder full (${engine})`, () => {
    let s: Scratch;
    let a: Adapter;
    let src: string;
    let source: Record<string, unknown[]>;
    const files = tempDir(`dfull-${engine}`);
    const small = tempDir(`dfull-fs-${engine}`);
    let mounted = false;

    beforeAll(async () => {
      mountTmpfs(small.dir, '400k');
      mounted = true;
      s = await createScratch(engine);
      a = s.adapter();
      src = await createFixture(s, a, 'src', ROWS);
      source = await fixtureRows(s, a, src);
    });
    afterAll(async () => {
      if (mounted) execFileSync('umount', [small.dir]);
      small.cleanup();
      await s?.drop();
      if (!process.env['SLUICE_KEEP_FILES']) files.cleanup();
    });

    it('stops with its master table kept and one ENOSPC line; after space is freed a restart completes the set', async () => {
      const jobName = 'DISK_FULL';
      const logName = `${jobName}.log`;
      const job = await open({ operation: 'EXPORT', mode: 'SCHEMA', home: a, jobName, timing: TIMING, tuning: { chunkTargetBytes: CHUNK_BYTES } });
      try {
        await job.addFile({ kind: 'DUMP', name: 'full%U.dmp', directory: small.dir });
        // The log goes elsewhere, so it can say what happened.
        await job.addFile({ kind: 'LOG', name: logName, directory: files.dir });
        await job.metadataFilter({ name: 'SCHEMA_LIST', value: `'${src}'` });
        await job.setParallel(2);
        await job.startJob();
        const stopped = await endOf(job);
        expect(stopped.state).toBe('STOPPED');
        expect(stopped.failure).toMatch(/stopped because table data .* could not be exported: .*(ENOSPC|no space left)/i);
        expect(stopped.failure).toContain('Free space where the dump files are written');
      } finally {
        await job.detach().catch(() => undefined);
      }
      const log = logText(files.dir, logName);
      const spaceLines = log.split('\n').filter((l) => /ENOSPC|no space left/i.test(l));
      expect(spaceLines, log).toHaveLength(1);
      expect(spaceLines[0]).toMatch(
        new RegExp(
          `^Job "[^"]+"\\."${jobName}" stopped because table data .* could not be exported: .*Free space where the dump files are written, then resume the job: sluice attach ${jobName} --source URL --start`,
        ),
      );
      expect(log).not.toMatch(/being skipped|successfully completed|completed with/);
      expect(await masterExists(a, jobName)).toBe(true);
      expect(await jobState(a, jobName)).toBe('NOT RUNNING');
      const left = dataItems(await jobItems(a, jobName));
      expect(left.filter((r) => r.state === 'FAILED').length).toBeGreaterThan(0);
      expect(left.every((r) => r.state !== 'SKIPPED')).toBe(true);

      // Space freed: the restart redoes the failed chunks and completes with every row.
      mountTmpfs(small.dir, '64m', true);
      const again = await restartJob(a, jobName);
      const after = logText(files.dir, logName);
      expect(again.state, after).toBe('COMPLETED');
      expect(again.errors, after).toBe(0);
      expect(after).toMatch(/\d+ table data item\(s\) that failed in an earlier run will be done again/);
      expect(await masterExists(a, jobName)).toBe(false);

      const target = s.schema('back');
      const imp = await importDump(a, small.dir, 'full%U.dmp', (j) => j.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: target }), 'full-import.log');
      expect(imp.state).toBe('COMPLETED');
      expect(imp.errors, imp.log).toBe(0);
      expect(await fixtureRows(s, a, target)).toEqual(source);
    });
  });
}
