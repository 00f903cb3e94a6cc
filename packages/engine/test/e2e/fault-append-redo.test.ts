import type { Adapter, MasterRow } from '@sluice/adapter-kit';
import { attach, open } from '@sluice/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChild, stateAfterKill, until } from './support/child.js';
import { ENGINES, createScratch, type Scratch } from './support/engines.js';
import { endOf, jobItems, logText, type JobEnd } from './support/faults.js';
import { exportSchemas, TIMING, tempDir } from './support/jobs.js';
import { LockBlocker, runWithBlocker } from './support/lock-blocker.js';
import { sql, tableRows } from './support/sql.js';

/** Rows of the source table; the one with the long name stops the first attempt in a narrow target. */
const ROWS = 300;
const LONG_ID = 200;
/** Rows the target table held before the import: keys the dump does not have, in the one chunk's range. */
const BEFORE = Array.from({ length: 10 }, (_, i) => 10_001 + i);
/** Each item is held this long before it is worked, so the blocker locks the latch before the chunk needs it (see fault-master-lock). */
const ITEM_DELAY_MS = 1000;

/**
 * A chunk is loaded again after an attempt that failed (a value too long for the target's column:
 * the job stops; the column widened, it is resumed), where the redo clears the chunk's range first:
 * the job's master table is in another database than the target (CONTROL=), or the table has no
 * transactions (MariaDB MyISAM). With TABLE_EXISTS_ACTION=APPEND into a table that held rows in
 * that range, the redo keeps every one of them: it loads the chunk once where the failed attempt is
 * known to have rolled back in the target, and otherwise stops with an error naming the table and the
 * fix (MyISAM kept the attempt's rows; a kill after the target's commit: the worker's master-table
 * session, or the whole process, killed while it waits for its table's latch). Into an empty table,
 * or one TRUNCATE emptied, it loads every dump row exactly once.
 */
for (const engine of ENGINES) {
  describe(`a chunk loaded again into a table that had rows (${engine})`, () => {
    let s: Scratch;
    let a: Adapter;
    let src: string;
    let source: unknown[];
    const files = tempDir(`fappend-${engine}`);

    beforeAll(async () => {
      s = await createScratch(engine);
      a = s.adapter();
      src = s.schema('src');
      await s.createSchema('src');
      await sql(a, `CREATE TABLE ${s.q(src)}.t (id int PRIMARY KEY, name varchar(40))`);
      const values = Array.from({ length: ROWS }, (_, i) => `(${i + 1}, '${i + 1 === LONG_ID ? 'a name far longer than twenty' : `n${i + 1}`}')`);
      await sql(a, `INSERT INTO ${s.q(src)}.t (id, name) VALUES ${values.join(', ')}`);
      source = await tableRows(a, `${s.q(src)}.t`);
      const exp = await exportSchemas(a, [src], files.dir, 'base%U.dmp', async () => {}, 'base.log');
      expect(exp.state, exp.log).toBe('COMPLETED');
    });
    afterAll(async () => {
      await s?.drop();
      if (!process.env['SLUICE_KEEP_FILES']) files.cleanup();
    });

    /** A target table too narrow for the source's long name, holding `before` rows. */
    async function narrowTable(name: string, before: readonly number[], options = ''): Promise<string> {
      await s.createSchema(name);
      const t = `${s.q(s.schema(name))}.t`;
      await sql(a, `CREATE TABLE ${t} (id int PRIMARY KEY, name varchar(20)) ${options}`);
      if (before.length > 0) await sql(a, `INSERT INTO ${t} (id, name) VALUES ${before.map((id) => `(${id}, 'mine ${id}')`).join(', ')}`);
      return t;
    }

    /**
     * Import the rows into `target` (the master table in the target database, or in the scratch
     * home with the target on a connection of its own): it stops at the long name; the column
     * widened, the job is started again. What each run ended with.
     */
    async function importTwice(
      jobName: string,
      target: string,
      t: string,
      action: 'APPEND' | 'TRUNCATE',
      separate: boolean,
    ): Promise<{ first: JobEnd; between: unknown[]; second: JobEnd; log: string }> {
      const job = await open({ operation: 'IMPORT', mode: 'FULL', home: a, ...(separate ? { target: s.adapter() } : {}), jobName, timing: TIMING });
      let first: JobEnd;
      try {
        await job.addFile({ kind: 'DUMP', name: 'base%U.dmp', directory: files.dir });
        await job.addFile({ kind: 'LOG', name: `${jobName}.log`, directory: files.dir });
        await job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: target });
        await job.setParameter('INCLUDE_METADATA', 0);
        await job.setParameter('TABLE_EXISTS_ACTION', action);
        await job.startJob();
        first = await endOf(job);
      } finally {
        await job.detach().catch(() => undefined);
      }
      const between = await tableRows(a, t);
      await sql(a, engine === 'postgres' ? `ALTER TABLE ${t} ALTER COLUMN name TYPE varchar(60)` : `ALTER TABLE ${t} MODIFY name varchar(60)`);
      const again = await attach(jobName, { home: a, ...(separate ? { target: s.adapter() } : {}), timing: TIMING });
      let second: JobEnd;
      try {
        await again.startJob();
        second = await endOf(again);
      } finally {
        await again.detach().catch(() => undefined);
      }
      return { first, between, second, log: logText(files.dir, `${jobName}.log`) };
    }

    /**
     * Import into `target` with the master table in the scratch home and the target on a
     * connection of its own; the worker that loaded the one chunk is killed (its master-table
     * session) while it waits for the table's latch, which a blocker holds.
     */
    async function importKilled(jobName: string, target: string): Promise<{ end: JobEnd; log: string }> {
      const blocker = await LockBlocker.open(s, a);
      const job = await open({ operation: 'IMPORT', mode: 'FULL', home: a, target: s.adapter(), jobName, timing: TIMING, tuning: { itemDelayMs: ITEM_DELAY_MS } });
      try {
        await job.addFile({ kind: 'LOG', name: `${jobName}.log`, directory: files.dir });
        await job.addFile({ kind: 'DUMP', name: 'base%U.dmp', directory: files.dir });
        await job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: target });
        await job.setParameter('INCLUDE_METADATA', 0);
        await job.setParameter('TABLE_EXISTS_ACTION', 'APPEND');
        return await runWithBlocker(job, a, files.dir, blocker, async (b, items) => {
          const latch = (await items()).find((r) => r.itemKind === 'TABLE_DATA') as MasterRow;
          await b.lock(jobName, [latch.id]);
          const [waiter] = await b.awaitWaiters(1, 'the worker that loaded the chunk waiting for the latch');
          const session = (waiter as { session: number }).session;
          await sql(a, engine === 'postgres' ? `SELECT pg_terminate_backend(${session})` : `KILL CONNECTION ${session}`);
        });
      } finally {
        await blocker.release();
        await job.detach().catch(() => undefined);
      }
    }

    const mine = (rows: unknown[]): unknown[] => rows.filter((r) => Number((r as { id: unknown }).id) > ROWS);
    const expectMine = (rows: unknown[]): void => expect(mine(rows)).toEqual(BEFORE.map((id) => ({ id, name: `mine ${id}` })));

    it('master table in another database, APPEND into a table with rows in the range, the failed attempt rolled back: the redo keeps every row and loads every dump row once', async () => {
      const t = await narrowTable('ctl_rows', BEFORE);
      const run = await importTwice('APPEND_CTL_ROWS', s.schema('ctl_rows'), t, 'APPEND', true);
      expect(run.first.failure, run.log).toMatch(/could not be imported/);
      // The failed attempt rolled back in the target: the table held exactly its own rows.
      expect(run.between).toEqual(BEFORE.map((id) => ({ id, name: `mine ${id}` })));
      expect(run.second, run.log).toMatchObject({ state: 'COMPLETED', errors: 0 });
      const rows = await tableRows(a, t);
      expectMine(rows);
      expect(rows.filter((r) => Number((r as { id: unknown }).id) <= ROWS)).toEqual(source);
    });

    it('master table in another database, APPEND into an empty table: the redo clears the range and loads every row once', async () => {
      const t = await narrowTable('ctl_empty', []);
      const run = await importTwice('APPEND_CTL_EMPTY', s.schema('ctl_empty'), t, 'APPEND', true);
      expect(run.first.failure, run.log).toMatch(/could not be imported/);
      expect(run.second, run.log).toMatchObject({ state: 'COMPLETED', errors: 0 });
      expect(await tableRows(a, t)).toEqual(source);
    });

    it('master table in another database, TRUNCATE of a table with rows: the redo loads every row once', async () => {
      const t = await narrowTable('ctl_trunc', BEFORE);
      const run = await importTwice('TRUNC_CTL', s.schema('ctl_trunc'), t, 'TRUNCATE', true);
      expect(run.first.failure, run.log).toMatch(/could not be imported/);
      expect(run.second, run.log).toMatchObject({ state: 'COMPLETED', errors: 0 });
      expect(await tableRows(a, t)).toEqual(source);
    });

    it('killed after its rows were committed in the target, APPEND into a table with rows: nothing deleted, every dump row once, the job stops naming the table', async () => {
      const target = s.schema('kill_rows');
      await s.createSchema('kill_rows');
      const t = `${s.q(target)}.t`;
      await sql(a, `CREATE TABLE ${t} (id int PRIMARY KEY, name varchar(40))`);
      await sql(a, `INSERT INTO ${t} (id, name) VALUES ${BEFORE.map((id) => `(${id}, 'mine ${id}')`).join(', ')}`);
      const { end, log } = await importKilled('APPEND_KILLED_ROWS', target);
      expect(log).toMatch(/will be done again on a new connection/);
      expect(end.state, log).toBe('STOPPED');
      expect(end.failure).toContain(`must be loaded again into "${target}"."t": the job's master table is in another database, so the rows of its interrupted attempt may have been committed`);
      expect(end.failure).toContain('held rows before this import (TABLE_EXISTS_ACTION=APPEND) that cannot be told apart from them, so none were deleted');
      expect(end.failure).toContain("import the data into an empty table (TABLE_EXISTS_ACTION=TRUNCATE or REPLACE) or with the job's master table in the target database (the default)");
      const rows = await tableRows(a, t);
      expectMine(rows);
      expect(rows.filter((r) => Number((r as { id: unknown }).id) <= ROWS)).toEqual(source);
    });

    it('killed after its rows were committed in the target, APPEND into an empty table: the redo clears them and loads every row once', async () => {
      const target = s.schema('kill_empty');
      await s.createSchema('kill_empty');
      const t = `${s.q(target)}.t`;
      await sql(a, `CREATE TABLE ${t} (id int PRIMARY KEY, name varchar(40))`);
      const { end, log } = await importKilled('APPEND_KILLED_EMPTY', target);
      expect(log).toMatch(/will be done again on a new connection/);
      expect(end, log).toMatchObject({ state: 'COMPLETED', errors: 0 });
      expect(await tableRows(a, t)).toEqual(source);
    });

    it('the process killed after its rows were committed in the target, then START_JOB skip_current, APPEND into a table with rows: nothing deleted, the job stops naming the table', async () => {
      const jobName = 'APPEND_SKIP_ROWS';
      const target = s.schema('skip_rows');
      await s.createSchema('skip_rows');
      const t = `${s.q(target)}.t`;
      await sql(a, `CREATE TABLE ${t} (id int PRIMARY KEY, name varchar(40))`);
      await sql(a, `INSERT INTO ${t} (id, name) VALUES ${BEFORE.map((id) => `(${id}, 'mine ${id}')`).join(', ')}`);
      const blocker = await LockBlocker.open(s, a);
      try {
        const child = await startChild({
          engine,
          url: s.url,
          action: 'import',
          jobName,
          dir: files.dir,
          dumpfile: 'base%U.dmp',
          remap: [src, target],
          tableExistsAction: 'APPEND',
          separateTarget: true,
          tuning: { itemDelayMs: ITEM_DELAY_MS },
        });
        let latch: MasterRow | undefined;
        await until(async () => (latch = (await jobItems(a, jobName)).find((r) => r.itemKind === 'TABLE_DATA')) !== undefined, `${jobName}: planned`, 60_000, 200);
        await blocker.lock(jobName, [(latch as MasterRow).id]);
        // The chunk's rows are committed in the target; its worker waits for the latch: the process dies there.
        await blocker.awaitWaiters(1, 'the worker that loaded the chunk waiting for the latch');
        child.process.kill('SIGKILL');
        expect(await child.exited).toBe('SIGKILL');
      } finally {
        await blocker.release();
      }
      expect(['NOT RUNNING', 'STOPPED']).toContain(await stateAfterKill(a, jobName));
      const job = await attach(jobName, { home: a, target: s.adapter(), timing: TIMING });
      let failure: string | undefined;
      try {
        await job.startJob({ skipCurrent: true });
        failure = (await endOf(job)).failure;
      } catch (error) {
        failure = (error as Error).message;
      } finally {
        await job.detach().catch(() => undefined);
      }
      expect(failure, logText(files.dir, `${jobName}.log`)).toContain(`must be loaded again into "${target}"."t": the job's master table is in another database`);
      const rows = await tableRows(a, t);
      expectMine(rows);
      expect(rows.filter((r) => Number((r as { id: unknown }).id) <= ROWS)).toEqual(source);
    });

    // Only MariaDB/MySQL has tables whose rows stay through a rollback.
    if (engine === 'mysql') {
      it("MyISAM, APPEND into a table with rows: the interrupted attempt's rows and the table's own are all kept, the job stops naming the fix", async () => {
        const t = await narrowTable('myi_rows', BEFORE, 'ENGINE=MyISAM');
        const run = await importTwice('APPEND_MYI_ROWS', s.schema('myi_rows'), t, 'APPEND', false);
        expect(run.first.failure, run.log).toMatch(/could not be imported/);
        // Rows of the failed attempt stayed (no transactions), beside the table's own.
        const ids = (rows: unknown[]): number[] => rows.map((r) => Number((r as { id: unknown }).id));
        const loaded = ids(run.between).filter((id) => id <= ROWS);
        expect(loaded.length).toBeGreaterThan(0);
        expect(loaded).toEqual(ids(source).slice(0, loaded.length));
        expectMine(run.between);
        expect(run.second.state, run.log).toBe('STOPPED');
        expect(run.second.failure).toContain(`must be loaded again into "${s.schema('myi_rows')}"."t": its storage engine has no transactions`);
        expect(run.second.failure).toContain('or into a table with transactions (InnoDB)');
        // Nothing deleted, nothing loaded twice.
        expect(await tableRows(a, t)).toEqual(run.between);
      });

      it('MyISAM, APPEND into an empty table: the redo clears what the failed attempt left and loads every row once', async () => {
        const t = await narrowTable('myi_empty', [], 'ENGINE=MyISAM');
        const run = await importTwice('APPEND_MYI_EMPTY', s.schema('myi_empty'), t, 'APPEND', false);
        expect(run.first.failure, run.log).toMatch(/could not be imported/);
        expect(run.between.length).toBeGreaterThan(0);
        expect(run.second, run.log).toMatchObject({ state: 'COMPLETED', errors: 0 });
        expect(await tableRows(a, t)).toEqual(source);
      });
    }
  });
}
