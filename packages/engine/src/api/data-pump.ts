import type { Adapter, TableRef } from '@sluice/adapter-kit';
import type { DataRemapSpec, JobMode, JobOperation, MetadataFilterSpec, MetadataRemapSpec, MetadataTransformSpec } from '../job/job-definition.js';
import type { JobStateName } from '../job-state/index.js';
import type { JobProcess } from '../master-table/index.js';
import type { ParameterValue } from '../parameters/index.js';
import { detachJob } from './detach-job.js';
import type { AddFileSpec } from './file-spec.js';
import { getStatus } from './get-status.js';
import { addFile, dataFilter, dataRemap, metadataFilter, metadataRemap, metadataTransform, setParallel, setParameter } from './job-definition-calls.js';
import { currentState, newJobHandle, type HandleInit, type JobHandle } from './job-handle.js';
import { logEntry } from './log-entry.js';
import { runningProcesses, startJob, type StartJobOptions } from './start-job.js';
import { KU$_STATUS_ALL, type StatusReport, type WaitResult } from './status-types.js';
import { stopJob, stopServing, type StopJobOptions } from './stop-job.js';
import { waitForJob } from './wait-for-job.js';

export { MAX_DEGREE } from './job-definition-calls.js';
export type { HandleInit } from './job-handle.js';

/**
 * A handle on one Data Pump job, as DBMS_DATAPUMP.OPEN and ATTACH return: every call checks the
 * job's state against Oracle's table of valid states (JobError INVALID_STATE), and a detached
 * handle refuses everything (INVALID_HANDLE). The job itself lives in its master table in the home
 * database, so handles in other processes see and steer the same job.
 *
 * The handle owns its state (`JobHandle`); each call's body is a function in its own module.
 */
export class DataPump {
  readonly jobName: string;
  readonly owner: string;
  readonly operation: JobOperation;
  readonly mode: JobMode;
  readonly home: Adapter;
  private readonly handle: JobHandle;

  /** @internal Use `open` or `attach`. */
  constructor(init: HandleInit) {
    this.home = init.home;
    this.jobName = init.jobName;
    this.operation = init.operation;
    this.mode = init.mode;
    this.owner = init.owner;
    this.handle = newJobHandle(init);
  }

  /** The job's state as this handle sees it: its own run, else the job row (a running job whose processes hold no job lock is NOT RUNNING). */
  currentState(): Promise<JobStateName> {
    return currentState(this.handle);
  }

  // ---------------------------------------------------------------- defining

  /** ADD_FILE: a dump, log or SQL file. While the job runs (or idles) only dump files of an export. */
  addFile(spec: AddFileSpec): Promise<void> {
    return addFile(this.handle, spec);
  }

  /** METADATA_FILTER: INCLUDE/EXCLUDE_PATH_EXPR/LIST, NAME_EXPR/LIST, EXCLUDE_NAME_EXPR/LIST, SCHEMA_EXPR/LIST. */
  metadataFilter(spec: MetadataFilterSpec): Promise<void> {
    return metadataFilter(this.handle, spec);
  }

  /** DATA_FILTER: INCLUDE_ROWS, QUERY, SAMPLE, PARTITION_LIST, for one table (as named in the source) or the whole job. */
  dataFilter(spec: { name: string; value: string | number | boolean; table?: TableRef }): Promise<void> {
    return dataFilter(this.handle, spec);
  }

  /** DATA_REMAP: pass a column's values through a function registered with registerRemapFunction. */
  dataRemap(spec: DataRemapSpec): Promise<void> {
    return dataRemap(this.handle, spec);
  }

  /** METADATA_REMAP: REMAP_SCHEMA, REMAP_TABLE, REMAP_TABLESPACE (import and SQL_FILE). */
  metadataRemap(spec: MetadataRemapSpec): Promise<void> {
    return metadataRemap(this.handle, spec);
  }

  /** METADATA_TRANSFORM: SEGMENT_ATTRIBUTES, STORAGE, TABLESPACE, OWNER, GRANTS, DEFINER, TABLE_OPTIONS, ENGINE, COMMENTS = Y|N. */
  metadataTransform(spec: MetadataTransformSpec): Promise<void> {
    return metadataTransform(this.handle, spec);
  }

  /** SET_PARAMETER. ENCRYPTION_PASSWORD and ENCRYPTION_KEY_FILE are held in this process only, and may be given again while IDLING. */
  setParameter(name: string, value: ParameterValue): Promise<void> {
    return setParameter(this.handle, name, value);
  }

  /** SET_PARALLEL: the number of active workers; while the job runs, workers are added or retired. */
  setParallel(degree: number): Promise<void> {
    return setParallel(this.handle, degree);
  }

  // ---------------------------------------------------------------- running

  /**
   * START_JOB: start a defined job, or restart an idling one (`skipCurrent` skips the items that were
   * in progress). `serveOnly` adds this process's workers to a job already executing elsewhere
   * (`parallel` of them; default the job's degree).
   */
  startJob(options: StartJobOptions = {}): Promise<void> {
    return startJob(this.handle, options);
  }

  /** The processes running or serving the job now: those whose job lock is held. */
  runningProcesses(): Promise<JobProcess[]> {
    return runningProcesses(this.handle);
  }

  /** LOG_ENTRY: a line of the caller's into the job's log and every attached session's work-in-progress stream. */
  logEntry(message: string, options: { logFileOnly?: boolean } = {}): Promise<void> {
    return logEntry(this.handle, message, options);
  }

  /**
   * GET_STATUS: the parts `mask` asks for (KU$_STATUS_WIP, _JOB_DESC, _JOB_STATUS, _JOB_ERROR).
   * `timeout` in seconds: 0 answers at once, -1 waits until there is news (a new line of a requested
   * stream, or a change of state), n waits at most n seconds for it.
   */
  getStatus(mask: number = KU$_STATUS_ALL, timeout = 0): Promise<StatusReport> {
    return getStatus(this.handle, mask, timeout);
  }

  /**
   * STOP_JOB: orderly (workers finish their current items: STOP PENDING) or immediate (STOPPING; the
   * items are redone on restart). `keepMaster` (default true) keeps the master table for a restart;
   * false kills the job. Waits up to `delay` seconds (default 60) for the job to stop.
   */
  stopJob(options: StopJobOptions = {}): Promise<void> {
    return stopJob(this.handle, options);
  }

  /**
   * Stop only this process's serving run (startJob({ serveOnly })); the job goes on in its other
   * processes. Immediate: the items its workers hold are rolled back, and other processes claim them
   * again; orderly: they finish first. Resolves when the run has ended. A no-op when nothing serves here.
   */
  stopServing(options: { immediate?: boolean } = {}): Promise<void> {
    return stopServing(this.handle, options);
  }

  /** WAIT_FOR_JOB: wait until the job completes or stops; returns its final state and the errors it continued past. A job that stopped on a fatal error is JobError JOB_FAILED. */
  waitForJob(): Promise<WaitResult> {
    return waitForJob(this.handle);
  }

  /**
   * DETACH: this handle lets go of the job. A running job goes on; a job still DEFINING is removed
   * when its last session detaches (as Oracle does); an IDLING job goes back to NOT RUNNING.
   */
  detach(): Promise<void> {
    return detachJob(this.handle);
  }
}
