import type { Adapter, AdapterConnection } from '@sluice/adapter-kit';
import type { JobMode, JobOperation } from '../job/job-definition.js';
import { isLiveState, jobStateOf, type JobStateName } from '../job-state/index.js';
import { parseJobPayload, type JobSummary } from './job-record.js';
import { MasterSql, toNumber } from './master-sql.js';

/**
 * The jobs whose master tables live in `home` (the DBA_DATAPUMP_JOBS view): every table of the home
 * schema whose row 0 carries the Sluice marker. Tables that are not master tables are passed over. A
 * job whose row says EXECUTING (or another live state) but whose job locks nobody holds is NOT RUNNING.
 */
export async function listJobs(home: Adapter, on?: AdapterConnection): Promise<JobSummary[]> {
  const dialect = home.masterTable;
  // A caller's connection is used as it is (and left open): one connection less for a job's start.
  const conn = on ?? (await home.connector.connect('sluice list jobs'));
  try {
    const jobs: JobSummary[] = [];
    for (const name of await dialect.listTables(conn)) {
      const sql = new MasterSql(dialect, conn, name);
      const c = (n: string): string => sql.col(n);
      let rows: Record<string, unknown>[];
      try {
        ({ rows } = await dialect.query(conn, `SELECT ${c('state')}, ${c('payload')} FROM ${sql.table} WHERE ${c('id')} = 0`));
      } catch {
        continue; // not a master table (no such columns)
      }
      const payload = parseJobPayload(rows[0]?.['payload']);
      if (payload === undefined || payload.definition.jobName !== name) continue;
      const { rows: sums } = await dialect.query(
        conn,
        `SELECT SUM(${c('estimated_bytes')}) AS est, SUM(CASE WHEN ${c('state')} = ${sql.p(1)} THEN ${c('bytes_done')} ELSE 0 END) AS done
         FROM ${sql.table} WHERE ${c('row_type')} = ${sql.p(2)} AND ${c('item_kind')} = ${sql.p(3)}`,
        ['DONE', 'ITEM', 'DATA'],
      );
      const rowState = String(rows[0]?.['state']) as JobStateName;
      // A row that says a process runs the job is believed only while one holds its job lock.
      const holders = (payload.processes ?? []).map((p) => p.holder);
      const live = isLiveState(rowState) && holders.length > 0 && (await dialect.heldJobLocks(conn, name, holders)).length > 0;
      const state = jobStateOf({ row: { state: rowState, live } });
      const est = toNumber(sums[0]?.['est']);
      const done = toNumber(sums[0]?.['done']);
      jobs.push({
        jobName: name,
        owner: payload.definition.owner,
        operation: payload.definition.operation as JobOperation,
        mode: payload.definition.mode as JobMode,
        state,
        degree: payload.degree,
        attachedSessions: payload.attachedSessions,
        percentDone: state === 'COMPLETED' ? 100 : percentOf(done, est),
      });
    }
    return jobs.sort((a, b) => a.jobName.localeCompare(b.jobName));
  } finally {
    if (on === undefined) await conn.close().catch(() => undefined);
  }
}

/** Percent done as DBMS_DATAPUMP computes it: completed bytes over estimated bytes, never above 100. */
export function percentOf(done: number, estimated: number): number {
  if (estimated <= 0) return 0;
  return Math.min(100, Math.floor((done / estimated) * 100));
}
