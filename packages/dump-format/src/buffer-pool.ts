/**
 * Recycles fixed-size buffers (frame blocks, compression outputs). Fresh large buffers cost page faults
 * on first touch; reusing a few keeps the write path on warm memory and RSS flat.
 */
export class BufferPool {
  readonly size: number;
  readonly #max: number;
  #free: Buffer[] = [];

  constructor(size: number, max: number) {
    this.size = size;
    this.#max = max;
  }

  /** A buffer of `size` bytes (contents undefined) that owns its whole ArrayBuffer, so it can be transferred. */
  take(): Buffer {
    return this.#free.pop() ?? Buffer.allocUnsafeSlow(this.size);
  }

  /** Returns a buffer taken from this pool (or any view of one); other buffers are ignored. */
  give(b: Buffer): void {
    const ab = b.buffer;
    if (ab instanceof ArrayBuffer && ab.byteLength === this.size && this.#free.length < this.#max) this.#free.push(Buffer.from(ab, 0, this.size));
  }
}
