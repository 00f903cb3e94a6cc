import { JobError } from '@sluice/engine';
import { describe, expect, it } from 'vitest';
import { exitCodeOf, finalMessage } from './exit-code.js';

const resume = 'sluice attach J --source URL --start';

describe('the last words of a client', () => {
  it('a failure reads as sentences, then says how to resume or remove the job', () => {
    const failure = new JobError('JOB_FAILED', 'job J stopped on a fatal error: the disk is full', { jobName: 'J' });
    const said = finalMessage('J', { exit: 'ENDED', outcome: { state: 'FAILED', errors: 1, failure } }, resume);
    expect(said).toBe(
      `sluice: job J stopped on a fatal error: the disk is full. The job's master table is kept: after fixing the cause, resume with ${resume}, or remove the job by attaching without --start and typing KILL_JOB.`,
    );
  });

  it('a job that has finished is never to be resumed or killed', () => {
    const failure = new JobError('INVALID_STATE', 'getStatus (GET_STATUS) is not valid while job J is COMPLETED: the job has finished; open a new job', { jobName: 'J' });
    const said = finalMessage('J', { exit: 'ENDED', outcome: { state: 'FAILED', errors: 1, failure } }, resume);
    expect(said).toBe('sluice: getStatus (GET_STATUS) is not valid while job J is COMPLETED: the job has finished; open a new job.');
  });

  it('a serving process that left the job (SIGTERM, EXIT_CLIENT) exits 0 and says the job goes on', () => {
    const left = { exit: 'LEFT', outcome: { state: 'STOPPED', errors: 0 } } as const;
    expect(exitCodeOf(left)).toBe(0);
    expect(finalMessage('J', left, resume)).toBe('This process no longer serves job J; the job goes on in its other processes (follow it with sluice attach J --source URL).');
  });
});
