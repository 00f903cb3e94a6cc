import { Transform, type Readable, type TransformCallback } from 'node:stream';

const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;

/** How an unload's bytes and rows are counted on their way to the dump. */
export interface UnloadMeter {
  /** Transforms to put between the unload stream and its destination (none when the adapter counts rows). */
  readonly stages: Transform[];
  /** Rows and bytes, once the stream has ended. */
  totals(): { rows: number; bytes: number };
}

/**
 * Count an unload stream. With the adapter's own `rowCount` (exact, whatever header lines its
 * encoding has, e.g. mysql-tsv's column line) bytes are counted by a listener, with no extra stream
 * stage on the hot path; otherwise a RowCounter counts newlines, the fallback for adapters written
 * before `rowCount` joined the contract.
 */
export function meterUnload(stream: Readable, onBytes: (n: number) => void): UnloadMeter {
  const ownCount = (): number | undefined => {
    const rowCount = (stream as { rowCount?: unknown }).rowCount;
    return typeof rowCount === 'number' && Number.isFinite(rowCount) ? rowCount : undefined;
  };
  if (ownCount() === undefined) {
    const counter = new RowCounter(onBytes);
    return { stages: [counter], totals: () => ({ rows: ownCount() ?? counter.rows, bytes: counter.bytes }) };
  }
  let bytes = 0;
  stream.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    onBytes(chunk.length);
  });
  return { stages: [], totals: () => ({ rows: ownCount() ?? 0, bytes }) };
}

/** Counts bytes on their way through, for progress where the rows are counted elsewhere (a load reports them). */
export class ByteCounter extends Transform {
  bytes = 0;
  private readonly onBytes: ((n: number) => void) | undefined;

  constructor(onBytes?: (n: number) => void) {
    super();
    this.onBytes = onBytes;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    this.onBytes?.(chunk.length);
    callback(null, chunk);
  }
}

/**
 * Counts bytes, and rows as unescaped newlines, of a bulk data stream on its way through (both our
 * encodings end each row with a newline and escape newlines inside values with a backslash). Chunks
 * pass through untouched; the scan uses indexOf, so there is no per-byte JavaScript. The row count
 * is only a fallback (see `meterUnload`).
 */
export class RowCounter extends ByteCounter {
  rows = 0;
  /** Backslashes ending the previous chunk (an escape may straddle chunks). */
  private trailing = 0;

  override _transform(chunk: Buffer, encoding: BufferEncoding, callback: TransformCallback): void {
    let at = chunk.indexOf(NEWLINE);
    while (at >= 0) {
      let slashes = 0;
      let j = at - 1;
      while (j >= 0 && chunk[j] === BACKSLASH) {
        slashes += 1;
        j -= 1;
      }
      if (j < 0) slashes += this.trailing;
      if (slashes % 2 === 0) this.rows += 1;
      at = chunk.indexOf(NEWLINE, at + 1);
    }
    let k = chunk.length - 1;
    let run = 0;
    while (k >= 0 && chunk[k] === BACKSLASH) {
      run += 1;
      k -= 1;
    }
    this.trailing = k < 0 ? this.trailing + run : run;
    super._transform(chunk, encoding, callback);
  }
}
