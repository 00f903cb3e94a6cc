import type { Adapter } from '@sluice/adapter-kit';
import { open } from '@sluice/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from './support/child.js';
import { ENGINES, createScratch, type Scratch } from './support/engines.js';
import { dataItems, doneCount, endOf, jobItems, killJobSessions, logText, restartJob, type JobEnd, type KillSpec } from './support/faults.js';
import { createFixture, fixtureRows } from './support/fixture.js';
import { exportSchemas, importDump, TIMING, tempDir } from './support/jobs.js';

/** Small chunks, so a table is many items and a kill lands between the first and the last. */
const CHUNK_BYTES = 16384;
/** Each item is held this long before it is worked, with its master-table transaction open. */
const ITEM_DELAY_MS = 300;
const ROWS = 4000;

/**
 * Sessions terminated by an administrator mid-job (PostgreSQL pg_terminate_backend, MariaDB KILL):
 * the job either retries and completes with every row, or stops resumably and a restart completes
 * it; never a job that completes short.
 */
for (const engine of ENGINES) {
  describe(`sessions terminated mid-job (${engine})`, () => {
    let s: Scratch;
    let a: Adapter;
    let src: string;
    let source: Record<string, unknown[]>;
    const files = tempDir(`ft-${engine}`);

    beforeAll(async () => {
      s = await createScratch(engine);
      a = s.adapter();
      src = await createFixture(s, a, 'src', ROWS);
      source = await fixtureRows(s, a, src);
      const base = await exportSchemas(a, [src], files.dir, 'base%U.dmp', (job) => job.setParallel(2), 'base.log', { chunkTargetBytes: CHUNK_BYTES });
      expect(base.state).toBe('COMPLETED');
    });
    afterAll(async () => {
      await s?.drop();
      if (!process.env['SLUICE_KEEP_FILES']) files.cleanup();
    });

    /**
     * Run a job, kill `spec`'s sessions once a few of its chunks are done, and see it to the end:
     * completed at once (retried), or stopped with its master table kept and completed by a restart.
     */
    async function runAndKill(
      jobName: string,
      operation: 'EXPORT' | 'IMPORT',
      parallel: number,
      spec: KillSpec,
      define: (job: Awaited<ReturnType<typeof open>>) => Promise<void>,
    ): Promise<{ first: JobEnd; last: JobEnd; log: string }> {
      const job = await open({ operation, mode: operation === 'EXPORT' ? 'SCHEMA' : 'FULL', home: a, jobName, timing: TIMING, tuning: { chunkTargetBytes: CHUNK_BYTES, itemDelayMs: ITEM_DELAY_MS } });
      let first: JobEnd;
      try {
        await job.addFile({ kind: 'LOG', name: `${jobName}.log`, directory: files.dir });
        await define(job);
        await job.setParallel(parallel);
        await job.startJob();
        await until(async () => {
          const data = dataItems(await jobItems(a, jobName));
          // Items enough left that a worker holds one (for ITEM_DELAY_MS, in an open transaction) when the kill looks.
          return data.length > 0 && doneCount(data) >= 2 && doneCount(data) < data.length - 3 * parallel;
        }, `${jobName}: a few chunks done`);
        // Until one of the sessions is there to be killed (a worker between two items has none open).
        let killed = 0;
        await until(async () => (killed += await killJobSessions(s, a, jobName, spec)) > 0, `${jobName}: a session to kill`, 60_000, 5);
        expect(killed).toBeGreaterThan(0);
        first = await endOf(job);
      } finally {
        await job.detach().catch(() => undefined);
      }
      const last = first.state === 'COMPLETED' ? first : await restartJob(a, jobName);
      return { first, last, log: logText(files.dir, `${jobName}.log`) };
    }

    for (const parallel of [1, 2]) {
      it(`export at PARALLEL=${parallel}, its sessions terminated: the set imports to exactly the source rows`, async () => {
        const jobName = `KILLED_EXP_${parallel}`;
        // PARALLEL=2 on MariaDB: one worker's session, as the hang did.
        const spec: KillSpec = { snapshot: engine === 'mysql' && parallel === 2 ? 'one' : 'all', workers: engine === 'postgres' };
        const { first, last, log } = await runAndKill(jobName, 'EXPORT', parallel, spec, async (job) => {
          await job.addFile({ kind: 'DUMP', name: `${jobName}_%U.dmp`, directory: files.dir });
          await job.metadataFilter({ name: 'SCHEMA_LIST', value: `'${src}'` });
        });
        if (first.state !== 'COMPLETED') expect(first.failure).toMatch(/stopped because/);
        expect(last.state, log).toBe('COMPLETED');
        expect(last.errors, log).toBe(0);
        expect(log).not.toMatch(/being skipped/);

        const target = s.schema(`kx${parallel}`);
        const imp = await importDump(a, files.dir, `${jobName}_%U.dmp`, (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: target }), `${jobName}-import.log`);
        expect(imp.state).toBe('COMPLETED');
        expect(imp.errors, imp.log).toBe(0);
        expect(await fixtureRows(s, a, target)).toEqual(source);
      });

      it(`import at PARALLEL=${parallel}, its loading sessions terminated: the target ends with exactly the source rows`, async () => {
        const jobName = `KILLED_IMP_${parallel}`;
        const target = s.schema(`ki${parallel}`);
        const { first, last, log } = await runAndKill(jobName, 'IMPORT', parallel, { workers: true }, async (job) => {
          await job.addFile({ kind: 'DUMP', name: 'base%U.dmp', directory: files.dir });
          await job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: target });
        });
        if (first.state !== 'COMPLETED') expect(first.failure).toMatch(/stopped because/);
        expect(last.state, log).toBe('COMPLETED');
        expect(last.errors, log).toBe(0);
        expect(log).not.toMatch(/being skipped/);
        expect(await fixtureRows(s, a, target)).toEqual(source);
      });
    }
  });
}
