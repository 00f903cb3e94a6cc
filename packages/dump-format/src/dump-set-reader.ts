import { Readable } from 'node:stream';
import { assertInteger } from './assert.js';
import { BufferPool } from './buffer-pool.js';
import { sha256, sha256Hasher } from './checksum.js';
import { ENCRYPTION_OVERHEAD, FRAME_HEADER_SIZE, FrameFlag, FrameKindCode, MAX_BLOCK_SIZE, type FrameKind } from './constants.js';
import { isClosed, loadIndex, readFrameAt, type OpenDumpFile, type RawFrame } from './dump-file.js';
import { headerInfo } from './dump-file-info.js';
import { DumpFormatError, ioError, type DumpFormatErrorCode } from './errors.js';
import type { IndexBuilder, IndexEntry, Trailer } from './file-index.js';
import { openFrame } from './frame-codec.js';
import { kindOf } from './frame-header.js';
import type { SkippedRegion } from './frame-parser.js';
import { decodeMasterPiece, type MasterPiece } from './master-pieces.js';
import { unlockSet, type SetKeys } from './set-keys.js';
import type { DumpfileHeaderInfo, DumpSetReaderOptions, Frame } from './types.js';
import { encryptedKind } from './scope.js';
import { assertReaderOptions, openSetFiles } from './set-files.js';
import { resolveLocation } from './location-schemes.js';

/** One file of the set being read, with its index. */
interface ReaderFile {
  readonly f: OpenDumpFile;
  readonly index: IndexBuilder;
  readonly trailer: Trailer | null;
}

/** Frames read ahead while streaming. */
const READ_AHEAD = 2;

/** Error codes that mean "this frame is damaged" (skippable under continueOnFormatError). */
const FORMAT_ERRORS: ReadonlySet<DumpFormatErrorCode> = new Set(['CHECKSUM_MISMATCH', 'BAD_FRAME', 'AUTH_FAILED', 'TRUNCATED']);

/**
 * Reads a dump file set: finds its files (templates match the files that exist), checks they form one
 * complete set, unlocks it, and reads the master, streams or frames back with bounded memory.
 */
export class DumpSetReader {
  /** GET_DUMPFILE_INFO items of the set's first file. */
  readonly info: DumpfileHeaderInfo;
  readonly #files: ReaderFile[];
  readonly #keys: SetKeys | null;
  readonly #lenient: boolean;
  readonly #onSkip: (s: SkippedRegion) => void;
  /** Read buffers for frames whose payload is decoded into a new buffer (compressed or encrypted): recycled. */
  readonly #scratch: BufferPool;
  /** Where each stream's frames are (file, entry number), found by one pass over every index the first time a stream is read. */
  #byStream: Map<number, number[]> | undefined;
  #closed = false;

  private constructor(files: ReaderFile[], keys: SetKeys | null, lenient: boolean, onSkip: (s: SkippedRegion) => void) {
    this.#files = files;
    this.#keys = keys;
    this.#lenient = lenient;
    this.#onSkip = onSkip;
    this.info = headerInfo(files[0]!.f.header, files[0]!.f.name);
    // The header's block size is only a hint (and could be hostile): bigger frames get their own buffer.
    this.#scratch = new BufferPool(FRAME_HEADER_SIZE + ENCRYPTION_OVERHEAD + Math.min(files[0]!.f.header.blockSize, MAX_BLOCK_SIZE), READ_AHEAD + 1);
  }

  /** Opens a set. Errors: MISSING_FILE, FOREIGN_FILE, MISSING_PIECE, WRONG_PASSWORD, PASSWORD_REQUIRED, and the header errors of each file. */
  static async open(opts: DumpSetReaderOptions): Promise<DumpSetReader> {
    assertReaderOptions(opts);
    const lenient = opts.continueOnFormatError ?? false;
    const onSkip = opts.onSkip ?? ((): void => {});
    const opened = await openSetFiles(await resolveLocation(opts.directory), opts.files);
    let keys: SetKeys | null = null;
    try {
      keys = await unlockSet(opened[0]!.header, opened[0]!.name, opts);
      const files: ReaderFile[] = [];
      for (const f of opened) {
        const { index, trailer } = await loadIndex(f, lenient, onSkip);
        files.push({ f, index, trailer });
      }
      const reader = new DumpSetReader(files, keys, lenient, onSkip);
      await reader.#checkComplete();
      return reader;
    } catch (e) {
      keys?.cipher.destroy();
      await Promise.all(opened.map((f) => f.handle.close().catch(() => {})));
      throw e;
    }
  }

  /** The file names of the set, by file number. */
  fileNames(): string[] {
    return this.#files.map((r) => r.f.name);
  }

  /** Stream numbers that have metadata or data frames, ascending. */
  streams(): number[] {
    const s = new Set<number>();
    for (const r of this.#files) for (const e of r.index.entries()) if (e.kindCode === FrameKindCode.data || e.kindCode === FrameKindCode.metadata) s.add(e.stream);
    return [...s].sort((a, b) => a - b);
  }

  /** The payload bytes of one stream in write order, across files, read ahead a few frames at a time. */
  readStream(stream: number): Readable {
    assertInteger(stream, 'stream', 0, 0xffffffff);
    this.#checkOpen();
    const list: Array<[ReaderFile, IndexEntry]> = [];
    const at = this.#streamFrames().get(stream) ?? [];
    for (let k = 0; k < at.length; k += 2) {
      const r = this.#files[at[k] as number] as ReaderFile;
      list.push([r, r.index.get(at[k + 1] as number)]);
    }
    list.sort((a, b) => a[1].sequence - b[1].sequence);
    const self = this;
    async function* payloads(): AsyncGenerator<Buffer> {
      for await (const fr of self.#readAhead(list)) if (fr.payload.length > 0) yield fr.payload;
    }
    return Readable.from(payloads(), { objectMode: false, highWaterMark: 1024 * 1024 });
  }

  /**
   * Stream number to its metadata and data frames as (file number, entry number) pairs, in file
   * order: built once, so reading every stream of a set costs one pass over the indexes, not one each.
   */
  #streamFrames(): Map<number, number[]> {
    if (this.#byStream !== undefined) return this.#byStream;
    const map = new Map<number, number[]>();
    for (const [fi, r] of this.#files.entries()) {
      for (let i = 0; i < r.index.count; i++) {
        const e = r.index.get(i);
        if (e.kindCode !== FrameKindCode.data && e.kindCode !== FrameKindCode.metadata) continue;
        const at = map.get(e.stream);
        if (at === undefined) map.set(e.stream, [fi, i]);
        else at.push(fi, i);
      }
    }
    this.#byStream = map;
    return map;
  }

  /** Every frame of the set (metadata, data, master, index, trailer), file by file in file order. */
  frames(): AsyncIterable<Frame> {
    this.#checkOpen();
    const list: Array<[ReaderFile, IndexEntry]> = [];
    for (const r of this.#files) for (const e of r.index.entries()) if (kindOf(e.kindCode) !== null) list.push([r, e]);
    return this.#readAhead(list);
  }

  /** The master-table payload, reassembled from the pieces in every file and checked against its SHA-256. */
  async master(): Promise<Buffer> {
    this.#checkOpen();
    // Each piece is copied into place as it is read, so a large master is never held twice.
    let first: MasterPiece | undefined;
    let out: Buffer | undefined;
    const present = new Set<number>();
    const spans: Array<[number, number]> = [];
    for await (const p of this.#masterPieces()) {
      first ??= p;
      if (p.count !== first.count || p.masterLength !== first.masterLength || !p.masterSha256.equals(first.masterSha256)) {
        throw new DumpFormatError('BAD_FRAME', `master pieces of set ${this.info.guid} disagree on the master length or checksum; a file of another export was mixed in`);
      }
      out ??= Buffer.alloc(first.masterLength);
      present.add(p.number);
      spans.push([p.pieceOffset, p.data.length]);
      p.data.copy(out, p.pieceOffset);
    }
    if (first === undefined || out === undefined) throw this.#noMaster();
    for (let n = 1; n <= first.count; n++) if (!present.has(n)) throw this.#missingPiece(n, first.count, first.names);
    spans.sort((a, b) => a[0] - b[0]);
    let at = 0;
    for (const [offset, length] of spans) {
      if (offset !== at) throw new DumpFormatError('BAD_FRAME', `master pieces of set ${this.info.guid} leave a gap at byte ${at}; the set is damaged`);
      at += length;
    }
    if (at !== first.masterLength) throw new DumpFormatError('BAD_FRAME', `master pieces of set ${this.info.guid} hold ${at} of ${first.masterLength} bytes; the set is damaged`);
    if (!sha256(out).equals(first.masterSha256)) {
      throw new DumpFormatError('CHECKSUM_MISMATCH', `the master table of set ${this.info.guid} does not match its SHA-256; a master piece is damaged`);
    }
    return out;
  }

  /** No master piece in the files given: the others hold it, or the export never finished. */
  #noMaster(): DumpFormatError {
    const anyClosed = this.#files.some((r) => isClosed(r.f.header));
    return new DumpFormatError(
      'MISSING_PIECE',
      anyClosed
        ? `no master piece found in ${this.fileNames().join(', ')}; add the other files of the set to DUMPFILE`
        : `dump file set ${this.info.guid} has no master table: its export never finished; restart the export job (or resume the writer) to complete it`,
      { file: this.#files[0]!.f.name },
    );
  }

  /**
   * The master payload a piece at a time, in order, so a large master is never held whole. Its
   * SHA-256 is checked after the last piece: a caller must read to the end before trusting any of it.
   */
  async *masterParts(): AsyncGenerator<Buffer> {
    this.#checkOpen();
    let first: MasterPiece | undefined;
    let at = 0;
    let seen = 0;
    const hash = sha256Hasher();
    for await (const p of this.#masterPieces(true)) {
      first ??= p;
      if (p.count !== first.count || p.masterLength !== first.masterLength || !p.masterSha256.equals(first.masterSha256)) {
        throw new DumpFormatError('BAD_FRAME', `master pieces of set ${this.info.guid} disagree on the master length or checksum; a file of another export was mixed in`);
      }
      if (p.number !== seen && p.number !== seen + 1) throw this.#missingPiece(seen + 1, first.count, first.names);
      seen = p.number;
      if (p.pieceOffset !== at) throw new DumpFormatError('BAD_FRAME', `master pieces of set ${this.info.guid} leave a gap at byte ${at}; the set is damaged`);
      at += p.data.length;
      hash.update(p.data);
      yield p.data;
    }
    if (first === undefined) throw this.#noMaster();
    if (seen !== first.count) throw this.#missingPiece(seen + 1, first.count, first.names);
    if (at !== first.masterLength) throw new DumpFormatError('BAD_FRAME', `master pieces of set ${this.info.guid} hold ${at} of ${first.masterLength} bytes; the set is damaged`);
    if (!hash.digest().equals(first.masterSha256)) {
      throw new DumpFormatError('CHECKSUM_MISMATCH', `the master table of set ${this.info.guid} does not match its SHA-256; a master piece is damaged`);
    }
  }

  /** Closes the files and drops the key. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#keys?.cipher.destroy();
    await Promise.all(this.#files.map((r) => r.f.handle.close().catch(() => {})));
  }

  // ---- internals ----

  #checkOpen(): void {
    if (this.#closed) throw new DumpFormatError('BAD_ARGUMENT', 'the dump set reader is closed');
  }

  /** The master pieces of the set, one frame at a time. */
  async *#masterPieces(inOrder = false): AsyncGenerator<MasterPiece> {
    const list: Array<[ReaderFile, IndexEntry]> = [];
    for (const r of this.#files) for (const e of r.index.entries()) if (e.kindCode === FrameKindCode.master) list.push([r, e]);
    // Piece n is in file n, its frames in the order written: by file number, then position, is master order.
    if (inOrder) list.sort((a, b) => a[0].f.header.fileNumber - b[0].f.header.fileNumber || a[1].offset - b[1].offset);
    for await (const fr of this.#readAhead(list)) {
      let p: MasterPiece;
      try {
        p = decodeMasterPiece(fr.payload);
      } catch (e) {
        throw new DumpFormatError('BAD_FRAME', `${fr.file}: master piece frame ${fr.sequence} at offset ${fr.offset} is malformed (${(e as Error).message})`, {
          file: fr.file,
          offset: fr.offset,
          sequence: fr.sequence,
          cause: e,
        });
      }
      if (p.number !== fr.fileNumber) {
        throw new DumpFormatError('BAD_FRAME', `${fr.file}: holds master piece ${p.number} but is file ${fr.fileNumber} of the set; the file was altered`, { file: fr.file, offset: fr.offset });
      }
      yield p;
    }
  }

  #missingPiece(n: number, count: number, names: readonly string[]): DumpFormatError {
    const name = names[n - 1];
    return new DumpFormatError(
      'MISSING_PIECE',
      `master piece ${n} of ${count} of dump file set ${this.info.guid} is missing: it is in ${name ?? `file number ${n}`}, which was not given; add ${name ?? 'that file'} to DUMPFILE`,
      name === undefined ? {} : { file: name },
    );
  }

  /** A closed set knows how many files it has: fail now, naming the file, rather than read a partial set. */
  async #checkComplete(): Promise<void> {
    const count = Math.max(...this.#files.map((r) => r.f.header.masterPieceCount));
    const have = this.#files.length;
    const numbers = this.#files.map((r) => r.f.header.fileNumber);
    const max = Math.max(...numbers, count);
    if (have >= max) return;
    // Learn the names of the set's files from any master piece we can read.
    let names: readonly string[] = [];
    try {
      const r = this.#files.find((x) => [...x.index.entries()].some((e) => e.kindCode === FrameKindCode.master));
      const e = r && [...r.index.entries()].find((x) => x.kindCode === FrameKindCode.master);
      if (r && e) names = decodeMasterPiece((await this.#decode(r, e)).payload).names;
    } catch {
      names = [];
    }
    for (let n = 1; n <= max; n++) {
      if (numbers.includes(n)) continue;
      const name = names[n - 1];
      if (n > Math.max(...numbers)) throw this.#missingPiece(n, count, names);
      throw new DumpFormatError(
        'MISSING_FILE',
        `file number ${n} of dump file set ${this.info.guid}${name ? ` (${name})` : ''} is missing: found ${this.fileNames().join(', ')}; add ${name ?? 'it'} to DUMPFILE`,
        name === undefined ? {} : { file: name },
      );
    }
  }

  /** Reads and decodes frames in order, a few ahead; damaged frames are skipped under continueOnFormatError. */
  async *#readAhead(list: ReadonlyArray<[ReaderFile, IndexEntry]>): AsyncGenerator<Frame> {
    const queue: Array<Promise<Frame | null>> = [];
    let i = 0;
    const start = (): void => {
      const [r, e] = list[i++]!;
      const p = this.#decode(r, e).catch((err: unknown) => {
        if (this.#lenient && err instanceof DumpFormatError && FORMAT_ERRORS.has(err.code)) {
          this.#onSkip({ file: r.f.name, offset: e.offset, length: 36 + e.storedLength, code: err.code, message: err.message, sequence: e.sequence, stream: e.stream });
          return null;
        }
        throw err;
      });
      p.catch(() => {}); // handled when awaited below
      queue.push(p);
    };
    while (i < list.length || queue.length > 0) {
      while (queue.length < READ_AHEAD && i < list.length) start();
      this.#checkOpen();
      const fr = await queue.shift()!;
      if (fr) yield fr;
    }
  }

  async #decode(r: ReaderFile, e: IndexEntry): Promise<Frame> {
    const f = r.f;
    // Raw frames are read into a recycled buffer unless the payload would be a view of it.
    const transformed = (e.flags & (FrameFlag.COMPRESSED | FrameFlag.ENCRYPTED)) !== 0;
    const scratch = transformed ? this.#scratch.take() : undefined;
    try {
      return this.#decodeRaw(r, e, await readFrameAt(f, e, scratch));
    } catch (err) {
      throw ioError(err, f.name, `reading the frame at offset ${e.offset}`);
    } finally {
      if (scratch) this.#scratch.give(scratch);
    }
  }

  #decodeRaw(r: ReaderFile, e: IndexEntry, raw: RawFrame): Frame {
    const f = r.f;
    const kind = kindOf(raw.header.kindCode) as FrameKind;
    const h = raw.header;
    const mustEncrypt = encryptedKind(f.header.flags, kind);
    if (mustEncrypt !== ((h.flags & FrameFlag.ENCRYPTED) !== 0) || ((kind === 'index' || kind === 'trailer') && h.flags !== 0)) {
      throw new DumpFormatError(
        'BAD_FRAME',
        `${f.name}: frame ${h.sequence} at offset ${e.offset} is ${mustEncrypt ? 'not encrypted though the set encrypts' : 'encrypted though the set does not encrypt'} ${kind} frames; the file was altered`,
        { file: f.name, offset: e.offset, sequence: h.sequence },
      );
    }
    const payload = openFrame({ guid: f.header.guid, fileNumber: f.header.fileNumber, cipher: this.#keys?.cipher ?? null }, h, raw.rawHeader, raw.stored, f.name, e.offset);
    return {
      kind,
      stream: h.stream,
      sequence: h.sequence,
      file: f.name,
      fileNumber: f.header.fileNumber,
      offset: e.offset,
      compressed: (h.flags & FrameFlag.COMPRESSED) !== 0,
      encrypted: (h.flags & FrameFlag.ENCRYPTED) !== 0,
      payload,
    };
  }
}
