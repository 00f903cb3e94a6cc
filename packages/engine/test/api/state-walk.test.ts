import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Adapter } from '@sluice/adapter-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DataPump, JobError, KU$_STATUS_ALL, VALID_STATES, attach, isCallValid, listJobs, open, registerRemapFunction, type JobStateName } from '../../src/index.js';
import { CALL_METHOD, isLiveState, type DataPumpCall } from '../../src/job-state/index.js';
import { JobLock, MasterTableStore } from '../../src/master-table/index.js';
import { createScratch, type Scratch } from '../e2e/support/engines.js';
import { ENGINES } from '../../../../test-support/servers.js';

const TIMING = { heartbeatMs: 200, pollMs: 25 };

/** The calls a handle makes (OPEN and ATTACH are tested on their own below; GET_DUMPFILE_INFO needs no job). */
type HandleCall = Exclude<DataPumpCall, 'OPEN' | 'ATTACH' | 'GET_DUMPFILE_INFO'>;

const STATES: JobStateName[] = ['UNDEFINED', 'DEFINING', 'EXECUTING', 'COMPLETING', 'COMPLETED', 'STOP PENDING', 'STOPPING', 'STOPPED', 'IDLING', 'NOT RUNNING'];
const LIVE: JobStateName[] = ['EXECUTING', 'COMPLETING', 'STOP PENDING', 'STOPPING'];

/** Outcomes of valid calls that are not plain success, because of the (export) job the walk uses. */
const VALID_BUT: Partial<Record<`${HandleCall}@${JobStateName}`, string>> = {
  'METADATA_REMAP@DEFINING': 'INVALID_OPERATION', // remaps are for imports
  'METADATA_TRANSFORM@DEFINING': 'INVALID_OPERATION',
  'START_JOB@DEFINING': 'INCONSISTENT_ARGS', // the walk's jobs have no dump file, so nothing really starts
  'START_JOB@IDLING': 'INCONSISTENT_ARGS',
};

registerRemapFunction('walk.same', (v) => v);

for (const engine of ENGINES) {
  describe(`the state table, every call in every state (${engine})`, () => {
    let scratch: Scratch;
    let home: Adapter;
    let dir: string;
    let counter = 0;

    beforeAll(async () => {
      scratch = await createScratch(engine);
      home = scratch.adapter();
      dir = mkdtempSync(join(tmpdir(), 'sluice-walk-'));
    });
    /** Job locks held by the test for jobs "running in another process". */
    const standIns: JobLock[] = [];
    afterAll(async () => {
      await Promise.all(standIns.map((l) => l.release()));
      await scratch?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    const store = (h: DataPump): MasterTableStore => MasterTableStore.for(home, h.jobName);
    /** Put the job row in `state`; a live state gets a stand-in for the process running it elsewhere, holding its job lock. */
    const setRow = async (h: DataPump, state: JobStateName): Promise<void> => {
      const s = store(h);
      if (isLiveState(state)) {
        const lock = await JobLock.take(home, h.jobName, 'primary');
        standIns.push(lock);
        await s.claimRun(lock.process, { state });
      } else {
        await s.updateJob({ state });
      }
      await s.close();
    };
    const setRowWithoutProcess = async (h: DataPump, state: JobStateName): Promise<void> => {
      const s = store(h);
      await s.updateJob({ state });
      await s.close();
    };
    const defining = (): Promise<DataPump> => open({ operation: 'EXPORT', mode: 'SCHEMA', home, jobName: `WALK_${++counter}`, timing: TIMING });

    /** A handle whose job is in `state`: live states stand for a job that runs in another process. */
    async function inState(state: JobStateName): Promise<DataPump> {
      const h = await defining();
      switch (state) {
        case 'DEFINING':
          return h;
        case 'UNDEFINED': {
          const s = store(h);
          await s.drop();
          await s.close();
          return h;
        }
        case 'STOPPED':
          await h.stopJob({ keepMaster: true });
          break;
        case 'IDLING':
        case 'COMPLETED': {
          await setRow(h, state === 'IDLING' ? 'NOT RUNNING' : 'COMPLETED');
          const attached = await attach(h.jobName, { home, timing: TIMING });
          await h.detach();
          return attached;
        }
        default:
          await setRow(h, state);
      }
      // The opener was following the job, so it is told of the end once; after that the table rules.
      if (state === 'STOPPED' || state === 'NOT RUNNING') expect((await h.getStatus(0, 0)).state).toBe(state);
      return h;
    }

    const calls: Record<HandleCall, (h: DataPump) => Promise<unknown>> = {
      ADD_FILE: (h) => h.addFile({ kind: 'DUMP', name: 'walk%U.dmp', directory: dir }),
      DATA_FILTER: (h) => h.dataFilter({ name: 'INCLUDE_ROWS', value: 1 }),
      DATA_REMAP: (h) => h.dataRemap({ table: { schema: 's', name: 't' }, column: 'c', functionName: 'walk.same' }),
      DETACH: (h) => h.detach(),
      GET_STATUS: (h) => h.getStatus(KU$_STATUS_ALL, 0),
      LOG_ENTRY: (h) => h.logEntry('a line from the walk'),
      METADATA_FILTER: (h) => h.metadataFilter({ name: 'SCHEMA_LIST', value: "'walk'" }),
      METADATA_REMAP: (h) => h.metadataRemap({ name: 'REMAP_SCHEMA', from: 'a', to: 'b' }),
      METADATA_TRANSFORM: (h) => h.metadataTransform({ name: 'OWNER', value: 'N' }),
      SET_PARALLEL: (h) => h.setParallel(2),
      SET_PARAMETER: (h) => h.setParameter('ENCRYPTION_PASSWORD', 'walk-secret'),
      START_JOB: (h) => h.startJob(),
      STOP_JOB: (h) => h.stopJob({ delay: 0 }),
      WAIT_FOR_JOB: async (h) => {
        // A job running elsewhere: let it stop a moment later, as its process would.
        const state = await h.currentState();
        if (LIVE.includes(state)) setTimeout(() => void setRow(h, 'NOT RUNNING'), 100);
        return h.waitForJob();
      },
    };

    async function outcome(fn: () => Promise<unknown>): Promise<{ code: string; message: string }> {
      try {
        await fn();
        return { code: 'ok', message: '' };
      } catch (e) {
        if (e instanceof JobError) return { code: e.code, message: e.message };
        throw e;
      }
    }

    /** Calls that change the job's state (or would start it) get a job of their own; the rest share one. */
    const FRESH: ReadonlySet<HandleCall> = new Set(['DETACH', 'STOP_JOB', 'WAIT_FOR_JOB', 'START_JOB']);

    for (const state of STATES) {
      it(`in ${state}`, async () => {
        const shared = await inState(state);
        const sharedValid = await inState(state);
        for (const call of Object.keys(calls) as HandleCall[]) {
          // Conditional rows with the arguments the walk uses: dump files of an export, the password.
          const valid = isCallValid(call, state, { operation: 'EXPORT', fileKind: 'DUMP', parameter: 'ENCRYPTION_PASSWORD' });
          if (!valid) {
            const got = await outcome(() => calls[call](shared));
            expect(got.code, `${call} in ${state}`).toBe('INVALID_STATE');
            expect(got.message).toContain(`${CALL_METHOD[call]} (${call}) is not valid while job ${shared.jobName} is ${state}`);
            continue;
          }
          const handle = FRESH.has(call) ? await inState(state) : sharedValid;
          const got = await outcome(() => calls[call](handle));
          expect(got.code, `${call} in ${state}: ${got.message}`).toBe(VALID_BUT[`${call}@${state}`] ?? 'ok');
        }
        // Refused calls changed nothing, and neither did the valid calls that are not about the state.
        expect(await shared.currentState()).toBe(state);
        expect(await sharedValid.currentState()).toBe(state);
      });
    }

    it('covers every call of the table', () => {
      expect(Object.keys(calls).sort()).toEqual(
        Object.keys(VALID_STATES)
          .filter((c) => !['OPEN', 'ATTACH', 'GET_DUMPFILE_INFO'].includes(c))
          .sort(),
      );
    });

    it('OPEN is valid only for a name not in use (JOB_EXISTS), ATTACH as the table says', async () => {
      const h = await defining();
      const again = await outcome(() => open({ operation: 'EXPORT', mode: 'SCHEMA', home, jobName: h.jobName }));
      expect(again.code).toBe('JOB_EXISTS');
      expect(again.message).toContain(`Job "${h.jobName}" already exists`);
      const none = await outcome(() => attach('NO_SUCH_JOB_HERE', { home }));
      expect(none.code).toBe('NO_SUCH_JOB');
      for (const state of STATES.filter((s) => s !== 'UNDEFINED')) {
        const job = await defining();
        await setRow(job, state);
        const got = await outcome(() => attach(job.jobName, { home, timing: TIMING }));
        if (VALID_STATES.ATTACH.includes(state)) {
          expect(got.code, `ATTACH in ${state}`).toBe('ok');
        } else {
          expect(got.code, `ATTACH in ${state}`).toBe('INVALID_STATE');
          expect(got.message).toContain(`attach (ATTACH) is not valid while job ${job.jobName} is ${state}`);
        }
      }
    });

    it('attaching to a stopped job makes it IDLING; the handles count in attached sessions', async () => {
      const h = await defining();
      await setRow(h, 'NOT RUNNING');
      const a = await attach(h.jobName, { home, timing: TIMING });
      expect(await a.currentState()).toBe('IDLING');
      const row = (await listJobs(home)).find((j) => j.jobName === h.jobName);
      expect(row).toMatchObject({ state: 'IDLING', attachedSessions: 2, operation: 'EXPORT', mode: 'SCHEMA' });
      await a.detach();
      await h.detach();
      expect((await listJobs(home)).find((j) => j.jobName === h.jobName)).toMatchObject({ state: 'NOT RUNNING', attachedSessions: 0 });
    });

    it('a running job whose process holds no job lock is NOT RUNNING at once, and attach turns it IDLING for a restart', async () => {
      const h = await open({ operation: 'EXPORT', mode: 'SCHEMA', home, jobName: `WALK_${++counter}`, timing: TIMING });
      const lock = await JobLock.take(home, h.jobName, 'primary');
      const s = store(h);
      await s.claimRun(lock.process, { state: 'EXECUTING' });
      expect(await h.currentState()).toBe('EXECUTING');
      expect((await listJobs(home)).find((j) => j.jobName === h.jobName)?.state).toBe('EXECUTING');
      // The process "dies": its lock goes; the row still says EXECUTING, written a moment ago.
      await lock.release();
      expect((await s.readJob()).state).toBe('EXECUTING');
      expect(await h.currentState()).toBe('NOT RUNNING');
      expect((await listJobs(home)).find((j) => j.jobName === h.jobName)?.state).toBe('NOT RUNNING');
      const a = await attach(h.jobName, { home, timing: TIMING });
      expect(await a.currentState()).toBe('IDLING');
      // A row that says EXECUTING with no process ever recorded is not running either.
      const b = await open({ operation: 'EXPORT', mode: 'SCHEMA', home, jobName: `WALK_${++counter}`, timing: TIMING });
      await setRowWithoutProcess(b, 'EXECUTING');
      expect(await b.currentState()).toBe('NOT RUNNING');
      await s.close();
    });

    it('a detached handle answers every call with INVALID_HANDLE', async () => {
      const h = await defining();
      await h.detach();
      for (const call of Object.keys(calls) as HandleCall[]) {
        const got = await outcome(() => calls[call](h));
        expect(got.code, call).toBe('INVALID_HANDLE');
        expect(got.message).toBe(`the handle on job ${h.jobName} was detached; attach to the job again for a new handle`);
      }
      // The last session detaching from a DEFINING job removes it, as Oracle does.
      expect((await listJobs(home)).map((j) => j.jobName)).not.toContain(h.jobName);
    });
  });
}
