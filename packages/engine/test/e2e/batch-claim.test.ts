import type { Adapter, MasterRow } from '@sluice/adapter-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MasterTableStore, type Claim, type ItemLease, type WorkerSession } from '../../src/master-table/index.js';
import { definition } from '../definition-fixture.js';
import { ENGINES, createScratch, type Scratch } from './support/engines.js';

/** A small item (estimated 100 bytes), or a big one. */
const item = (id: number, priority: number, estimatedBytes = 100): MasterRow => ({
  id,
  rowType: 'ITEM',
  itemKind: 'DATA',
  objectPath: 'SCHEMA_EXPORT/TABLE/TABLE_DATA',
  objectSchema: 's',
  objectName: `t${id}`,
  partitionName: null,
  priority,
  state: 'PENDING',
  worker: null,
  attempts: 0,
  startedAt: null,
  finishedAt: null,
  rowsDone: 0,
  bytesDone: 0,
  estimatedBytes,
  dumpFile: null,
  stream: null,
  error: null,
  payload: '{}',
});

const leaseOf = (claim: Claim): ItemLease => {
  if (claim.kind !== 'item') throw new Error(`expected an item, got ${claim.kind}`);
  return claim.lease;
};

/**
 * Claim until an orphan comes back. An item counts as orphaned once it has been seen RUNNING and
 * unlocked twice, a second apart; the server releases a closed session's row locks when it has
 * noticed the close (on a loaded MariaDB, a moment later), so no fixed wait is long enough.
 */
async function claimOrphan(worker: WorkerSession, batch: { batch: number; batchBytes: number }): Promise<ItemLease> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const claim = await worker.claim(batch);
    if (claim.kind === 'item') return claim.lease;
    if (claim.kind !== 'wait' || Date.now() > deadline) throw new Error(`expected an orphaned item, got ${claim.kind}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Whether another session can lock the job row (id 0) at once (FOR UPDATE NOWAIT). */
async function jobRowFree(home: Adapter, jobName: string): Promise<boolean> {
  const conn = await home.connector.connect('probe');
  const dialect = home.masterTable;
  try {
    await dialect.begin(conn);
    await dialect.query(conn, `SELECT ${dialect.quoteIdent('state')} FROM ${dialect.tableName(conn, jobName)} WHERE ${dialect.quoteIdent('id')} = 0 FOR UPDATE NOWAIT`);
    return true;
  } catch {
    return false;
  } finally {
    await dialect.rollback(conn).catch(() => undefined);
    await conn.close();
  }
}

/** Each item's [id, state, attempts], as committed. */
const states = async (store: MasterTableStore): Promise<[number, string, number][]> => (await store.items()).map((r) => [r.id, r.state, r.attempts]);

for (const engine of ENGINES) {
  describe(`batch claims (${engine})`, () => {
    let s: Scratch;
    let home: Adapter;
    beforeAll(async () => {
      s = await createScratch(engine);
      home = s.adapter();
    });
    afterAll(async () => s?.drop());

    it('claims small items of one priority in a batch, commits grouped completions together, and a crash rolls back only what is uncommitted', async () => {
      const store = MasterTableStore.for(home, 'BATCH_SPO');
      await store.create(definition({ jobName: 'BATCH_SPO', parallel: 2 }));
      await store.replaceItems([1, 2, 3, 4, 5, 6].map((id) => item(id, 10)).concat([item(7, 10, 10_000_000), item(8, 20)]), { phase: 'PLANNED' });
      const w1 = await store.openWorker('w1');
      const w2 = await store.openWorker('w2');
      const batch = { batch: 3, batchBytes: 1000 };

      // w1 takes 1..3 in one claim, w2 the next three; both are RUNNING, attempt 1, at once.
      const one = leaseOf(await w1.claim(batch));
      expect(one.item.id).toBe(1);
      const four = leaseOf(await w2.claim(batch));
      expect(four.item.id).toBe(4);
      expect(await states(store)).toEqual([
        [1, 'RUNNING', 1],
        [2, 'RUNNING', 1],
        [3, 'RUNNING', 1],
        [4, 'RUNNING', 1],
        [5, 'RUNNING', 1],
        [6, 'RUNNING', 1],
        [7, 'PENDING', 0],
        [8, 'PENDING', 0],
      ]);

      // Grouped completions stay uncommitted until the batch's last item completes.
      await one.complete({ rowsDone: 1 }, [], { grouped: true });
      const two = leaseOf(await w1.claim(batch));
      expect(two.item.id).toBe(2);
      await two.complete({ rowsDone: 1 }, [], { grouped: true });
      expect((await states(store)).slice(0, 3)).toEqual([
        [1, 'RUNNING', 1],
        [2, 'RUNNING', 1],
        [3, 'RUNNING', 1],
      ]);
      const three = leaseOf(await w1.claim(batch));
      await three.complete({ rowsDone: 1 }, [], { grouped: true }); // the last of the batch: commits all three
      expect((await states(store)).slice(0, 3)).toEqual([
        [1, 'DONE', 1],
        [2, 'DONE', 1],
        [3, 'DONE', 1],
      ]);

      // The big item is claimed alone; priority 20 waits for it.
      const seven = leaseOf(await w1.claim(batch));
      expect(seven.item.id).toBe(7);
      await seven.complete();

      // w2 completes 4 grouped, then its process dies: 4 (uncommitted) and 5, 6 (never started) are
      // RUNNING and unlocked, reclaimed as orphans with their attempt counted; nothing is DONE twice.
      await four.complete({ rowsDone: 1 }, [], { grouped: true });
      await w2.close();
      expect((await states(store)).slice(3, 6)).toEqual([
        [4, 'RUNNING', 1],
        [5, 'RUNNING', 1],
        [6, 'RUNNING', 1],
      ]);
      expect((await w1.claim(batch)).kind).toBe('wait');
      const reclaimed: number[] = [];
      for (let n = 0; n < 3; n++) {
        const lease = await claimOrphan(w1, batch);
        expect(lease.reclaimed).toBe(true);
        reclaimed.push(lease.item.id);
        await lease.complete({ rowsDone: 1 });
      }
      expect(reclaimed.sort()).toEqual([4, 5, 6]);

      // Stopping with a batch in hand: completed items commit, unstarted ones go back to PENDING uncounted.
      const eight = leaseOf(await w1.claim(batch));
      expect(eight.item.id).toBe(8);
      await eight.complete({}, [], { grouped: true });
      await w1.release();
      expect(await states(store)).toEqual([
        [1, 'DONE', 1],
        [2, 'DONE', 1],
        [3, 'DONE', 1],
        [4, 'DONE', 2],
        [5, 'DONE', 2],
        [6, 'DONE', 2],
        [7, 'DONE', 1],
        [8, 'DONE', 1],
      ]);
      expect((await w1.claim(batch)).kind).toBe('done');
      expect(await store.totals()).toMatchObject({ doneRows: 6 });
      await w1.close();
      await store.drop();
      await store.close();
    });

    it('a batch locks its own rows only, even when it names most of the table: the job row stays free for sessions that stop, attach to or serve the job', async () => {
      const store = MasterTableStore.for(home, 'BATCH_ROWS');
      await store.create(definition({ jobName: 'BATCH_ROWS', parallel: 1 }));
      await store.replaceItems(
        [1, 2, 3, 4, 5, 6].map((id) => item(id, 10)),
        { phase: 'PLANNED' },
      );
      const w = await store.openWorker('w');
      const first = leaseOf(await w.claim({ batch: 6, batchBytes: 1000 }));
      // InnoDB reads a table this small whole unless told to use the key, and at REPEATABLE READ a
      // locking read keeps every row it read locked until the batch commits.
      expect(await jobRowFree(home, 'BATCH_ROWS')).toBe(true);
      await first.complete({}, [], { grouped: true });
      await w.release();
      await w.close();
      await store.drop();
      await store.close();
    });

    it('a failed item rolls back the completions grouped before it (they go back to PENDING), and release returns unstarted items', async () => {
      const store = MasterTableStore.for(home, 'BATCH_FAIL_SPO');
      await store.create(definition({ jobName: 'BATCH_FAIL_SPO', parallel: 2 }));
      await store.replaceItems(
        [1, 2, 3, 4].map((id) => item(id, 10)),
        { phase: 'PLANNED' },
      );
      const w = await store.openWorker('w');
      const batch = { batch: 4, batchBytes: 1000 };
      const one = leaseOf(await w.claim(batch));
      await one.complete({}, [], { grouped: true });
      const two = leaseOf(await w.claim(batch));
      await two.fail('boom');
      // 1's completion was rolled back with its work: PENDING again, its attempt counted (a redo is a retry).
      expect(await states(store)).toEqual([
        [1, 'PENDING', 1],
        [2, 'FAILED', 1],
        [3, 'RUNNING', 1],
        [4, 'RUNNING', 1],
      ]);
      const three = leaseOf(await w.claim(batch));
      expect(three.item.id).toBe(3);
      await three.complete();
      await w.release();
      expect(await states(store)).toEqual([
        [1, 'PENDING', 1],
        [2, 'FAILED', 1],
        [3, 'DONE', 1],
        [4, 'PENDING', 0],
      ]);
      const again = leaseOf(await w.claim(batch));
      expect([again.item.id, again.item.attempts, again.reclaimed]).toEqual([1, 2, true]);
      await again.complete({}, [], { grouped: true });
      await w.release();
      expect(await states(store)).toEqual([
        [1, 'DONE', 2],
        [2, 'FAILED', 1],
        [3, 'DONE', 1],
        [4, 'PENDING', 0],
      ]);
      await w.close();
      await store.drop();
      await store.close();
    });
  });
}
