import type { Adapter, MasterRow } from '@sluice/adapter-kit';
import { attach, isJobError, KU$_STATUS_JOB_STATUS, listJobs, open } from '@sluice/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listedJobRow, MasterTableStore, summaryOf } from '../../src/master-table/index.js';
import { until } from './support/child.js';
import { ENGINES, createScratch, type Scratch } from './support/engines.js';
import { createFixture, fixtureRows } from './support/fixture.js';
import { importDump, TIMING, tempDir } from './support/jobs.js';
import { sql } from './support/sql.js';

/** Small chunks held a moment each, so the job is still working when its lock connection dies. */
const CHUNK_BYTES = 32768;
const ITEM_DELAY_MS = 60;

async function items(a: Adapter, jobName: string): Promise<MasterRow[]> {
  const store = MasterTableStore.for(a, jobName);
  try {
    return await store.items({ itemKind: 'DATA' });
  } finally {
    await store.close();
  }
}

/** End, from the server's side, the session holding the job lock of the job's (only) process: a dropped connection. */
async function endLockSession(s: Scratch, a: Adapter, jobName: string): Promise<void> {
  if (s.engine === 'postgres') {
    // Advisory locks are per database, and this scratch database has only this job's.
    const rows = await sql(
      a,
      `SELECT pg_terminate_backend(l.pid) AS ended FROM pg_locks l
      WHERE l.locktype = 'advisory' AND l.objsubid = 2 AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    expect(rows.length).toBe(1);
    return;
  }
  const store = MasterTableStore.for(a, jobName);
  const [process] = (await store.readJob()).processes;
  await store.close();
  // The lock's name as the MySQL adapter derives it (short enough here not to be hashed).
  const rows = await sql(a, 'SELECT IS_USED_LOCK(?) AS id', [`sluice.${s.database}.${jobName}.${process!.holder}`]);
  expect(rows[0]?.['id']).not.toBeNull();
  await sql(a, `KILL ${Number(rows[0]!['id'])}`);
}

/**
 * A lock a session of the test holds, which the export's QUERY waits for past the first rows of emp:
 * the job stays mid-export, whatever the machine's speed, until the gate opens. (GET_LOCK is
 * exclusive, so on MariaDB each row takes and gives back the gate.)
 */
async function closeGate(s: Scratch, a: Adapter): Promise<{ query: string; open: () => Promise<void> }> {
  const conn = await a.connector.connect('sluice e2e gate');
  const name = `gate_${s.database}`;
  await a.masterTable.query(conn, s.engine === 'postgres' ? 'SELECT pg_advisory_lock(4242)' : 'SELECT GET_LOCK(?, 0)', s.engine === 'postgres' ? [] : [name]);
  return {
    query: s.engine === 'postgres' ? `WHERE id <= 2000 OR pg_advisory_lock_shared(4242)::text = ''` : `WHERE id <= 2000 OR (GET_LOCK('${name}', 3600) >= 0 AND RELEASE_LOCK('${name}') >= 0)`,
    open: () => conn.close(),
  };
}

for (const engine of ENGINES) {
  describe(`job locks (${engine})`, () => {
    let s: Scratch;
    let a: Adapter;
    let src: string;
    let source: Record<string, unknown[]>;
    const files = tempDir(`lock-${engine}`);

    beforeAll(async () => {
      s = await createScratch(engine);
      a = s.adapter();
      src = await createFixture(s, a, 'locked', 20_000);
      source = await fixtureRows(s, a, src);
    });
    afterAll(async () => {
      await s?.drop();
      files.cleanup();
    });

    it('a process whose lock connection dies stops at once, the job is NOT RUNNING, and a restart completes it with every row', async () => {
      const jobName = 'LOCK_LOST';
      const job = await open({ operation: 'EXPORT', mode: 'SCHEMA', home: a, jobName, timing: TIMING, tuning: { chunkTargetBytes: CHUNK_BYTES, itemDelayMs: ITEM_DELAY_MS } });
      await job.addFile({ kind: 'DUMP', name: `${jobName}%U.dmp`, directory: files.dir });
      await job.addFile({ kind: 'LOG', name: `${jobName}.log`, directory: files.dir });
      await job.metadataFilter({ name: 'SCHEMA_LIST', value: `'${src}'` });
      await job.setParallel(2);
      const gate = await closeGate(s, a);
      await job.dataFilter({ name: 'QUERY', value: gate.query, table: { schema: src, name: 'emp' } });
      try {
        await job.startJob();
        await until(async () => (await items(a, jobName)).filter((r) => r.state === 'DONE').length >= 2, 'two chunks exported');
        expect((await listJobs(a)).find((j) => j.jobName === jobName)?.state).toBe('EXECUTING');
        await endLockSession(s, a, jobName);
        // The run sees its lock gone at its next look and stops at once; then the gate may open.
        // STOPPING while a worker waits at the gate; a run with no worker there may already be past it.
        await until(async () => !['EXECUTING', 'DEFINING'].includes(await job.currentState()), 'the run to stop', 30_000);
        await gate.open();
        const failure = await job.waitForJob().then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(isJobError(failure, 'JOB_FAILED')).toBe(true);
        expect((failure as Error).message).toContain(`job ${jobName} stopped: this process lost its job lock`);
      } finally {
        await gate.open().catch(() => undefined);
        await job.detach().catch(() => undefined);
      }
      const left = await items(a, jobName);
      expect(left.filter((r) => r.state === 'DONE').length).toBeLessThan(left.length);
      expect((await listJobs(a)).find((j) => j.jobName === jobName)?.state).toBe('NOT RUNNING');

      const again = await attach(jobName, { home: a, timing: TIMING });
      expect(await again.currentState()).toBe('IDLING');
      await again.startJob();
      expect((await again.waitForJob()).state).toBe('COMPLETED');
      await again.detach().catch(() => undefined);

      const target = s.schema('relocked');
      const imp = await importDump(a, files.dir, `${jobName}%U.dmp`, (j) => j.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: target }), `${jobName}-import.log`);
      expect(imp.errors, imp.log).toBe(0);
      expect(await fixtureRows(s, a, target)).toEqual(source);
    });

    it('a job row read while the job ran and looked at after its run ended gives the state it ended in, not NOT RUNNING', async () => {
      // A status read takes the row, then looks at the job locks: a run that ends in between must not
      // be reported as a run that died (a serving process ended with "NOT RUNNING" while the job completed).
      const jobName = 'ENDED_BETWEEN';
      const job = await open({ operation: 'EXPORT', mode: 'SCHEMA', home: a, jobName, timing: TIMING });
      await job.addFile({ kind: 'DUMP', name: `${jobName}%U.dmp`, directory: files.dir });
      await job.metadataFilter({ name: 'SCHEMA_LIST', value: `'${src}'` });
      await job.setParameter('KEEP_MASTER', 1);
      const gate = await closeGate(s, a);
      await job.dataFilter({ name: 'QUERY', value: gate.query, table: { schema: src, name: 'emp' } });
      const store = MasterTableStore.for(a, jobName);
      try {
        await job.startJob();
        await until(async () => (await store.readJob()).state === 'EXECUTING', 'the job to execute');
        const seen = await store.readJob();
        expect(await store.liveState(seen)).toBe('EXECUTING');
        await gate.open();
        expect((await job.waitForJob()).state).toBe('COMPLETED');
        expect(await store.liveState(seen)).toBe('COMPLETED');
      } finally {
        await gate.open().catch(() => undefined);
        await store.close();
        await job.detach().catch(() => undefined);
      }
    });

    it('a listing whose job row was read while the job ran and whose locks were looked at after its run ended gives the state it ended in', async () => {
      // listJobs (sluice jobs, GET /jobs) reads each job row, then looks at the job locks: a run that
      // ends in between must be listed as it ended (COMPLETED), or not at all once its master table is dropped.
      for (const keep of [true, false]) {
        const jobName = keep ? 'LISTED_KEPT' : 'LISTED_DROPPED';
        const job = await open({ operation: 'EXPORT', mode: 'SCHEMA', home: a, jobName, timing: TIMING });
        await job.addFile({ kind: 'DUMP', name: `${jobName}%U.dmp`, directory: files.dir });
        await job.metadataFilter({ name: 'SCHEMA_LIST', value: `'${src}'` });
        if (keep) await job.setParameter('KEEP_MASTER', 1);
        const gate = await closeGate(s, a);
        await job.dataFilter({ name: 'QUERY', value: gate.query, table: { schema: src, name: 'emp' } });
        const conn = await a.connector.connect('sluice e2e listing');
        try {
          await job.startJob();
          await until(async () => (await listedJobRow(a, conn, jobName))?.state === 'EXECUTING', 'the job to execute');
          const seen = await listedJobRow(a, conn, jobName);
          expect((await summaryOf(a, conn, jobName, seen!))?.state).toBe('EXECUTING');
          await gate.open();
          expect((await job.waitForJob()).state).toBe('COMPLETED');
          const listed = await summaryOf(a, conn, jobName, seen!);
          if (keep) expect(listed).toMatchObject({ jobName, state: 'COMPLETED', percentDone: 100 });
          else expect(listed).toBeUndefined();
        } finally {
          await gate.open().catch(() => undefined);
          await conn.close();
          await job.detach().catch(() => undefined);
        }
      }
    });

    it('START_JOB on a job a live process runs names that process; serving it is refused once it is not running', async () => {
      const jobName = 'LIVE_ELSEWHERE';
      const job = await open({ operation: 'EXPORT', mode: 'SCHEMA', home: a, jobName, timing: TIMING, tuning: { chunkTargetBytes: CHUNK_BYTES, itemDelayMs: ITEM_DELAY_MS } });
      await job.addFile({ kind: 'DUMP', name: `${jobName}%U.dmp`, directory: files.dir });
      await job.metadataFilter({ name: 'SCHEMA_LIST', value: `'${src}'` });
      // A second adapter stands for another process's view: it shares no channel with `job`.
      const other = s.adapter();
      try {
        await job.startJob();
        const second = await attach(jobName, { home: other, timing: TIMING });
        expect(await second.currentState()).toBe('EXECUTING');
        const refused = await second.startJob().then(
          () => undefined,
          (error: unknown) => error as Error,
        );
        expect(isJobError(refused, 'INVALID_STATE')).toBe(true);
        expect(refused?.message).toContain(`startJob (START_JOB) is not valid while job ${jobName} is EXECUTING: it runs in process ${process.pid} on host `);
        expect((await second.runningProcesses()).map((p) => [p.pid, p.role])).toEqual([[process.pid, 'primary']]);
        await job.stopJob({ immediate: true });
        await second.detach();
        const late = await attach(jobName, { home: other, timing: TIMING });
        const serve = await late.startJob({ serveOnly: true }).then(
          () => undefined,
          (error: unknown) => error as Error,
        );
        expect(isJobError(serve, 'INVALID_STATE')).toBe(true);
        await late.stopJob({ keepMaster: false });
        await late.detach().catch(() => undefined);
      } finally {
        await job.detach().catch(() => undefined);
        await other.close();
      }
    });

    it('a serving process whose workers are done is told the end the job reaches after it; one that comes to serve later is refused as COMPLETED', async () => {
      const jobName = 'SERVED_TO_END';
      const job = await open({ operation: 'EXPORT', mode: 'SCHEMA', home: a, jobName, timing: TIMING, tuning: { chunkTargetBytes: CHUNK_BYTES } });
      await job.addFile({ kind: 'DUMP', name: `${jobName}%U.dmp`, directory: files.dir });
      await job.metadataFilter({ name: 'SCHEMA_LIST', value: `'${src}'` });
      // A MySQL/MariaDB snapshot cannot be joined by another process: there the export reads the latest rows.
      if (engine === 'mysql') await job.setParameter('FLASHBACK', 0);
      const gate = await closeGate(s, a);
      await job.dataFilter({ name: 'QUERY', value: gate.query, table: { schema: src, name: 'emp' } });
      // Adapters of their own stand for other processes: they share no channel with `job`.
      const [serverHome, lateHome] = [s.adapter(), s.adapter()];
      try {
        await job.startJob();
        const server = await attach(jobName, { home: serverHome, timing: TIMING });
        const late = await attach(jobName, { home: lateHome, timing: TIMING });
        await server.startJob({ serveOnly: true });
        await gate.open();
        // The serving run ends first (the process completing the job waits for it), then the job completes.
        expect((await server.waitForJob()).state).toBe('COMPLETED');
        expect((await job.waitForJob()).state).toBe('COMPLETED');
        // Its master table is gone now: the serving handle's status still reports the job's end, once.
        expect((await server.getStatus(KU$_STATUS_JOB_STATUS, 0)).state).toBe('COMPLETED');
        const refused = await late.startJob({ serveOnly: true }).then(
          () => undefined,
          (error: unknown) => error as Error,
        );
        expect(isJobError(refused, 'INVALID_STATE')).toBe(true);
        expect(refused?.message).toContain(`is not valid while job ${jobName} is COMPLETED`);
        await server.detach();
        await late.detach();
      } finally {
        await gate.open().catch(() => undefined);
        await job.detach().catch(() => undefined);
        await serverHome.close();
        await lateHome.close();
      }
    });
  });
}
