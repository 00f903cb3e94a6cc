import { sha256, sha256Hasher } from './checksum.js';
import { DumpFormatError } from './errors.js';

/**
 * A master payload handed to `DumpSetWriter.close` a part at a time, so a large master (tens of MB
 * for a set of thousands of objects) is never held whole: its length and SHA-256 are known first
 * (every piece carries them), then its bytes come in order, in parts of any size.
 */
export interface MasterSource {
  /** Bytes in all. */
  readonly length: number;
  /** SHA-256 of all the bytes. */
  readonly sha256: Uint8Array;
  /** The bytes in order; called once. Their total must be `length` and their hash `sha256`. */
  parts(): AsyncIterable<Uint8Array>;
}

/** Whether a value is a MasterSource rather than bytes. */
export function isMasterSource(value: unknown): value is MasterSource {
  return typeof value === 'object' && value !== null && !(value instanceof Uint8Array) && typeof (value as MasterSource).parts === 'function';
}

/** Bytes held whole, as a MasterSource. */
export function bytesSource(bytes: Uint8Array): MasterSource {
  return {
    length: bytes.byteLength,
    sha256: sha256(bytes),
    async *parts() {
      yield bytes;
    },
  };
}

/** Hands out a MasterSource's bytes `n` at a time, checking at the end that they were as announced. */
export class MasterTaker {
  readonly #source: MasterSource;
  readonly #it: AsyncIterator<Uint8Array>;
  readonly #hash = sha256Hasher();
  #held: Buffer[] = [];
  #heldBytes = 0;
  #taken = 0;

  constructor(source: MasterSource) {
    this.#source = source;
    this.#it = source.parts()[Symbol.asyncIterator]();
  }

  /** The next `n` bytes (fewer only if the source ends early, which `finish` reports). */
  async take(n: number): Promise<Buffer> {
    while (this.#heldBytes < n) {
      const next = await this.#it.next();
      if (next.done === true) break;
      const part = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
      if (part.length === 0) continue;
      this.#held.push(part);
      this.#heldBytes += part.length;
    }
    const all = this.#held.length === 1 ? (this.#held[0] as Buffer) : Buffer.concat(this.#held, this.#heldBytes);
    const out = all.subarray(0, Math.min(n, all.length));
    const rest = all.subarray(out.length);
    this.#held = rest.length > 0 ? [rest] : [];
    this.#heldBytes = rest.length;
    this.#taken += out.length;
    this.#hash.update(out);
    return out;
  }

  /** Every byte taken, none left over, and the hash as announced; BAD_ARGUMENT otherwise. */
  async finish(): Promise<void> {
    let extra = this.#heldBytes;
    for (let next = await this.#it.next(); next.done !== true; next = await this.#it.next()) extra += next.value.byteLength;
    const digest = this.#hash.digest();
    if (this.#taken !== this.#source.length || extra !== 0) {
      throw new DumpFormatError('BAD_ARGUMENT', `the master source announced ${this.#source.length} bytes but gave ${this.#taken + extra}`);
    }
    if (!digest.equals(this.#source.sha256)) throw new DumpFormatError('BAD_ARGUMENT', 'the master source gave bytes whose SHA-256 differs from the one it announced');
  }
}
