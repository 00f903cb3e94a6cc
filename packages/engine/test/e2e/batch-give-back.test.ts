import type { Adapter, AdapterConnection, MasterRow } from '@sluice/adapter-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MasterTableStore, type Claim, type ItemLease } from '../../src/master-table/index.js';
import { CLAIM_BATCH, WorkerPool } from '../../src/runtime/worker-pool.js';
import { definition } from '../definition-fixture.js';
import { until } from './support/child.js';
import { ENGINES, createScratch, type Scratch } from './support/engines.js';

const item = (id: number): MasterRow => ({
  id,
  rowType: 'ITEM',
  itemKind: 'DATA',
  objectPath: 'SCHEMA_EXPORT/TABLE/TABLE_DATA',
  objectSchema: 's',
  objectName: `t${id}`,
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

const leaseOf = (claim: Claim): ItemLease => {
  if (claim.kind !== 'item') throw new Error(`expected an item, got ${claim.kind}`);
  return claim.lease;
};

/** A server lock the test holds and an item's work waits for (PostgreSQL advisory lock, MariaDB GET_LOCK). */
class ServerLock {
  private constructor(
    private readonly a: Adapter,
    private readonly engine: Scratch['engine'],
    private readonly holder: AdapterConnection,
  ) {}

  static async take(a: Adapter, engine: Scratch['engine']): Promise<ServerLock> {
    const holder = await a.connector.connect('sluice test lock holder');
    await a.masterTable.query(holder, engine === 'postgres' ? 'SELECT pg_advisory_lock(4711)' : "SELECT GET_LOCK('sluice_batch_gate', 60)");
    return new ServerLock(a, engine, holder);
  }

  /** Wait on `conn` until the test lets go (the slow item's work, on a session of its own). */
  async waitOn(conn: AdapterConnection): Promise<void> {
    const d = this.a.masterTable;
    if (this.engine === 'postgres') {
      await d.query(conn, 'SELECT pg_advisory_lock(4711)');
      await d.query(conn, 'SELECT pg_advisory_unlock(4711)');
    } else {
      await d.query(conn, "SELECT GET_LOCK('sluice_batch_gate', 600)");
      await d.query(conn, "SELECT RELEASE_LOCK('sluice_batch_gate')");
    }
  }

  async release(): Promise<void> {
    await this.a.masterTable.query(this.holder, this.engine === 'postgres' ? 'SELECT pg_advisory_unlock(4711)' : "SELECT RELEASE_LOCK('sluice_batch_gate')");
    await this.holder.close();
  }
}

/** Each item's [id, state, attempts], as committed. */
const states = async (store: MasterTableStore): Promise<[number, string, number][]> => (await store.items()).map((r) => [r.id, r.state, r.attempts]);

for (const engine of ENGINES) {
  describe(`a slow item gives its batch back (${engine})`, () => {
    let s: Scratch;
    let home: Adapter;
    beforeAll(async () => {
      s = await createScratch(engine);
      home = s.adapter();
    });
    afterAll(async () => {
      await home?.close();
      await s?.drop();
    });

    it('a worker whose item waits on a lock does not keep the rest of its batch: the other worker does them meanwhile, each once', async () => {
      const jobName = 'GIVE_BACK';
      const store = MasterTableStore.for(home, jobName);
      await store.create(definition({ jobName, parallel: 2 }));
      const ids = Array.from({ length: 40 }, (_, i) => i + 1);
      await store.replaceItems(ids.map(item), { phase: 'PLANNED' });
      const lock = await ServerLock.take(home, engine);
      const work = await home.connector.connect('sluice test item work');
      // The first item a worker takes out of a batch (others of the batch still queued behind it) waits on the lock.
      let blocked: { id: number; worker: number; queued: number } | undefined;
      const doneBy = new Map<number, number>();
      const errors: unknown[] = [];
      const pool = new WorkerPool({
        store,
        degree: 2,
        pollMs: 20,
        batch: CLAIM_BATCH,
        workOffLease: true,
        handle: async (lease, worker) => {
          if (blocked === undefined && lease.session.queued > 0) {
            blocked = { id: lease.item.id, worker: worker.number, queued: lease.session.queued };
            await lock.waitOn(work);
          }
          doneBy.set(lease.item.id, worker.number);
          await lease.complete({ rowsDone: 1 }, [], { grouped: true });
        },
        onItemError: (_lease, _worker, error) => errors.push(error),
      });
      const run = pool.run();
      try {
        await until(async () => blocked !== undefined, 'a worker waiting on the lock with a batch in hand', 60_000);
        const slow = blocked as { id: number; worker: number; queued: number };
        expect(slow.queued).toBeGreaterThan(0);
        // While it waits, every other item is done, by the other worker.
        await until(async () => (await states(store)).every(([id, state]) => id === slow.id || state === 'DONE'), 'every other item done while one waits', 60_000, 50);
        const rows = await states(store);
        expect(rows.find(([id]) => id === slow.id)).toEqual([slow.id, 'RUNNING', 1]);
        expect([...doneBy].filter(([id, w]) => id !== slow.id && w !== slow.worker).length).toBeGreaterThanOrEqual(slow.queued);
      } finally {
        await lock.release();
      }
      expect(await run).toBe('done');
      expect(errors).toEqual([]);
      await work.close();
      // Each item once: the given-back items' first claim was not counted as an attempt.
      expect(await states(store)).toEqual(ids.map((id) => [id, 'DONE', 1]));
      expect(await store.totals()).toMatchObject({ doneRows: ids.length });
      await store.drop();
      await store.close();
    }, 150_000);

    it("a worker's grouped completions and batch claims lock only their own rows: they never wait for another worker's batch", async () => {
      const jobName = 'BY_KEY';
      const store = MasterTableStore.for(home, jobName);
      await store.create(definition({ jobName, parallel: 2 }));
      // Big enough a share of the table that InnoDB, unhinted, reads it whole.
      await store.replaceItems(
        Array.from({ length: 40 }, (_, i) => item(i + 1)),
        { phase: 'PLANNED' },
      );
      const w1 = await store.openWorker('w1');
      const w2 = await store.openWorker('w2');
      // w1 holds 1..3 locked (its batch), w2 claims and completes the next twenty meanwhile.
      const one = leaseOf(await w1.claim({ batch: 3, batchBytes: 1000 }));
      expect(one.item.id).toBe(1);
      const first = leaseOf(await w2.claim({ batch: 20, batchBytes: 1_000_000 }));
      expect(first.item.id).toBe(4);
      await first.complete({ rowsDone: 1 }, [], { grouped: true });
      for (let n = 5; n <= 23; n++) {
        const lease = leaseOf(await w2.claim({ batch: 20, batchBytes: 1_000_000 }));
        expect(lease.item.id).toBe(n);
        await lease.complete({ rowsDone: 1 }, [], { grouped: true });
      }
      expect((await states(store)).slice(3, 23).every(([, state]) => state === 'DONE')).toBe(true);
      await one.complete({ rowsDone: 1 }, [], { grouped: true });
      await w1.release();
      await w2.release();
      expect((await states(store)).slice(0, 3)).toEqual([
        [1, 'DONE', 1],
        [2, 'PENDING', 0],
        [3, 'PENDING', 0],
      ]);
      await w1.close();
      await w2.close();
      await store.drop();
      await store.close();
    }, 120_000);
  });
}
