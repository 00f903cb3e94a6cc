import { JobError } from '../errors.js';
import { describe } from '../parameters/index.js';

/**
 * Knobs of one process's run of a job, for tests and tuning: never stored in the job row, so each
 * process that starts, restarts or serves a job passes its own (open, attach).
 */
export interface JobTuning {
  /** Hold each claimed item this long (ms) before working it, so tests can stop or kill a job mid-way. Default 0. */
  readonly itemDelayMs?: number;
  /** The size (bytes, at least 1024) chunks of a table are planned at. Default CHUNK_TARGET_BYTES (32 MiB). */
  readonly chunkTargetBytes?: number;
}

/** JobTuning with every default applied. */
export type ResolvedTuning = Required<JobTuning>;

/**
 * Chunks are planned at about this many bytes, so one large table is unloaded by many workers. Small
 * enough that PARALLEL=2 on a few hundred MB is not held back by an odd last chunk; large enough that
 * the master-table round trips of a chunk (a few milliseconds) stay under 2% of its time.
 */
export const CHUNK_TARGET_BYTES = 32 * 1024 * 1024;

/** The smallest chunk target a caller may ask for. */
const MIN_CHUNK_TARGET_BYTES = 1024;

/** The tuning defaults with `tuning` laid over them; INVALID_ARGVAL for a value out of range (`call` names the API call). */
export function resolveTuning(call: string, tuning: JobTuning = {}): ResolvedTuning {
  if (typeof tuning !== 'object' || tuning === null) throw new JobError('INVALID_ARGVAL', `${call}: tuning must be an object such as { itemDelayMs: 100 }, got ${describe(tuning)}`);
  const { itemDelayMs = 0, chunkTargetBytes = CHUNK_TARGET_BYTES } = tuning;
  if (typeof itemDelayMs !== 'number' || !Number.isFinite(itemDelayMs) || itemDelayMs < 0) {
    throw new JobError('INVALID_ARGVAL', `${call}: tuning.itemDelayMs must be a number of milliseconds, 0 or more, got ${describe(itemDelayMs)}`);
  }
  if (typeof chunkTargetBytes !== 'number' || !Number.isInteger(chunkTargetBytes) || chunkTargetBytes < MIN_CHUNK_TARGET_BYTES) {
    throw new JobError('INVALID_ARGVAL', `${call}: tuning.chunkTargetBytes must be a whole number of bytes, ${MIN_CHUNK_TARGET_BYTES} or more, got ${describe(chunkTargetBytes)}`);
  }
  return { itemDelayMs, chunkTargetBytes };
}
