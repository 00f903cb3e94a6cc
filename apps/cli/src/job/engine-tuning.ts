import type { JobTuning } from '@sluice/engine';
import { CliError } from '../cli-error.js';

/** Environment variables that set the engine's tuning option (tests and tuning): the one place the CLI reads them. */
const VARIABLES = { itemDelayMs: 'SLUICE_TEST_ITEM_DELAY_MS', chunkTargetBytes: 'SLUICE_CHUNK_TARGET_BYTES' } as const;

/**
 * The engine's `tuning` for the jobs this process opens, attaches, restarts and serves (the REST
 * service's too): each knob from its environment variable when set, else the engine's default.
 */
export function tuningFromEnvironment(env: NodeJS.ProcessEnv = process.env): JobTuning {
  const tuning: { -readonly [K in keyof JobTuning]: number } = {};
  for (const [knob, name] of Object.entries(VARIABLES) as [keyof JobTuning, string][]) {
    const text = env[name];
    if (text === undefined || text.trim() === '') continue;
    const value = Number(text);
    if (!Number.isFinite(value)) throw new CliError('BAD_PARAMETER', `${name}=${text} is not a number; set it to a number (${knob === 'itemDelayMs' ? 'milliseconds' : 'bytes'}) or unset it.`);
    tuning[knob] = value;
  }
  return tuning;
}
