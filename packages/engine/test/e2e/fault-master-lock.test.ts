import type { Adapter, MasterRow } from '@sluice/adapter-kit';
import { open } from '@sluice/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from './support/child.js';
import { ENGINES, createScratch, type Scratch } from './support/engines.js';
import type { JobEnd } from './support/faults.js';
import { exportSchemas, TIMING, tempDir } from './support/jobs.js';
import { type BlockerFault, LockBlocker, runWithBlocker } from './support/lock-blocker.js';
import { sql, tableRows } from './support/sql.js';

/**
 * Each item is held this long before it is worked: the blocker locks a latch row before a worker
 * needs it. The schema's and tables' items come first, so the first chunk is worked a few seconds
 * after the plan is written, time enough for the test to lock the latches on a loaded machine (at
 * 250 ms a worker once reached a latch before it was locked, and the test waited for a kill in vain).
 */
const ITEM_DELAY_MS = 1000;

/**
 * A master-table statement of a data item (the one-chunk table's TABLE_DATA latch, in the chunk's
 * own transaction, after its rows are loaded) meets a real lock conflict: a deadlock the server
 * resolves by rolling the worker back, or a session killed while it waits. The import retries the
 * chunk and completes with every row exactly once and no error, also into MariaDB tables without
 * transactions (MyISAM, Aria), whose rows a rollback does not take back.
 */
for (const engine of ENGINES) {
  describe(`a data item's master-table statement meets a lock conflict (${engine})`, () => {
    let s: Scratch;
    let a: Adapter;
    let src: string;
    const files = tempDir(`fml-${engine}`);
    /** Tables of the source, the storage engine of each on MariaDB. */
    const tables: Record<string, string> = engine === 'mysql' ? { inno: 'ENGINE=InnoDB', myi: 'ENGINE=MyISAM', aria_np: 'ENGINE=Aria TRANSACTIONAL=0' } : { inno: '' };

    beforeAll(async () => {
      s = await createScratch(engine);
      a = s.adapter();
      src = s.schema('src');
      await s.createSchema('src');
      const q = s.q(src);
      for (const [name, options] of Object.entries(tables)) {
        const key = name.endsWith('_np') ? '' : ' PRIMARY KEY';
        await sql(a, `CREATE TABLE ${q}.${name} (id int${key}, body varchar(40)) ${options}`);
        const values = Array.from({ length: 40 }, (_, i) => `(${i + 1}, 'row ${i + 1} of ${name}')`).join(', ');
        await sql(a, `INSERT INTO ${q}.${name} (id, body) VALUES ${values}`);
      }
      const exp = await exportSchemas(a, [src], files.dir, 'base%U.dmp', async () => {}, 'base.log');
      expect(exp.state, exp.log).toBe('COMPLETED');
    });
    afterAll(async () => {
      await s?.drop();
      files.cleanup();
    });

    const rowsOf = (schema: string, name: string): Promise<unknown[]> => tableRows(a, `${s.q(schema)}.${name}`, '1, 2');

    /**
     * Import the set into `target` at PARALLEL=2 and, once the master table is planned, run `fault`
     * with the blocker and the job's items; then see the job to its end.
     */
    async function importWith(jobName: string, target: string, fault: BlockerFault): Promise<{ end: JobEnd; log: string }> {
      const blocker = await LockBlocker.open(s, a);
      const job = await open({ operation: 'IMPORT', mode: 'FULL', home: a, jobName, timing: TIMING, tuning: { itemDelayMs: ITEM_DELAY_MS } });
      try {
        await job.addFile({ kind: 'LOG', name: `${jobName}.log`, directory: files.dir });
        await job.addFile({ kind: 'DUMP', name: 'base%U.dmp', directory: files.dir });
        await job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: target });
        await job.setParallel(2);
        return await runWithBlocker(job, a, files.dir, blocker, fault);
      } finally {
        await blocker.release();
        await job.detach().catch(() => undefined);
      }
    }

    /** Table `name`'s latch row and its one chunk's row. */
    const rowsFor = (items: MasterRow[], name: string): { latch: MasterRow; chunk: MasterRow } => {
      const latch = items.find((r) => r.itemKind === 'TABLE_DATA' && r.objectName === name);
      const chunk = items.find((r) => r.itemKind === 'DATA' && r.objectName === name);
      if (latch === undefined || chunk === undefined) throw new Error(`no latch or chunk of ${name} in the master table`);
      return { latch, chunk };
    };

    it('a deadlock on the latch after the rows are loaded rolls the chunk back and retries it: every row once, no error', async () => {
      const target = s.schema('dl');
      const { end, log } = await importWith('DEADLOCK_LATCH', target, async (blocker, items) => {
        const { latch, chunk } = rowsFor(await items(), 'inno');
        await blocker.lock('DEADLOCK_LATCH', [latch.id]);
        // The worker loaded the chunk and waits for the latch; the blocker asks for the chunk's row: a deadlock.
        await blocker.awaitWaiters(1, 'a worker waiting for the latch');
        await blocker.lock('DEADLOCK_LATCH', [chunk.id]);
      });
      expect(end, log).toMatchObject({ state: 'COMPLETED', errors: 0 });
      expect(log).toMatch(/rolled back work on .*"inno" to resolve a lock conflict \((40P01|1213\/40001|.*Deadlock|.*deadlock)/);
      expect(log).not.toMatch(/being skipped/);
      for (const name of Object.keys(tables)) expect(await rowsOf(target, name), name).toEqual(await rowsOf(src, name));
    });

    // Only MariaDB/MySQL has tables whose rows stay through a rollback.
    if (engine === 'mysql')
      it('tables without transactions (MyISAM, Aria; with and without a key) whose loading sessions are killed after the load: reloaded without duplicates, no error', async () => {
        const target = s.schema('nt');
        const { end, log } = await importWith('KILLED_NONTX', target, async (blocker, items) => {
          const rows = await items();
          const nonTransactional = ['myi', 'aria_np'];
          const latches = nonTransactional.map((n) => rowsFor(rows, n).latch.id);
          await blocker.lock('KILLED_NONTX', latches);
          // A worker waiting for a table's latch has loaded the table's chunk (its rows stay: no
          // transactions); it is killed there once per table (the redo waits until the blocker lets go).
          const killed = new Set<string>();
          await until(
            async () => {
              for (const w of await blocker.waiters()) {
                // The latch is flipped by its id, alone or with the other latches of the worker's group:
                // `UPDATE ... WHERE `id` = <latch> AND ...` or `... WHERE `id` IN (<latch>, ...) AND ...`.
                const hit = nonTransactional.filter((t, i) => !killed.has(t) && flipsLatch(w.statement, latches[i] as number));
                if (hit.length === 0) continue;
                await sql(a, `KILL CONNECTION ${w.session}`);
                for (const t of hit) killed.add(t);
              }
              return killed.size === nonTransactional.length;
            },
            'the loading session of each table without transactions killed at its latch',
            60_000,
            200,
          );
        });
        expect(end, log).toMatchObject({ state: 'COMPLETED', errors: 0 });
        expect(log).toMatch(/will be done again on a new connection/);
        expect(log).not.toMatch(/being skipped|Duplicate entry/);
        for (const name of Object.keys(tables)) expect(await rowsOf(target, name), name).toEqual(await rowsOf(src, name));
      });
  });
}

/** Whether a statement flips latch `id` (by its id, alone or in a list). */
function flipsLatch(statement: string | undefined, id: number): boolean {
  if (statement === undefined) return false;
  if (statement.includes(`\`id\` = ${id} AND`)) return true;
  const list = /`id` IN \(([0-9, ]+)\) AND/.exec(statement)?.[1];
  return list?.split(',').some((v) => Number(v.trim()) === id) === true;
}
