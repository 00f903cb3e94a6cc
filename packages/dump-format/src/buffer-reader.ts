/** Thrown by BufferReader when a read would pass the end; callers turn it into a DumpFormatError naming the file. */
export class BufferOverrun extends RangeError {
  constructor(need: number, offset: number, length: number) {
    super(`needed ${need} bytes at offset ${offset} of a ${length}-byte buffer`);
  }
}

/** A big-endian read cursor over one buffer (the pg-protocol BufferReader idea), bounds-checked on every read. */
export class BufferReader {
  #buffer: Buffer;
  #offset: number;

  constructor(buffer: Uint8Array, offset = 0) {
    this.#buffer = Buffer.isBuffer(buffer) ? buffer : Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    this.#offset = offset;
  }

  /** Current position. */
  get offset(): number {
    return this.#offset;
  }

  /** Bytes left after the cursor. */
  get remaining(): number {
    return this.#buffer.length - this.#offset;
  }

  u8(): number {
    this.#need(1);
    return this.#buffer[this.#offset++]!;
  }

  u16(): number {
    this.#need(2);
    const v = this.#buffer.readUInt16BE(this.#offset);
    this.#offset += 2;
    return v;
  }

  u32(): number {
    this.#need(4);
    const v = this.#buffer.readUInt32BE(this.#offset);
    this.#offset += 4;
    return v;
  }

  /** An unsigned 64-bit value as a number; values above 2^53 are refused (no file gets that big). */
  u64(): number {
    this.#need(8);
    const hi = this.#buffer.readUInt32BE(this.#offset);
    const lo = this.#buffer.readUInt32BE(this.#offset + 4);
    if (hi > 0x1fffff) throw new BufferOverrun(8, this.#offset, this.#buffer.length);
    this.#offset += 8;
    return hi * 0x1_0000_0000 + lo;
  }

  /** A view (not a copy) of the next `n` bytes. */
  bytes(n: number): Buffer {
    this.#need(n);
    const v = this.#buffer.subarray(this.#offset, this.#offset + n);
    this.#offset += n;
    return v;
  }

  /** A string of `n` UTF-8 bytes. */
  utf8(n: number): string {
    return this.bytes(n).toString('utf8');
  }

  #need(n: number): void {
    if (n < 0 || this.#offset + n > this.#buffer.length) throw new BufferOverrun(n, this.#offset, this.#buffer.length);
  }
}
