import { describe, expect, it } from 'vitest';
import type { JobStateName } from './job-state-name.js';
import { jobStateOf, type JobStateEvidence } from './job-state-of.js';

const running = (state: JobStateName, ended = false, drivenByThisHandle = false) => ({ localRun: { state, ended, drivenByThisHandle } });
const row = (state: JobStateName, live: boolean) => ({ row: { state, live } });

/** Evidence → the state a handle reports; `undefined` means the job row must be read first. */
const CASES: ReadonlyArray<readonly [string, JobStateEvidence, JobStateName | undefined]> = [
  ['a run of this process that is still going', { ...running('EXECUTING'), ...row('NOT RUNNING', false) }, 'EXECUTING'],
  ['a run of this process stopping', running('STOP PENDING'), 'STOP PENDING'],
  ['the end of the run this handle drove', running('COMPLETED', true, true), 'COMPLETED'],
  ['the end of a run another handle drove: the row tells', running('COMPLETED', true, false), undefined],
  ['an ended run of another handle, and the row', { ...running('STOPPED', true, false), ...row('NOT RUNNING', false) }, 'NOT RUNNING'],
  ['a state this handle settled (stop of an idle job)', { settled: 'STOPPED', ...row('IDLING', false) }, 'STOPPED'],
  ['nothing local: the row must be read', { lastSeen: 'EXECUTING' }, undefined],
  ['a row running, with a live process', row('EXECUTING', true), 'EXECUTING'],
  ['a row running, no process holds the lock (killed)', row('EXECUTING', false), 'NOT RUNNING'],
  ['a row completing, no live process', row('COMPLETING', false), 'NOT RUNNING'],
  ['a row stopping, no live process', row('STOPPING', false), 'NOT RUNNING'],
  ['a row at rest needs no process', row('IDLING', false), 'IDLING'],
  ['a row defining', row('DEFINING', false), 'DEFINING'],
  ['a row completed and kept (KEEP_MASTER)', row('COMPLETED', false), 'COMPLETED'],
  ['table gone while running: dropped at its end', { row: 'gone', lastSeen: 'EXECUTING' }, 'COMPLETED'],
  ['table gone while completing', { row: 'gone', lastSeen: 'COMPLETING' }, 'COMPLETED'],
  ['table gone after defining: dropped before it ran', { row: 'gone', lastSeen: 'DEFINING' }, 'UNDEFINED'],
  ['table gone while idling', { row: 'gone', lastSeen: 'IDLING' }, 'UNDEFINED'],
  ['table gone while not running', { row: 'gone', lastSeen: 'NOT RUNNING' }, 'UNDEFINED'],
  ['table gone after it stopped', { row: 'gone', lastSeen: 'STOPPED' }, 'STOPPED'],
  ['table gone after it completed', { row: 'gone', lastSeen: 'COMPLETED' }, 'COMPLETED'],
  ['table gone, nothing seen', { row: 'gone' }, 'UNDEFINED'],
];

describe('jobStateOf', () => {
  it.each(CASES)('%s', (_what, evidence, expected) => {
    expect(jobStateOf(evidence)).toBe(expected);
  });
});
