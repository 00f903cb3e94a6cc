import type { Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { IndexBuilder } from './file-index.js';

/** One file of the set being written. */
export interface WriterFile {
  readonly name: string;
  readonly number: number;
  readonly path: string;
  handle: FileHandle | null;
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

/** Writes `parts` back to back at `position`, coping with short writes. */
export async function writeFully(handle: FileHandle, parts: readonly Buffer[], position: number): Promise<void> {
  let bufs = parts.filter((b) => b.length > 0);
  let pos = position;
  while (bufs.length > 0) {
    const { bytesWritten } = bufs.length === 1 ? await handle.write(bufs[0]!, 0, bufs[0]!.length, pos) : await handle.writev(bufs, pos);
    pos += bytesWritten;
    let skip = bytesWritten;
    while (bufs.length > 0 && skip >= bufs[0]!.length) skip -= bufs.shift()!.length;
    if (skip > 0) bufs = [bufs[0]!.subarray(skip), ...bufs.slice(1)];
  }
}

/** Closes a file's handle (fsync first when `sync`); the file stays in the set. */
export async function closeHandle(f: WriterFile, sync: boolean): Promise<void> {
  const h = f.handle;
  if (!h) return;
  f.handle = null;
  try {
    if (sync) await h.datasync();
  } finally {
    await h.close();
  }
}
