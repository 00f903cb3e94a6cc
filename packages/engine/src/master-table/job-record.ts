import type { SnapshotPosition } from '@sluice/adapter-kit';
import type { SetKeyDerivation } from '@sluice/dump-format';
import type { JobDefinition, JobMode, JobOperation } from '../job/job-definition.js';
import type { JobStateName } from '../job-state/index.js';
import { redact } from '../log/redact.js';

/** The job's own row of a master table, as the API and the runtime read it. */
export interface JobRecord {
  readonly definition: JobDefinition;
  readonly state: JobStateName;
  readonly degree: number;
  readonly restartCount: number;
  readonly attachedSessions: number;
  /** The dump file set's GUID (export: the set being written; import: the set being read). */
  readonly guid?: string;
  /** The dump files of the set, by name. */
  readonly files: string[];
  /** The error a failed job stopped on (never a secret). */
  readonly error?: string;
  /** LOG_ENTRY messages from sessions of other processes, waiting for the process running the job to log them. */
  readonly logRequests?: readonly string[];
  /** The processes that ran or run the job since its last start; the live ones hold their job lock. */
  readonly processes: readonly JobProcess[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A process that runs a job (the primary, which started it) or serves it (adds its workers). */
export interface JobProcess {
  /** The token its job lock is named by (random, one per run of a process). */
  readonly holder: string;
  readonly role: 'primary' | 'server';
  readonly pid: number;
  readonly host: string;
  /** When it took the job (ISO 8601). */
  readonly since: string;
}

/** A row of the DBA_DATAPUMP_JOBS view. */
export interface JobSummary {
  readonly jobName: string;
  readonly owner: string;
  readonly operation: JobOperation;
  readonly mode: JobMode;
  readonly state: JobStateName;
  readonly degree: number;
  readonly attachedSessions: number;
  readonly percentDone: number;
}

/** Where a job's runtime stands; kept in the job row so a restart (or another process) picks it up. */
export interface JobRunState {
  /**
   * DEFINED: nothing planned yet. PLANNED: every work item is in the table. CLOSING: the dump set's
   * master is being written. FINISHED: all work done (the job is completing or completed).
   */
  readonly phase: 'DEFINED' | 'PLANNED' | 'CLOSING' | 'FINISHED';
  /** Wall-clock start of the first run, for the elapsed time in the final log line. */
  readonly startedAt?: string;
  /** The snapshot the export's data was read at (the first one, and any after a restart). */
  readonly snapshots?: readonly SnapshotPosition[];
  /** Errors the job continued past that are not item failures (e.g. skipped damaged frames). */
  readonly extraErrors?: number;
  /** Export: the objects in scope the source adapter could not carry, each also named in the log as an error. */
  readonly notExported?: readonly { readonly kind: string; readonly schema: string | null; readonly name: string }[];
  /** Import: facts about the export job whose dump set is being read. */
  readonly source?: {
    readonly jobName: string;
    readonly owner: string;
    readonly engine: string;
    readonly version: string;
    readonly dataEncoding: string;
    readonly mode: JobMode;
  };
  /** Estimated bytes of all table data (the denominator of percent done). */
  readonly totalBytes?: number;
  /**
   * Export: every file of the dump set by file number (index + 1), with the process that claimed it
   * (its job-lock holder) and whether it has been stored for the process that closes the set.
   */
  readonly fileClaims?: readonly FileClaim[];
  /** Export of an encrypted set: the KDF salt and cost and the key-check value (in every header too; never the key), so a serving process derives the same key from the password. */
  readonly keyDerivation?: SetKeyDerivation;
  /** Engine-neutral notes the runtime keeps, e.g. the ESTIMATE method used. */
  readonly notes?: Readonly<Record<string, string | number | boolean>>;
}

/** A dump file an export process claimed: its name, the claiming process (job-lock holder), whether it is stored. */
export interface FileClaim {
  readonly name: string;
  readonly holder: string;
  readonly parked: boolean;
}

/** Marks a table as a Sluice master table, so listJobs never mistakes a user table for one. */
export const MASTER_MARKER = 'sluice-master-table/1';

/** What the job row's payload column holds (JSON). */
export interface JobPayload {
  readonly marker: typeof MASTER_MARKER;
  readonly definition: JobDefinition;
  readonly degree: number;
  readonly restartCount: number;
  readonly attachedSessions: number;
  readonly guid?: string;
  readonly files: string[];
  readonly error?: string;
  /** LOG_ENTRY messages (redacted) from sessions of other processes, for the running process's log. */
  readonly logRequests?: readonly string[];
  /** The processes of the current run, each holding its job lock while it lives (absent before a first start). */
  readonly processes?: readonly JobProcess[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly run: JobRunState;
}

/** Parameter names whose values are secrets and never stored, whatever the caller passed. */
const SECRET_PARAMETER = /PASSWORD|SECRET|KEY_FILE|ENCRYPTION_KEY/i;

/**
 * The definition with anything secret removed, for the master table: secret parameters dropped, and
 * passwords masked inside text values (a CLIENT_COMMAND may carry `ENCRYPTION_PASSWORD=...` or a URL).
 */
export function withoutSecrets(def: JobDefinition): JobDefinition {
  const parameters: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(def.parameters)) {
    if (!SECRET_PARAMETER.test(name)) parameters[name] = typeof value === 'string' ? redact(value) : value;
  }
  return { ...def, parameters };
}

/** The JobRecord a job row's payload and state column describe. */
export function jobRecordOf(payload: JobPayload, state: string): JobRecord {
  return {
    definition: payload.definition,
    state: state as JobStateName,
    degree: payload.degree,
    restartCount: payload.restartCount,
    attachedSessions: payload.attachedSessions,
    ...(payload.guid === undefined ? {} : { guid: payload.guid }),
    files: [...payload.files],
    ...(payload.error === undefined ? {} : { error: payload.error }),
    ...(payload.logRequests === undefined || payload.logRequests.length === 0 ? {} : { logRequests: [...payload.logRequests] }),
    processes: [...(payload.processes ?? [])],
    createdAt: new Date(payload.createdAt),
    updatedAt: new Date(payload.updatedAt),
  };
}

/** Parse a job row's payload; undefined when it is not a Sluice job row. */
export function parseJobPayload(text: unknown): JobPayload | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const value = JSON.parse(text) as Partial<JobPayload> | null;
    return value !== null && typeof value === 'object' && value.marker === MASTER_MARKER ? (value as JobPayload) : undefined;
  } catch {
    return undefined;
  }
}
