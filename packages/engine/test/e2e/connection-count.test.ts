import type { Adapter, Connector } from '@sluice/adapter-kit';
import { KU$_STATUS_JOB_STATUS, open } from '@sluice/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MasterTableStore } from '../../src/master-table/index.js';
import { until } from './support/child.js';
import { ENGINES, createScratch, type Scratch } from './support/engines.js';
import { createFixture } from './support/fixture.js';
import { TIMING, tempDir } from './support/jobs.js';

/** Longer than a control connection's idle close (2 s), so a slot that closes when idle would reopen. */
const PAUSE_MS = 2_600;
const PAUSES = 3;

/** `a` with a connector that counts the sessions it opens, by purpose (the real connector opens them). */
function counted(a: Adapter): { adapter: Adapter; opened: string[] } {
  const opened: string[] = [];
  const connector = new Proxy(a.connector, {
    get(target, key) {
      if (key === 'connect') {
        return (purpose?: string) => {
          opened.push(purpose ?? '');
          return target.connect(purpose);
        };
      }
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as Connector;
  const adapter = new Proxy(a, {
    get(target, key) {
      if (key === 'connector') return connector;
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as Adapter;
  return { adapter, opened };
}

/** A lock a session of the test holds, which the export's QUERY on emp waits for past its first rows. */
async function closeGate(s: Scratch, a: Adapter): Promise<{ query: string; open: () => Promise<void> }> {
  const conn = await a.connector.connect('sluice e2e gate');
  const name = `gate_${s.database}`;
  await a.masterTable.query(conn, s.engine === 'postgres' ? 'SELECT pg_advisory_lock(4243)' : 'SELECT GET_LOCK(?, 0)', s.engine === 'postgres' ? [] : [name]);
  return {
    query: s.engine === 'postgres' ? `WHERE id <= 20 OR pg_advisory_lock_shared(4243)::text = ''` : `WHERE id <= 20 OR (GET_LOCK('${name}', 3600) >= 0 AND RELEASE_LOCK('${name}') >= 0)`,
    open: () => conn.close(),
  };
}

async function doneItems(a: Adapter, jobName: string): Promise<number> {
  const store = MasterTableStore.for(a, jobName);
  try {
    return (await store.items({ itemKind: 'DATA' })).filter((r) => r.state === 'DONE').length;
  } finally {
    await store.close();
  }
}

function tally(opened: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of opened) out[p] = (out[p] ?? 0) + 1;
  return out;
}

for (const engine of ENGINES) {
  describe(`connections of a running job (${engine})`, () => {
    let s: Scratch;
    let a: Adapter;
    let src: string;
    const files = tempDir(`conns-${engine}`);

    beforeAll(async () => {
      s = await createScratch(engine);
      a = s.adapter();
      src = await createFixture(s, a, 'counted', 200);
    });
    afterAll(async () => {
      await s?.drop();
      files.cleanup();
    });

    it('a job held past the idle time opens no more control connections than its structure needs', async () => {
      const { adapter, opened } = counted(s.adapter());
      const jobName = 'CONNS_HELD';
      const during: string[] = [];
      const job = await open({ operation: 'EXPORT', mode: 'SCHEMA', home: adapter, jobName, timing: TIMING });
      const gate = await closeGate(s, a);
      try {
        await job.addFile({ kind: 'DUMP', name: `${jobName}%U.dmp`, directory: files.dir });
        await job.metadataFilter({ name: 'SCHEMA_LIST', value: `'${src}'` });
        await job.setParallel(2);
        await job.dataFilter({ name: 'QUERY', value: gate.query, table: { schema: src, name: 'emp' } });
        // Counted from the start of the run to its end: the definition steps before may take longer
        // than the idle time on a busy machine, and the handle's connection may close meanwhile.
        opened.length = 0;
        await job.startJob();
        await until(async () => (await doneItems(a, jobName)) >= 1, 'a table exported');
        // The job waits at the gate; the handle reads its status now and then, each time after its
        // control connection has been idle longer than the idle close.
        for (let n = 0; n < PAUSES; n++) {
          await new Promise((r) => setTimeout(r, PAUSE_MS));
          expect((await job.getStatus(KU$_STATUS_JOB_STATUS, 0)).state).toBe('EXECUTING');
        }
        await gate.open();
        expect((await job.waitForJob()).state).toBe('COMPLETED');
        during.push(...opened);
      } finally {
        await gate.open().catch(() => undefined);
        await job.detach().catch(() => undefined);
      }
      const byPurpose = tally(during);
      // At most one control connection per store of the job (the handle's, the run's and the
      // runtime's), opened once for the whole run, not once per idle pause; plus the lock and the workers.
      expect(byPurpose[`sluice ${jobName} master`] ?? 0, JSON.stringify(byPurpose)).toBeLessThanOrEqual(3);
      expect(during.length, JSON.stringify(byPurpose)).toBeLessThanOrEqual(8);
    });
  });
}
