/**
 * Recycles the part-sized buffers uploads fill. A fresh buffer of a few MiB is a new mapping whose
 * pages fault on first touch and are given back to the system when it is collected: filling a fresh
 * one per part cost more CPU than the upload itself. A few kept for the next part (or the next file)
 * keep the copy on warm memory.
 */
export class PartBuffers {
  readonly #free: Buffer[] = [];

  constructor(
    /** Bytes per buffer: the part size. */
    readonly size: number,
    /** Buffers kept while nobody uses them. */
    readonly max: number,
  ) {}

  /** A buffer of `size` bytes, contents undefined. */
  take(): Buffer {
    return this.#free.pop() ?? Buffer.allocUnsafeSlow(this.size);
  }

  /** Takes back a buffer from take() (or a view of one) once nothing reads it any more; others are ignored. */
  give(b: Buffer): void {
    const ab = b.buffer;
    if (ab instanceof ArrayBuffer && ab.byteLength === this.size && this.#free.length < this.max) this.#free.push(Buffer.from(ab, 0, this.size));
  }
}
