import { Readable, type ReadableOptions } from 'node:stream';
import { isRawReadSocket, type RawReadSocket } from '../postgres-socket.js';

const COPY_DATA = 0x64; // 'd'
const COPY_DONE = 0x63; // 'c'
const ERROR_RESPONSE = 0x45; // 'E'
/** Messages that may arrive in the middle of a COPY OUT and are skipped: CopyOutResponse, ParameterStatus, Notice, Notification. */
const SKIPPED = new Set([0x48, 0x53, 0x4e, 0x41]);

/**
 * Bytes of COPY text gathered before they are handed on. The server sends 8 KB at a time, so the
 * socket gives 10-60 KB per read; each hand-on costs the stream plumbing downstream (push, 'data',
 * the frame writer's write), so a few hundred socket reads make one hand-on.
 */
export const COPY_OUT_BLOCK = 256 * 1024;

/** The socket of a `pg` connection, as far as a COPY reads it. */
interface PgSocket {
  listeners(event: 'data'): Array<(chunk: Buffer) => void>;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  removeListener(event: 'data', listener: (chunk: Buffer) => void): unknown;
  emit(event: 'data', chunk: Buffer): unknown;
  pause(): unknown;
  resume(): unknown;
}

/** The parts of a `pg` Connection a query object is submitted to. */
interface PgConnection {
  readonly stream: PgSocket;
  query(text: string): void;
}

/**
 * COPY ... TO STDOUT as a Readable of the raw COPY bytes, submitted to `pg` as a query object
 * (`client.query(stream)`). While the COPY runs the stream reads the socket itself: `pg`'s data
 * listener is set aside, the socket's chunks arrive in flowing mode (no 'readable' round trip per
 * read), the CopyData headers are stripped as the payloads are copied into blocks of
 * COPY_OUT_BLOCK bytes, and only full blocks are pushed, so the plumbing downstream runs once per
 * block, not once per socket read. At CopyDone (or an ErrorResponse) the rest of the bytes and the
 * socket go back to `pg`, which reads CommandComplete and ReadyForQuery as for any query.
 * The SQL can be set after construction: the stream may be handed out before the statement is known.
 * `rowCount` counts rows as they pass: the server sends every row of a COPY TO as one CopyData
 * message (the protocol says so: "always one per row"), so the count is the number of CopyData
 * messages, with no scan of the bytes, and it is final by `end`.
 */
export class CopyOutStream extends Readable {
  /** The COPY statement. */
  text: string;
  rowCount = 0;
  /** Turns server and connection errors into the caller's error type. */
  wrapError: (err: unknown) => unknown = (err) => err;
  /** Set by `pg`'s query() when a callback is given (never here). */
  callback?: unknown;

  #socket: PgSocket | null = null;
  /** The socket when it is a RawReadSocket: its reads come to #onRaw from its own buffer. */
  #raw: RawReadSocket | null = null;
  #pgListener: ((chunk: Buffer) => void) | null = null;
  readonly #onData = (chunk: Buffer): void => this.#parse(chunk, chunk.length);
  readonly #onRaw = (buffer: Buffer, n: number): boolean | undefined => {
    this.#parse(buffer, n);
    return this.#paused && this.#raw !== null ? false : undefined;
  };
  /** Bytes of the current message body still to come. */
  #left = 0;
  #inData = false;
  /** A message header cut by a chunk boundary (fewer than 5 bytes). */
  #pending: Buffer | null = null;
  #block: Buffer | null = null;
  #fill = 0;
  /** The socket was paused because the reader is behind. */
  #paused = false;

  constructor(text: string, options?: ReadableOptions) {
    super(options);
    this.text = text;
  }

  /** Called by `pg` when the query's turn comes: take the socket's bytes, send the statement. */
  submit(connection: PgConnection): void {
    const socket = connection.stream;
    this.#socket = socket;
    if (isRawReadSocket(socket)) {
      this.#raw = socket;
      socket.rawReader = this.#onRaw;
    } else {
      const listeners = socket.listeners('data');
      if (listeners.length !== 1) throw new Error(`COPY TO: the connection's socket has ${listeners.length} data listeners, expected pg's one`);
      this.#pgListener = listeners[0]!;
      socket.removeListener('data', this.#pgListener);
      socket.on('data', this.#onData);
    }
    connection.query(this.text);
  }

  override _read(): void {
    if (this.#paused) {
      this.#paused = false;
      this.#socket?.resume();
    }
  }

  /** Parses `chunk[0, n)`; with a RawReadSocket the chunk is the socket's own buffer, reused after this. */
  #parse(input: Buffer, end: number): void {
    let chunk = input;
    let n = end;
    if (this.#pending !== null) {
      chunk = Buffer.concat([this.#pending, input.subarray(0, end)]);
      n = chunk.length;
      this.#pending = null;
    }
    let i = 0;
    while (i < n) {
      if (this.#left > 0) {
        const take = Math.min(this.#left, n - i);
        if (this.#inData) this.#append(chunk, i, i + take);
        i += take;
        this.#left -= take;
        continue;
      }
      if (n - i < 5) {
        this.#pending = Buffer.from(chunk.subarray(i, n));
        return;
      }
      const code = chunk[i]!;
      if (code === ERROR_RESPONSE) {
        // pg reads the error (and what follows) and fails the query through handleError.
        this.#flush();
        this.#handBack(chunk.subarray(i, n));
        return;
      }
      const length = chunk.readUInt32BE(i + 1) - 4;
      if (code === COPY_DATA || SKIPPED.has(code)) {
        i += 5;
        this.#inData = code === COPY_DATA;
        if (this.#inData && length > 0) this.rowCount += 1;
        this.#left = length;
        continue;
      }
      // CopyDone ends the COPY; anything else (unexpected) is left to pg, header included.
      if (code === COPY_DONE) i += 5 + length;
      this.#flush();
      this.#handBack(i < n ? chunk.subarray(i, n) : null);
      this.push(null);
      return;
    }
  }

  /** Copies payload bytes [from, to) of `src` into blocks, pushing each block as it fills. */
  #append(src: Buffer, from: number, to: number): void {
    let at = from;
    while (at < to) {
      this.#block ??= Buffer.allocUnsafe(COPY_OUT_BLOCK);
      const n = Math.min(to - at, COPY_OUT_BLOCK - this.#fill);
      src.copy(this.#block, this.#fill, at, at + n);
      this.#fill += n;
      at += n;
      if (this.#fill === COPY_OUT_BLOCK) this.#flush();
    }
  }

  /** Pushes the block gathered so far; the socket waits while the reader is behind. */
  #flush(): void {
    const block = this.#block;
    if (block === null || this.#fill === 0) return;
    const full = block.subarray(0, this.#fill);
    this.#block = null;
    this.#fill = 0;
    if (!this.push(full) && !this.#paused && this.#socket !== null) {
      this.#paused = true;
      // A RawReadSocket pauses when #onRaw returns false.
      if (this.#raw === null) this.#socket.pause();
    }
  }

  /** Gives the socket (and `rest`, bytes already read) back to `pg`. */
  #handBack(rest: Buffer | null): void {
    const socket = this.#socket;
    if (socket === null) return;
    this.#socket = null;
    const raw = this.#raw;
    this.#raw = null;
    const listener = this.#pgListener;
    this.#pgListener = null;
    if (raw !== null) {
      raw.rawReader = null;
    } else if (listener !== null) {
      socket.removeListener('data', this.#onData);
      socket.on('data', listener);
    }
    if (this.#paused) {
      this.#paused = false;
      socket.resume();
    }
    if (rest === null || rest.length === 0) return;
    // A RawReadSocket's buffer is read into again: pg gets a copy, as the socket would give it.
    if (raw !== null) socket.emit('data', Buffer.from(rest));
    else listener?.(rest);
  }

  /**
   * The stream is destroyed with the error, not only given an 'error' event: a reader that starts
   * after the failure then gets the error at once, where an event alone left the stream neither
   * ended nor failed and `for await` over it waited for ever. Called by `pg` for an ErrorResponse,
   * a connection lost, or a query that could not be sent.
   */
  handleError(err: unknown): void {
    this.#handBack(null);
    this.destroy(this.wrapError(err) as Error);
  }

  /** The rows were counted on the way (the server's count, which may come after `end`, is the same). */
  handleCommandComplete(): void {}

  handleReadyForQuery(): void {}

  handleEmptyQuery(): void {
    this.#unexpected('an empty query response');
  }

  handleRowDescription(): void {
    this.#unexpected('rows');
  }

  handleDataRow(): void {}

  handlePortalSuspended(): void {}

  handleCopyInResponse(): void {
    this.#unexpected('a COPY FROM');
  }

  #unexpected(what: string): void {
    this.destroy(this.wrapError(new Error(`COPY TO STDOUT: the server answered with ${what}`)) as Error);
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
