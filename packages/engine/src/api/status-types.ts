import type { WorkerStatus } from '../job/job-runtime.js';
import type { JobMode, JobOperation } from '../job/job-definition.js';
import type { JobStateName } from '../job-state/index.js';

/** GET_STATUS mask bit: work-in-progress messages (ku$_Status.wip). */
export const KU$_STATUS_WIP = 1;
/** GET_STATUS mask bit: the job description (ku$_Status.job_description). */
export const KU$_STATUS_JOB_DESC = 2;
/** GET_STATUS mask bit: the job status with per-worker status (ku$_Status.job_status). */
export const KU$_STATUS_JOB_STATUS = 4;
/** GET_STATUS mask bit: error messages (ku$_Status.error). */
export const KU$_STATUS_JOB_ERROR = 8;
/** Every GET_STATUS mask bit. */
export const KU$_STATUS_ALL = KU$_STATUS_WIP | KU$_STATUS_JOB_DESC | KU$_STATUS_JOB_STATUS | KU$_STATUS_JOB_ERROR;

/** One line of the work-in-progress or error stream (ku$_LogEntry). */
export interface LogEntry {
  /** 1-based number of the line among all lines this job produced in this process. */
  readonly logLineNumber: number;
  /** 0 for work-in-progress lines; 1 for errors (Sluice has no ORA- numbers). */
  readonly errorNumber: number;
  readonly logText: string;
  readonly timestamp: Date;
}

/** A job parameter as the job description lists it (secrets never appear). */
export interface JobParameter {
  readonly name: string;
  readonly value: string | number;
}

/** The job description (ku$_JobDesc). */
export interface JobDescription {
  readonly jobName: string;
  readonly guid: string | undefined;
  readonly operation: JobOperation;
  readonly jobMode: JobMode;
  /** True for a network-link job. */
  readonly remoteLink: boolean;
  readonly owner: string;
  /** The dump format VERSION the job writes or reads. */
  readonly version: string;
  readonly maxDegree: number;
  readonly logFile: string | undefined;
  readonly sqlFile: string | undefined;
  readonly params: readonly JobParameter[];
  readonly createdAt: Date | undefined;
}

/** The job status (ku$_JobStatus), with per-worker status. */
export interface JobStatus {
  readonly jobName: string;
  readonly operation: JobOperation;
  readonly jobMode: JobMode;
  readonly state: JobStateName;
  readonly phase: string;
  readonly bytesProcessed: number;
  readonly totalBytes: number;
  readonly rowsProcessed: number;
  /** Bytes processed over the estimated total, 0..100, as DBMS_DATAPUMP computes it. */
  readonly percentDone: number;
  readonly degree: number;
  readonly errorCount: number;
  readonly restartCount: number;
  readonly attachedSessions: number;
  /** Workers of this process (a job served from another process reports its workers there). */
  readonly workerStatusList: readonly WorkerStatus[];
  /** Files of the job (dump files written or read, log, SQL file), by name. */
  readonly files: readonly string[];
}

/** What getStatus returns (ku$_Status): the parts the mask asked for, and always the state. */
export interface StatusReport {
  readonly mask: number;
  readonly state: JobStateName;
  readonly wip?: readonly LogEntry[];
  readonly jobDescription?: JobDescription;
  readonly jobStatus?: JobStatus;
  readonly error?: readonly LogEntry[];
}

/** What waitForJob returns. */
export interface WaitResult {
  /** COMPLETED, or STOPPED (stop requested, or the job left running elsewhere and is no longer). */
  readonly state: JobStateName;
  /** Errors the job logged and continued past (as JobRuntime.run reports them). */
  readonly errors: number;
  /** True when the job completed but continued past errors. */
  readonly completedWithErrors: boolean;
  /** The CLI's exit code: 0 completed, 5 completed with errors, 1 anything else. */
  readonly exitCode: 0 | 1 | 5;
  /** True when this handle served the job (startJob({ serveOnly })) and, the process that started it having died, completed it itself. */
  readonly tookOver?: boolean;
}
