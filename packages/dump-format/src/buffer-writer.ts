/** A chainable big-endian writer that grows as needed (the pg-protocol BufferWriter idea). */
export class BufferWriter {
  #buffer: Buffer;
  #offset = 0;

  constructor(initialSize = 256) {
    this.#buffer = Buffer.alloc(initialSize);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#offset;
  }

  u8(v: number): this {
    this.#ensure(1);
    this.#buffer[this.#offset++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    this.#ensure(2);
    this.#buffer.writeUInt16BE(v, this.#offset);
    this.#offset += 2;
    return this;
  }

  u32(v: number): this {
    this.#ensure(4);
    this.#buffer.writeUInt32BE(v >>> 0, this.#offset);
    this.#offset += 4;
    return this;
  }

  /** An unsigned integer up to 2^53 as 8 bytes. */
  u64(v: number): this {
    this.#ensure(8);
    this.#buffer.writeUInt32BE(Math.floor(v / 0x1_0000_0000), this.#offset);
    this.#buffer.writeUInt32BE(v >>> 0, this.#offset + 4);
    this.#offset += 8;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.#ensure(b.length);
    this.#buffer.set(b, this.#offset);
    this.#offset += b.length;
    return this;
  }

  /** Overwrites 4 bytes at `at` (used to patch a length after the body is written). */
  patchU32(at: number, v: number): this {
    this.#buffer.writeUInt32BE(v >>> 0, at);
    return this;
  }

  /** The bytes written, as a view of the internal buffer. */
  view(): Buffer {
    return this.#buffer.subarray(0, this.#offset);
  }

  /** The bytes written, as a fresh copy. */
  toBuffer(): Buffer {
    return Buffer.from(this.view());
  }

  #ensure(n: number): void {
    if (this.#offset + n <= this.#buffer.length) return;
    const next = Buffer.alloc(Math.max(this.#buffer.length * 2, this.#offset + n));
    this.#buffer.copy(next, 0, 0, this.#offset);
    this.#buffer = next;
  }
}
