import type { Adapter, MasterRow } from '@sluice/adapter-kit';
import { open } from '@sluice/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from './support/child.js';
import { ENGINES, createScratch, type Scratch } from './support/engines.js';
import { dataItems, endOf, jobItems, killJobSessions, logText } from './support/faults.js';
import { exportSchemas, TIMING, tempDir } from './support/jobs.js';
import { sql, tableRows } from './support/sql.js';

/** Rows of the one table, one chunk; rows past the first half wait at the gate as they are loaded. */
const ROWS = 2000;

/**
 * An import into a database other than the master table's home loads a chunk in a target transaction
 * of its own, which commits before the item's master row. When the worker's master-table session
 * dies mid-load, its item is RUNNING and unlocked: another worker takes it as an orphan and loads it
 * again (clearing its range first, which cannot see the first worker's uncommitted rows). The first
 * worker must then not commit its rows: each row ends up in the table once, and the job completes
 * without an error.
 */
for (const engine of ENGINES) {
  describe(`a chunk taken by another worker while it loads off the home database (${engine})`, () => {
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

    it("the first worker's master-table session killed mid-load, the other worker loads the chunk: every row once, no error", async () => {
      const jobName = 'ITEM_TAKEN';
      const target = s.schema('taken');
      await s.createSchema('taken');
      const t = `${s.q(target)}.t`;
      await sql(a, `CREATE TABLE ${t} (id int PRIMARY KEY, name varchar(40))`);
      const lockName = `gate_${s.database}`;
      // A trigger holds rows past the first half at a gate the test holds.
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
      const waiting = async (): Promise<number> =>
        Number(
          (
            await sql(
              a,
              engine === 'postgres'
                ? `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = 4243 AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`
                : `SELECT count(*) AS n FROM information_schema.PROCESSLIST WHERE STATE = 'User lock' AND INFO LIKE '%${lockName}%'`,
            )
          )[0]?.['n'],
        );
      const chunk = async (): Promise<MasterRow | undefined> => dataItems(await jobItems(a, jobName))[0];

      const job = await open({ operation: 'IMPORT', mode: 'FULL', home: a, target: s.adapter(), jobName, timing: TIMING });
      try {
        await job.addFile({ kind: 'DUMP', name: 'base%U.dmp', directory: files.dir });
        await job.addFile({ kind: 'LOG', name: `${jobName}.log`, directory: files.dir });
        await job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: target });
        await job.setParameter('INCLUDE_METADATA', 0);
        await job.setParameter('TABLE_EXISTS_ACTION', 'TRUNCATE');
        await job.setParallel(2);
        await job.startJob();
        await until(async () => (await waiting()) === 1, 'the first worker loading the chunk, held at the gate');
        const first = await chunk();
        expect(first).toMatchObject({ state: 'RUNNING', attempts: 1 });
        // Its master-table session (idle in its transaction while it loads on the target) dies.
        expect(await killJobSessions(s, a, jobName, { workers: true })).toBeGreaterThanOrEqual(1);
        // The other worker finds the item RUNNING and unlocked, and takes it.
        await until(async () => (await chunk())?.attempts === 2, 'the other worker to take the chunk');
        await a.masterTable.query(gate, engine === 'postgres' ? 'SELECT pg_advisory_unlock(4243)' : `SELECT RELEASE_LOCK('${lockName}')`);
        const end = await endOf(job);
        const log = logText(files.dir, `${jobName}.log`);
        expect(end, log).toEqual({ state: 'COMPLETED', errors: 0 });
      } finally {
        await gate.close().catch(() => undefined);
        await job.detach().catch(() => undefined);
      }
      expect(await tableRows(a, t)).toEqual(source);
    });
  });
}
