import { FRAME_HEADER_SIZE, FrameKindCode, HEADER_SIZE, HeaderFlag, INDEX_ENTRY_SIZE, INDEX_PAYLOAD_FIXED, TRAILER_FRAME_SIZE, TRAILER_PAYLOAD_SIZE } from './constants.js';
import { crc32 } from './checksum.js';
import { DumpFormatError, ioError } from './errors.js';
import { decodeTrailer, IndexBuilder, type IndexEntry, type Trailer } from './file-index.js';
import { readFrameHeader, type FrameHeader } from './frame-header.js';
import { checkLengths, FrameParser, type ParsedFrame, type SkippedRegion } from './frame-parser.js';
import { decodeHeader, type DumpfileHeader } from './header.js';
import type { DumpLocation, LocationReader } from './location.js';

/** One dump file opened for reading: its handle, size and decoded header. */
export interface OpenDumpFile {
  readonly name: string;
  /** Its full name for messages (path or URL). */
  readonly path: string;
  readonly handle: LocationReader;
  readonly size: number;
  readonly header: DumpfileHeader;
  /** The header block exactly as on disk (the file SHA-256 ends with it). */
  readonly headerBlock: Buffer;
}

/** Chunk size for sequential scans. */
const SCAN_CHUNK = 1024 * 1024;

/** Opens `name` in `location` and decodes its header; errors name the file. */
export async function openDumpFile(location: DumpLocation, name: string): Promise<OpenDumpFile> {
  const handle = await location.openRead(name);
  try {
    const block = Buffer.alloc(Math.min(HEADER_SIZE, handle.size));
    await readFully(handle, block, 0, name);
    const header = decodeHeader(block, name);
    return { name, path: location.describe(name), handle, size: handle.size, header, headerBlock: block };
  } catch (e) {
    await handle.close().catch(() => {});
    throw ioError(e, name, 'reading its header');
  }
}

/** Reads exactly `buf.length` bytes at `position`; TRUNCATED when the file ends first. */
export async function readFully(handle: Pick<LocationReader, 'read'>, buf: Buffer, position: number, name: string): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesRead } = await handle.read(buf, done, buf.length - done, position + done);
    if (bytesRead === 0) {
      throw new DumpFormatError('TRUNCATED', `${name} is truncated: needed ${buf.length} bytes at offset ${position}, the file ends at ${position + done}; restore the whole file`, {
        file: name,
        offset: position + done,
      });
    }
    done += bytesRead;
  }
}

/** Whether the header says the writer finished this file. */
export function isClosed(h: DumpfileHeader): boolean {
  return (h.flags & HeaderFlag.CLOSED) !== 0;
}

/** Reads a closed file's trailer and index frame, checking both; throws a DumpFormatError naming what is wrong. */
export async function readTrailerAndIndex(f: OpenDumpFile): Promise<{ trailer: Trailer; index: IndexBuilder; trailerOffset: number }> {
  const name = f.name;
  const trailerOffset = f.size - TRAILER_FRAME_SIZE;
  if (trailerOffset < HEADER_SIZE) {
    throw new DumpFormatError('TRUNCATED', `${name} is truncated: ${f.size} bytes cannot hold the header and trailer of a finished dump file; restore the whole file`, { file: name, offset: f.size });
  }
  const tb = Buffer.alloc(TRAILER_FRAME_SIZE);
  await readFully(f.handle, tb, trailerOffset, name);
  const th = checkedHeader(tb, 0, name, trailerOffset, 'trailer');
  if (th.kindCode !== FrameKindCode.trailer || th.storedLength !== TRAILER_PAYLOAD_SIZE) {
    throw new DumpFormatError('TRUNCATED', `${name}: no trailer at its end (offset ${trailerOffset}); the file was cut short or its end is damaged`, { file: name, offset: trailerOffset });
  }
  const tp = tb.subarray(FRAME_HEADER_SIZE);
  checkPayload(th, tp, name, trailerOffset);
  let trailer: Trailer;
  try {
    trailer = decodeTrailer(tp);
  } catch (e) {
    throw new DumpFormatError('BAD_FRAME', `${name}: the trailer at offset ${trailerOffset} is malformed (${(e as Error).message})`, { file: name, offset: trailerOffset, cause: e });
  }
  if (trailer.indexOffset < HEADER_SIZE || trailer.indexOffset + FRAME_HEADER_SIZE > trailerOffset) {
    throw new DumpFormatError('BAD_FRAME', `${name}: the trailer points at an index at offset ${trailer.indexOffset}, outside the file body`, { file: name, offset: trailerOffset });
  }
  // The index frame must end where the trailer starts and hold exactly the entries the trailer counts:
  // checked before allocating, so a hostile trailer cannot make the reader allocate the whole file.
  if (trailerOffset - trailer.indexOffset !== FRAME_HEADER_SIZE + INDEX_PAYLOAD_FIXED + trailer.entryCount * INDEX_ENTRY_SIZE) {
    throw new DumpFormatError('BAD_FRAME', `${name}: the trailer's index offset ${trailer.indexOffset} and entry count ${trailer.entryCount} do not fit together`, {
      file: name,
      offset: trailerOffset,
    });
  }
  const ib = Buffer.alloc(trailerOffset - trailer.indexOffset);
  await readFully(f.handle, ib, trailer.indexOffset, name);
  const ih = checkedHeader(ib, 0, name, trailer.indexOffset, 'index');
  if (ih.kindCode !== FrameKindCode.index || FRAME_HEADER_SIZE + ih.storedLength !== ib.length || ih.flags !== 0) {
    throw new DumpFormatError('BAD_FRAME', `${name}: no index frame where the trailer says (offset ${trailer.indexOffset})`, { file: name, offset: trailer.indexOffset });
  }
  const ip = ib.subarray(FRAME_HEADER_SIZE);
  checkPayload(ih, ip, name, trailer.indexOffset);
  let index: IndexBuilder;
  try {
    index = IndexBuilder.fromPayload(Buffer.from(ip));
  } catch (e) {
    throw new DumpFormatError('BAD_FRAME', `${name}: the index at offset ${trailer.indexOffset} is malformed (${(e as Error).message})`, { file: name, offset: trailer.indexOffset, cause: e });
  }
  if (index.count !== trailer.entryCount) {
    throw new DumpFormatError('BAD_FRAME', `${name}: the index holds ${index.count} entries, the trailer says ${trailer.entryCount}`, { file: name, offset: trailer.indexOffset });
  }
  if (index.count > 0) {
    const last = index.get(index.count - 1);
    if (last.offset + FRAME_HEADER_SIZE + last.storedLength > trailer.indexOffset || index.get(0).offset < HEADER_SIZE) {
      throw new DumpFormatError('BAD_FRAME', `${name}: index entries point outside the file body`, { file: name, offset: trailer.indexOffset });
    }
    if (ih.sequence <= last.sequence || th.sequence <= ih.sequence) {
      throw new DumpFormatError('BAD_FRAME', `${name}: index and trailer sequence numbers are out of order`, { file: name, offset: trailer.indexOffset });
    }
  }
  // The index and trailer are frames too: list them so frames() shows every frame of the file.
  index.add({ offset: trailer.indexOffset, sequence: ih.sequence, stream: ih.stream, kindCode: ih.kindCode, flags: ih.flags, storedLength: ih.storedLength, plainLength: ih.plainLength });
  index.add({ offset: trailerOffset, sequence: th.sequence, stream: th.stream, kindCode: th.kindCode, flags: th.flags, storedLength: th.storedLength, plainLength: th.plainLength });
  return { trailer, index, trailerOffset };
}

/** Decodes a frame header at `at` that must be sound (sync, CRC, lengths); errors name file and offset. */
export function checkedHeader(buf: Buffer, at: number, name: string, offset: number, what: string): FrameHeader {
  const h = readFrameHeader(buf, at);
  if (h === 'NO_SYNC') {
    throw new DumpFormatError('BAD_FRAME', `${name}: no frame marker at offset ${offset} where the ${what} frame should start; the file is damaged`, { file: name, offset });
  }
  if (h === 'HEADER_CRC' || h === 'BAD_SEQUENCE') {
    throw new DumpFormatError(
      'CHECKSUM_MISMATCH',
      `${name}: frame header checksum mismatch at offset ${offset} (${what} frame); the file is damaged, restore it or import with DATA_OPTIONS=CONTINUE_LOAD_ON_FORMAT_ERROR`,
      {
        file: name,
        offset,
      },
    );
  }
  const bad = checkLengths(h);
  if (bad) throw new DumpFormatError('BAD_FRAME', `${name}: ${bad} at offset ${offset}`, { file: name, offset, sequence: h.sequence });
  return h;
}

/** Checks a stored payload against its header CRC. */
export function checkPayload(h: FrameHeader, stored: Buffer, name: string, offset: number): void {
  const actual = crc32(stored);
  if (actual !== h.payloadCrc) {
    throw new DumpFormatError(
      'CHECKSUM_MISMATCH',
      `${name}: payload checksum mismatch in frame ${h.sequence} at offset ${offset}; the file is damaged, restore it or import with DATA_OPTIONS=CONTINUE_LOAD_ON_FORMAT_ERROR`,
      { file: name, offset, sequence: h.sequence },
    );
  }
}

/** One frame read back raw: header, the header bytes as stored, the stored payload. */
export interface RawFrame {
  readonly header: FrameHeader;
  readonly rawHeader: Buffer;
  readonly stored: Buffer;
}

/** Reads the frame an index entry points at (into `scratch` when it is big enough) and checks it is that frame, whole and undamaged. */
export async function readFrameAt(f: OpenDumpFile, e: IndexEntry, scratch?: Buffer): Promise<RawFrame> {
  const size = FRAME_HEADER_SIZE + e.storedLength;
  const buf = scratch && scratch.length >= size ? scratch.subarray(0, size) : Buffer.allocUnsafe(size);
  await readFully(f.handle, buf, e.offset, f.name);
  const h = checkedHeader(buf, 0, f.name, e.offset, 'indexed');
  if (h.sequence !== e.sequence || h.stream !== e.stream || h.kindCode !== e.kindCode || h.storedLength !== e.storedLength || h.plainLength !== e.plainLength || h.flags !== e.flags) {
    throw new DumpFormatError('BAD_FRAME', `${f.name}: the frame at offset ${e.offset} is not the one the index lists (sequence ${h.sequence}, expected ${e.sequence}); the file was altered`, {
      file: f.name,
      offset: e.offset,
      sequence: e.sequence,
    });
  }
  const stored = buf.subarray(FRAME_HEADER_SIZE);
  checkPayload(h, stored, f.name, e.offset);
  return { header: h, rawHeader: buf.subarray(0, FRAME_HEADER_SIZE), stored };
}

/** Options of scanFile. */
export interface ScanOptions {
  resync: boolean;
  onFrame: (frame: ParsedFrame) => void;
  onSkip?: (skip: SkippedRegion) => void;
  /** Also receives every byte read, in order (for hashing). */
  onBytes?: (chunk: Buffer) => void;
}

/** Reads a whole file body front to back through the frame parser. */
export async function scanFile(f: OpenDumpFile, options: ScanOptions): Promise<void> {
  const parser = new FrameParser({ file: f.name, startOffset: HEADER_SIZE, resync: options.resync });
  const chunk = Buffer.allocUnsafe(SCAN_CHUNK);
  let position = HEADER_SIZE;
  for (;;) {
    let bytesRead: number;
    try {
      ({ bytesRead } = await f.handle.read(chunk, 0, chunk.length, position));
    } catch (e) {
      throw ioError(e, f.name, 'reading it');
    }
    if (bytesRead === 0) break;
    // The parser may keep views of what it is given, so it gets its own copy of each chunk.
    const piece = Buffer.from(chunk.subarray(0, bytesRead));
    options.onBytes?.(piece);
    parser.parse(piece, options.onFrame, options.onSkip);
    position += bytesRead;
  }
  parser.end(options.onSkip);
}

/**
 * Builds a file's index by scanning it (a file without a usable trailer, e.g. from a killed writer).
 * Frames must come with growing sequence numbers; a closed file must end with its trailer.
 */
export async function scanIndex(f: OpenDumpFile, resync: boolean, onSkip?: (s: SkippedRegion) => void): Promise<IndexBuilder> {
  const index = new IndexBuilder();
  let last = -1;
  let sawTrailer = false;
  await scanFile(f, {
    resync,
    onSkip,
    onFrame: (fr) => {
      const h = fr.header;
      if (h.sequence <= last) {
        const message = `${f.name}: frame ${h.sequence} at offset ${fr.offset} comes after frame ${last}; frames were reordered or copied in`;
        if (!resync) throw new DumpFormatError('BAD_FRAME', message, { file: f.name, offset: fr.offset, sequence: h.sequence });
        onSkip?.({ file: f.name, offset: fr.offset, length: FRAME_HEADER_SIZE + h.storedLength, code: 'BAD_FRAME', message, sequence: h.sequence, stream: h.stream });
        return;
      }
      last = h.sequence;
      if (h.kindCode === FrameKindCode.trailer) sawTrailer = true;
      index.add({ offset: fr.offset, sequence: h.sequence, stream: h.stream, kindCode: h.kindCode, flags: h.flags, storedLength: h.storedLength, plainLength: h.plainLength });
    },
  });
  if (isClosed(f.header) && !sawTrailer) {
    const message = `${f.name} is truncated: it ends at offset ${f.size} without the trailer its header promises; restore the whole file`;
    if (!resync) throw new DumpFormatError('TRUNCATED', message, { file: f.name, offset: f.size });
    onSkip?.({ file: f.name, offset: f.size, length: 0, code: 'TRUNCATED', message });
  }
  return index;
}

/** The index of a file: from its trailer when it has a sound one, else by scanning. */
export async function loadIndex(f: OpenDumpFile, resync: boolean, onSkip?: (s: SkippedRegion) => void): Promise<{ index: IndexBuilder; trailer: Trailer | null }> {
  if (isClosed(f.header)) {
    try {
      const { index, trailer } = await readTrailerAndIndex(f);
      return { index, trailer };
    } catch (e) {
      if (!(e instanceof DumpFormatError) || e.code === 'IO_ERROR') throw e;
      // Find out exactly where the damage is (strict scan throws there), or step over it (resync).
      let skips = 0;
      const index = await scanIndex(f, resync, (s) => {
        skips++;
        onSkip?.(s);
      });
      if (!resync) throw e; // the scan found nothing wrong with the frames: the trailer/index itself is bad
      if (skips === 0) onSkip?.({ file: f.name, offset: e.offset ?? f.size, length: 0, code: e.code, message: e.message });
      return { index, trailer: null };
    }
  }
  return { index: await scanIndex(f, resync, onSkip), trailer: null };
}
