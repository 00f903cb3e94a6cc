/** The ten job states of DBMS_DATAPUMP, spelled as Oracle spells them (DESIGN.md, "Jobs and the master table"). */
export type JobStateName = 'UNDEFINED' | 'DEFINING' | 'EXECUTING' | 'COMPLETING' | 'COMPLETED' | 'STOP PENDING' | 'STOPPING' | 'STOPPED' | 'IDLING' | 'NOT RUNNING';

/** Every job state, in the order a job usually passes through them. */
export const JOB_STATES: readonly JobStateName[] = ['UNDEFINED', 'DEFINING', 'EXECUTING', 'COMPLETING', 'COMPLETED', 'STOP PENDING', 'STOPPING', 'STOPPED', 'IDLING', 'NOT RUNNING'];

/** True when `value` is one of the ten state names. */
export function isJobStateName(value: unknown): value is JobStateName {
  return typeof value === 'string' && (JOB_STATES as readonly string[]).includes(value);
}
