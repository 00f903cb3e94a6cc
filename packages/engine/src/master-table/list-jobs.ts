import type { Adapter, AdapterConnection } from '@sluice/adapter-kit';
import type { JobMode, JobOperation } from '../job/job-definition.js';
import { isLiveState, jobStateOf, type JobStateName } from '../job-state/index.js';
import { parseJobPayload, type JobPayload, type JobSummary } from './job-record.js';
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
      const row = await listedJobRow(home, conn, name);
      if (row === undefined) continue;
      const job = await summaryOf(home, conn, name, row);
      if (job !== undefined) jobs.push(job);
    }
    return jobs.sort((a, b) => a.jobName.localeCompare(b.jobName));
  } finally {
    if (on === undefined) await conn.close().catch(() => undefined);
  }
}

/** A master table's job row as a listing reads it. */
export interface ListedJobRow {
  readonly state: JobStateName;
  readonly payload: JobPayload;
}

/** Table `name`'s job row, or undefined when it is not a master table (or no longer exists). */
export async function listedJobRow(home: Adapter, conn: AdapterConnection, name: string): Promise<ListedJobRow | undefined> {
  const sql = new MasterSql(home.masterTable, conn, name);
  let rows: Record<string, unknown>[];
  try {
    ({ rows } = await home.masterTable.query(conn, `SELECT ${sql.col('state')}, ${sql.col('payload')} FROM ${sql.table} WHERE ${sql.col('id')} = 0`));
  } catch {
    return undefined; // not a master table (no such columns), or dropped since it was listed
  }
  const payload = parseJobPayload(rows[0]?.['payload']);
  if (payload === undefined || payload.definition.jobName !== name) return undefined;
  return { state: String(rows[0]?.['state']) as JobStateName, payload };
}

/**
 * The listing of job `name` from its job row `row`, read before its job locks are looked at. A run
 * that ended in between wrote its last state before it let its lock go: so before NOT RUNNING is
 * believed, the row is read again (as `MasterTableStore.liveState` does); undefined when the run
 * dropped the master table at its end. Exported for the test that hands it a row read mid-run.
 */
export async function summaryOf(home: Adapter, conn: AdapterConnection, name: string, row: ListedJobRow): Promise<JobSummary | undefined> {
  let state = await listedState(home, conn, name, row);
  if (state === 'NOT RUNNING' && isLiveState(row.state)) {
    const again = await listedJobRow(home, conn, name);
    if (again === undefined) return undefined;
    row = again;
    state = await listedState(home, conn, name, row);
  }
  const sql = new MasterSql(home.masterTable, conn, name);
  const c = (n: string): string => sql.col(n);
  let sums: Record<string, unknown>[];
  try {
    ({ rows: sums } = await home.masterTable.query(
      conn,
      `SELECT SUM(${c('estimated_bytes')}) AS est, SUM(CASE WHEN ${c('state')} = ${sql.p(1)} THEN ${c('bytes_done')} ELSE 0 END) AS done
         FROM ${sql.table} WHERE ${c('row_type')} = ${sql.p(2)} AND ${c('item_kind')} = ${sql.p(3)}`,
      ['DONE', 'ITEM', 'DATA'],
    ));
  } catch (error) {
    // Dropped by a run that ended meanwhile: the job is gone.
    if ((await listedJobRow(home, conn, name)) === undefined) return undefined;
    throw error;
  }
  const { payload } = row;
  const est = toNumber(sums[0]?.['est']);
  const done = toNumber(sums[0]?.['done']);
  return {
    jobName: name,
    owner: payload.definition.owner,
    operation: payload.definition.operation as JobOperation,
    mode: payload.definition.mode as JobMode,
    state,
    degree: payload.degree,
    attachedSessions: payload.attachedSessions,
    percentDone: state === 'COMPLETED' ? 100 : percentOf(done, est),
  };
}

/** The state a job row gives: a live state whose job locks nobody holds is NOT RUNNING. */
async function listedState(home: Adapter, conn: AdapterConnection, name: string, row: ListedJobRow): Promise<JobStateName> {
  // A row that says a process runs the job is believed only while one holds its job lock.
  const holders = (row.payload.processes ?? []).map((p) => p.holder);
  const live = isLiveState(row.state) && holders.length > 0 && (await home.masterTable.heldJobLocks(conn, name, holders)).length > 0;
  return jobStateOf({ row: { state: row.state, live } });
}

/** Percent done as DBMS_DATAPUMP computes it: completed bytes over estimated bytes, never above 100. */
export function percentOf(done: number, estimated: number): number {
  if (estimated <= 0) return 0;
  return Math.min(100, Math.floor((done / estimated) * 100));
}
