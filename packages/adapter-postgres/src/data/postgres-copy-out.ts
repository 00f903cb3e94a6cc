import type { ReadableOptions } from 'node:stream';
import { to as copyTo, type CopyToStreamQuery } from 'pg-copy-streams';

/** The parts of pg-copy-streams' COPY TO stream this subclass relies on (pg-copy-streams 7). */
interface CopyToInternals {
  _buffer: { push(chunk: Buffer): void };
  _detach(): void;
  _cleanup(): void;
  push(chunk: Buffer | null): boolean;
  handleError(err: unknown): void;
}

const CopyToBase = Object.getPrototypeOf(copyTo('COPY x TO STDOUT')).constructor as new (text: string, options?: ReadableOptions) => CopyToStreamQuery;

const COPY_DATA = 0x64; // 'd'
const ERROR_RESPONSE = 0x45; // 'E'
/** Messages that may arrive in the middle of a COPY OUT and are skipped: CopyOutResponse, ParameterStatus, Notice, Notification. */
const SKIPPED = new Set([0x48, 0x53, 0x4e, 0x41]);

/**
 * COPY ... TO STDOUT as a Readable of the raw COPY bytes. pg-copy-streams does the hand-over of the
 * socket to and from `pg`; this subclass only replaces its message parser with one that strips the
 * CopyData headers in place (payloads moved down over the 5-byte headers, `copyWithin`), so a socket
 * chunk of hundreds of rows costs no allocation and no per-row JavaScript copy: the client's CPU
 * stays far below the server's on the hot path.
 * The SQL can be set after construction: the stream may be handed out before the statement is known.
 * `rowCount` counts rows as they pass: the server sends every row of a COPY TO as one CopyData
 * message (the protocol says so: "always one per row"), so the count is the number of CopyData
 * messages, with no scan of the bytes, and it is final by `end`.
 */
export class CopyOutStream extends CopyToBase {
  /** Bytes of the current message body still to come. */
  private left = 0;
  private inData = false;
  /** A message header cut by a chunk boundary. */
  private pending: Buffer | null = null;
  /** Turns server and connection errors into the caller's error type. */
  wrapError: (err: unknown) => unknown = (err) => err;

  constructor(text: string, options?: ReadableOptions) {
    super(text, options);
  }

  /**
   * pg-copy-streams would set rowCount from CommandComplete, which may arrive after `end`; the rows
   * were counted on the way, and the server's count is the same number.
   */
  handleCommandComplete(): void {}

  /**
   * The stream is destroyed with the error, not only given an 'error' event (what pg-copy-streams
   * does): a reader that starts after the failure (the server's FATAL message can be parsed while the
   * stream still fills its buffer, before anyone reads) then gets the error at once, where an event
   * alone left the stream neither ended nor failed and `for await` over it waited for ever.
   */
  handleError(err: unknown): void {
    (this as unknown as CopyToInternals)._cleanup();
    this.destroy(this.wrapError(err) as Error);
  }

  _parse(input: Buffer): boolean | undefined {
    const self = this as unknown as CopyToInternals;
    // The socket's chunk is ours alone once read, so payloads are compacted in place (o <= i always).
    const chunk = this.pending === null ? input : Buffer.concat([this.pending, input]);
    this.pending = null;
    let o = 0;
    let i = 0;
    let done = false;
    while (i < chunk.length) {
      if (this.left > 0) {
        const n = Math.min(this.left, chunk.length - i);
        if (this.inData) {
          if (o !== i) chunk.copyWithin(o, i, i + n);
          o += n;
        }
        i += n;
        this.left -= n;
        continue;
      }
      if (chunk.length - i < 5) {
        this.pending = Buffer.from(chunk.subarray(i));
        i = chunk.length;
        break;
      }
      const code = chunk[i]!;
      if (code === ERROR_RESPONSE) {
        // Give the error (and what follows) back to pg, which fails the query.
        self._buffer.push(chunk.subarray(i));
        self._detach();
        return undefined;
      }
      const length = chunk.readUInt32BE(i + 1) - 4;
      i += 5;
      if (code === COPY_DATA || SKIPPED.has(code)) {
        this.inData = code === COPY_DATA;
        if (this.inData && length > 0) this.rowCount += 1;
        this.left = length;
        continue;
      }
      // CopyDone (or anything unexpected) ends the COPY; what follows belongs to pg.
      i += length;
      done = true;
      break;
    }
    const drained = o > 0 ? self.push(chunk.subarray(0, o)) : true;
    if (done) {
      if (i < chunk.length) self._buffer.push(chunk.subarray(i));
      self._detach();
      self.push(null);
      self._cleanup();
    }
    return drained;
  }
}

/** A session that can be given up: a COPY cannot be abandoned half way, so the session goes with it. */
interface Destroyable {
  destroy(): void;
}

/**
 * A COPY TO stream on `conn` with 1 MiB buffers, errors wrapped by `wrap`, and the session destroyed
 * if the stream is closed before the COPY ended (a COPY cannot be abandoned half way).
 */
export function copyOutOn(conn: Destroyable, sql: string, wrap: (err: unknown) => unknown): CopyOutStream {
  const out = new CopyOutStream(sql, { highWaterMark: 1 << 20 });
  out.wrapError = wrap;
  let finished = false;
  out.once('end', () => (finished = true));
  out.once('error', () => (finished = true));
  out.once('close', () => {
    if (!finished) conn.destroy();
  });
  return out;
}
