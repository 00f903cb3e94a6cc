import { describe, expect, it } from 'vitest';
import type { MasterTableStore, WorkerSession } from '../master-table/index.js';
import { WorkerPool } from './worker-pool.js';

/** A store whose worker sessions open only when the test says so, and which has no items. */
function slowStore(): { store: MasterTableStore; openAll: () => void } {
  const pending: (() => void)[] = [];
  const session = {
    conn: { closed: false },
    claim: () => Promise.resolve({ kind: 'done' }),
    release: () => Promise.resolve(),
    close: () => Promise.resolve(),
  } as unknown as WorkerSession;
  const store = {
    openWorker: () => new Promise<WorkerSession>((resolve) => pending.push(() => resolve(session))),
  } as unknown as MasterTableStore;
  return { store, openAll: () => pending.splice(0).forEach((open) => open()) };
}

describe('WorkerPool', () => {
  it('reports workers that are still starting while SET_PARALLEL raises the degree', async () => {
    const { store, openAll } = slowStore();
    const pool = new WorkerPool({ store, degree: 1, handle: () => Promise.resolve(), onItemError: () => undefined });
    const done = pool.run();
    expect(pool.setDegree(3)).toBe(3);
    const starting = pool.workerStatuses();
    expect(starting.map((w) => [w.workerNumber, w.state])).toEqual([
      [1, 'UNDEFINED'],
      [2, 'UNDEFINED'],
      [3, 'UNDEFINED'],
    ]);
    expect(starting.every((w) => w.processId.endsWith(`:W-${w.workerNumber}`))).toBe(true);
    openAll();
    expect(await done).toBe('done');
    expect(pool.workerStatuses().map((w) => w.state)).toEqual(['UNDEFINED', 'UNDEFINED', 'UNDEFINED']);
  });
});
