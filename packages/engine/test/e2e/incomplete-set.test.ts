import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Adapter, MasterRow } from '@sluice/adapter-kit';
import { DumpSetReader } from '@sluice/dump-format';
import { attach, KU$_STATUS_JOB_STATUS, open, readMasterDocument, type MasterDocument } from '@sluice/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MasterTableStore } from '../../src/master-table/index.js';
import { startChild, until } from './support/child.js';
import { ENGINES, createScratch, type Scratch } from './support/engines.js';
import { createFixture, fixtureRows } from './support/fixture.js';
import { exportSchemas, importDump, TIMING, tempDir } from './support/jobs.js';
import { sql } from './support/sql.js';

// A set whose export did not finish every table is INCOMPLETE: its master says so and an import
// refuses it unless DATA_OPTIONS=ACCEPT_INCOMPLETE_SET. FILESIZE reached with one DUMPFILE: the
// export waits for ADD_FILE instead of dropping the table's rows.

/** Small chunks, so one table is many items and a kill lands between them. */
const CHUNK_BYTES = 32768;
const ROWS = 20_000;

async function items(a: Adapter, jobName: string): Promise<MasterRow[]> {
  const store = MasterTableStore.for(a, jobName);
  try {
    return await store.items();
  } finally {
    await store.close();
  }
}

async function masterOf(dir: string, files: string[]): Promise<MasterDocument> {
  const reader = await DumpSetReader.open({ directory: dir, files });
  try {
    return readMasterDocument(await reader.master());
  } finally {
    await reader.close();
  }
}

/** Tables a schema holds on the target (none when the schema is not there). */
async function tablesIn(a: Adapter, schema: string): Promise<number> {
  const rows = await sql(a, `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = '${schema}'`);
  return Number(rows[0]?.['n'] ?? 0);
}

for (const engine of ENGINES) {
  describe(`incomplete dump file sets and FILESIZE waits (${engine})`, () => {
    let s: Scratch;
    let a: Adapter;
    let src: string;
    let source: Record<string, unknown[]>;
    const files = tempDir(`inc-${engine}`);

    beforeAll(async () => {
      s = await createScratch(engine);
      a = s.adapter();
      src = await createFixture(s, a, 'inc', ROWS);
      source = await fixtureRows(s, a, src);
    });
    afterAll(async () => {
      await s?.drop();
      if (!process.env['SLUICE_KEEP_FILES']) files.cleanup();
    });

    it('kill -9 of an export, restart with skip_current: the set is INCOMPLETE; import refuses it, or loads what it holds with DATA_OPTIONS=ACCEPT_INCOMPLETE_SET', async () => {
      const jobName = 'INC_EXP';
      const child = await startChild({
        engine,
        url: s.url,
        action: 'export',
        jobName,
        dir: files.dir,
        dumpfile: 'inc%U.dmp',
        schemas: [src],
        parallel: 1,
        tuning: { itemDelayMs: 250, chunkTargetBytes: CHUNK_BYTES },
      });
      // Each item is held 250 ms before it is worked, so a kill right after a look finds it in progress.
      await until(async () => {
        const data = (await items(a, jobName)).filter((r) => r.itemKind === 'DATA');
        return data.filter((r) => r.state === 'DONE').length >= 2 && data.some((r) => r.state === 'RUNNING');
      }, 'two chunks exported and one in progress');
      child.process.kill('SIGKILL');
      expect(await child.exited).toBe('SIGKILL');
      const running = (await items(a, jobName)).filter((r) => r.itemKind === 'DATA' && r.state === 'RUNNING');
      expect(running).toHaveLength(1);
      const table = running[0]!.objectName!;
      const planned = (await items(a, jobName)).filter((r) => r.itemKind === 'DATA' && r.objectName === table).length;

      // The killed process's job lock went with it: the job can be restarted at once.
      const job = await attach(jobName, { home: a, timing: TIMING });
      await job.startJob({ skipCurrent: true });
      const restarted = await job.waitForJob();
      await job.detach().catch(() => undefined);
      const log = readFileSync(join(files.dir, `${jobName}.log`), 'utf8');
      expect(restarted.state).toBe('COMPLETED');
      expect(restarted.errors, log).toBe(1);
      expect(restarted.exitCode).toBe(5);
      const named = `"${src}"."${table}" (1 of ${planned} chunk${planned === 1 ? '' : 's'} SKIPPED)`;
      expect(log).toContain('The dump file set is INCOMPLETE');
      expect(log).toContain(`Table data ${named} is not in the dump file set.`);

      const master = await masterOf(files.dir, ['inc%U.dmp']);
      expect(master.complete).toBe(false);
      expect(master.missing).toEqual([{ schema: src, name: table, partition: null, chunks: 1, plannedChunks: planned, states: ['SKIPPED'] }]);

      // Without the option: refused before anything is created on the target.
      const refusedInto = s.schema('inc_refused');
      const refused = await importDump(a, files.dir, 'inc%U.dmp', (j) => j.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: refusedInto }), 'inc-refused.log').catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'JOB_FAILED' });
      expect((refused as Error).message).toContain(`is INCOMPLETE: its export did not finish ${named}`);
      expect((refused as Error).message).toContain('DATA_OPTIONS=ACCEPT_INCOMPLETE_SET');
      expect(await tablesIn(a, refusedInto)).toBe(0);

      // A table the import leaves out on purpose does not count.
      const withoutInto = s.schema('inc_without');
      const without = await importDump(
        a,
        files.dir,
        'inc%U.dmp',
        async (j) => {
          await j.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: withoutInto });
          await j.dataFilter({ name: 'INCLUDE_ROWS', value: 0, table: { schema: src, name: table } });
        },
        'inc-without.log',
      );
      expect(without.state).toBe('COMPLETED');
      expect(without.errors, without.log).toBe(0);

      // With the option: what the set holds is loaded, the missing table named, and the job ends with errors.
      const acceptedInto = s.schema('inc_accepted');
      const accepted = await importDump(
        a,
        files.dir,
        'inc%U.dmp',
        async (j) => {
          await j.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: acceptedInto });
          await j.setParameter('DATA_OPTIONS', 'ACCEPT_INCOMPLETE_SET');
        },
        'inc-accepted.log',
      );
      expect(accepted.state).toBe('COMPLETED');
      expect(accepted.errors, accepted.log).toBe(1);
      expect(accepted.log).toContain(`Table data ${named} is not in the dump file set, whose export did not finish it`);
      const loaded = await fixtureRows(s, a, acceptedInto);
      for (const [t, rows] of Object.entries(source)) {
        if (t !== table) expect(loaded[t], t).toEqual(rows);
      }
      const partial = loaded[table] ?? [];
      expect(partial.length).toBeGreaterThan(0);
      expect(partial.length).toBeLessThan((source[table] ?? []).length);
      const keys = new Set((source[table] ?? []).map((r) => JSON.stringify(r)));
      expect(partial.every((r) => keys.has(JSON.stringify(r)))).toBe(true);
    });

    it('an export that leaves rows out on purpose (INCLUDE_ROWS=0, QUERY) writes a complete set', async () => {
      const exp = await exportSchemas(
        a,
        [src],
        files.dir,
        'purpose%U.dmp',
        async (job) => {
          await job.dataFilter({ name: 'INCLUDE_ROWS', value: 0, table: { schema: src, name: 'notes' } });
          await job.dataFilter({ name: 'QUERY', value: 'WHERE id <= 100', table: { schema: src, name: 'emp' } });
        },
        'purpose.log',
      );
      expect(exp.errors, exp.log).toBe(0);
      expect(exp.log).not.toContain('INCOMPLETE');
      const master = await masterOf(files.dir, ['purpose%U.dmp']);
      expect(master.complete).toBe(true);
      expect(master.missing).toEqual([]);
    });

    it('FILESIZE reached with one DUMPFILE: the export waits for ADD_FILE from another session, then finishes; the set imports to exactly the source rows', async () => {
      const jobName = 'FULL_FILE';
      const job = await open({ operation: 'EXPORT', mode: 'SCHEMA', home: a, jobName, timing: TIMING });
      try {
        await job.addFile({ kind: 'DUMP', name: 'single.dmp', directory: files.dir, fileSize: 256 * 1024 });
        await job.addFile({ kind: 'LOG', name: `${jobName}.log`, directory: files.dir });
        await job.metadataFilter({ name: 'SCHEMA_LIST', value: `'${src}'` });
        await job.startJob();
        const logPath = join(files.dir, `${jobName}.log`);
        await until(async () => existsSync(logPath) && readFileSync(logPath, 'utf8').includes('The dump file set needs another file'), 'the export to ask for a file');
        expect(readFileSync(logPath, 'utf8')).toMatch(
          /^The dump file set needs another file: FILESIZE=256 KB reached in single\.dmp, the last of DUMPFILE=single\.dmp; add one with ADD_FILE=name\. The job waits until then\.$/m,
        );
        const status = await job.getStatus(KU$_STATUS_JOB_STATUS, 0);
        expect(status.state).toBe('EXECUTING');
        expect(status.jobStatus?.workerStatusList.map((w) => w.state)).toContain('WAITING FOR FILE');

        const other = await attach(jobName, { home: s.adapter(), timing: TIMING });
        await other.addFile({ kind: 'DUMP', name: 'added%U.dmp', directory: files.dir });
        await other.detach();

        const result = await job.waitForJob();
        expect(result.state).toBe('COMPLETED');
        expect(result.errors, readFileSync(logPath, 'utf8')).toBe(0);
      } finally {
        await job.detach().catch(() => undefined);
      }
      const master = await masterOf(files.dir, ['single.dmp', 'added%U.dmp']);
      expect(master.complete).toBe(true);
      const target = s.schema('filesize');
      const imp = await importDump(
        a,
        files.dir,
        'single.dmp',
        async (j) => {
          await j.addFile({ kind: 'DUMP', name: 'added%U.dmp', directory: files.dir });
          await j.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: target });
        },
        'filesize-import.log',
      );
      expect(imp.errors, imp.log).toBe(0);
      expect(await fixtureRows(s, a, target)).toEqual(source);
    });

    it('STOP_JOB while the export waits for a file stops it at once; ADD_FILE while idling and START_JOB finish it with every row', async () => {
      const jobName = 'STOP_WAITING';
      const job = await open({ operation: 'EXPORT', mode: 'SCHEMA', home: a, jobName, timing: TIMING });
      const logPath = join(files.dir, `${jobName}.log`);
      try {
        await job.addFile({ kind: 'DUMP', name: 'stopped.dmp', directory: files.dir, fileSize: 128 * 1024 });
        await job.addFile({ kind: 'LOG', name: `${jobName}.log`, directory: files.dir });
        await job.metadataFilter({ name: 'SCHEMA_LIST', value: `'${src}'` });
        await job.startJob();
        await until(async () => existsSync(logPath) && readFileSync(logPath, 'utf8').includes('The dump file set needs another file'), 'the export to ask for a file');
        // An orderly stop cannot wait for the chunk in progress: it needs the file.
        await job.stopJob({ keepMaster: true });
        expect((await job.waitForJob()).state).toBe('STOPPED');
      } finally {
        await job.detach().catch(() => undefined);
      }
      const again = await attach(jobName, { home: a, timing: TIMING });
      try {
        expect(await again.currentState()).toBe('IDLING');
        await again.addFile({ kind: 'DUMP', name: 'resumed%U.dmp', directory: files.dir });
        await again.startJob();
        const result = await again.waitForJob();
        expect(result.state).toBe('COMPLETED');
        expect(result.errors, readFileSync(logPath, 'utf8')).toBe(0);
      } finally {
        await again.detach().catch(() => undefined);
      }
      const target = s.schema('stopwait');
      const imp = await importDump(
        a,
        files.dir,
        'stopped.dmp',
        async (j) => {
          await j.addFile({ kind: 'DUMP', name: 'resumed%U.dmp', directory: files.dir });
          await j.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: target });
        },
        'stopwait-import.log',
      );
      expect(imp.errors, imp.log).toBe(0);
      expect(await fixtureRows(s, a, target)).toEqual(source);
    });
  });
}
