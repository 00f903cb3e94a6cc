import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Adapter, MasterRow } from '@sluice/adapter-kit';
import { attach, isJobError, type DataPump } from '@sluice/engine';
import { MasterTableStore } from '../../../src/master-table/index.js';
import type { Scratch } from './engines.js';
import { TIMING } from './jobs.js';
import { sql } from './sql.js';

/** The job's items, read from its master table (empty until it exists). */
export async function jobItems(a: Adapter, jobName: string): Promise<MasterRow[]> {
  const store = MasterTableStore.for(a, jobName);
  try {
    return (await store.exists()) ? await store.items() : [];
  } finally {
    await store.close();
  }
}

/** Whether the job's master table exists. */
export async function masterExists(a: Adapter, jobName: string): Promise<boolean> {
  const store = MasterTableStore.for(a, jobName);
  try {
    return await store.exists();
  } finally {
    await store.close();
  }
}

/** The state in the job's row (NOT RUNNING for a stopped job whose master table is kept). */
export async function jobState(a: Adapter, jobName: string): Promise<string> {
  const store = MasterTableStore.for(a, jobName);
  try {
    return (await store.readJob()).state;
  } finally {
    await store.close();
  }
}

export const dataItems = (rows: MasterRow[]): MasterRow[] => rows.filter((r) => r.itemKind === 'DATA');
export const doneCount = (rows: MasterRow[]): number => rows.filter((r) => r.state === 'DONE').length;

/** Which of a running job's sessions a test kills. */
export interface KillSpec {
  /** Export: the sessions reading the source in the snapshot ('one' kills one of them; 'all' on PostgreSQL also the one that exported it). */
  readonly snapshot?: 'one' | 'all';
  /** The workers' master-table sessions that hold an item (an import loads on them). */
  readonly workers?: boolean;
}

/**
 * Terminate sessions of job `jobName` on the scratch database as an administrator would
 * (PostgreSQL `pg_terminate_backend`, MariaDB `KILL`). Returns how many were killed.
 */
export async function killJobSessions(s: Scratch, a: Adapter, jobName: string, spec: KillSpec): Promise<number> {
  const ids: number[] = [];
  if (s.engine === 'postgres') {
    if (spec.snapshot !== undefined) {
      const rows = await sql(a, `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'sluice snapshot worker' ORDER BY pid`, [s.database]);
      ids.push(...rows.slice(0, spec.snapshot === 'one' ? 1 : rows.length).map((r) => Number(r['pid'])));
      // 'all' takes the session that exported the snapshot too: the snapshot is lost.
      if (spec.snapshot === 'all') {
        const leader = await sql(a, `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'sluice snapshot leader'`, [s.database]);
        ids.push(...leader.map((r) => Number(r['pid'])));
      }
    }
    if (spec.workers === true) {
      // Worker sessions are named `sluice sluice JOB host:pid:tag:W-n` (the control session `... JOB master`).
      const rows = await sql(
        a,
        `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE $2 AND application_name NOT LIKE '% master' AND state = 'idle in transaction' ORDER BY pid`,
        [s.database, `%sluice ${jobName} %`],
      );
      ids.push(...rows.map((r) => Number(r['pid'])));
    }
    for (const pid of ids) await sql(a, 'SELECT pg_terminate_backend($1::int)', [pid]);
    return ids.length;
  }
  if (spec.snapshot !== undefined) {
    // The snapshot's sessions are the read-only transactions on the scratch database.
    const rows = await sql(
      a,
      `SELECT p.ID AS id FROM information_schema.PROCESSLIST p JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.ID
        WHERE p.DB = ? AND t.trx_is_read_only = 1 AND p.ID <> CONNECTION_ID() ORDER BY p.ID`,
      [s.database],
    );
    ids.push(...rows.slice(0, spec.snapshot === 'one' ? 1 : rows.length).map((r) => Number(r['id'])));
  }
  if (spec.workers === true) {
    // A worker holding an item sits in an open read-write transaction between its statements.
    const rows = await sql(
      a,
      `SELECT p.ID AS id FROM information_schema.PROCESSLIST p JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.ID
        WHERE p.DB = ? AND t.trx_is_read_only = 0 AND p.COMMAND = 'Sleep' AND p.TIME_MS > 40 AND p.ID <> CONNECTION_ID() ORDER BY p.ID`,
      [s.database],
    );
    ids.push(...rows.map((r) => Number(r['id'])));
  }
  for (const id of ids) await sql(a, `KILL ${id}`).catch(() => undefined);
  return ids.length;
}

/** A job's end: its final state, the errors it continued past, or the JOB_FAILED message of a stop. */
export interface JobEnd {
  readonly state: string;
  readonly errors: number;
  readonly failure?: string;
}

/** Wait for a job: a stop on an error is a result here (JOB_FAILED), not a throw. */
export async function endOf(job: DataPump): Promise<JobEnd> {
  try {
    const r = await job.waitForJob();
    return { state: r.state, errors: r.errors };
  } catch (error) {
    if (!isJobError(error, 'JOB_FAILED')) throw error;
    return { state: 'STOPPED', errors: 0, failure: error.message };
  }
}

/** Attach to a stopped job, start it again and wait for it. */
export async function restartJob(a: Adapter, jobName: string): Promise<JobEnd> {
  const job = await attach(jobName, { home: a, timing: TIMING });
  try {
    await job.startJob();
    return await endOf(job);
  } finally {
    await job.detach().catch(() => undefined);
  }
}

/** The log file's text, or ''. */
export function logText(dir: string, name: string): string {
  const path = join(dir, name);
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}
