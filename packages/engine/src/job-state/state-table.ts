import { JobError } from '../errors.js';
import { JOB_STATES, type JobStateName } from './job-state-name.js';

/** The DBMS_DATAPUMP calls whose validity depends on the job's state. */
export type DataPumpCall =
  | 'ADD_FILE'
  | 'ATTACH'
  | 'DATA_FILTER'
  | 'DATA_REMAP'
  | 'DETACH'
  | 'GET_DUMPFILE_INFO'
  | 'GET_STATUS'
  | 'LOG_ENTRY'
  | 'METADATA_FILTER'
  | 'METADATA_REMAP'
  | 'METADATA_TRANSFORM'
  | 'OPEN'
  | 'SET_PARALLEL'
  | 'SET_PARAMETER'
  | 'START_JOB'
  | 'STOP_JOB'
  | 'WAIT_FOR_JOB';

const ALL = JOB_STATES;
const allBut = (...except: JobStateName[]): readonly JobStateName[] => ALL.filter((s) => !except.includes(s));

/**
 * Oracle's table "Valid Job States in Which DBMS_DATAPUMP Procedures Can Be Executed", as is.
 * Three rows carry a condition the table states in a note; `checkCall` applies them:
 * ADD_FILE in EXECUTING/IDLING only for dump files of an export; SET_PARAMETER in IDLING only for
 * ENCRYPTION_PASSWORD (and Sluice's ENCRYPTION_KEY_FILE); START_JOB with `serveOnly` (a Sluice
 * addition: another process joins a running job's workers) only in EXECUTING.
 */
export const VALID_STATES: Readonly<Record<DataPumpCall, readonly JobStateName[]>> = {
  ADD_FILE: ['DEFINING', 'EXECUTING', 'IDLING'],
  ATTACH: ['DEFINING', 'EXECUTING', 'IDLING', 'STOPPED', 'COMPLETED', 'COMPLETING', 'NOT RUNNING'],
  DATA_FILTER: ['DEFINING'],
  DATA_REMAP: ['DEFINING'],
  DETACH: ALL,
  GET_DUMPFILE_INFO: ALL,
  GET_STATUS: allBut('COMPLETED', 'NOT RUNNING', 'STOPPED', 'UNDEFINED'),
  LOG_ENTRY: ['DEFINING', 'EXECUTING', 'IDLING', 'STOP PENDING', 'COMPLETING'],
  METADATA_FILTER: ['DEFINING'],
  METADATA_REMAP: ['DEFINING'],
  METADATA_TRANSFORM: ['DEFINING'],
  OPEN: ['UNDEFINED'],
  SET_PARALLEL: ['DEFINING', 'EXECUTING', 'IDLING'],
  SET_PARAMETER: ['DEFINING', 'IDLING'],
  START_JOB: ['DEFINING', 'IDLING', 'EXECUTING'],
  STOP_JOB: ['DEFINING', 'EXECUTING', 'IDLING', 'STOP PENDING'],
  WAIT_FOR_JOB: allBut('DEFINING'),
};

/** Parameters SET_PARAMETER accepts while a job is IDLING (a restart needs the secret again). */
export const IDLING_PARAMETERS: readonly string[] = ['ENCRYPTION_PASSWORD', 'ENCRYPTION_KEY_FILE'];

/** What a call is about, for the conditional rows of the table. */
export interface CallContext {
  readonly jobName?: string;
  readonly operation?: string;
  /** ADD_FILE: the kind of file. */
  readonly fileKind?: string;
  /** SET_PARAMETER: the parameter's name. */
  readonly parameter?: string;
  /** START_JOB: joining a running job as an extra worker process. */
  readonly serveOnly?: boolean;
}

/** The API method name of each call, for messages a TypeScript user recognises. */
export const CALL_METHOD: Readonly<Record<DataPumpCall, string>> = {
  ADD_FILE: 'addFile',
  ATTACH: 'attach',
  DATA_FILTER: 'dataFilter',
  DATA_REMAP: 'dataRemap',
  DETACH: 'detach',
  GET_DUMPFILE_INFO: 'getDumpfileInfo',
  GET_STATUS: 'getStatus',
  LOG_ENTRY: 'logEntry',
  METADATA_FILTER: 'metadataFilter',
  METADATA_REMAP: 'metadataRemap',
  METADATA_TRANSFORM: 'metadataTransform',
  OPEN: 'open',
  SET_PARALLEL: 'setParallel',
  SET_PARAMETER: 'setParameter',
  START_JOB: 'startJob',
  STOP_JOB: 'stopJob',
  WAIT_FOR_JOB: 'waitForJob',
};

/** Whether `call` may run in `state` (with the table's conditions), without throwing. */
export function isCallValid(call: DataPumpCall, state: JobStateName, context: CallContext = {}): boolean {
  return refusal(call, state, context) === undefined;
}

/** Throw JobError INVALID_STATE when `call` is not valid in `state`; the message says what to do instead. */
export function checkCall(call: DataPumpCall, state: JobStateName, context: CallContext = {}): void {
  const reason = refusal(call, state, context);
  if (reason === undefined) return;
  const job = context.jobName === undefined ? 'the job' : `job ${context.jobName}`;
  throw new JobError('INVALID_STATE', `${CALL_METHOD[call]} (${call}) is not valid while ${job} is ${state}: ${reason}`, {
    ...(context.jobName === undefined ? {} : { jobName: context.jobName }),
  });
}

function refusal(call: DataPumpCall, state: JobStateName, context: CallContext): string | undefined {
  if (!VALID_STATES[call].includes(state)) return advice(call, state);
  switch (call) {
    case 'ADD_FILE':
      if (state !== 'DEFINING' && (context.operation !== 'EXPORT' || context.fileKind !== 'DUMP')) {
        return `once a job has started only dump files of an export can be added; add ${context.fileKind ?? 'this'} file before startJob`;
      }
      return undefined;
    case 'SET_PARAMETER':
      if (state === 'IDLING' && !IDLING_PARAMETERS.includes(context.parameter ?? '')) {
        return `a stopped job keeps the parameters it was defined with; only ${IDLING_PARAMETERS.join(' and ')} can be given again before restarting it`;
      }
      return undefined;
    case 'START_JOB':
      if (context.serveOnly === true && state !== 'EXECUTING') {
        return `startJob({ serveOnly: true }) adds workers to a job that is already executing; call startJob() without serveOnly to start or restart it`;
      }
      if (context.serveOnly !== true && state === 'EXECUTING') {
        return "the job is already running; use startJob({ serveOnly: true }) to add this process's workers to it, or getStatus to follow it";
      }
      return undefined;
    default:
      return undefined;
  }
}

/** What to do instead, by the state the job is in. */
function advice(call: DataPumpCall, state: JobStateName): string {
  const valid = VALID_STATES[call].join(', ');
  switch (state) {
    case 'UNDEFINED':
      return call === 'ATTACH' ? 'there is no such job; open a new one' : `the job does not exist (valid in ${valid}); open or attach to a job first`;
    case 'DEFINING':
      return `it is valid in ${valid}; call startJob first`;
    case 'COMPLETED':
      return `the job has finished (valid in ${valid}); open a new job`;
    case 'STOPPED':
    case 'NOT RUNNING':
      return `the job is not running (valid in ${valid}); attach to it and call startJob to restart it`;
    case 'IDLING':
      return `it is valid in ${valid}; call startJob to restart the job first`;
    default:
      return `it is valid in ${valid}; wait for the job with waitForJob or getStatus`;
  }
}
