import type { Adapter, MasterRow } from '@sluice/adapter-kit';
import { attach, open, type DataPump } from '@sluice/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from './support/child.js';
import { ENGINES, createScratch, type Scratch } from './support/engines.js';
import { dataItems, endOf, jobItems, killJobSessions, logText, type JobEnd } from './support/faults.js';
import { exportSchemas, TIMING, tempDir } from './support/jobs.js';
import { sql, tableRows } from './support/sql.js';

/** Rows of the one table, one chunk; rows past the first half wait at the gate as they are loaded. */
const ROWS = 2000;

/**
 * An import into a database other than the master table's home loads a chunk in a target transaction
 * of its own, which commits before the item's master row. Faults in the middle of that load:
 * - the worker's master-table session dies: its item is RUNNING and unlocked, another worker takes it
 *   as an orphan and loads it again (clearing its range first, which cannot see the first worker's
 *   uncommitted rows); the first worker must then not commit its rows;
 * - the target session running the COPY / LOAD DATA is terminated: the chunk is done again (retried,
 *   or after a restart) and its half-loaded rows never stay.
 * Either way each row ends up in the table once, and the job completes without an error.
 */
for (const engine of ENGINES) {
  describe(`faults while a chunk loads off the home database (${engine})`, () => {
    let s: Scratch;
    let a: Adapter;
    let src: string;
    let source: unknown[];
    const files = tempDir(`ftaken-${engine}`);

    beforeAll(async () => {
      s = await createScratch(engine);
      a = s.adapter();
      src = s.schema('src');
      await s.createSchema('src');
      await sql(a, `CREATE TABLE ${s.q(src)}.t (id int PRIMARY KEY, name varchar(40))`);
      await sql(a, `INSERT INTO ${s.q(src)}.t (id, name) VALUES ${Array.from({ length: ROWS }, (_, i) => `(${i + 1}, 'n${i + 1}')`).join(', ')}`);
      source = await tableRows(a, `${s.q(src)}.t`);
      const exp = await exportSchemas(a, [src], files.dir, 'base%U.dmp', async () => {}, 'base.log');
      expect(exp.state, exp.log).toBe('COMPLETED');
    });
    afterAll(async () => {
      await s?.drop();
      files.cleanup();
    });

    /** A target table `name`.t whose trigger holds rows past the first half at a gate the test holds (closed). */
    async function gatedTable(name: string): Promise<{ t: string; waiting: () => Promise<number>; waiters: () => Promise<number[]>; open: () => Promise<void>; close: () => Promise<void> }> {
      const target = s.schema(name);
      await s.createSchema(name);
      const t = `${s.q(target)}.t`;
      await sql(a, `CREATE TABLE ${t} (id int PRIMARY KEY, name varchar(40))`);
      const lockName = `gate_${s.database}`;
      if (engine === 'postgres') {
        await sql(
          a,
          `CREATE FUNCTION ${s.q(target)}.gate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.id > ${ROWS / 2} THEN PERFORM pg_advisory_lock_shared(4243); PERFORM pg_advisory_unlock_shared(4243); END IF; RETURN NEW; END $$`,
        );
        await sql(a, `CREATE TRIGGER gate BEFORE INSERT ON ${t} FOR EACH ROW EXECUTE FUNCTION ${s.q(target)}.gate()`);
      } else {
        await sql(
          a,
          `CREATE TRIGGER ${s.q(target)}.gate BEFORE INSERT ON ${t} FOR EACH ROW BEGIN IF NEW.id > ${ROWS / 2} THEN SET @g = GET_LOCK('${lockName}', 3600); SET @g = RELEASE_LOCK('${lockName}'); END IF; END`,
        );
      }
      const gate = await a.connector.connect('sluice e2e gate');
      await a.masterTable.query(gate, engine === 'postgres' ? 'SELECT pg_advisory_lock(4243)' : `SELECT GET_LOCK('${lockName}', 0)`);
      // The sessions waiting at the gate: the loads of the chunk.
      const waiters = async (): Promise<number[]> =>
        (
          await sql(
            a,
            engine === 'postgres'
              ? `SELECT pid AS id FROM pg_locks WHERE locktype = 'advisory' AND objid = 4243 AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`
              : `SELECT ID AS id FROM information_schema.PROCESSLIST WHERE STATE = 'User lock' AND INFO LIKE '%${lockName}%'`,
          )
        ).map((r) => Number(r['id']));
      return {
        t,
        waiters,
        waiting: async () => (await waiters()).length,
        open: async () => {
          await a.masterTable.query(gate, engine === 'postgres' ? 'SELECT pg_advisory_unlock(4243)' : `SELECT RELEASE_LOCK('${lockName}')`);
        },
        close: () => gate.close().catch(() => undefined),
      };
    }

    /** An import of the dump into `name` (TRUNCATE), its master table in the scratch home, the target on connections of its own. */
    async function startImport(jobName: string, name: string): Promise<DataPump> {
      const job = await open({ operation: 'IMPORT', mode: 'FULL', home: a, target: s.adapter(), jobName, timing: TIMING });
      await job.addFile({ kind: 'DUMP', name: 'base%U.dmp', directory: files.dir });
      await job.addFile({ kind: 'LOG', name: `${jobName}.log`, directory: files.dir });
      await job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: s.schema(name) });
      await job.setParameter('INCLUDE_METADATA', 0);
      await job.setParameter('TABLE_EXISTS_ACTION', 'TRUNCATE');
      await job.setParallel(2);
      await job.startJob();
      return job;
    }

    it("the first worker's master-table session killed mid-load, the other worker loads the chunk: every row once, no error", async () => {
      const jobName = 'ITEM_TAKEN';
      const gate = await gatedTable('taken');
      const chunk = async (): Promise<MasterRow | undefined> => dataItems(await jobItems(a, jobName))[0];
      let job: DataPump | undefined;
      try {
        job = await startImport(jobName, 'taken');
        await until(async () => (await gate.waiting()) === 1, 'the first worker loading the chunk, held at the gate');
        expect(await chunk()).toMatchObject({ state: 'RUNNING', attempts: 1 });
        // Its master-table session (idle in its transaction while it loads on the target) dies. On MariaDB
        // a session counts as idle after 40 ms without a statement: one that just gave its batch back
        // (the overdue timer) is found a moment later.
        await until(async () => (await killJobSessions(s, a, jobName, { workers: true })) >= 1, "the first worker's master-table session, idle in its transaction");
        // The other worker finds the item RUNNING and unlocked, and takes it.
        await until(async () => (await chunk())?.attempts === 2, 'the other worker to take the chunk');
        await gate.open();
        const end = await endOf(job);
        expect(end, logText(files.dir, `${jobName}.log`)).toEqual({ state: 'COMPLETED', errors: 0 });
      } finally {
        await gate.close();
        await job?.detach().catch(() => undefined);
      }
      expect(await tableRows(a, gate.t)).toEqual(source);
    });

    it('the target session of a worker terminated mid-load (COPY / LOAD DATA), then the job seen to its end (restarted if it stopped): every row once', async () => {
      const jobName = 'LOAD_KILLED';
      const gate = await gatedTable('killed');
      let job: DataPump | undefined;
      let end: JobEnd;
      try {
        job = await startImport(jobName, 'killed');
        await until(async () => (await gate.waiting()) === 1, 'the chunk loading, held at the gate');
        const [loader] = await gate.waiters();
        await sql(a, engine === 'postgres' ? `SELECT pg_terminate_backend(${loader})` : `KILL ${loader}`);
        await gate.open();
        end = await endOf(job);
      } finally {
        await gate.close();
        await job?.detach().catch(() => undefined);
      }
      const log = logText(files.dir, `${jobName}.log`);
      if (end.state !== 'COMPLETED') {
        expect(end.failure, log).toMatch(/stopped because/);
        const again = await attach(jobName, { home: a, target: s.adapter(), timing: TIMING });
        try {
          await again.startJob();
          end = await endOf(again);
        } finally {
          await again.detach().catch(() => undefined);
        }
      }
      expect(end, log).toEqual({ state: 'COMPLETED', errors: 0 });
      expect(await tableRows(a, gate.t)).toEqual(source);
    });
  });
}
