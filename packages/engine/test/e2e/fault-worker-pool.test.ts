import { AdapterError, isTransientFailure, type Adapter, type MasterRow } from '@sluice/adapter-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MasterTableStore } from '../../src/master-table/index.js';
import { TRANSIENT_RETRIES, WorkerPool } from '../../src/runtime/worker-pool.js';
import { definition } from '../definition-fixture.js';
import { ENGINES, createScratch, type Scratch } from './support/engines.js';
import { LockBlocker } from './support/lock-blocker.js';

const item = (id: number): MasterRow => ({
  id,
  rowType: 'ITEM',
  itemKind: 'DATA',
  objectPath: 'SCHEMA_EXPORT/TABLE/TABLE_DATA',
  objectSchema: 's',
  objectName: 't',
  partitionName: null,
  priority: 10,
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

const diskFull = (): Error => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

/** The worker pool's side of faults, on each engine's master table: what is retried, what stops the job, what is left for a restart. */
for (const engine of ENGINES) {
  describe(`worker pool faults (${engine})`, () => {
    let s: Scratch;
    let home: Adapter;
    beforeAll(async () => {
      s = await createScratch(engine);
      home = s.adapter();
    });
    afterAll(async () => s?.drop());

    async function planned(jobName: string, ids: number[]): Promise<MasterTableStore> {
      const store = MasterTableStore.for(home, jobName);
      await store.create(definition({ jobName }));
      await store.replaceItems(ids.map(item), { phase: 'PLANNED' });
      return store;
    }

    it('retries an item whose connection was lost on a new session, and a failure that stops the job leaves its item FAILED and the rest PENDING', async () => {
      const store = await planned('FAULTS', [1, 2, 3]);
      const retried: number[] = [];
      const failed: number[] = [];
      const pool = new WorkerPool({
        store,
        degree: 1,
        pollMs: 20,
        handle: async (lease) => {
          if (lease.item.id === 1 && lease.item.attempts === 1) {
            // The session dies under the worker, as with pg_terminate_backend or KILL.
            await lease.conn.close();
            throw new AdapterError('CONNECTION_FAILED', 'Connection terminated unexpectedly');
          }
          if (lease.item.id === 2) throw diskFull();
          await lease.complete();
        },
        onItemError: (lease) => failed.push(lease.item.id),
        onItemRetry: (lease) => retried.push(lease.item.id),
        stopsJob: () => true,
      });
      expect(await pool.run()).toBe('stopped');
      expect(retried).toEqual([1]);
      expect(failed).toEqual([]);
      expect(pool.fault).toMatchObject({ item: { id: 2 }, exhausted: false, alike: 0 });
      const rows = await store.items();
      expect(rows.map((r) => [r.id, r.state, r.attempts])).toEqual([
        [1, 'DONE', 2],
        [2, 'FAILED', 1],
        [3, 'PENDING', 0],
      ]);
      expect(rows[1]?.error).toMatch(/ENOSPC/);
      await store.drop();
      await store.close();
    });

    it(`stops the job once an item has failed transiently ${TRANSIENT_RETRIES + 1} times in a run`, async () => {
      const store = await planned('EXHAUSTED', [1]);
      const pool = new WorkerPool({
        store,
        degree: 1,
        pollMs: 20,
        handle: () => Promise.reject(new AdapterError('SNAPSHOT_FAILED', 'Every connection of the snapshot has been closed or lost')),
        onItemError: () => undefined,
        stopsJob: () => false,
      });
      expect(await pool.run()).toBe('stopped');
      expect(pool.fault).toMatchObject({ item: { id: 1 }, exhausted: true });
      expect((await store.items()).map((r) => [r.state, r.attempts])).toEqual([['FAILED', TRANSIENT_RETRIES + 1]]);
      await store.drop();
      await store.close();
    });

    it('a deadlock in the statements that complete an item rolls it back and retries it: no error counted', async () => {
      const store = await planned('DEADLOCK_DONE', [1, 2]);
      const retried: unknown[] = [];
      const failed: number[] = [];
      const pool = new WorkerPool({
        store,
        degree: 1,
        pollMs: 20,
        handle: async (lease) => {
          if (lease.item.id !== 1 || lease.item.attempts > 1) return lease.complete();
          // Item 1's completion also updates item 2, which a second session holds; that session then
          // asks for item 1's row: a real deadlock, whose victim is the worker's transaction.
          const blocker = await LockBlocker.open(s, home);
          try {
            await blocker.lock('DEADLOCK_DONE', [2]);
            const completing = lease.complete({}, [{ ids: [2], patch: { error: 'touched' }, fromStates: ['PENDING'] }]).then(
              () => new Error('the completion was not rolled back'),
              (error: unknown) => error,
            );
            await blocker.awaitWaiters(1, 'the completion waiting for item 2');
            await blocker.lock('DEADLOCK_DONE', [1]);
            throw await completing;
          } finally {
            await blocker.release();
          }
        },
        onItemError: (lease) => failed.push(lease.item.id),
        onItemRetry: (lease, _worker, error) => retried.push([lease.item.id, isTransientFailure(error)]),
        stopsJob: () => true,
      });
      expect(await pool.run()).toBe('done');
      expect(failed).toEqual([]);
      expect(retried).toEqual([[1, true]]);
      const rows = await store.items();
      expect(rows.map((r) => [r.id, r.state, r.attempts, r.error])).toEqual([
        [1, 'DONE', 2, null],
        [2, 'DONE', 1, null],
      ]);
      await store.drop();
      await store.close();
    });

    it('without stopsJob, a failure that is not transient is an error the job continues past', async () => {
      const store = await planned('CONTINUES', [1, 2]);
      const failed: number[] = [];
      const pool = new WorkerPool({
        store,
        degree: 1,
        pollMs: 20,
        handle: async (lease) => (lease.item.id === 1 ? Promise.reject(new AdapterError('CONSTRAINT_VIOLATION', 'duplicate key')) : lease.complete()),
        onItemError: (lease) => failed.push(lease.item.id),
      });
      expect(await pool.run()).toBe('done');
      expect(failed).toEqual([1]);
      expect(pool.fault).toBeUndefined();
      expect((await store.items()).map((r) => r.state)).toEqual(['FAILED', 'DONE']);
      await store.drop();
      await store.close();
    });
  });
}
