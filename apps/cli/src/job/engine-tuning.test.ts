import { describe, expect, it } from 'vitest';
import { CliError } from '../cli-error.js';
import { tuningFromEnvironment } from './engine-tuning.js';

describe('tuningFromEnvironment', () => {
  it('maps SLUICE_TEST_ITEM_DELAY_MS and SLUICE_CHUNK_TARGET_BYTES to the engine tuning, and nothing when unset or empty', () => {
    expect(tuningFromEnvironment({})).toEqual({});
    expect(tuningFromEnvironment({ SLUICE_TEST_ITEM_DELAY_MS: '', SLUICE_CHUNK_TARGET_BYTES: ' ' })).toEqual({});
    expect(tuningFromEnvironment({ SLUICE_TEST_ITEM_DELAY_MS: '400', SLUICE_CHUNK_TARGET_BYTES: '65536' })).toEqual({ itemDelayMs: 400, chunkTargetBytes: 65536 });
  });

  it('refuses a value that is not a number, naming the variable', () => {
    expect(() => tuningFromEnvironment({ SLUICE_CHUNK_TARGET_BYTES: '64k' })).toThrow(CliError);
    expect(() => tuningFromEnvironment({ SLUICE_CHUNK_TARGET_BYTES: '64k' })).toThrow('SLUICE_CHUNK_TARGET_BYTES=64k is not a number; set it to a number (bytes) or unset it.');
  });
});
