import type { Hash } from 'node:crypto';
import type { IndexBuilder } from './file-index.js';
import type { LocationWriter } from './location.js';

/** One file of the set being written. */
export interface WriterFile {
  readonly name: string;
  readonly number: number;
  /** Where the bytes go; null once the file is committed or dropped. */
  sink: LocationWriter | null;
  size: number;
  hash: Hash | null;
  index: IndexBuilder;
  writes: Set<Promise<void>>;
  /** Bytes written since the last background flush started (see FLUSH_EVERY_BYTES). */
  unflushed: number;
  /** A background flush of this file is running. */
  flushing: boolean;
}

/**
 * With sync on, a file is flushed to disk in the background after every this many bytes written, so
 * the disk works while rows still arrive and the fsync when the file is finished has little left to do.
 */
export const FLUSH_EVERY_BYTES = 32 * 1024 * 1024;
