import { crc32 } from './checksum.js';
import { FRAME_HEADER_SIZE, FRAME_SYNC, KNOWN_FRAME_FLAGS, MAX_FRAME_PAYLOAD, MAX_STORED_PAYLOAD } from './constants.js';
import { DumpFormatError, type DumpFormatErrorCode } from './errors.js';
import { readFrameHeader, type FrameHeader } from './frame-header.js';
import { hex32 } from './header.js';

/** One frame cut out of the byte stream: its absolute offset, decoded header and stored payload (a view). */
export interface ParsedFrame {
  readonly offset: number;
  readonly header: FrameHeader;
  /** The 36 header bytes as found in the file (the first 28 are the authenticated data). */
  readonly rawHeader: Buffer;
  readonly stored: Buffer;
}

/** A damaged region the parser stepped over in resynchronising mode. */
export interface SkippedRegion {
  readonly file: string;
  readonly offset: number;
  readonly length: number;
  readonly code: DumpFormatErrorCode;
  readonly message: string;
  readonly sequence?: number;
  readonly stream?: number;
}

/** Options of a FrameParser. */
export interface FrameParserOptions {
  /** Name used in errors. */
  file?: string;
  /** Absolute offset of the first byte that will be fed (the end of the file header). */
  startOffset?: number;
  /** Skip damaged regions and resynchronise on the next frame marker instead of throwing. */
  resync?: boolean;
}

const EMPTY = Buffer.alloc(0);

/**
 * A streaming frame parser in the pg-protocol style: feed it chunks of any size, it calls back once per
 * complete frame and keeps the remainder for the next chunk. Header CRC is checked before a length is
 * trusted, payload CRC before a frame is handed on. Strict mode throws a DumpFormatError at the first
 * damaged byte; resync mode reports the damaged region and carries on at the next valid frame.
 */
export class FrameParser {
  #buf: Buffer = EMPTY;
  #pos = 0;
  #base: number;
  #file: string;
  #resync: boolean;
  /** Start of a damaged region being stepped over, or -1. */
  #skipStart = -1;
  #skipCode: DumpFormatErrorCode = 'BAD_FRAME';
  #skipReason = '';

  constructor(options: FrameParserOptions = {}) {
    this.#base = options.startOffset ?? 0;
    this.#file = options.file ?? '<stream>';
    this.#resync = options.resync ?? false;
  }

  /** Absolute offset of the next byte the parser has not consumed. */
  get offset(): number {
    return this.#base + this.#pos;
  }

  /** Feeds one chunk; `onFrame` runs for each complete frame, `onSkip` for each damaged region (resync mode). */
  parse(chunk: Uint8Array, onFrame: (frame: ParsedFrame) => void, onSkip?: (skip: SkippedRegion) => void): void {
    this.#append(chunk);
    const buf = this.#buf;
    for (;;) {
      const at = this.#pos;
      if (buf.length - at < FRAME_HEADER_SIZE) break;
      const header = readFrameHeader(buf, at);
      if (typeof header === 'string') {
        this.#damaged(at, header === 'NO_SYNC' ? 'BAD_FRAME' : 'CHECKSUM_MISMATCH', header === 'NO_SYNC' ? 'no frame marker' : 'frame header checksum mismatch');
        if (!this.#seek(buf)) break;
        continue;
      }
      const bad = checkLengths(header);
      if (bad !== null) {
        this.#damaged(at, 'BAD_FRAME', bad);
        if (!this.#seek(buf)) break;
        continue;
      }
      const end = at + FRAME_HEADER_SIZE + header.storedLength;
      if (end > buf.length) break; // wait for the rest of this frame
      this.#endSkip(at, onSkip);
      const stored = buf.subarray(at + FRAME_HEADER_SIZE, end);
      this.#pos = end;
      const actual = crc32(stored);
      if (actual !== header.payloadCrc) {
        const message = `${this.#file}: payload checksum mismatch in frame ${header.sequence} at offset ${this.#base + at} (stored ${hex32(header.payloadCrc)}, computed ${hex32(actual)}); the file is damaged, restore it or import with DATA_OPTIONS=CONTINUE_LOAD_ON_FORMAT_ERROR`;
        if (!this.#resync) throw new DumpFormatError('CHECKSUM_MISMATCH', message, { file: this.#file, offset: this.#base + at, sequence: header.sequence });
        onSkip?.({ file: this.#file, offset: this.#base + at, length: end - at, code: 'CHECKSUM_MISMATCH', message, sequence: header.sequence, stream: header.stream });
        continue;
      }
      onFrame({ offset: this.#base + at, header, rawHeader: buf.subarray(at, at + FRAME_HEADER_SIZE), stored });
    }
  }

  /** Signals the end of input: leftover bytes are a torn frame (TRUNCATED) or the end of a damaged region. */
  end(onSkip?: (skip: SkippedRegion) => void): void {
    const left = this.#buf.length - this.#pos;
    if (left === 0 && this.#skipStart < 0) return;
    const at = this.#skipStart >= 0 ? this.#skipStart : this.#base + this.#pos;
    const length = this.#base + this.#buf.length - at;
    const torn = this.#skipStart < 0;
    const code: DumpFormatErrorCode = torn ? 'TRUNCATED' : this.#skipCode;
    const message = torn
      ? `${this.#file} is truncated: it ends inside the frame at offset ${at} (${left} of its bytes present); restore the whole file, or resume the export to cut the torn tail`
      : `${this.#file}: ${this.#skipReason} at offset ${at}; ${length} damaged bytes up to the end of the file`;
    this.#buf = EMPTY;
    this.#pos = 0;
    this.#skipStart = -1;
    if (!this.#resync) throw new DumpFormatError(code, message, { file: this.#file, offset: at });
    onSkip?.({ file: this.#file, offset: at, length, code, message });
  }

  #append(chunk: Uint8Array): void {
    const c = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.#pos >= this.#buf.length) {
      this.#base += this.#buf.length;
      this.#buf = c;
      this.#pos = 0;
    } else {
      const rest = this.#buf.subarray(this.#pos);
      this.#base += this.#pos;
      this.#buf = Buffer.concat([rest, c]);
      this.#pos = 0;
    }
  }

  /** Marks the start of a damaged region (or throws in strict mode). */
  #damaged(at: number, code: DumpFormatErrorCode, reason: string): void {
    if (!this.#resync) {
      throw new DumpFormatError(code, `${this.#file}: ${reason} at offset ${this.#base + at}; the file is damaged, restore it or import with DATA_OPTIONS=CONTINUE_LOAD_ON_FORMAT_ERROR`, {
        file: this.#file,
        offset: this.#base + at,
      });
    }
    if (this.#skipStart < 0) {
      this.#skipStart = this.#base + at;
      this.#skipCode = code;
      this.#skipReason = reason;
    }
  }

  #endSkip(at: number, onSkip?: (skip: SkippedRegion) => void): void {
    if (this.#skipStart < 0) return;
    const offset = this.#skipStart;
    const length = this.#base + at - offset;
    this.#skipStart = -1;
    onSkip?.({
      file: this.#file,
      offset,
      length,
      code: this.#skipCode,
      message: `${this.#file}: ${this.#skipReason} at offset ${offset}; skipped ${length} bytes to the next frame`,
    });
  }

  /** Moves to the next frame marker after the current position; false when more input is needed. */
  #seek(buf: Buffer): boolean {
    const next = buf.indexOf(FRAME_SYNC, this.#pos + 1);
    if (next >= 0) {
      this.#pos = next;
      return true;
    }
    // Keep the last 3 bytes: a marker may straddle this chunk and the next.
    this.#pos = Math.max(this.#pos + 1, buf.length - (FRAME_SYNC.length - 1));
    return false;
  }
}

/** Checks the lengths and flags of a header whose CRC is good; returns what is wrong or null. */
export function checkLengths(h: FrameHeader): string | null {
  if (h.storedLength > MAX_STORED_PAYLOAD) return `frame ${h.sequence} claims ${h.storedLength} stored bytes (limit ${MAX_STORED_PAYLOAD})`;
  if (h.plainLength > MAX_FRAME_PAYLOAD) return `frame ${h.sequence} claims ${h.plainLength} payload bytes (limit ${MAX_FRAME_PAYLOAD})`;
  if ((h.flags & ~KNOWN_FRAME_FLAGS) !== 0) return `frame ${h.sequence} has unknown flags 0x${h.flags.toString(16)} (written by a newer Sluice?)`;
  return null;
}
