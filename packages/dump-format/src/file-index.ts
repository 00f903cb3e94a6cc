import { BufferReader } from './buffer-reader.js';
import { FileChecksumCode, INDEX_ENTRY_SIZE, INDEX_PAYLOAD_FIXED, MAX_FRAME_PAYLOAD, MAX_STORED_PAYLOAD, TRAILER_PAYLOAD_SIZE } from './constants.js';
import { kindOf } from './frame-header.js';
import type { FrameKind } from './constants.js';

/** Where one frame of a file is, as the index frame records it. */
export interface IndexEntry {
  readonly offset: number;
  readonly sequence: number;
  readonly stream: number;
  readonly kindCode: number;
  readonly flags: number;
  readonly storedLength: number;
  readonly plainLength: number;
}

/** The kind of an index entry, or null when unknown. */
export function entryKind(e: IndexEntry): FrameKind | null {
  return kindOf(e.kindCode);
}

/** A file's index kept packed (30 bytes per frame), so a long export does not fill the heap with objects. */
export class IndexBuilder {
  #buf = Buffer.alloc(INDEX_ENTRY_SIZE * 64);
  #count = 0;

  get count(): number {
    return this.#count;
  }

  add(e: IndexEntry): void {
    const at = this.#count * INDEX_ENTRY_SIZE;
    if (at + INDEX_ENTRY_SIZE > this.#buf.length) {
      const next = Buffer.alloc(this.#buf.length * 2);
      this.#buf.copy(next);
      this.#buf = next;
    }
    writeEntry(this.#buf, at, e);
    this.#count++;
  }

  /** Entry `i`. */
  get(i: number): IndexEntry {
    return readEntry(this.#buf, i * INDEX_ENTRY_SIZE);
  }

  /** Every entry, in file order. */
  *entries(): IterableIterator<IndexEntry> {
    for (let i = 0; i < this.#count; i++) yield this.get(i);
  }

  /** The index frame payload: entry count, then the entries. */
  payload(): Buffer {
    const out = Buffer.alloc(INDEX_PAYLOAD_FIXED + this.#count * INDEX_ENTRY_SIZE);
    out.writeUInt32BE(this.#count, 0);
    this.#buf.copy(out, INDEX_PAYLOAD_FIXED, 0, this.#count * INDEX_ENTRY_SIZE);
    return out;
  }

  /** Builds a packed index from an index frame payload; throws RangeError when it is malformed. */
  static fromPayload(payload: Buffer): IndexBuilder {
    const r = new BufferReader(payload);
    const count = r.u32();
    if (payload.length !== INDEX_PAYLOAD_FIXED + count * INDEX_ENTRY_SIZE) {
      throw new RangeError(`index payload of ${payload.length} bytes does not hold ${count} entries`);
    }
    const b = new IndexBuilder();
    b.#buf = Buffer.from(payload.subarray(INDEX_PAYLOAD_FIXED));
    b.#count = count;
    // Entries must be in file order with growing sequence numbers.
    let prev: IndexEntry | null = null;
    for (const e of b.entries()) {
      if (e.storedLength > MAX_STORED_PAYLOAD || e.plainLength > MAX_FRAME_PAYLOAD) throw new RangeError(`index entry for frame ${e.sequence} claims ${e.storedLength} stored bytes`);
      if (prev && (e.offset < prev.offset + 36 + prev.storedLength || e.sequence <= prev.sequence)) {
        throw new RangeError(`index entry for frame ${e.sequence} at offset ${e.offset} is out of order`);
      }
      prev = e;
    }
    return b;
  }
}

function writeEntry(buf: Buffer, at: number, e: IndexEntry): void {
  buf.writeUInt32BE(Math.floor(e.offset / 0x1_0000_0000), at);
  buf.writeUInt32BE(e.offset >>> 0, at + 4);
  buf.writeUInt32BE(Math.floor(e.sequence / 0x1_0000_0000), at + 8);
  buf.writeUInt32BE(e.sequence >>> 0, at + 12);
  buf.writeUInt32BE(e.stream >>> 0, at + 16);
  buf[at + 20] = e.kindCode;
  buf[at + 21] = e.flags;
  buf.writeUInt32BE(e.storedLength >>> 0, at + 22);
  buf.writeUInt32BE(e.plainLength >>> 0, at + 26);
}

function readEntry(buf: Buffer, at: number): IndexEntry {
  const r = new BufferReader(buf, at);
  return { offset: r.u64(), sequence: r.u64(), stream: r.u32(), kindCode: r.u8(), flags: r.u8(), storedLength: r.u32(), plainLength: r.u32() };
}

/** What the trailer of a closed file says. */
export interface Trailer {
  readonly indexOffset: number;
  readonly entryCount: number;
  readonly fileChecksum: 'NONE' | 'SHA256';
  readonly sha256: Buffer;
}

/** Encodes a trailer payload (always 45 bytes). */
export function encodeTrailer(t: Trailer): Buffer {
  const out = Buffer.alloc(TRAILER_PAYLOAD_SIZE);
  out.writeUInt32BE(Math.floor(t.indexOffset / 0x1_0000_0000), 0);
  out.writeUInt32BE(t.indexOffset >>> 0, 4);
  out.writeUInt32BE(t.entryCount, 8);
  out[12] = FileChecksumCode[t.fileChecksum];
  t.sha256.copy(out, 13);
  return out;
}

/** Decodes a trailer payload; throws RangeError when malformed. */
export function decodeTrailer(payload: Buffer): Trailer {
  if (payload.length !== TRAILER_PAYLOAD_SIZE) throw new RangeError(`trailer payload is ${payload.length} bytes, expected ${TRAILER_PAYLOAD_SIZE}`);
  const r = new BufferReader(payload);
  const indexOffset = r.u64();
  const entryCount = r.u32();
  const alg = r.u8();
  if (alg !== FileChecksumCode.NONE && alg !== FileChecksumCode.SHA256) throw new RangeError(`unknown file checksum algorithm ${alg}`);
  return { indexOffset, entryCount, fileChecksum: alg === FileChecksumCode.SHA256 ? 'SHA256' : 'NONE', sha256: Buffer.from(r.bytes(32)) };
}
