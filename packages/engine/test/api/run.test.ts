import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Adapter } from '@sluice/adapter-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  JobError,
  KU$_STATUS_ALL,
  KU$_STATUS_JOB_DESC,
  KU$_STATUS_JOB_ERROR,
  KU$_STATUS_JOB_STATUS,
  KU$_STATUS_WIP,
  attach,
  listJobs,
  open,
  type DataPump,
  type JobTuning,
  type StatusReport,
} from '../../src/index.js';
import { createScratch, type Scratch } from '../e2e/support/engines.js';
import { sql } from '../e2e/support/sql.js';
import { seedSchema } from './seed-schema.js';
import { ENGINES } from '../../../../test-support/servers.js';

const TIMING = { heartbeatMs: 100, pollMs: 25 };

async function errorOf(fn: () => Promise<unknown>): Promise<JobError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof JobError) return e;
    throw e;
  }
  throw new Error('expected a JobError');
}

/** Follow a job with GET_STATUS(-1) until it ends, as a client does; returns every report. */
async function follow(job: DataPump, mask = KU$_STATUS_ALL): Promise<StatusReport[]> {
  const reports: StatusReport[] = [];
  for (;;) {
    const s = await job.getStatus(mask, -1);
    reports.push(s);
    if (s.state === 'COMPLETED' || s.state === 'STOPPED' || s.state === 'NOT RUNNING') return reports;
  }
}

for (const engine of ENGINES) {
  describe(`a job through the API (${engine})`, () => {
    let scratch: Scratch;
    let home: Adapter;
    let dir: string;
    let small: string;
    let big: string;

    beforeAll(async () => {
      scratch = await createScratch(engine);
      home = scratch.adapter();
      dir = mkdtempSync(join(tmpdir(), 'sluice-api-'));
      small = await seedSchema(scratch, 'api_small', 50);
      big = await seedSchema(scratch, 'api_big', 60_000);
    });
    afterAll(async () => {
      await scratch?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    async function exportJob(schema: string, tag: string, extra: (job: DataPump) => Promise<void> = async () => {}, tuning: JobTuning = {}): Promise<DataPump> {
      const job = await open({ operation: 'EXPORT', mode: 'SCHEMA', home, jobName: `API_${tag}`, timing: TIMING, tuning });
      await job.addFile({ name: `${tag}_%U.dmp`, directory: dir });
      await job.addFile({ kind: 'LOG', name: `${tag}.log`, directory: dir });
      await job.metadataFilter({ name: 'SCHEMA_LIST', value: `'${schema}'` });
      await extra(job);
      return job;
    }

    it('names jobs SYS_<OPERATION>_<MODE>_NN with the first free NN', async () => {
      const a = await open({ operation: 'EXPORT', mode: 'SCHEMA', home });
      const b = await open({ operation: 'EXPORT', mode: 'SCHEMA', home });
      const c = await open({ operation: 'SQL_FILE', mode: 'FULL', home });
      expect([a.jobName, b.jobName, c.jobName]).toEqual(['SYS_EXPORT_SCHEMA_01', 'SYS_EXPORT_SCHEMA_02', 'SYS_SQL_FILE_FULL_01']);
      await a.detach();
      const d = await open({ operation: 'EXPORT', mode: 'SCHEMA', home });
      expect(d.jobName).toBe('SYS_EXPORT_SCHEMA_01');
      for (const h of [b, c, d]) await h.detach();
      expect((await listJobs(home)).filter((j) => j.jobName.startsWith('SYS_'))).toEqual([]);
    });

    it('open → define → start → getStatus → wait: the status streams, description and figures a client sees', async () => {
      const job = await exportJob(small, 'RUN1', async (j) => {
        await j.setParameter('CLIENT_COMMAND', 'sluice export SCHEMAS=api_small');
        await j.setParallel(2);
        await j.logEntry('before the start');
      });
      const defining = await job.getStatus(KU$_STATUS_JOB_DESC | KU$_STATUS_JOB_STATUS | KU$_STATUS_WIP, 0);
      expect(defining.state).toBe('DEFINING');
      expect(defining.wip?.map((l) => l.logText)).toEqual(['before the start']);
      expect(defining.jobDescription).toMatchObject({ jobName: 'API_RUN1', operation: 'EXPORT', jobMode: 'SCHEMA', remoteLink: false, maxDegree: 2, logFile: 'RUN1.log' });
      expect(defining.jobDescription?.params).toContainEqual({ name: 'CLIENT_COMMAND', value: 'sluice export SCHEMAS=api_small' });
      expect(defining.jobStatus).toMatchObject({ state: 'DEFINING', percentDone: 0, degree: 2 });

      await job.startJob();
      const reports = await follow(job);
      const last = reports.at(-1) as StatusReport;
      expect(last.state).toBe('COMPLETED');
      expect(last.jobStatus).toMatchObject({ state: 'COMPLETED', percentDone: 100, errorCount: 0 });
      const wip = reports
        .flatMap((r) => r.wip ?? [])
        .map((l) => l.logText)
        .join('\n');
      expect(wip).toMatch(/exported "[^"]+"\."items"/);
      expect(reports.flatMap((r) => r.error ?? [])).toEqual([]);
      // The end was reported once; now the table rules.
      expect((await errorOf(() => job.getStatus(KU$_STATUS_ALL, 0))).code).toBe('INVALID_STATE');
      expect(await job.waitForJob()).toEqual({ state: 'COMPLETED', errors: 0, completedWithErrors: false, exitCode: 0 });
      // Completed without KEEP_MASTER: the master table is gone; the dump and log are there.
      expect((await listJobs(home)).map((j) => j.jobName)).not.toContain('API_RUN1');
      expect(readdirSync(dir).filter((f) => f.startsWith('RUN1_'))).toEqual(['RUN1_01.dmp']);
      expect(readFileSync(join(dir, 'RUN1.log'), 'utf8')).toContain('before the start');
      await job.detach();
    });

    it('keeps secrets out of the job row; KEEP_MASTER leaves a COMPLETED job to attach to, where start is INVALID_STATE', async () => {
      const job = await exportJob(small, 'SECRET', async (j) => {
        await j.setParameter('ENCRYPTION_PASSWORD', 'correct horse battery staple');
        await j.setParameter('KEEP_MASTER', 1);
      });
      await job.startJob();
      expect((await job.waitForJob()).state).toBe('COMPLETED');
      const rows = await sql(home, `SELECT * FROM ${engine === 'postgres' ? '"API_SECRET"' : '`API_SECRET`'}`);
      expect(JSON.stringify(rows)).not.toContain('correct horse');
      const attached = await attach('API_SECRET', { home, timing: TIMING });
      const status = await errorOf(() => attached.getStatus(KU$_STATUS_ALL, 0));
      expect(status.code).toBe('INVALID_STATE');
      const start = await errorOf(() => attached.startJob());
      expect(start.message).toBe('startJob (START_JOB) is not valid while job API_SECRET is COMPLETED: the job has finished (valid in DEFINING, IDLING, EXECUTING); open a new job');
      // startJob recorded the effective encryption, without the password.
      const row = (await listJobs(home)).find((j) => j.jobName === 'API_SECRET');
      expect(row?.state).toBe('COMPLETED');
      await attached.stopJob({ keepMaster: false }).catch(() => undefined);
      await attached.detach();
      await job.detach();
    });

    it('stop, attach, restart: STOP PENDING / STOPPING, STOPPED, IDLING, secrets given again, COMPLETED', async () => {
      const job = await exportJob(big, 'RESTART', async (j) => j.setParameter('ENCRYPTION_PASSWORD', 'pw-1'));
      await job.startJob();
      expect(await job.currentState()).toBe('EXECUTING');
      await job.stopJob({ immediate: true });
      expect(await job.currentState()).toBe('STOPPED');
      expect((await job.waitForJob()).state).toBe('STOPPED');
      expect((await listJobs(home)).find((j) => j.jobName === 'API_RESTART')?.state).toBe('NOT RUNNING');
      await job.detach();

      // Another session (here: another adapter instance, as another process would have) restarts it.
      const other = scratch.adapter();
      const again = await attach('API_RESTART', { home: other, timing: TIMING });
      expect(await again.currentState()).toBe('IDLING');
      const noSecret = await errorOf(() => again.startJob());
      expect(noSecret.code).toBe('INCONSISTENT_ARGS');
      expect(noSecret.message).toContain('secrets are never stored: give ENCRYPTION_PASSWORD (or ENCRYPTION_KEY_FILE) again with setParameter before restarting it');
      expect((await errorOf(() => again.setParameter('COMPRESSION', 'ALL'))).code).toBe('INVALID_STATE');
      await again.setParameter('ENCRYPTION_PASSWORD', 'pw-1');
      await again.startJob();
      const result = await again.waitForJob();
      expect(result).toMatchObject({ state: 'COMPLETED', exitCode: 0 });
      await again.detach();
      expect((await listJobs(home)).map((j) => j.jobName)).not.toContain('API_RESTART');
    });

    it('a session in another process steers a running job through its job row: SET_PARALLEL, orderly STOP_JOB', async () => {
      // Each item is held a little, so the steering reaches the job while it still has work to do.
      const job = await exportJob(big, 'STEER', async () => {}, { itemDelayMs: 1000 });
      await job.startJob();
      const other = scratch.adapter();
      const remote = await attach('API_STEER', { home: other, timing: TIMING });
      expect(await remote.currentState()).toBe('EXECUTING');
      await remote.setParallel(3);
      await remote.logEntry('hello from elsewhere');
      // The running side picks the degree up at its next heartbeat.
      let degree = 0;
      for (let i = 0; i < 40 && degree !== 3; i++) {
        const s = await job.getStatus(KU$_STATUS_JOB_STATUS, 0.05);
        if (s.state !== 'EXECUTING') break;
        degree = s.jobStatus?.degree ?? 0;
        // Workers still starting after the resize have a status too (UNDEFINED, then WORK WAITING).
        for (const w of s.jobStatus?.workerStatusList ?? []) expect(['UNDEFINED', 'WORK WAITING', 'EXECUTING']).toContain(w.state);
      }
      const state = await job.currentState();
      if (state === 'EXECUTING') {
        expect(degree).toBe(3);
        await remote.stopJob({ immediate: false });
        expect(await remote.currentState()).toBe('STOPPED');
        expect((await listJobs(home)).find((j) => j.jobName === 'API_STEER')?.state).toBe('NOT RUNNING');
        expect((await job.waitForJob()).state).toBe('STOPPED');
        // Kill it: the master table goes.
        const killer = await attach('API_STEER', { home: other, timing: TIMING });
        await killer.stopJob({ keepMaster: false });
        expect((await listJobs(home)).map((j) => j.jobName)).not.toContain('API_STEER');
      } else {
        // The machine was fast enough to finish first; the steering is then moot.
        expect((await job.waitForJob()).state).toBe('COMPLETED');
        expect(await remote.currentState()).toBe('COMPLETED');
      }
    });

    it('getStatus waits as asked: 0 answers at once, n seconds at most, -1 until news', async () => {
      const job = await open({ operation: 'EXPORT', mode: 'SCHEMA', home, jobName: 'API_WAIT', timing: TIMING });
      let t = Date.now();
      expect((await job.getStatus(KU$_STATUS_WIP, 0)).wip).toEqual([]);
      expect(Date.now() - t).toBeLessThan(200);
      t = Date.now();
      expect((await job.getStatus(KU$_STATUS_WIP, 0.3)).wip).toEqual([]);
      expect(Date.now() - t).toBeGreaterThanOrEqual(280);
      const other = await attach('API_WAIT', { home, timing: TIMING });
      setTimeout(() => void other.logEntry('news'), 100);
      const s = await job.getStatus(KU$_STATUS_WIP | KU$_STATUS_JOB_ERROR, -1);
      expect(s.wip?.map((l) => l.logText)).toEqual(['news']);
      expect(s.error).toEqual([]);
      expect((await errorOf(() => job.getStatus(16, 0))).message).toContain('getStatus: mask 16 is not a sum of KU$_STATUS_WIP (1)');
      expect((await errorOf(() => job.getStatus(1, -2))).code).toBe('INVALID_ARGVAL');
      await other.detach();
      await job.detach();
    });

    it('refuses bad definitions with the error a user can act on', async () => {
      const job = await open({ operation: 'EXPORT', mode: 'SCHEMA', home, jobName: 'API_BAD', timing: TIMING });
      expect((await errorOf(() => job.startJob())).message).toBe("export job API_BAD has no dump file; call addFile({ kind: 'DUMP', name, directory }) before startJob");
      expect((await errorOf(() => job.addFile({ name: '../etc/passwd', directory: dir }))).message).toContain('is not a simple file name');
      expect((await errorOf(() => job.addFile({ name: 'a.dmp', directory: 'relative' }))).message).toContain('the directory must be an absolute path');
      expect((await errorOf(() => job.addFile({ kind: 'SQL', name: 'a.sql', directory: dir }))).code).toBe('INVALID_OPERATION');
      expect((await errorOf(() => job.addFile({ name: 'a%Q.dmp', directory: dir }))).message).toContain('%Q, which is not a template');
      await job.addFile({ kind: 'LOG', name: 'bad.log', directory: dir });
      expect((await errorOf(() => job.addFile({ kind: 'LOG', name: 'other.log', directory: dir }))).code).toBe('INCONSISTENT_ARGS');
      expect((await errorOf(() => job.setParameter('TABLE_EXISTS_ACTION', 'APPEND'))).code).toBe('INVALID_OPERATION');
      await job.setParameter('COMPRESSION', 'ALL');
      const twice = await errorOf(() => job.setParameter('COMPRESSION', 'NONE'));
      expect(twice.message).toBe('setParameter: COMPRESSION was already set to "ALL" for job API_BAD; each parameter is set once');
      expect((await errorOf(() => job.setParallel(0))).message).toBe('setParallel: the degree must be a whole number from 1 to 1024, got 0');
      expect((await errorOf(() => job.metadataFilter({ name: 'NAME_EXPR', value: "IN ('a'" }))).message).toContain('NAME_EXPR "IN (\'a\'" is not valid at position 8');
      expect((await errorOf(() => open({ operation: 'EXPORT', mode: 'TRANSPORTABLE' as 'FULL', home }))).message).toBe('open: mode "TRANSPORTABLE" is not one of FULL, SCHEMA, TABLE, TABLESPACE');
      expect((await errorOf(() => open({ operation: 'EXPORT', mode: 'SCHEMA', home, jobName: 'bad name' }))).code).toBe('INVALID_ARGVAL');
      expect((await errorOf(() => open({ operation: 'IMPORT', mode: 'FULL', home, source: home }))).code).toBe('INCONSISTENT_ARGS');
      expect((await errorOf(() => open({ operation: 'EXPORT', mode: 'FULL', home, version: '9.0' }))).message).toContain('dump format version 9.0 cannot be written');
      const net = await open({ operation: 'IMPORT', mode: 'SCHEMA', home, networkLink: home, jobName: 'API_NET', timing: TIMING });
      expect((await errorOf(() => net.addFile({ name: 'x.dmp', directory: dir }))).message).toContain('reads its source over a network link and uses no dump files');
      await net.detach();
      await job.detach();
    });

    it('a job that fails before its first work item is JOB_FAILED from waitForJob, and removes its master table', async () => {
      const job = await exportJob('no_such_schema_here', 'FAIL');
      await job.startJob();
      const failure = await errorOf(() => job.waitForJob());
      expect(failure.code).toBe('JOB_FAILED');
      expect(failure.message).toContain('job API_FAIL stopped on a fatal error');
      expect(failure.message).toContain('The job had not begun its work, so its master table was removed: fix the cause and run the job again.');
      expect((await listJobs(home)).find((j) => j.jobName === 'API_FAIL')).toBeUndefined();
      expect(existsSync(join(dir, 'FAIL.log'))).toBe(true);
      await job.detach();
    });
  });
}
