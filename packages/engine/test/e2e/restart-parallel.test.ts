import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Adapter, MasterRow } from '@sluice/adapter-kit';
import { attach, KU$_STATUS_JOB_STATUS, open } from '@sluice/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MasterTableStore } from '../../src/master-table/index.js';
import { startChild, stateAfterKill, until } from './support/child.js';
import { ENGINES, createScratch, type Scratch } from './support/engines.js';
import { createFixture, fixtureRows, schemaDdl } from './support/fixture.js';
import { exportSchemas, importDump, TIMING, tempDir } from './support/jobs.js';

/** Small chunks, so one table is many items and a kill lands between them. */
const CHUNK_BYTES = 32768;
/** Each item is held this long in the child, so the test can kill it where it wants. */
const ITEM_DELAY_MS = 60;
const ROWS = 20_000;

/** The job's items, read from its master table. */
async function items(a: Adapter, jobName: string): Promise<MasterRow[]> {
  const store = MasterTableStore.for(a, jobName);
  try {
    return await store.items();
  } finally {
    await store.close();
  }
}

/** Whether the job's plan counts (its run state says PLANNED or later): before that, a restart plans again from the start. */
async function planned(a: Adapter, jobName: string): Promise<boolean> {
  const store = MasterTableStore.for(a, jobName);
  try {
    return (await store.readRunState()).phase !== 'DEFINED';
  } finally {
    await store.close();
  }
}

const data = (rows: MasterRow[]): MasterRow[] => rows.filter((r) => r.itemKind === 'DATA');
const done = (rows: MasterRow[]): number => rows.filter((r) => r.state === 'DONE').length;

/**
 * Attach to a job whose process died (or stopped) and start it again, without waiting out any
 * staleness period: the dead process's job lock goes with its server sessions (stateAfterKill).
 */
async function restart(a: Adapter, dir: string, jobName: string, options: { skipCurrent?: boolean } = {}, target?: Adapter): Promise<{ state: string; errors: number; log: string }> {
  expect(['NOT RUNNING', 'STOPPED']).toContain(await stateAfterKill(a, jobName));
  const job = await attach(jobName, { home: a, timing: TIMING, tuning: { chunkTargetBytes: CHUNK_BYTES }, ...(target === undefined ? {} : { target }) });
  expect(await job.currentState()).toBe('IDLING');
  await job.startJob(options);
  const result = await job.waitForJob();
  await job.detach().catch(() => undefined);
  return { state: result.state, errors: result.errors, log: readFileSync(join(dir, `${jobName}.log`), 'utf8') };
}

for (const engine of ENGINES) {
  describe(`restart and parallel processes (${engine})`, () => {
    let s: Scratch;
    let a: Adapter;
    let src: string;
    let source: Record<string, unknown[]>;
    const files = tempDir(`rp-${engine}`);

    beforeAll(async () => {
      s = await createScratch(engine);
      a = s.adapter();
      src = await createFixture(s, a, 'big', ROWS);
      source = await fixtureRows(s, a, src);
      const base = await exportSchemas(a, [src], files.dir, 'base%U.dmp', (job) => job.setParallel(2), 'base.log', { chunkTargetBytes: CHUNK_BYTES });
      expect(base.state).toBe('COMPLETED');
    });
    afterAll(async () => {
      await s?.drop();
      if (!process.env['SLUICE_KEEP_FILES']) files.cleanup();
    });

    const exportPoints = [
      // Export items are held longer than import ones: every data item still to do must outlast the
      // reads of the master table between the point and the kill on a loaded machine (with 60 ms the
      // export sometimes finished first).
      { name: 'right after planning', ready: (rows: MasterRow[]) => data(rows).length > 0, delayMs: 500 },
      { name: 'half way through the data', ready: (rows: MasterRow[]) => data(rows).length > 0 && done(data(rows)) >= data(rows).length / 2, delayMs: 250 },
    ];
    for (const [n, point] of exportPoints.entries()) {
      it(`kill -9 of an export ${point.name}, then restart: the set imports to exactly the source rows`, async () => {
        const jobName = `KILL_EXP_${n}`;
        const child = await startChild({
          engine,
          url: s.url,
          action: 'export',
          jobName,
          dir: files.dir,
          dumpfile: `${jobName}_%U.dmp`,
          schemas: [src],
          parallel: 2,
          tuning: { itemDelayMs: point.delayMs, chunkTargetBytes: CHUNK_BYTES },
        });
        // Data items appear while the plan is written; it counts (and a restart reopens it) once the run state says PLANNED.
        await until(async () => point.ready(await items(a, jobName)) && (await planned(a, jobName)), `export ${point.name}`);
        const before = await items(a, jobName);
        expect(data(before).length).toBeGreaterThan(8);
        child.process.kill('SIGKILL');
        expect(await child.exited).toBe('SIGKILL');
        expect(done(data(before))).toBeLessThan(data(before).length);

        const result = await restart(a, files.dir, jobName);
        expect(result.state).toBe('COMPLETED');
        expect(result.errors, result.log).toBe(0);
        expect(result.log).toContain(`Job ${jobName} has been reopened at `);
        expect(result.log).toContain('The export continues from a new snapshot');

        const target = s.schema(`kx${n}`);
        const imp = await importDump(a, files.dir, `${jobName}_%U.dmp`, (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: target }), `${jobName}-import.log`);
        expect(imp.errors).toBe(0);
        expect(await fixtureRows(s, a, target)).toEqual(source);
      });
    }

    const importPoints = [
      { name: 'while creating tables', ready: (rows: MasterRow[]) => done(rows.filter((r) => r.itemKind === 'METADATA')) >= 2 && done(data(rows)) === 0 },
      { name: 'half way through the data', ready: (rows: MasterRow[]) => data(rows).length > 0 && done(data(rows)) >= data(rows).length / 2 },
      { name: 'while building indexes and constraints', ready: (rows: MasterRow[]) => rows.some((r) => r.itemKind === 'METADATA' && r.priority >= 3_000_000 && r.state !== 'PENDING') },
    ];
    for (const [n, point] of importPoints.entries()) {
      it(`kill -9 of an import ${point.name}, then restart: the target ends with exactly the source rows`, async () => {
        const jobName = `KILL_IMP_${n}`;
        const target = s.schema(`ki${n}`);
        const child = await startChild({
          engine,
          url: s.url,
          action: 'import',
          jobName,
          dir: files.dir,
          dumpfile: 'base%U.dmp',
          remap: [src, target],
          parallel: 2,
          tuning: { itemDelayMs: ITEM_DELAY_MS },
        });
        await until(async () => point.ready(await items(a, jobName)), `import ${point.name}`);
        child.process.kill('SIGKILL');
        expect(await child.exited).toBe('SIGKILL');

        const result = await restart(a, files.dir, jobName);
        expect(result.state).toBe('COMPLETED');
        expect(result.errors, result.log).toBe(0);
        expect(await fixtureRows(s, a, target)).toEqual(source);
        expect(await schemaDdl(a, target, src)).toEqual(await schemaDdl(a, src, src));
      });
    }

    it("kill -9 of an import into a database other than the master table's, then restart: no row lost or doubled", async () => {
      const jobName = 'KILL_IMP_CONTROL';
      const target = s.schema('kictl');
      const child = await startChild({
        engine,
        url: s.url,
        action: 'import',
        jobName,
        dir: files.dir,
        dumpfile: 'base%U.dmp',
        remap: [src, target],
        parallel: 2,
        separateTarget: true,
        tuning: { itemDelayMs: ITEM_DELAY_MS },
      });
      await until(async () => {
        const rows = data(await items(a, jobName));
        return rows.length > 0 && done(rows) >= rows.length / 2;
      }, 'half the chunks loaded');
      child.process.kill('SIGKILL');
      expect(await child.exited).toBe('SIGKILL');
      const result = await restart(a, files.dir, jobName, {}, s.adapter());
      expect(result.state).toBe('COMPLETED');
      expect(result.errors, result.log).toBe(0);
      expect(await fixtureRows(s, a, target)).toEqual(source);
    });

    it('stop (immediate), attach and start again finishes the import with every row once', async () => {
      const target = s.schema('stopped');
      const job = await open({ operation: 'IMPORT', mode: 'FULL', home: a, jobName: 'STOP_START', timing: TIMING, tuning: { itemDelayMs: 60 } });
      await job.addFile({ kind: 'DUMP', name: 'base%U.dmp', directory: files.dir });
      await job.addFile({ kind: 'LOG', name: 'STOP_START.log', directory: files.dir });
      await job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: target });
      await job.setParallel(2);
      try {
        await job.startJob();
        await until(async () => done(data(await items(a, 'STOP_START'))) >= 3, 'some chunks loaded');
        await job.stopJob({ immediate: true, keepMaster: true });
        const stopped = await job.waitForJob();
        expect(stopped.state).toBe('STOPPED');
      } finally {
        await job.detach().catch(() => undefined);
      }
      const left = await items(a, 'STOP_START');
      expect(done(data(left))).toBeLessThan(data(left).length);
      const result = await restart(a, files.dir, 'STOP_START');
      expect(result.state).toBe('COMPLETED');
      expect(result.log).toMatch(/^Job "[^"]+"\."STOP_START" stopped by user request at /m);
      expect(await fixtureRows(s, a, target)).toEqual(source);
    });

    it('SET_PARALLEL while executing starts more workers; status shows bytes, rows, percent and workers', async () => {
      const target = s.schema('reparallel');
      const jobName = 'SET_PARALLEL';
      const job = await open({ operation: 'IMPORT', mode: 'FULL', home: a, jobName, timing: TIMING, tuning: { itemDelayMs: 60 } });
      await job.addFile({ kind: 'DUMP', name: 'base%U.dmp', directory: files.dir });
      await job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: target });
      await job.setParameter('KEEP_MASTER', 1);
      try {
        await job.startJob();
        await until(async () => done(data(await items(a, jobName))) >= 2, 'two chunks loaded by one worker');
        const one = (await job.getStatus(KU$_STATUS_JOB_STATUS, 0)).jobStatus;
        expect(one?.workerStatusList.length).toBe(1);
        await job.setParallel(3);
        await until(async () => ((await job.getStatus(KU$_STATUS_JOB_STATUS, 0)).jobStatus?.workerStatusList.length ?? 0) === 3, 'three workers');
        // Figures follow finished items within a fraction of a second.
        await until(async () => ((await job.getStatus(KU$_STATUS_JOB_STATUS, 0)).jobStatus?.rowsProcessed ?? 0) > 0, 'rows in the status');
        const status = (await job.getStatus(KU$_STATUS_JOB_STATUS, 0)).jobStatus;
        expect(status?.degree, 'degree in the status').toBe(3);
        expect(status?.totalBytes).toBeGreaterThan(0);
        expect(status?.bytesProcessed).toBeGreaterThan(0);
        expect(status?.rowsProcessed).toBeGreaterThan(0);
        expect(status?.percentDone).toBeGreaterThan(0);
        expect(status?.percentDone).toBeLessThan(100);
        expect((await job.waitForJob()).state).toBe('COMPLETED');
      } finally {
        await job.detach().catch(() => undefined);
      }
      const rows = await items(a, jobName);
      const workers = new Set(data(rows).map((r) => r.worker?.split(':').pop()));
      expect(workers.size, 'workers that loaded chunks').toBeGreaterThanOrEqual(2);
      expect(await fixtureRows(s, a, target)).toEqual(source);
      const store = MasterTableStore.for(a, jobName);
      await store.drop();
      await store.close();
    });

    it("a session of another process attaches (both counted) and its LOG_ENTRY reaches the running job's log file", async () => {
      const target = s.schema('noted');
      const jobName = 'NOTED_ELSEWHERE';
      const child = await startChild({ engine, url: s.url, action: 'import', jobName, dir: files.dir, dumpfile: 'base%U.dmp', remap: [src, target], keepMaster: true, tuning: { itemDelayMs: 100 } });
      await child.waitFor('STARTED');
      const first = await attach(jobName, { home: a, timing: TIMING });
      const second = await attach(jobName, { home: s.adapter(), timing: TIMING });
      try {
        const status = await first.getStatus(KU$_STATUS_JOB_STATUS, 0);
        expect(status.jobStatus?.attachedSessions, 'the child and two attached sessions').toBe(3);
        await first.logEntry('Operator note from another process: checked by DBA on call');
      } finally {
        await second.detach();
        await first.detach();
      }
      await child.waitFor('DONE', 60_000);
      expect(child.output()).toContain('DONE COMPLETED 0');
      expect(readFileSync(join(files.dir, `${jobName}.log`), 'utf8')).toContain('Operator note from another process: checked by DBA on call');
      expect(await fixtureRows(s, a, target)).toEqual(source);
      const store = MasterTableStore.for(a, jobName);
      await store.drop();
      await store.close();
    });

    it('two processes serve one import: each item done once, by workers of both', async () => {
      const target = s.schema('served');
      const jobName = 'TWO_PROCESSES';
      const job = await open({ operation: 'IMPORT', mode: 'FULL', home: a, jobName, timing: TIMING, tuning: { itemDelayMs: 80 } });
      await job.addFile({ kind: 'DUMP', name: 'base%U.dmp', directory: files.dir });
      await job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: target });
      await job.setParameter('KEEP_MASTER', 1);
      await job.setParallel(2);
      try {
        await job.startJob();
        const helper = await startChild({ engine, url: s.url, action: 'serve', jobName, dir: files.dir, dumpfile: 'base%U.dmp', tuning: { itemDelayMs: 80 } });
        const result = await job.waitForJob();
        expect(result.state).toBe('COMPLETED');
        expect(result.errors).toBe(0);
        await helper.waitFor('DONE', 30_000);
      } finally {
        await job.detach().catch(() => undefined);
      }
      const rows = await items(a, jobName);
      const pids = new Set(rows.filter((r) => r.state === 'DONE' && r.worker !== null).map((r) => r.worker!.split(':')[1]));
      expect(pids.size).toBe(2);
      expect(data(rows).every((r) => r.state === 'DONE' && r.attempts === 1)).toBe(true);
      expect(await fixtureRows(s, a, target)).toEqual(source);
      const store = MasterTableStore.for(a, jobName);
      await store.drop();
      await store.close();
    });
  });
}
