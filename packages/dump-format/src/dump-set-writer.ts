import type { Writable } from 'node:stream';
import { assertBytes, assertInteger, assertOneOf, assertString } from './assert.js';
import { BufferPool } from './buffer-pool.js';
import { sha256Hasher } from './checksum.js';
import { compressBlock, compressInto } from './compression.js';
import { CompressionPool } from './compression-pool.js';
import {
  ENCRYPTION_OVERHEAD,
  FRAME_HEADER_SIZE,
  FrameKindCode,
  HEADER_SIZE,
  INDEX_ENTRY_SIZE,
  INDEX_PAYLOAD_FIXED,
  MASTER_PIECE_FIXED,
  MASTER_RESERVE,
  MAX_FRAME_PAYLOAD,
  TRAILER_FRAME_SIZE,
  type FrameKind,
} from './constants.js';
import { openDumpFile, type OpenDumpFile } from './dump-file.js';
import { DumpFormatError, ioError } from './errors.js';
import { encodeTrailer, IndexBuilder } from './file-index.js';
import { FileNameGenerator } from './file-spec.js';
import { sealedSize, sealFrame } from './frame-codec.js';
import type { FrameParts } from './frame-serializer.js';
import { FrameStreamWriter } from './frame-stream-writer.js';
import { encodeHeader, type KdfParams } from './header.js';
import { encodeMasterPiece, layoutMaster } from './master-pieces.js';
import { bytesSource, isMasterSource, MasterTaker, type MasterSource } from './master-source.js';
import { checkResumeConfig, findSetFiles, recoverFrames } from './resume.js';
import { keyCheckMatches, MAX_KDF } from './kdf.js';
import { deriveKeys, unlockSet, type SetKeys } from './set-keys.js';
import type { DumpSetSummary, DumpSetWriterOptions, FileNeeded, FrameLocation, SetKeyDerivation } from './types.js';
import { FLUSH_EVERY_BYTES, type WriterFile } from './writer-file.js';
import { inScope } from './scope.js';
import { formatGuid, headerFor, normalizeWriterOptions, parseGuid, type WriterConfig } from './writer-options.js';

/** A frame that has its place in a file; `written` settles when its bytes are on their way to disk. */
export interface PlacedFrame {
  readonly location: FrameLocation;
  readonly written: Promise<void>;
}

/** Frames accepted but not yet written beyond which stream writers wait (bounds memory). */
const MAX_PENDING_FRAMES = 4;

/** Concurrent positioned writes in flight. */
const MAX_INFLIGHT_WRITES = 4;

/** Index frame size for `entries` entries. */
const indexFrameSize = (entries: number): number => FRAME_HEADER_SIZE + INDEX_PAYLOAD_FIXED + entries * INDEX_ENTRY_SIZE;

const noop = (): void => {};

/** The KDF parameters of a key derivation, checked as a header's are (a hostile cost is refused). */
function kdfOf(given: SetKeyDerivation, guid: string): KdfParams {
  const k = given.kdf;
  const salt = k === null ? null : Buffer.from(k.salt, 'hex');
  if (
    k === null ||
    salt === null ||
    salt.length !== 16 ||
    !Number.isInteger(k.log2N) ||
    k.log2N < 1 ||
    k.log2N > MAX_KDF.log2N ||
    !Number.isInteger(k.r) ||
    k.r < 1 ||
    k.r > MAX_KDF.r ||
    !Number.isInteger(k.p) ||
    k.p < 1 ||
    k.p > MAX_KDF.p ||
    128 * 2 ** k.log2N * k.r > MAX_KDF.memory
  ) {
    throw new DumpFormatError('BAD_ARGUMENT', `the key derivation given for dump file set ${guid} has no valid scrypt salt and cost; it is damaged`);
  }
  return { algorithm: 'scrypt', log2N: k.log2N, r: k.r, p: k.p, salt };
}

/**
 * Writes a dump file set: frames from any number of streams interleaved into files named by the
 * DUMPFILE specs, FILESIZE rollover, and at close the master pieces, indexes and trailers.
 */
export class DumpSetWriter {
  /** The job GUID every file of the set carries (32 upper-case hex digits). */
  readonly guid: string;
  readonly #cfg: WriterConfig;
  readonly #keys: SetKeys | null;
  readonly #kdf: KdfParams | null;
  readonly #names: FileNameGenerator;
  readonly #files: WriterFile[] = [];
  readonly #blocks: BufferPool;
  readonly #pool: CompressionPool | null;
  #current: WriterFile | null = null;
  #seq = 0;
  #chain: Promise<unknown> = Promise.resolve();
  #state: 'open' | 'closing' | 'closed' = 'open';
  #failure: DumpFormatError | null = null;
  #pending = 0;
  #roomWaiters: Array<() => void> = [];
  readonly #inflight = new Set<Promise<void>>();
  readonly #streamWriters = new Set<FrameStreamWriter>();
  #onNeedFile: ((need: FileNeeded) => void) | null = null;
  #claim: NonNullable<DumpSetWriterOptions['claimFile']> | null = null;
  /** Set while the writer waits for ADD_FILE: settled by addFile (or rejected by abort). */
  #fileWait: { resolve: () => void; reject: (e: unknown) => void } | null = null;

  private constructor(cfg: WriterConfig, keys: SetKeys | null, kdf: KdfParams | null) {
    this.#cfg = cfg;
    this.#keys = keys;
    this.#kdf = kdf;
    this.guid = formatGuid(cfg.guid);
    this.#names = new FileNameGenerator(cfg.specs, cfg.job.createdAt);
    this.#blocks = new BufferPool(cfg.blockSize, MAX_PENDING_FRAMES * 2 + 2);
    this.#pool = cfg.workers > 0 && cfg.compression !== 'NONE' ? new CompressionPool(cfg.workers, cfg.compressionLevel) : null;
  }

  /** Starts a new set: validates the options, derives the key, creates the first file. */
  static async create(opts: DumpSetWriterOptions): Promise<DumpSetWriter> {
    const cfg = await normalizeWriterOptions(opts);
    let keys: SetKeys | null = null;
    let kdf: KdfParams | null = null;
    if (cfg.encryptionMode !== 'NONE') {
      if (cfg.encryptionMode === 'PASSWORD') kdf = { algorithm: 'scrypt', ...cfg.kdf, salt: cfg.random(16) };
      keys = await deriveKeys(cfg.encryptionMode, cfg.encryptionAlgorithm, cfg.guid, opts, kdf);
    }
    return DumpSetWriter.#open(cfg, keys, kdf, opts);
  }

  /** A writer of `cfg` with its keys: the first file is created (claimed) at once. */
  static async #open(cfg: WriterConfig, keys: SetKeys | null, kdf: KdfParams | null, opts: DumpSetWriterOptions): Promise<DumpSetWriter> {
    const w = new DumpSetWriter(cfg, keys, kdf);
    w.#onNeedFile = opts.onNeedFile ?? null;
    w.#claim = opts.claimFile ?? null;
    try {
      w.#current = await w.#createFile();
    } catch (e) {
      await w.#shutdown();
      keys?.cipher.destroy();
      throw e;
    }
    return w;
  }

  /**
   * Another writer of a set already being written (a process serving the same export): its files
   * carry the set's GUID and take names and numbers through `claimFile`. Their master pieces, index
   * and trailer come at the end from the writer that closes the set (`adopt`); this one `park`s them.
   */
  static async join(opts: DumpSetWriterOptions & { guid: string; claimFile: NonNullable<DumpSetWriterOptions['claimFile']>; keyDerivation?: SetKeyDerivation | null }): Promise<DumpSetWriter> {
    assertString(opts.guid, 'options.guid');
    if (typeof opts.claimFile !== 'function') throw new TypeError('options.claimFile must be a function');
    const cfg = await normalizeWriterOptions({ ...opts, job: { ...opts.job, guid: opts.guid } });
    if (cfg.encryptionMode === 'NONE') return DumpSetWriter.#open(cfg, null, null, opts);
    // Every file of a set is sealed with one key: derived here from the same secret, salt and cost as
    // the set's first writer used, and checked against its key-check value before a byte is written.
    const given = opts.keyDerivation;
    if (given === undefined || given === null) {
      throw new DumpFormatError('BAD_ARGUMENT', `dump file set ${opts.guid} is encrypted, but its key derivation (salt and key-check value) was not given: another writer cannot join it`);
    }
    const kdf = cfg.encryptionMode === 'PASSWORD' ? kdfOf(given, opts.guid) : null;
    const keys = await deriveKeys(cfg.encryptionMode, cfg.encryptionAlgorithm, cfg.guid, opts, kdf);
    if (!keyCheckMatches(keys.keyCheck, Buffer.from(given.keyCheck, 'hex'))) {
      keys.cipher.destroy();
      throw new DumpFormatError(
        'WRONG_PASSWORD',
        cfg.encryptionMode === 'PASSWORD'
          ? `the ENCRYPTION_PASSWORD is not the one dump file set ${opts.guid} is being written with (key check failed); supply the export's password`
          : `the key file does not hold the key dump file set ${opts.guid} is being written with (key check failed); supply the export's key file`,
      );
    }
    return DumpSetWriter.#open(cfg, keys, kdf, opts);
  }

  /**
   * What another writer of this set needs to derive its key from the same secret: the KDF's salt and
   * cost, and the key-check value (both are in every file's header; never the key). Null when not encrypted.
   */
  get keyDerivation(): SetKeyDerivation | null {
    if (this.#keys === null) return null;
    const kdf = this.#kdf === null ? null : { log2N: this.#kdf.log2N, r: this.#kdf.r, p: this.#kdf.p, salt: this.#kdf.salt.toString('hex') };
    return { kdf, keyCheck: this.#keys.keyCheck.toString('hex') };
  }

  /**
   * Reopens a set whose writer died (export restart): finds its files through the specs, keeps every
   * intact data and metadata frame, cuts a torn tail and anything a half-done close() wrote, and
   * continues appending to the last file with new sequence numbers.
   */
  static async resume(opts: DumpSetWriterOptions & { guid: string }): Promise<DumpSetWriter> {
    assertString(opts.guid, 'options.guid');
    const guid = parseGuid(opts.guid);
    const cfg0 = await normalizeWriterOptions({ ...opts, job: { ...opts.job, guid: opts.guid } });
    const found = await findSetFiles(cfg0.location, cfg0.specs, guid, { gaps: opts.claimFile !== undefined });
    try {
      const first = found[0]!.header;
      const cfg: WriterConfig = {
        ...cfg0,
        job: { ...cfg0.job, name: first.jobName, createdAt: new Date(first.createdAt), platform: first.platform, host: first.host, language: first.language },
      };
      checkResumeConfig(cfg, first, found[0]!.name);
      const keys = await unlockSet(first, found[0]!.name, opts);
      const w = new DumpSetWriter(cfg, keys, first.kdf);
      w.#onNeedFile = opts.onNeedFile ?? null;
      w.#claim = opts.claimFile ?? null;
      try {
        let maxSeq = -1;
        for (const f of found) {
          const { file, lastSequence } = await w.#recoverFile(f);
          maxSeq = Math.max(maxSeq, lastSequence);
          w.#files.push(file);
        }
        w.#seq = maxSeq + 1;
        const last = w.#files[w.#files.length - 1]!;
        w.#current = last; // new files take the spec names the set does not have yet
        return w;
      } catch (e) {
        await w.#shutdown();
        keys?.cipher.destroy();
        throw e;
      }
    } finally {
      await Promise.all(found.map((f) => f.handle.close().catch(noop)));
    }
  }

  /** Writes one record (e.g. one metadata document) as one frame. Resolves once its bytes are written. */
  async writeFrame(kind: FrameKind, stream: number, payload: Uint8Array): Promise<FrameLocation> {
    assertOneOf(kind, 'kind', ['metadata', 'data'] as const);
    assertInteger(stream, 'stream', 0, 0xffffffff);
    assertBytes(payload, 'payload');
    if (payload.length > MAX_FRAME_PAYLOAD) throw new RangeError(`payload must be at most ${MAX_FRAME_PAYLOAD} bytes, got ${payload.length}; use createStreamWriter for larger data`);
    const p = this.#enqueue(kind, stream, Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength), false);
    const placed = await p;
    await placed.written;
    return placed.location;
  }

  /**
   * A Writable that cuts a byte stream into frames of blockSize bytes for `stream`. Many may be open at
   * once; their frames interleave in the files. It emits 'frame' with each FrameLocation.
   */
  createStreamWriter(stream: number, kind: FrameKind = 'data'): Writable {
    assertInteger(stream, 'stream', 0, 0xffffffff);
    assertOneOf(kind, 'kind', ['metadata', 'data'] as const);
    this.#checkOpen();
    const sink = {
      enqueue: (k: FrameKind, st: number, payload: Buffer, owned: boolean) => this.#enqueue(k, st, payload, owned),
      room: () => this.#room(),
      takeBlock: () => this.#blocks.take(),
    };
    const sw = new FrameStreamWriter(sink, stream, kind, this.maxFramePayload(kind));
    this.#streamWriters.add(sw);
    const done = (): void => {
      this.#streamWriters.delete(sw);
    };
    sw.once('finish', done);
    sw.once('close', done);
    return sw;
  }

  /** ADD_FILE: another file name or template for the files still to come; a writer waiting for one goes on. */
  addFile(spec: string): void {
    assertString(spec, 'spec');
    this.#checkOpen();
    this.#names.add(spec);
    const wait = this.#fileWait;
    this.#fileWait = null;
    wait?.resolve();
  }

  /** Whether the writer is waiting for ADD_FILE (every spec used up, onNeedFile given). */
  get waitingForFile(): boolean {
    return this.#fileWait !== null;
  }

  /** Whether a file of this name is stored in the set's location (one another writer of the set claimed). */
  async hasFile(name: string): Promise<boolean> {
    return (await this.#cfg.location.stat(name)) !== null;
  }

  /** Names of the files of the set so far, by file number. */
  fileNames(): string[] {
    return this.#files.map((f) => f.name);
  }

  /** Largest payload one frame of `kind` may carry so that it fits an empty file (FILESIZE) and the block size. */
  maxFramePayload(kind: FrameKind): number {
    const enc = this.#keys && inScope(this.#cfg.encryption, kind) ? ENCRYPTION_OVERHEAD : 0;
    const room = this.#cfg.fileSize - HEADER_SIZE - this.#reserve(2) - FRAME_HEADER_SIZE - enc;
    return Math.max(1, Math.min(this.#cfg.blockSize, MAX_FRAME_PAYLOAD, room));
  }

  /**
   * Queues a frame. The promise settles when the frame has its place. `owned` says the payload is one
   * of the writer's blocks (a stream writer's), recycled once written.
   */
  #enqueue(kind: FrameKind, stream: number, payload: Buffer, owned: boolean): Promise<PlacedFrame> {
    try {
      this.#checkOpen();
    } catch (e) {
      return Promise.reject(e);
    }
    const compress = this.#cfg.compressionAlgorithm === 'lz4' && inScope(this.#cfg.compression, kind) && payload.length > 1;
    const fits = payload.length <= this.#blocks.size;
    let pre: Promise<{ input: Buffer; output: Buffer; n: number }> | null = null;
    if (compress && this.#pool) {
      // Buffers move to the worker and back; a caller's buffer is copied so the caller keeps it.
      let input = payload;
      if (!owned) {
        input = fits ? this.#blocks.take().subarray(0, payload.length) : Buffer.allocUnsafeSlow(payload.length);
        payload.copy(input);
      }
      pre = this.#pool.compress(input, fits ? this.#blocks.take() : Buffer.allocUnsafeSlow(payload.length));
      owned = true;
    }
    this.#pending++;
    const placed = this.#chain.then(async () => {
      if (!pre) return this.#place(kind, stream, payload, compress, undefined, owned ? [payload] : []);
      const { input, output, n } = await pre;
      if (n === 0) this.#blocks.give(output);
      return this.#place(kind, stream, input, compress, n > 0 ? output.subarray(0, n) : null, n > 0 ? [input, output] : [input]);
    });
    this.#chain = placed.then(noop, noop);
    placed.then(
      (p) =>
        p.written.then(
          () => this.#release(),
          () => this.#release(),
        ),
      () => this.#release(),
    );
    return placed;
  }

  /** Resolves when fewer than the allowed number of frames are waiting to be written. */
  #room(): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#pending < MAX_PENDING_FRAMES) return Promise.resolve();
    return new Promise((resolve) => this.#roomWaiters.push(resolve));
  }

  /**
   * Finishes the set: writes the master payload as one piece per file (more files are opened if the
   * pieces do not fit FILESIZE), then each file's index, trailer (with its SHA-256 under CHECKSUM=YES)
   * and final header. A large master can come as a MasterSource, a part at a time.
   */
  async close(master: Uint8Array | MasterSource): Promise<DumpSetSummary> {
    if (isMasterSource(master)) {
      assertInteger(master.length, 'master.length', 0, Number.MAX_SAFE_INTEGER);
      assertBytes(master.sha256, 'master.sha256');
    } else assertBytes(master, 'master');
    this.#checkOpen();
    if (this.#streamWriters.size > 0) {
      throw new DumpFormatError('BAD_ARGUMENT', `${this.#streamWriters.size} stream writer(s) of dump file set ${this.guid} are still open; end() them and wait for 'finish' before close()`);
    }
    this.#state = 'closing';
    try {
      await this.#drain();
      if (this.#failure) throw this.#failure;
      await this.#pool?.close();
      const summary = await this.#finish(isMasterSource(master) ? master : bytesSource(master));
      this.#state = 'closed';
      return summary;
    } catch (e) {
      await this.#shutdown();
      throw e;
    } finally {
      this.#keys?.cipher.destroy();
    }
  }

  /**
   * Ends a writer that does not close the set (a serving process whose work is done): every frame is
   * written, and each file is stored as it is (object storage: parked as a complete object with its
   * header still open), for the writer that closes the set to `adopt`. Returns the files' names.
   */
  async park(): Promise<string[]> {
    this.#checkOpen();
    if (this.#streamWriters.size > 0) {
      throw new DumpFormatError('BAD_ARGUMENT', `${this.#streamWriters.size} stream writer(s) of dump file set ${this.guid} are still open; end() them and wait for 'finish' before park()`);
    }
    this.#state = 'closing';
    try {
      await this.#drain();
      if (this.#failure) throw this.#failure;
      for (const f of this.#files) {
        await Promise.allSettled([...f.writes]);
        if (this.#failure) throw this.#failure;
        try {
          await f.sink?.suspend();
        } catch (e) {
          throw ioError(e, f.name, 'storing it for the process that closes the set');
        }
        f.sink = null;
      }
      await this.#pool?.close();
      this.#state = 'closed';
      return this.fileNames();
    } catch (e) {
      await this.#shutdown();
      throw e;
    } finally {
      this.#keys?.cipher.destroy();
    }
  }

  /**
   * Before close: takes in the files other writers of the set wrote (`claimed`: every file's name, by
   * file number). A file that was stored is read back through its frame checksums and continued; a
   * file that never got stored (its writer died; the caller redid the work that was in it) is written
   * again as a file with no frames, so the set's file numbers stay whole.
   */
  async adopt(claimed: readonly string[]): Promise<void> {
    this.#checkOpen();
    const own = new Set(this.#files.map((f) => f.number));
    for (const [i, name] of claimed.entries()) {
      const number = i + 1;
      if (own.has(number)) continue;
      const found = await openDumpFile(this.#cfg.location, name).catch((e: unknown) => {
        if (e instanceof DumpFormatError && e.code === 'MISSING_FILE') return null;
        throw e;
      });
      if (found === null) {
        const sink = await this.#cfg.location.create(name, { overwrite: true, sync: this.#cfg.sync });
        const file: WriterFile = {
          name,
          number,
          sink,
          size: HEADER_SIZE,
          hash: this.#cfg.checksum ? sha256Hasher() : null,
          index: new IndexBuilder(),
          writes: new Set(),
          unflushed: 0,
          flushing: false,
        };
        try {
          await sink.write([this.#header(number, 0, 0, false)], 0);
        } catch (e) {
          throw ioError(e, name, 'writing its header');
        }
        this.#files.push(file);
        continue;
      }
      try {
        if (!found.header.guid.equals(this.#cfg.guid) || found.header.fileNumber !== number) {
          throw new DumpFormatError('BAD_FRAME', `${this.#cfg.location.describe(name)} is not file ${number} of dump file set ${this.guid}; another export wrote it`, { file: name });
        }
        const { file, lastSequence } = await this.#recoverFile(found);
        this.#seq = Math.max(this.#seq, lastSequence + 1);
        this.#files.push(file);
      } finally {
        await found.handle.close().catch(noop);
      }
    }
    this.#files.sort((a, b) => a.number - b.number);
  }

  /** Stops without a master: closes the files as they are (they stay readable and resumable). */
  async abort(): Promise<void> {
    if (this.#state === 'closed') return;
    this.#state = 'closing';
    const wait = this.#fileWait;
    this.#fileWait = null;
    wait?.reject(new DumpFormatError('WRITER_CLOSED', `dump file set ${this.guid} was aborted while it waited for another file (ADD_FILE)`));
    for (const sw of this.#streamWriters) sw.destroy(new DumpFormatError('WRITER_CLOSED', `dump file set ${this.guid} was aborted`));
    await this.#drain().catch(noop);
    await this.#shutdown();
    this.#keys?.cipher.destroy();
  }

  // ---- placing frames ----

  /**
   * Gives a frame its file, sequence number and offset, seals it and starts writing it. `compressed` is
   * the worker's result (null: did not shrink) or undefined to compress here; `release` lists our own
   * buffers to recycle once the frame is written.
   */
  async #place(kind: FrameKind, stream: number, payload: Buffer, compress: boolean, compressed: Buffer | null | undefined, release: Buffer[]): Promise<PlacedFrame> {
    try {
      if (this.#failure) throw this.#failure;
      const encrypt = this.#keys !== null && inScope(this.#cfg.encryption, kind);
      let comp: Buffer | null = compressed ?? null;
      if (compress && compressed === undefined) {
        const out = payload.length <= this.#blocks.size ? this.#blocks.take() : Buffer.allocUnsafeSlow(payload.length);
        const n = compressInto(payload, out, this.#cfg.compressionLevel);
        if (n > 0) {
          comp = out.subarray(0, n);
          release.push(out);
        } else this.#blocks.give(out);
      }
      const size = sealedSize({ payload, compressed: comp, encrypt });
      let file = this.#current!;
      if (!this.#fits(file, size)) {
        if (file.index.count === 0) throw this.#tooBig(size);
        file = await this.#rollover();
        if (!this.#fits(file, size)) throw this.#tooBig(size);
      }
      while (this.#inflight.size >= MAX_INFLIGHT_WRITES) await Promise.race(this.#inflight);
      if (this.#failure) throw this.#failure;
      // Sealed here and now: node:crypto's AES-GCM costs about 1 ms of CPU per MiB on this thread.
      // WebCrypto on a thread-pool thread (sealFrameAsync) took twice the CPU (copies of input and
      // output) and held every later frame while it ran, as frames are placed one at a time.
      const { frame, offset, sequence } = this.#seal(file, kind, stream, payload, comp, encrypt, true);
      // Blocks the frame's parts still point into are recycled after the write; the others (e.g. the input
      // of a compressed or encrypted frame) right away.
      const inUse = new Set(frame.parts.map((p) => p.buffer));
      this.#recycle(release.filter((b) => !inUse.has(b.buffer)));
      const later = release.filter((b) => inUse.has(b.buffer));
      const location = { file: file.name, fileNumber: file.number, offset, sequence, storedLength: frame.length - FRAME_HEADER_SIZE, plainLength: payload.length };
      const written = this.#write(file, frame.parts, offset);
      written.then(() => this.#recycle(later), noop);
      return { location, written };
    } catch (e) {
      this.#recycle(release);
      throw e;
    }
  }

  /** Seals a frame for `file`, gives it the next sequence number and accounts for it (size, hash, index). */
  #seal(file: WriterFile, kind: FrameKind, stream: number, payload: Buffer, compressed: Buffer | null, encrypt: boolean, indexed: boolean): { frame: FrameParts; offset: number; sequence: number } {
    const sequence = this.#seq++;
    const frame = sealFrame(
      { guid: this.#cfg.guid, fileNumber: file.number, cipher: this.#keys?.cipher ?? null },
      { kindCode: FrameKindCode[kind], stream, sequence, payload, compressed, encrypt },
      () => this.#cfg.random(12),
    );
    return this.#account(file, frame, FrameKindCode[kind], sequence, stream, payload, indexed);
  }

  /** Gives a sealed frame its offset in `file`, adds it to the file's hash and index. */
  #account(file: WriterFile, frame: FrameParts, kindCode: number, sequence: number, stream: number, payload: Buffer, indexed: boolean): { frame: FrameParts; offset: number; sequence: number } {
    const offset = file.size;
    file.size += frame.length;
    if (file.hash) for (const part of frame.parts) file.hash.update(part);
    if (indexed) file.index.add({ offset, sequence, stream, kindCode, flags: frame.parts[0]![5]!, storedLength: frame.length - FRAME_HEADER_SIZE, plainLength: payload.length });
    return { frame, offset, sequence };
  }

  #recycle(buffers: Buffer[]): void {
    for (const b of buffers) this.#blocks.give(b);
  }

  /** Bytes a file must keep free after its data frames: index (with `entries` more entries), trailer, master reserve. */
  #reserve(entries: number): number {
    return indexFrameSize(entries) + TRAILER_FRAME_SIZE + MASTER_RESERVE;
  }

  #fits(file: WriterFile, frameSize: number): boolean {
    return file.size + frameSize + this.#reserve(file.index.count + 2) <= this.#cfg.fileSize;
  }

  #tooBig(size: number): DumpFormatError {
    return new DumpFormatError(
      'FILESIZE_TOO_SMALL',
      `a frame of ${size} bytes does not fit in a dump file of FILESIZE=${this.#cfg.fileSize} bytes (header, index and master reserve included); raise FILESIZE or write the record through a stream writer`,
    );
  }

  #write(file: WriterFile, parts: readonly Buffer[], offset: number): Promise<void> {
    const sink = file.sink!;
    const p = sink.write(parts, offset).then(
      () => this.#flushInBackground(file, parts),
      (e: unknown) => {
        this.#failure ??= ioError(e, file.name, `writing at offset ${offset}`);
        throw this.#failure;
      },
    );
    const tracked = p.finally(() => {
      file.writes.delete(tracked);
      this.#inflight.delete(tracked);
    });
    tracked.catch(noop);
    file.writes.add(tracked);
    this.#inflight.add(tracked);
    return tracked;
  }

  /** Starts a background fdatasync once FLUSH_EVERY_BYTES were written; it is one of the file's writes, so closing waits for it. */
  #flushInBackground(file: WriterFile, parts: readonly Buffer[]): void {
    if (!this.#cfg.sync) return;
    for (const part of parts) file.unflushed += part.length;
    const sink = file.sink;
    if (file.unflushed < FLUSH_EVERY_BYTES || file.flushing || sink === null) return;
    file.unflushed = 0;
    file.flushing = true;
    const flushed: Promise<void> = sink
      .flush()
      .catch((e: unknown) => {
        this.#failure ??= ioError(e, file.name, 'flushing it to disk');
      })
      .finally(() => {
        file.flushing = false;
        file.writes.delete(flushed);
      });
    file.writes.add(flushed);
  }

  #release(): void {
    this.#pending--;
    if (this.#pending < MAX_PENDING_FRAMES) for (const w of this.#roomWaiters.splice(0)) w();
  }

  #checkOpen(): void {
    if (this.#failure) throw this.#failure;
    if (this.#state !== 'open') throw new DumpFormatError('WRITER_CLOSED', `dump file set ${this.guid} is ${this.#state === 'closing' ? 'being closed' : 'closed'}; no more frames can be written`);
  }

  async #drain(): Promise<void> {
    await this.#chain;
    await Promise.allSettled([...this.#inflight]);
  }

  // ---- files ----

  async #rollover(): Promise<WriterFile> {
    const prev = this.#current!;
    const next = await this.#createFile(undefined, prev.name);
    await Promise.allSettled([...prev.writes]);
    if (this.#failure) throw this.#failure;
    await prev.sink?.suspend();
    this.#current = next;
    return next;
  }

  /**
   * Creates the next file of the set, named by the specs (or `reserved`, a name already taken from them).
   * When the specs are used up and onNeedFile was given, waits for addFile (`full` is the file that is).
   */
  async #createFile(reserved?: string, full?: string): Promise<WriterFile> {
    const own = new Set(this.#files.map((f) => f.name));
    const pick = (taken: ReadonlySet<string>): string | null => (reserved !== undefined ? (taken.has(reserved) ? null : reserved) : this.#names.next((n) => taken.has(n) || own.has(n)));
    const take = async (): Promise<{ name: string; number: number } | null> => {
      if (this.#claim === null) {
        const n = pick(own);
        return n === null ? null : { name: n, number: this.#files.length + 1 };
      }
      return this.#claim(pick);
    };
    let claimed = await take();
    while (claimed === null && this.#onNeedFile !== null && full !== undefined && this.#state === 'open') {
      const added = new Promise<void>((resolve, reject) => (this.#fileWait = { resolve, reject }));
      this.#onNeedFile({ fileSize: this.#cfg.fileSize, file: full, specs: this.#names.specs() });
      await added;
      claimed = await take();
    }
    if (claimed === null) {
      throw new DumpFormatError(
        'NO_MORE_FILES',
        `dump file set ${this.guid} needs another file but every DUMPFILE spec is used up (${this.#names.specs().join(', ')}); add a file (ADD_FILE) or use a %U or %L template`,
      );
    }
    const { name, number } = claimed;
    const sink = await this.#cfg.location.create(name, { overwrite: this.#cfg.reuse, sync: this.#cfg.sync });
    const file: WriterFile = { name, number, sink, size: HEADER_SIZE, hash: this.#cfg.checksum ? sha256Hasher() : null, index: new IndexBuilder(), writes: new Set(), unflushed: 0, flushing: false };
    this.#files.push(file);
    try {
      await sink.write([this.#header(number, 0, 0, false)], 0);
    } catch (e) {
      this.#failure ??= ioError(e, name, 'writing its header');
      throw this.#failure;
    }
    return file;
  }

  #header(fileNumber: number, pieceNumber: number, pieceCount: number, closed: boolean): Buffer {
    return encodeHeader(headerFor(this.#cfg, this.#kdf, this.#keys?.keyCheck ?? null, fileNumber, pieceNumber, pieceCount, closed));
  }

  // ---- close ----

  async #finish(master: MasterSource): Promise<DumpSetSummary> {
    const cur = this.#current!;
    await Promise.allSettled([...cur.writes]);
    const encryptMaster = this.#keys !== null && inScope(this.#cfg.encryption, 'master');
    const chunk = Math.min(this.#cfg.blockSize, MAX_FRAME_PAYLOAD - MASTER_PIECE_FIXED - 4096);
    const {
      sizes: plan,
      extra,
      names,
    } = layoutMaster({
      files: this.#files.map((f) => ({ name: f.name, size: f.size, entries: f.index.count })),
      fileSize: this.#cfg.fileSize,
      masterLength: master.length,
      chunk,
      encrypted: encryptMaster,
      nextName: (taken) => this.#names.next((n) => taken.has(n)),
    });
    // Open the extra files the master pieces need.
    for (const name of extra) await (await this.#createFile(name)).sink?.suspend();
    const count = this.#files.length;
    const masterSha256 = Buffer.from(master.sha256);
    const taker = new MasterTaker(master);
    const files = [];
    let offset = 0;
    let totalFrames = 0;
    let totalBytes = 0;
    for (let i = 0; i < count; i++) {
      const f = this.#files[i]!;
      const len = plan[i]!;
      const frames: Array<[readonly Buffer[], number]> = [];
      const put = async (parts: readonly Buffer[], at: number): Promise<void> => {
        try {
          await f.sink!.write(parts, at);
        } catch (e) {
          throw ioError(e, f.name, 'writing its master piece, index and trailer');
        }
      };
      let done = 0;
      do {
        const n = Math.min(chunk, len - done);
        const payload = encodeMasterPiece({ number: f.number, count, masterLength: master.length, pieceOffset: offset + done, masterSha256, names, data: await taker.take(n) });
        const compress = this.#cfg.compressionAlgorithm === 'lz4' && inScope(this.#cfg.compression, 'master');
        const comp = compress ? compressBlock(payload, this.#cfg.compressionLevel) : null;
        const { frame, offset: at } = this.#seal(f, 'master', 0, payload, comp, encryptMaster, true);
        // Written at once (each frame has its offset), so a large master is never held twice.
        await put(frame.parts, at);
        done += n;
      } while (done < len);
      offset += len;
      // The last file is committed only once the whole master was as announced (readers check its SHA-256 too).
      if (i === count - 1) await taker.finish();
      const entries = f.index.count;
      const { frame: indexFrame, offset: indexAt } = this.#seal(f, 'index', 0, f.index.payload(), null, false, false);
      frames.push([indexFrame.parts, indexAt]);
      const header = this.#header(f.number, f.number, count, true);
      const checksum = f.hash !== null;
      const digest = f.hash ? f.hash.update(header).digest() : Buffer.alloc(32);
      f.hash = null; // the trailer is not part of the file checksum
      const trailer = encodeTrailer({ indexOffset: indexAt, entryCount: entries, fileChecksum: checksum ? 'SHA256' : 'NONE', sha256: digest });
      const { frame: trailerFrame, offset: trailerAt } = this.#seal(f, 'trailer', 0, trailer, null, false, false);
      frames.push([trailerFrame.parts, trailerAt]);
      try {
        for (const [frame, at] of frames) await f.sink!.write(frame, at);
        // The header is replaced last: CLOSED promises a trailer, so it must only appear once the trailer is there.
        await f.sink!.commit(header);
        f.sink = null;
      } catch (e) {
        throw ioError(e, f.name, 'writing its master piece, index and trailer');
      }
      totalFrames += entries + 2;
      totalBytes += f.size;
      files.push({ name: f.name, fileNumber: f.number, bytes: f.size, frames: entries + 2, sha256: checksum ? digest.toString('hex') : null });
    }
    return { guid: this.guid, files, frames: totalFrames, bytes: totalBytes, masterBytes: master.length };
  }

  async #shutdown(): Promise<void> {
    await Promise.allSettled([...this.#inflight]);
    for (const f of this.#files) {
      const sink = f.sink;
      f.sink = null;
      await sink?.abort().catch(noop);
    }
    await this.#pool?.close().catch(noop);
    this.#state = 'closed';
  }

  // ---- resume ----

  async #recoverFile(f: OpenDumpFile): Promise<{ file: WriterFile; lastSequence: number }> {
    const { index, hash, keep, lastSequence } = await recoverFrames(f, this.#cfg.checksum);
    const sink = await this.#cfg.location.reopen(f.name, keep, this.#header(f.header.fileNumber, 0, 0, false), { sync: this.#cfg.sync });
    await sink.suspend().catch(noop);
    const file: WriterFile = { name: f.name, number: f.header.fileNumber, sink, size: keep, hash, index, writes: new Set(), unflushed: 0, flushing: false };
    return { file, lastSequence };
  }
}
