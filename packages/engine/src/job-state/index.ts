export type { JobStateName } from './job-state-name.js';
export { JOB_STATES, isJobStateName } from './job-state-name.js';
export { CALL_METHOD, IDLING_PARAMETERS, VALID_STATES, checkCall, isCallValid, type CallContext, type DataPumpCall } from './state-table.js';
export { AT_REST, LIVE_STATES, isLiveState, jobStateOf, type JobStateEvidence } from './job-state-of.js';
