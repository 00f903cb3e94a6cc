// The two parts of reading a master document a part at a time (`master-document-scan.ts` puts them
// together): a byte scanner that finds its rows, and a store that keeps its bytes compressed.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { JobError } from '../errors.js';

/** The document is kept in blocks of this many bytes, each compressed. */
const BLOCK = 1 << 20;
/** Decompressed blocks kept for the next rows (rows are mostly read in order, a few ahead). */
const CACHED_BLOCKS = 3;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const isSpace = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** Longest top-level key or `format`/`version` value kept (both are a few bytes in a Sluice document). */
const MAX_CAPTURE = 256;

/**
 * The document's bytes in compressed blocks of 1 MiB (JSON rows compress about 30 to 1 at zlib's
 * fastest level), with a few recent blocks kept whole: tens of thousands of objects cost a few MB.
 */
export class BlockStore {
  private readonly blocks: Buffer[] = [];
  private pending: Buffer;
  private filled = 0;
  private readonly cache = new Map<number, Buffer>();

  /** `blockSize`: smaller blocks cost less to read one row back from at random, and compress a little less. */
  constructor(private readonly blockSize = BLOCK) {
    this.pending = Buffer.allocUnsafe(blockSize);
  }

  append(buf: Buffer): void {
    let at = 0;
    while (at < buf.length) {
      const n = Math.min(this.blockSize - this.filled, buf.length - at);
      buf.copy(this.pending, this.filled, at, at + n);
      this.filled += n;
      at += n;
      if (this.filled === this.blockSize) this.seal();
    }
  }

  /** Append `text` as UTF-8, written straight into the current block where it fits (no buffer of its own). */
  appendText(text: string): number {
    const length = Buffer.byteLength(text, 'utf8');
    if (length <= this.blockSize - this.filled) {
      this.pending.write(text, this.filled, 'utf8');
      this.filled += length;
      if (this.filled === this.blockSize) this.seal();
    } else this.append(Buffer.from(text, 'utf8'));
    return length;
  }

  end(): void {
    if (this.filled > 0) this.seal();
    this.pending = Buffer.alloc(0);
  }

  private seal(): void {
    const packed = deflateRawSync(this.pending.subarray(0, this.filled), { level: 1 });
    // zlib hands back a view of a larger buffer: a copy of its own size keeps only what it holds.
    const own = packed.byteLength < packed.buffer.byteLength ? Buffer.allocUnsafeSlow(packed.byteLength) : packed;
    if (own !== packed) packed.copy(own);
    this.blocks.push(own);
    this.filled = 0;
  }

  private block(i: number): Buffer {
    const hit = this.cache.get(i);
    if (hit !== undefined) return hit;
    const whole = inflateRawSync(this.blocks[i] as Buffer);
    if (this.cache.size >= CACHED_BLOCKS) this.cache.delete(this.cache.keys().next().value as number);
    this.cache.set(i, whole);
    return whole;
  }

  /** The bytes from `start` to `end` as UTF-8 text. */
  text(start: number, end: number): string {
    const first = Math.floor(start / this.blockSize);
    const last = Math.floor((end - 1) / this.blockSize);
    if (first === last) return this.block(first).toString('utf8', start - first * this.blockSize, end - first * this.blockSize);
    const parts: Buffer[] = [];
    for (let i = first; i <= last; i++) {
      const b = this.block(i);
      parts.push(b.subarray(i === first ? start - first * this.blockSize : 0, i === last ? end - last * this.blockSize : b.length));
    }
    return Buffer.concat(parts).toString('utf8');
  }
}

/** Thrown inside the scanner; turned into NO_DUMPFILE_INFO at the boundary. */
class NotJson extends Error {}

/**
 * Finds, byte by byte over parts of any size, the top-level keys of the document, the values of
 * `format` and `version`, and the start and end of each element of `rows` (each must be an object).
 */
export class PartScanner {
  /** The document is not an object: its bytes are kept to be judged whole. */
  foreign = false;
  private readonly foreignParts: Buffer[] = [];
  private offset = 0;
  private started = false;
  private ended = false;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** At depth 1: the next string is a key. */
  private expectKey = false;
  private key = '';
  private capture: number[] | undefined;
  private captureIsKey = false;
  private captureTarget: 'format' | 'version' | undefined;
  private inRows = false;
  private rowStart = -1;
  private format: unknown;
  private version: unknown;
  private spans: Float64Array | undefined;
  private count = 0;

  keep(buf: Buffer): void {
    this.foreignParts.push(Buffer.from(buf));
  }

  kept(): Buffer {
    return Buffer.concat(this.foreignParts);
  }

  feed(buf: Buffer): void {
    try {
      this.scan(buf);
    } catch (cause) {
      if (!(cause instanceof NotJson)) throw cause;
      throw new JobError('NO_DUMPFILE_INFO', 'The master table in this dump file set is not JSON, so it is not one this Sluice reads; the file may be damaged.', { cause });
    }
  }

  finish(): { format: unknown; version: unknown; spans: Float64Array | undefined; count: number } {
    if (!this.ended || this.inString) throw new JobError('NO_DUMPFILE_INFO', 'The master table in this dump file set is not JSON, so it is not one this Sluice reads; the file may be damaged.');
    return { format: this.format, version: this.version, spans: this.spans, count: this.count };
  }

  private scan(buf: Buffer): void {
    const n = buf.length;
    for (let i = 0; i < n; i++) {
      const b = buf[i] as number;
      const at = this.offset + i;
      if (this.inString) {
        if (this.capture !== undefined && this.capture.length < MAX_CAPTURE) this.capture.push(b);
        if (this.escaped) this.escaped = false;
        else if (b === BACKSLASH) this.escaped = true;
        else if (b === QUOTE) {
          this.inString = false;
          if (this.depth === 1) this.endCapture();
        }
        continue;
      }
      if (isSpace(b)) {
        if (this.capture !== undefined && this.depth === 1 && !this.captureIsKey) this.endCapture();
        continue;
      }
      if (this.ended) throw new NotJson('bytes after the document');
      if (!this.started) {
        if (b !== OPEN_BRACE) {
          // Not an object: whatever it is gets judged whole, as before.
          this.foreign = true;
          this.keep(buf.subarray(i));
          this.offset += n;
          return;
        }
        this.started = true;
        this.depth = 1;
        this.expectKey = true;
        continue;
      }
      if (this.depth === 1) {
        if (b === QUOTE) {
          this.inString = true;
          this.capture = [b];
          this.captureIsKey = this.expectKey;
          this.captureTarget = this.expectKey ? undefined : this.key === 'format' || this.key === 'version' ? this.key : undefined;
          if (this.captureTarget === undefined && !this.captureIsKey) this.capture = undefined;
          continue;
        }
        if (b === COLON) {
          if (this.expectKey) throw new NotJson('expected a key');
          continue;
        }
        if (b === COMMA) {
          if (this.capture !== undefined) this.endCapture();
          this.expectKey = true;
          continue;
        }
        if (b === CLOSE_BRACE) {
          if (this.capture !== undefined) this.endCapture();
          this.depth = 0;
          this.ended = true;
          continue;
        }
        if (this.expectKey) throw new NotJson('expected a key');
        if (b === OPEN_BRACKET || b === OPEN_BRACE) {
          this.depth = 2;
          if (this.key === 'rows' && b === OPEN_BRACKET) {
            this.inRows = true;
            this.spans = new Float64Array(1024);
            this.count = 0;
          } else if (this.key === 'rows') this.spans = undefined;
          continue;
        }
        // A scalar value: kept for format and version, skipped otherwise.
        if (this.capture === undefined && (this.key === 'format' || this.key === 'version')) {
          this.capture = [];
          this.captureIsKey = false;
          this.captureTarget = this.key;
        }
        if (this.capture !== undefined && this.capture.length < MAX_CAPTURE) this.capture.push(b);
        continue;
      }
      // Inside a value of depth 2 or more.
      if (b === QUOTE) {
        if (this.inRows && this.depth === 2) throw new NotJson('a row is not an object');
        this.inString = true;
        continue;
      }
      if (b === OPEN_BRACE || b === OPEN_BRACKET) {
        if (this.inRows && this.depth === 2) {
          if (b !== OPEN_BRACE) throw new NotJson('a row is not an object');
          this.rowStart = at;
        }
        this.depth += 1;
        continue;
      }
      if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        this.depth -= 1;
        if (this.inRows && this.depth === 2) this.pushRow(this.rowStart, at + 1);
        else if (this.depth === 1) {
          if (this.inRows && b !== CLOSE_BRACKET) throw new NotJson('unbalanced brackets');
          this.inRows = false;
          this.expectKey = false;
        }
        continue;
      }
      if (this.inRows && this.depth === 2 && b !== COMMA) throw new NotJson('a row is not an object');
    }
    this.offset += n;
  }

  private pushRow(start: number, end: number): void {
    let spans = this.spans as Float64Array;
    if (2 * this.count + 2 > spans.length) {
      const grown = new Float64Array(spans.length * 2);
      grown.set(spans);
      spans = grown;
      this.spans = spans;
    }
    spans[2 * this.count] = start;
    spans[2 * this.count + 1] = end;
    this.count += 1;
  }

  private endCapture(): void {
    const bytes = this.capture;
    this.capture = undefined;
    if (bytes === undefined) return;
    const text = Buffer.from(bytes).toString('utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new NotJson((e as Error).message);
    }
    if (this.captureIsKey) {
      this.key = typeof value === 'string' ? value : '';
      this.expectKey = false;
    } else if (this.captureTarget === 'format') this.format = value;
    else if (this.captureTarget === 'version') this.version = value;
    this.captureIsKey = false;
    this.captureTarget = undefined;
  }
}
