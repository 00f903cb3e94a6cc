import { describe, expect, it } from 'vitest';
import { parseInteractiveCommand } from './interactive-command.js';

describe('interactive mode commands', () => {
  it('reads every command, any case', () => {
    expect(parseInteractiveCommand('status')).toEqual({ kind: 'STATUS' });
    expect(parseInteractiveCommand('STATUS=10')).toEqual({ kind: 'STATUS', interval: 10 });
    expect(parseInteractiveCommand(' parallel=4 ')).toEqual({ kind: 'PARALLEL', degree: 4 });
    expect(parseInteractiveCommand('ADD_FILE=a%U.dmp,b.dmp')).toEqual({ kind: 'ADD_FILE', files: ['a%U.dmp', 'b.dmp'] });
    expect(parseInteractiveCommand('stop_job')).toEqual({ kind: 'STOP_JOB', immediate: false });
    expect(parseInteractiveCommand('STOP_JOB=immediate')).toEqual({ kind: 'STOP_JOB', immediate: true });
    expect(parseInteractiveCommand('KILL_JOB')).toEqual({ kind: 'KILL_JOB' });
    expect(parseInteractiveCommand('START_JOB=SKIP_CURRENT')).toEqual({ kind: 'START_JOB', skipCurrent: true });
    expect(parseInteractiveCommand('continue_client')).toEqual({ kind: 'CONTINUE_CLIENT' });
    expect(parseInteractiveCommand('EXIT_CLIENT')).toEqual({ kind: 'EXIT_CLIENT' });
    expect(parseInteractiveCommand('')).toEqual({ kind: 'NONE' });
  });

  it('explains mistakes', () => {
    expect(parseInteractiveCommand('PARALLEL=0')).toMatchObject({ kind: 'ERROR', message: expect.stringContaining('PARALLEL needs a number of workers') });
    expect(parseInteractiveCommand('STOP_JOB=NOW')).toMatchObject({ kind: 'ERROR', message: expect.stringContaining('the only value is IMMEDIATE') });
    expect(parseInteractiveCommand('STAUTS')).toMatchObject({ kind: 'ERROR', message: expect.stringContaining('did you mean STATUS?') });
    expect(parseInteractiveCommand('KILL_JOB=1')).toMatchObject({ kind: 'ERROR', message: 'KILL_JOB takes no value.' });
  });
});
