import type { JobMode, JobOperation } from '../job/job-definition.js';
import type { JobStateName } from '../job-state/index.js';
import type { JobRecord, MasterTableStore } from '../master-table/index.js';
import type { LocalRun } from './local-run.js';
import type { JobDescription, JobStatus, WaitResult } from './status-types.js';

/** The job description (ku$_JobDesc) from the job row; secrets never are in it. */
export function describeJob(record: JobRecord): JobDescription {
  const def = record.definition;
  return {
    jobName: def.jobName,
    guid: record.guid,
    operation: def.operation,
    jobMode: def.mode,
    remoteLink: def.networkLink,
    owner: def.owner,
    version: def.version,
    maxDegree: record.degree,
    logFile: def.files.find((f) => f.kind === 'LOG')?.name,
    sqlFile: def.files.find((f) => f.kind === 'SQL')?.name,
    params: Object.entries(def.parameters).map(([name, value]) => ({ name, value })),
    createdAt: record.createdAt,
  };
}

/**
 * The job status (ku$_JobStatus): from the runtime when this process runs the job, else from the
 * figures its master table holds (bytes over the estimate, as DBMS_DATAPUMP computes percent done).
 */
export async function jobStatusOf(input: {
  jobName: string;
  operation: JobOperation;
  mode: JobMode;
  state: JobStateName;
  record: JobRecord | undefined;
  run: LocalRun | undefined;
  store: MasterTableStore;
}): Promise<JobStatus> {
  const { record, run, state } = input;
  const def = record?.definition ?? run?.definition;
  const base = {
    jobName: input.jobName,
    operation: input.operation,
    jobMode: input.mode,
    state,
    restartCount: record?.restartCount ?? 0,
    attachedSessions: record?.attachedSessions ?? 0,
    // A finished run's own list too: once the master table is dropped the job row is gone.
    files: [...new Set([...(record?.files ?? []), ...(input.run?.runtime.progress().files ?? []), ...(def?.files ?? []).map((f) => f.name)])],
  };
  if (run !== undefined) {
    const p = run.runtime.progress();
    return {
      ...base,
      phase: p.phase,
      bytesProcessed: p.completedBytes,
      totalBytes: p.totalBytes,
      rowsProcessed: p.completedRows,
      percentDone: state === 'COMPLETED' ? 100 : p.percentDone,
      degree: run.degree,
      errorCount: run.outcome?.errors ?? p.errorCount,
      workerStatusList: p.workers,
    };
  }
  const totals = record === undefined ? undefined : await input.store.totals().catch(() => undefined);
  const estimated = totals?.estimatedBytes ?? 0;
  const done = totals?.doneBytes ?? 0;
  return {
    ...base,
    phase: state,
    bytesProcessed: done,
    totalBytes: estimated,
    rowsProcessed: totals?.doneRows ?? 0,
    percentDone: state === 'COMPLETED' ? 100 : estimated > 0 ? Math.min(100, Math.floor((done / estimated) * 100)) : 0,
    degree: record?.degree ?? def?.parallel ?? 1,
    errorCount: totals?.errors ?? 0,
    // Workers of another process report there.
    workerStatusList: [],
  };
}

/** What waitForJob returns for a final state and error count (exit codes as the CLI uses them). */
export function waitResult(state: JobStateName, errors: number): WaitResult {
  const completed = state === 'COMPLETED';
  return { state, errors, completedWithErrors: completed && errors > 0, exitCode: completed ? (errors > 0 ? 5 : 0) : 1 };
}
