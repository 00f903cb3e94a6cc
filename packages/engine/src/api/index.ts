export { DataPump, MAX_DEGREE } from './data-pump.js';
export { open, attach, type AttachOptions, type OpenOptions } from './open-job.js';
export type { AddFileSpec } from './file-spec.js';
export type { JobTiming } from './job-channel.js';
export type { JobTuning } from '../job/job-tuning.js';
export { defaultJobNamePrefix, validateJobName } from './job-name.js';
export {
  KU$_STATUS_ALL,
  KU$_STATUS_JOB_DESC,
  KU$_STATUS_JOB_ERROR,
  KU$_STATUS_JOB_STATUS,
  KU$_STATUS_WIP,
  type JobDescription,
  type JobParameter,
  type JobStatus,
  type LogEntry,
  type StatusReport,
  type WaitResult,
} from './status-types.js';
