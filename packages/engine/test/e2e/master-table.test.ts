import { AdapterError, type Adapter, type MasterRow } from '@sluice/adapter-kit';
import { createMysqlAdapter } from '@sluice/adapter-mysql';
import { createPostgresAdapter } from '@sluice/adapter-postgres';
import { open } from '@sluice/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobDefinition } from '../../src/job/job-definition.js';
import { JobLock, MasterTableStore, listJobs } from '../../src/master-table/index.js';
import { WorkerPool } from '../../src/runtime/worker-pool.js';
import { scratchName } from '../../../../test-support/scratch.js';
import { ENGINES, createScratch, type Scratch } from './support/engines.js';
import { sql } from './support/sql.js';
import { definition } from '../definition-fixture.js';

const jobDefinition = (jobName: string): JobDefinition => definition({ jobName, parameters: { ENCRYPTION_PASSWORD: 'hunter2', COMPRESSION: 'ALL' }, parallel: 2 });

const item = (id: number, priority: number, kind = 'DATA'): MasterRow => ({
  id,
  rowType: 'ITEM',
  itemKind: kind,
  objectPath: 'SCHEMA_EXPORT/TABLE/TABLE_DATA',
  objectSchema: 's',
  objectName: 't',
  partitionName: null,
  priority,
  state: 'PENDING',
  worker: null,
  attempts: 0,
  startedAt: null,
  finishedAt: null,
  rowsDone: 0,
  bytesDone: 0,
  estimatedBytes: 100,
  dumpFile: null,
  stream: null,
  error: null,
  payload: '{}',
});

for (const engine of ENGINES) {
  describe(`master table store (${engine})`, () => {
    let s: Scratch;
    let home: Adapter;
    beforeAll(async () => {
      s = await createScratch(engine);
      home = s.adapter();
    });
    afterAll(async () => s?.drop());

    it('creates the job row without secrets, refuses a second job of the same name, and lists jobs', async () => {
      const store = MasterTableStore.for(home, 'SYS_EXPORT_SCHEMA_01');
      expect(await store.exists()).toBe(false);
      await expect(store.readJob()).rejects.toMatchObject({ code: 'NO_SUCH_JOB', message: expect.stringContaining('"SYS_EXPORT_SCHEMA_01" does not exist') });
      await store.create(jobDefinition('SYS_EXPORT_SCHEMA_01'));
      await expect(MasterTableStore.for(home, 'SYS_EXPORT_SCHEMA_01').create(jobDefinition('SYS_EXPORT_SCHEMA_01'))).rejects.toMatchObject({ code: 'JOB_EXISTS' });
      const job = await store.readJob();
      expect(job).toMatchObject({ state: 'DEFINING', degree: 2, restartCount: 0, attachedSessions: 1, files: [] });
      expect(job.definition.parameters).toEqual({ COMPRESSION: 'ALL' });
      expect(JSON.stringify(await store.allRows())).not.toContain('hunter2');

      // EXECUTING is believed only while a process holds the job's lock.
      await store.updateJob({ state: 'EXECUTING', degree: 4 });
      await store.replaceItems([item(1, 10), item(2, 10)], { phase: 'PLANNED' });
      await sql(home, `CREATE TABLE not_a_job (id int)`);
      const listed = { jobName: 'SYS_EXPORT_SCHEMA_01', owner: 'tester', operation: 'EXPORT', mode: 'SCHEMA', degree: 4, attachedSessions: 1, percentDone: 0 };
      expect(await listJobs(home)).toEqual([{ ...listed, state: 'NOT RUNNING' }]);
      const lock = await JobLock.take(home, 'SYS_EXPORT_SCHEMA_01', 'primary');
      try {
        await store.claimRun(lock.process, { state: 'EXECUTING' });
        expect(await listJobs(home)).toEqual([{ ...listed, state: 'EXECUTING' }]);
        expect((await store.readJob()).processes).toEqual([lock.process]);
      } finally {
        await lock.release();
      }
      expect(await listJobs(home)).toEqual([{ ...listed, state: 'NOT RUNNING' }]);
      await store.drop();
      expect(await store.exists()).toBe(false);
      await store.close();
    });

    it('open by a user who may not create tables in the home database is PRIVILEGE_ERROR, saying what to grant', async () => {
      const user = scratchName('nc');
      if (engine === 'postgres') await sql(home, `CREATE ROLE ${user} LOGIN`);
      else {
        await sql(home, `CREATE USER '${user}'@'%'`);
        await sql(home, `GRANT SELECT ON \`${s.database}\`.* TO '${user}'@'%'`);
      }
      const url = new URL(s.url);
      url.username = user;
      const limited = engine === 'postgres' ? createPostgresAdapter({ url: url.toString() }) : createMysqlAdapter({ url: url.toString() });
      try {
        const error = await open({ operation: 'EXPORT', mode: 'SCHEMA', home: limited, jobName: 'NOT_ALLOWED' }).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'PRIVILEGE_ERROR' });
        expect((error as Error).message).toMatch(/^open: the user may not create the master table .*NOT_ALLOWED.* in the home database: .*\. Grant it CREATE there/);
        expect(await MasterTableStore.for(home, 'NOT_ALLOWED').exists()).toBe(false);
      } finally {
        await limited.close();
        await sql(home, engine === 'postgres' ? `DROP ROLE ${user}` : `DROP USER '${user}'@'%'`);
      }
    });

    it('an item whose work the server rolled back (a deadlock) is done again; any other error fails it', async () => {
      const store = MasterTableStore.for(home, 'ROLLBACKS');
      await store.create(jobDefinition('ROLLBACKS'));
      await store.replaceItems([item(1, 10), item(2, 10), item(3, 10)], { phase: 'PLANNED' });
      const sqlState = (pg: string, my: string): string => (engine === 'postgres' ? pg : my);
      const retried: number[] = [];
      const failed: number[] = [];
      const pool = new WorkerPool({
        store,
        degree: 1,
        pollMs: 20,
        handle: async (lease) => {
          if (lease.item.id === 2 && lease.item.attempts === 1) throw new AdapterError('LOAD_FAILED', 'Deadlock found when trying to get lock', { sqlState: sqlState('40P01', '1213/40001') });
          if (lease.item.id === 3) throw new AdapterError('CONSTRAINT_VIOLATION', 'Duplicate entry', { sqlState: sqlState('23505', '1062/23000') });
          await lease.complete();
        },
        onItemError: (lease) => failed.push(lease.item.id),
        onItemRetry: (lease) => retried.push(lease.item.id),
      });
      expect(await pool.run()).toBe('done');
      expect(retried).toEqual([2]);
      expect(failed).toEqual([3]);
      const rows = await store.items();
      expect(rows.map((r) => [r.id, r.state, r.attempts])).toEqual([
        [1, 'DONE', 1],
        [2, 'DONE', 2],
        [3, 'FAILED', 1],
      ]);
      await store.drop();
      await store.close();
    });

    it('claims with SKIP LOCKED, gates on priority, and reclaims the item of a worker whose connection died', async () => {
      const store = MasterTableStore.for(home, 'CLAIMS');
      await store.create({ ...jobDefinition('CLAIMS') });
      await store.replaceItems([item(1, 10), item(2, 20), item(3, 20)], { phase: 'PLANNED' });
      const w1 = await store.openWorker('w1');
      const w2 = await store.openWorker('w2');
      const first = await w1.claim();
      if (first.kind !== 'item') throw new Error('expected an item');
      expect(first.lease.item.id).toBe(1);
      expect((await w2.claim()).kind).toBe('wait'); // priority 20 waits for 10
      await first.lease.complete({ rowsDone: 5, bytesDone: 50 });

      const a = await w1.claim();
      const b = await w2.claim();
      if (a.kind !== 'item' || b.kind !== 'item') throw new Error('expected items');
      expect(new Set([a.lease.item.id, b.lease.item.id])).toEqual(new Set([2, 3]));
      await w2.close(); // the process of w2 dies: its lock goes with its connection
      await a.lease.complete({ rowsDone: 1, bytesDone: 10 });
      expect((await w1.claim()).kind).toBe('wait'); // seen RUNNING and unlocked once...
      await new Promise((r) => setTimeout(r, 1100));
      const again = await w1.claim(); // ...and again a second later: an orphan
      if (again.kind !== 'item') throw new Error('expected the orphan');
      expect(again.lease.item.id).toBe(b.lease.item.id);
      expect(again.lease.reclaimed).toBe(true);
      expect(again.lease.item.attempts).toBe(2);
      await again.lease.fail('boom');
      expect((await w1.claim()).kind).toBe('done');
      expect(await store.totals()).toMatchObject({ doneBytes: 60, doneRows: 6, errors: 1, estimatedBytes: 300 });
      await w1.close();
      await store.drop();
      await store.close();
    });

    it("a table's data latch flips without waiting for the items other workers hold (InnoDB locks every row an UPDATE scans)", async () => {
      const store = MasterTableStore.for(home, 'LATCHES');
      await store.create({ ...jobDefinition('LATCHES') });
      const latch = (id: number, name: string): MasterRow => ({ ...item(id, 10, 'TABLE_DATA'), objectName: name, state: 'OPEN' });
      await store.replaceItems([item(1, 10), latch(2, 't'), latch(3, 'u'), { ...item(4, 10), objectName: 'u' }], { phase: 'PLANNED' });
      const [w1, w2] = [await store.openWorker('w1'), await store.openWorker('w2')];
      try {
        const held = await w1.claim();
        const other = await w2.claim();
        if (held.kind !== 'item' || other.kind !== 'item') throw new Error('expected items');
        // w1 holds item 1 (a chunk of t in progress, at length): the latches of u and t flip at once, once each.
        const prompt = <T>(work: Promise<T>): Promise<T> =>
          Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the latch waited for a row lock another worker holds')), 5_000).unref())]);
        expect(await prompt(w2.latchTableData('s', 'u', null))).toBe(true);
        await other.lease.complete({ rowsDone: 1, bytesDone: 10 });
        expect(await prompt(store.latchTableData('s', 't', null))).toBe(true);
        expect(await prompt(store.latchTableData('s', 't', null))).toBe(false);
        expect(await prompt(store.latchTableData('s', 'nowhere', null))).toBe(false);
        await held.lease.complete({ rowsDone: 1, bytesDone: 10 });
      } finally {
        await w1.close();
        await w2.close();
      }
      expect((await store.items({ itemKind: 'TABLE_DATA' })).map((r) => r.state)).toEqual(['LOGGED', 'LOGGED']);
      await store.drop();
      await store.close();
    });
  });
}
