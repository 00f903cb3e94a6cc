import type { LocationReader } from './location.js';

/** Block size and depth of a read-ahead. */
export interface ReadAheadTuning {
  /** Bytes per block read from the location (one ranged GET per block in object storage). */
  readonly blockSize: number;
  /** Blocks read at once ahead of the reader. */
  readonly blocks: number;
}

/**
 * A reader for a file read front to back (a copy, a scan): it keeps `blocks` block reads in flight ahead
 * of the position asked for, so a remote file streams at the rate of several requests at once. Memory:
 * `blocks` x `blockSize`, whatever the file's size. Reads behind the current block go to the file itself.
 */
export class ReadAhead implements LocationReader {
  readonly size: number;
  readonly #blocks = new Map<number, Promise<Buffer>>();

  constructor(
    readonly inner: LocationReader,
    readonly tuning: ReadAheadTuning,
  ) {
    this.size = inner.size;
  }

  async read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }> {
    if (position >= this.size || length <= 0) return { bytesRead: 0 };
    const { blockSize, blocks } = this.tuning;
    const first = Math.floor(position / blockSize);
    const last = Math.floor((this.size - 1) / blockSize);
    for (const n of this.#blocks.keys()) if (n < first) this.#blocks.delete(n);
    for (let n = first; n <= Math.min(last, first + blocks - 1); n++) {
      if (this.#blocks.has(n)) continue;
      const p = this.#fetch(n);
      p.catch(() => {}); // handled where it is awaited; a block never awaited must not fail the process
      this.#blocks.set(n, p);
    }
    // A failed block is dropped, so a later read asks again instead of repeating the old failure.
    const block = await this.#blocks.get(first)!.catch((e: unknown) => {
      this.#blocks.delete(first);
      throw e;
    });
    const at = position - first * blockSize;
    const n = Math.min(length, block.length - at);
    if (n <= 0) return { bytesRead: 0 };
    block.copy(buffer, offset, at, at + n);
    return { bytesRead: n };
  }

  async #fetch(n: number): Promise<Buffer> {
    const start = n * this.tuning.blockSize;
    const buf = Buffer.allocUnsafe(Math.min(this.tuning.blockSize, this.size - start));
    let done = 0;
    while (done < buf.length) {
      const { bytesRead } = await this.inner.read(buf, done, buf.length - done, start + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return buf.subarray(0, done);
  }

  async close(): Promise<void> {
    // Reads still in flight are left to finish; their failures no longer matter.
    this.#blocks.clear();
    await this.inner.close();
  }
}
