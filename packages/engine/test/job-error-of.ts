import { JobError } from '../src/errors.js';

/** The JobError `fn` throws; fails the test when it throws something else or nothing. */
export function errorOf(fn: () => unknown): JobError {
  try {
    fn();
  } catch (e) {
    if (e instanceof JobError) return e;
    throw e;
  }
  throw new Error('expected a JobError');
}
