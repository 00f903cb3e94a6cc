import type { JobStatus, JobSummary } from '@sluice/engine';
import type { JobBody, JobSummaryBody } from '../http/schemas.js';

/** The path of a job under a database's base path: jobs/{owner},{job}/. */
export function jobPath(base: string, owner: string, jobName: string): string {
  return `${base}/jobs/${encodeURIComponent(owner)},${encodeURIComponent(jobName)}/`;
}

/** The job object of GET jobs/{owner},{job}/ from the engine's job status. */
export function jobBody(base: string, owner: string, status: JobStatus, logFile: string | undefined, sqlFile?: string): JobBody {
  const self = jobPath(base, owner, status.jobName);
  const workers = status.workerStatusList.map((w) => ({
    worker_number: w.workerNumber,
    state: w.state,
    ...(w.objectName === undefined ? {} : { object: `${(w.objectType ?? '').split('/').pop()} ${w.objectSchema === undefined ? '' : `"${w.objectSchema}".`}"${w.objectName}"`.trim() }),
    rows: w.completedRows,
    bytes: w.completedBytes,
    percent_done: w.percentDone,
  }));
  return {
    owner_name: owner,
    job_name: status.jobName,
    operation: status.operation,
    job_mode: status.jobMode,
    state: status.state,
    degree: status.degree,
    attached_sessions: status.attachedSessions,
    datapump_sessions: workers.length,
    percent_done: status.state === 'COMPLETED' ? 100 : status.percentDone,
    rows: status.rowsProcessed,
    bytes: status.bytesProcessed,
    total_bytes: status.totalBytes,
    errors: status.errorCount,
    phase: status.phase,
    restart_count: status.restartCount,
    workers,
    files: [...status.files],
    links: [
      { rel: 'self', href: self },
      { rel: 'status', href: `${self}status`, mediaType: 'text/event-stream' },
      ...status.files.map((f) => {
        const rel = f === logFile ? 'log' : f === sqlFile ? 'sql' : 'file';
        return { rel, href: `${self}${encodeURIComponent(f)}`, mediaType: rel === 'file' ? 'application/octet-stream' : 'text/plain' };
      }),
    ],
  };
}

/** A row of GET jobs/ from DBA_DATAPUMP_JOBS's analogue. */
export function summaryBody(base: string, s: JobSummary): JobSummaryBody {
  return {
    owner_name: s.owner,
    job_name: s.jobName,
    operation: s.operation,
    job_mode: s.mode,
    state: s.state,
    degree: s.degree,
    attached_sessions: s.attachedSessions,
    percent_done: s.percentDone,
    links: [{ rel: 'self', href: jobPath(base, s.owner, s.jobName) }],
  };
}
