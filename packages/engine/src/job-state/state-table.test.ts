import { describe, expect, it } from 'vitest';
import { JobError } from '../errors.js';
import { JOB_STATES, type JobStateName } from './job-state-name.js';
import { CALL_METHOD, VALID_STATES, checkCall, isCallValid, type DataPumpCall } from './state-table.js';

/** Oracle's table, written out independently of the implementation: call → states where it is valid. */
const ORACLE: Record<DataPumpCall, string> = {
  ADD_FILE: 'DEFINING EXECUTING IDLING',
  ATTACH: 'DEFINING EXECUTING IDLING STOPPED COMPLETED COMPLETING NOT_RUNNING',
  DATA_FILTER: 'DEFINING',
  DATA_REMAP: 'DEFINING',
  DETACH: 'ALL',
  GET_DUMPFILE_INFO: 'ALL',
  GET_STATUS: 'DEFINING EXECUTING COMPLETING STOP_PENDING STOPPING IDLING',
  LOG_ENTRY: 'DEFINING EXECUTING IDLING STOP_PENDING COMPLETING',
  METADATA_FILTER: 'DEFINING',
  METADATA_REMAP: 'DEFINING',
  METADATA_TRANSFORM: 'DEFINING',
  OPEN: 'UNDEFINED',
  SET_PARALLEL: 'DEFINING EXECUTING IDLING',
  SET_PARAMETER: 'DEFINING IDLING',
  START_JOB: 'DEFINING IDLING',
  STOP_JOB: 'DEFINING EXECUTING IDLING STOP_PENDING',
  WAIT_FOR_JOB: 'UNDEFINED EXECUTING COMPLETING COMPLETED STOP_PENDING STOPPING STOPPED IDLING NOT_RUNNING',
};

const validIn = (call: DataPumpCall): JobStateName[] => (ORACLE[call] === 'ALL' ? [...JOB_STATES] : ORACLE[call].split(' ').map((s) => s.replace('_', ' ') as JobStateName));

/** The context that makes each conditional row valid where Oracle's table allows it. */
const permissive = { operation: 'EXPORT', fileKind: 'DUMP', parameter: 'ENCRYPTION_PASSWORD' };

describe('the table of valid states', () => {
  it('has all ten states, spelled as Oracle does', () => {
    expect(JOB_STATES).toEqual(['UNDEFINED', 'DEFINING', 'EXECUTING', 'COMPLETING', 'COMPLETED', 'STOP PENDING', 'STOPPING', 'STOPPED', 'IDLING', 'NOT RUNNING']);
  });

  for (const call of Object.keys(ORACLE) as DataPumpCall[]) {
    for (const state of JOB_STATES) {
      const valid = validIn(call).includes(state);
      it(`${call} is ${valid ? 'valid' : 'INVALID_STATE'} in ${state}`, () => {
        if (valid) {
          expect(() => checkCall(call, state, permissive)).not.toThrow();
          return;
        }
        let error: unknown;
        try {
          checkCall(call, state, { ...permissive, jobName: 'J1' });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(JobError);
        expect((error as JobError).code).toBe('INVALID_STATE');
        // The message names the call (API name and Oracle name), the job, the state, and what to do.
        expect((error as JobError).message).toContain(`${CALL_METHOD[call]} (${call}) is not valid while job J1 is ${state}`);
        expect((error as JobError).message).toMatch(/call|open|attach|wait|use/);
      });
    }
  }

  it('matches VALID_STATES exactly (START_JOB also lists EXECUTING, for serveOnly only)', () => {
    for (const call of Object.keys(ORACLE) as DataPumpCall[]) {
      const expected = call === 'START_JOB' ? [...validIn(call), 'EXECUTING'] : validIn(call);
      expect([...VALID_STATES[call]].sort()).toEqual([...expected].sort());
    }
  });
});

describe('conditional rows', () => {
  it('ADD_FILE after start takes only dump files of an export', () => {
    expect(isCallValid('ADD_FILE', 'EXECUTING', { operation: 'EXPORT', fileKind: 'DUMP' })).toBe(true);
    expect(isCallValid('ADD_FILE', 'IDLING', { operation: 'EXPORT', fileKind: 'DUMP' })).toBe(true);
    expect(() => checkCall('ADD_FILE', 'EXECUTING', { operation: 'IMPORT', fileKind: 'DUMP' })).toThrow(/only dump files of an export/);
    expect(() => checkCall('ADD_FILE', 'IDLING', { operation: 'EXPORT', fileKind: 'LOG' })).toThrow(/add LOG file before startJob/);
    expect(isCallValid('ADD_FILE', 'DEFINING', { operation: 'IMPORT', fileKind: 'LOG' })).toBe(true);
  });

  it('SET_PARAMETER while IDLING takes only the secrets', () => {
    expect(isCallValid('SET_PARAMETER', 'IDLING', { parameter: 'ENCRYPTION_PASSWORD' })).toBe(true);
    expect(isCallValid('SET_PARAMETER', 'IDLING', { parameter: 'ENCRYPTION_KEY_FILE' })).toBe(true);
    expect(() => checkCall('SET_PARAMETER', 'IDLING', { parameter: 'COMPRESSION', jobName: 'J' })).toThrow(
      'setParameter (SET_PARAMETER) is not valid while job J is IDLING: a stopped job keeps the parameters it was defined with',
    );
  });

  it('START_JOB serveOnly joins only an executing job, and a plain START_JOB is refused there', () => {
    expect(isCallValid('START_JOB', 'EXECUTING', { serveOnly: true })).toBe(true);
    expect(() => checkCall('START_JOB', 'DEFINING', { serveOnly: true })).toThrow(/adds workers to a job that is already executing/);
    expect(() => checkCall('START_JOB', 'EXECUTING')).toThrow(/already running; use startJob\(\{ serveOnly: true \}\)/);
  });
});
