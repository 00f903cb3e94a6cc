// @sluice/engine: Oracle's DBMS_DATAPUMP as a TypeScript API over the adapters, with the master table.

// The API: open / attach give a handle; every call is checked against the table of valid states.
export {
  DataPump,
  MAX_DEGREE,
  attach,
  defaultJobNamePrefix,
  open,
  validateJobName,
  KU$_STATUS_ALL,
  KU$_STATUS_JOB_DESC,
  KU$_STATUS_JOB_ERROR,
  KU$_STATUS_JOB_STATUS,
  KU$_STATUS_WIP,
  type AddFileSpec,
  type AttachOptions,
  type JobDescription,
  type JobParameter,
  type JobStatus,
  type JobTiming,
  type JobTuning,
  type LogEntry,
  type OpenOptions,
  type StatusReport,
  type WaitResult,
} from './api/index.js';
export { getDumpfileInfo, type DumpfileInfo } from '@sluice/dump-format';
// FILE TRANSFER (DBMS_FILE_TRANSFER): copy a dump file set between a folder and object storage.
export { transferDumpSet, type TransferEvent, type TransferOptions, type TransferReport } from '@sluice/dump-format';

export { JobError, isJobError, type JobErrorCode } from './errors.js';
export { JOB_STATES, VALID_STATES, isCallValid, isJobStateName, isLiveState, type DataPumpCall, type JobStateName } from './job-state/index.js';

export type {
  DataFilterSpec,
  DataRemapSpec,
  JobConnections,
  JobDefinition,
  JobFileSpec,
  JobMode,
  JobOperation,
  MetadataFilterSpec,
  MetadataRemapSpec,
  MetadataTransformSpec,
} from './job/job-definition.js';
export type { WorkerStatus } from './job/job-runtime.js';

export {
  DATA_OPTION_BITS,
  KU$_DATAOPT_ACCEPT_INCOMPLETE_SET,
  KU$_DATAOPT_CONT_LD_ON_FMT_ERR,
  KU$_DATAOPT_DISABLE_TRIGGERS,
  KU$_DATAOPT_SKIP_CONST_ERR,
  PARAMETER_SPECS,
  type ParameterSpec,
  type ParameterValue,
} from './parameters/index.js';

export { parseNameList, parsePredicate } from './filters/index.js';
export { registerRemapFunction, type RemapFunction } from './remap/index.js';

// DBA_DATAPUMP_JOBS.
export { listJobs, type JobProcess, type JobSummary } from './master-table/index.js';
// The master table a dump file set carries (`sluice info --contents`).
export { missingDataText, readMasterDocument, type DumpObject, type MasterDocument, type MissingData } from './master-table/index.js';

// One path for the CLI and the REST service: planning, pre-flight checks, defining a job.
export {
  checkDumpSet,
  checkScope,
  checkSimpleName,
  defineJob,
  dumpFileLocation,
  expandDumpFileNames,
  inDirectory,
  inspectDumpSet,
  isObjectStorage,
  planJob,
  planParameters,
  resolveEncryptionPassword,
  type DefineJobInput,
  type DumpSetCheck,
  type DumpSetFacts,
  type FilterValue,
  type JobPlan,
  type NameExpressionValue,
  type ParameterWords,
  type PasswordOptions,
  type PasswordSources,
  type PlanMode,
  type PlanOperation,
  type PlanParameters,
  type PlanValues,
  type PlannedDumpFile,
  type PreflightWording,
  type QueryValue,
  type RemapDataValue,
  type RemapValue,
  type SampleValue,
  type TableName,
  type TransformValue,
} from './plan/index.js';
