import { describe, expect, it } from 'vitest';
import { isJobError } from '../errors.js';
import { CHUNK_TARGET_BYTES, resolveTuning } from './job-tuning.js';

describe('resolveTuning', () => {
  it('applies the defaults: no item delay, chunks of CHUNK_TARGET_BYTES', () => {
    expect(resolveTuning('open')).toEqual({ itemDelayMs: 0, chunkTargetBytes: CHUNK_TARGET_BYTES });
    expect(resolveTuning('open', {})).toEqual({ itemDelayMs: 0, chunkTargetBytes: 32 * 1024 * 1024 });
  });

  it('keeps the values given', () => {
    expect(resolveTuning('attach', { itemDelayMs: 250, chunkTargetBytes: 1024 })).toEqual({ itemDelayMs: 250, chunkTargetBytes: 1024 });
  });

  const refused: [string, unknown, string][] = [
    ['a negative delay', { itemDelayMs: -1 }, 'open: tuning.itemDelayMs must be a number of milliseconds, 0 or more, got -1'],
    ['a delay that is not a number', { itemDelayMs: '60' }, 'open: tuning.itemDelayMs must be a number of milliseconds, 0 or more, got "60"'],
    ['an infinite delay', { itemDelayMs: Number.POSITIVE_INFINITY }, 'got Infinity'],
    ['a chunk target under 1024 bytes', { chunkTargetBytes: 1023 }, 'open: tuning.chunkTargetBytes must be a whole number of bytes, 1024 or more, got 1023'],
    ['a fractional chunk target', { chunkTargetBytes: 4096.5 }, 'got 4096.5'],
    ['a chunk target of NaN', { chunkTargetBytes: Number.NaN }, 'got NaN'],
    ['tuning that is not an object', 5, 'open: tuning must be an object such as { itemDelayMs: 100 }, got 5'],
    ['tuning of null', null, 'got null'],
  ];
  for (const [what, tuning, message] of refused) {
    it(`refuses ${what} as INVALID_ARGVAL`, () => {
      let error: unknown;
      try {
        resolveTuning('open', tuning as never);
      } catch (e) {
        error = e;
      }
      expect(isJobError(error, 'INVALID_ARGVAL')).toBe(true);
      expect((error as Error).message).toContain(message);
    });
  }
});
