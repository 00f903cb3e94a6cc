import { createHash, type Hash } from 'node:crypto';
import { assertString } from './assert.js';
import { HEADER_SIZE, HeaderFlag } from './constants.js';
import { isClosed, openDumpFile, type OpenDumpFile } from './dump-file.js';
import { DumpFormatError } from './errors.js';
import { encodeHeader } from './header.js';
import type { DumpLocation, LocationReader } from './location.js';
import { resolveLocation } from './location-schemes.js';
import { ReadAhead, type ReadAheadTuning } from './read-ahead.js';
import { assertDirectory, openSetFiles } from './set-files.js';
import { MasterCheck, verifyFile } from './verify.js';
import { formatGuid } from './writer-options.js';

/** Options of transferDumpSet. */
export interface TransferOptions {
  /** Where the set is: a folder, a registered location URL (`s3://bucket/prefix`), or a DumpLocation. */
  readonly from: string | DumpLocation;
  /** File names or templates (%U, %L match the files that exist), as an import names them. */
  readonly files: readonly string[];
  /** Where the copy goes: a folder, a location URL, or a DumpLocation. */
  readonly to: string | DumpLocation;
  /** REUSE_DUMPFILES=YES: replace files at the destination that are not copies of the set's files. */
  readonly reuseDumpfiles?: boolean;
  /** Told what happens, file by file (the progress display and the task log). */
  readonly onEvent?: (event: TransferEvent) => void;
  /** How far ahead files are read (default 4 blocks of 4 MiB). */
  readonly readAhead?: Partial<ReadAheadTuning>;
  /** Stops the transfer (its reason is thrown): the file being copied is dropped (upload aborted, partial file removed). */
  readonly signal?: AbortSignal;
}

/** What is done with one file of the set. */
export type TransferAction =
  | 'copy' // not at the destination
  | 'check' // a copy is there: verified, then skipped (or replaced when it does not verify and REUSE_DUMPFILES=YES)
  | 'replace-unfinished' // an unfinished copy of this file (a transfer or export that died) is there
  | 'replace'; // another file of that name is there, and REUSE_DUMPFILES=YES

/** One file in the plan. */
export interface TransferPlanEntry {
  readonly file: string;
  readonly bytes: number;
  readonly action: TransferAction;
}

/** Events of a transfer, in order: plan, then per file start, progress..., verifying, verify-progress..., done. */
export type TransferEvent =
  | { readonly kind: 'plan'; readonly guid: string; readonly from: string; readonly to: string; readonly files: readonly TransferPlanEntry[]; readonly totalBytes: number }
  | { readonly kind: 'file-start'; readonly file: string; readonly bytes: number; readonly action: TransferAction }
  | { readonly kind: 'progress'; readonly file: string; readonly fileDone: number; readonly bytesDone: number; readonly totalBytes: number }
  | { readonly kind: 'file-verifying'; readonly file: string; readonly destination: string }
  | { readonly kind: 'verify-progress'; readonly file: string; readonly verified: number; readonly bytes: number }
  | { readonly kind: 'file-done'; readonly file: string; readonly bytes: number; readonly outcome: 'copied' | 'skipped'; readonly sha256: string; readonly destination: string }
  /** Uploads of the set's files a killed transfer left in progress at the destination were aborted (object storage bills them until then). */
  | { readonly kind: 'uploads-dropped'; readonly files: readonly string[]; readonly to: string };

/** One file of a finished transfer. */
export interface TransferFileReport {
  readonly file: string;
  readonly bytes: number;
  /** copied, or skipped because a verified copy was already there. */
  readonly outcome: 'copied' | 'skipped';
  /** The SHA-256 of the whole file as read back at the destination. */
  readonly sha256: string;
}

/** What transferDumpSet did. */
export interface TransferReport {
  readonly guid: string;
  readonly from: string;
  readonly to: string;
  readonly files: readonly TransferFileReport[];
  readonly bytesCopied: number;
  readonly bytesSkipped: number;
}

const DEFAULT_READ_AHEAD: ReadAheadTuning = { blockSize: 4 * 1024 * 1024, blocks: 4 };

/**
 * FILE TRANSFER (DBMS_FILE_TRANSFER, rdsadmin upload_to_s3 / download_from_s3): copies the files of one
 * dump file set from one location to another (folder or object storage, either way), streaming with
 * bounded memory. Each file is checked frame by frame (and against its trailer's SHA-256) as it is read,
 * so a damaged source is refused before a copy appears; each copy becomes final only once it is whole
 * (an object completes its multipart upload, a file gets its closed header last) and is then read back
 * and verified the same way, byte-equal to the source. A rerun skips files whose copy is there and
 * verifies, and replaces unfinished copies, so a transfer that died is continued by running it again.
 */
export async function transferDumpSet(opts: TransferOptions): Promise<TransferReport> {
  assertDirectory(opts.from, 'options.from');
  assertDirectory(opts.to, 'options.to');
  if (!Array.isArray(opts.files) || opts.files.length === 0) throw new TypeError('options.files must be a non-empty array of file names or templates');
  for (const f of opts.files) assertString(f, 'options.files[]');
  if (opts.onEvent !== undefined && typeof opts.onEvent !== 'function') throw new TypeError('options.onEvent must be a function');
  const tuning: ReadAheadTuning = { ...DEFAULT_READ_AHEAD, ...opts.readAhead };
  const emit = opts.onEvent ?? ((): void => {});
  const from = await resolveLocation(opts.from);
  const to = await resolveLocation(opts.to);
  if (from.display.replace(/\/+$/, '') === to.display.replace(/\/+$/, '')) {
    throw new DumpFormatError('BAD_ARGUMENT', `TO=${to.display} is the location the set is already in (DIRECTORY); name another folder or bucket prefix`);
  }
  await from.check();
  try {
    await to.check();
  } catch (e) {
    if (!(e instanceof DumpFormatError)) throw e;
    // The location's own words name the source's parameters; here it is the destination.
    const message = e.message.replace(/DIRECTORY \/ DUMPFILE|DIRECTORY/g, 'TO').replace('the profile named by CREDENTIAL', 'the profile named by TO_CREDENTIAL (or CREDENTIAL)');
    throw new DumpFormatError(e.code, message, { cause: e });
  }
  const sources = await openSetFiles(from, opts.files);
  try {
    const guid = formatGuid(sources[0]!.header.guid);
    checkWholeSet(from, sources, guid);
    const plan: TransferPlanEntry[] = [];
    const refused: string[] = [];
    for (const f of sources) {
      const action = await destinationState(to, f, opts.reuseDumpfiles === true);
      if (action === null) refused.push(f.name);
      else plan.push({ file: f.name, bytes: f.size, action });
    }
    if (refused.length > 0) {
      const names = refused.map((n) => to.describe(n));
      throw new DumpFormatError(
        'FILE_EXISTS',
        `${names.length === 1 ? `dump file ${names[0]} already exists` : `dump files ${names.join(', ')} already exist`} and ${names.length === 1 ? 'is not a copy' : 'are not copies'} of the set being transferred; remove ${names.length === 1 ? 'it' : 'them'}, choose another TO, or set REUSE_DUMPFILES=YES`,
        { file: refused[0]! },
      );
    }
    const totalBytes = sources.reduce((n, f) => n + f.size, 0);
    emit({ kind: 'plan', guid, from: from.display, to: to.display, files: plan, totalBytes });
    // A copy killed with -9 left its upload in progress (billed, never an object): aborted now. Only a
    // cleanup: a store that will not list uploads does not stop the transfer.
    const names = new Set(plan.map((p) => p.file));
    const dropped = (await to.dropUnfinished?.((name) => names.has(name)).catch(() => [])) ?? [];
    if (dropped.length > 0) emit({ kind: 'uploads-dropped', files: dropped, to: to.display });
    const files: TransferFileReport[] = [];
    let bytesDone = 0;
    const verifyProgress =
      (f: OpenDumpFile) =>
      (verified: number): void =>
        emit({ kind: 'verify-progress', file: f.name, verified, bytes: f.size });
    for (const [i, f] of sources.entries()) {
      opts.signal?.throwIfAborted();
      let action = plan[i]!.action;
      emit({ kind: 'file-start', file: f.name, bytes: f.size, action });
      if (action === 'check') {
        emit({ kind: 'file-verifying', file: f.name, destination: to.describe(f.name) });
        const { problem, sha256 } = await checkCopy(to, f, tuning, verifyProgress(f), opts.signal);
        if (problem === null) {
          bytesDone += f.size;
          emit({ kind: 'progress', file: f.name, fileDone: f.size, bytesDone, totalBytes });
          emit({ kind: 'file-done', file: f.name, bytes: f.size, outcome: 'skipped', sha256, destination: to.describe(f.name) });
          files.push({ file: f.name, bytes: f.size, outcome: 'skipped', sha256 });
          continue;
        }
        if (opts.reuseDumpfiles !== true) {
          throw new DumpFormatError(
            'FILE_EXISTS',
            `${to.describe(f.name)} is already there as a copy of ${from.describe(f.name)}, but it does not verify (${problem}); remove it or set REUSE_DUMPFILES=YES to replace it`,
            {
              file: f.name,
            },
          );
        }
        action = 'replace';
      }
      const base = bytesDone;
      const digest = await copyFile(from, to, f, action, tuning, opts.signal, (fileDone) => emit({ kind: 'progress', file: f.name, fileDone, bytesDone: base + fileDone, totalBytes }));
      emit({ kind: 'file-verifying', file: f.name, destination: to.describe(f.name) });
      const { problem, sha256 } = await checkCopy(to, f, tuning, verifyProgress(f), opts.signal, digest);
      if (problem !== null) {
        await to.delete(f.name).catch(() => {});
        throw new DumpFormatError('CHECKSUM_MISMATCH', `the copy ${to.describe(f.name)} does not match ${from.describe(f.name)} when read back (${problem}); it was removed. Run the transfer again`, {
          file: f.name,
        });
      }
      bytesDone = base + f.size;
      emit({ kind: 'file-done', file: f.name, bytes: f.size, outcome: 'copied', sha256, destination: to.describe(f.name) });
      files.push({ file: f.name, bytes: f.size, outcome: 'copied', sha256 });
    }
    const sum = (o: 'copied' | 'skipped'): number => files.filter((f) => f.outcome === o).reduce((n, f) => n + f.bytes, 0);
    return { guid, from: from.display, to: to.display, files, bytesCopied: sum('copied'), bytesSkipped: sum('skipped') };
  } finally {
    await Promise.all(sources.map((f) => f.handle.close().catch(() => {})));
  }
}

/** A set is transferred whole and finished: every file its writer closed, none missing. */
function checkWholeSet(from: DumpLocation, sources: readonly OpenDumpFile[], guid: string): void {
  for (const f of sources) {
    if (!isClosed(f.header)) {
      throw new DumpFormatError(
        'MISSING_PIECE',
        `${from.describe(f.name)} was never finished by its writer (its export is still running, or died); finish the export (sluice attach JOB --start) before transferring the set`,
        { file: f.name },
      );
    }
  }
  const count = Math.max(...sources.map((f) => f.header.masterPieceCount));
  for (let n = 1; n <= count; n++) {
    if (sources.some((f) => f.header.fileNumber === n)) continue;
    throw new DumpFormatError(
      'MISSING_FILE',
      `file number ${n} of dump file set ${guid} (${count} files) is not among the files DUMPFILE names in ${from.display}; name every file of the set (a template such as exp%U.dmp matches them all) or restore the missing file`,
    );
  }
}

/** What to do with the destination's file of that name; null when it is another file and REUSE_DUMPFILES is not set. */
async function destinationState(to: DumpLocation, src: OpenDumpFile, reuse: boolean): Promise<TransferAction | null> {
  const st = await to.stat(src.name);
  if (st === null) return 'copy';
  // An empty file is what a copy killed between creating its file and writing its header leaves.
  if (st.size === 0) return 'replace-unfinished';
  let dest: OpenDumpFile | null = null;
  try {
    dest = await openDumpFile(to, src.name);
  } catch (e) {
    if (!(e instanceof DumpFormatError) || e.code === 'IO_ERROR') throw e;
  }
  try {
    if (dest?.header.guid.equals(src.header.guid) && dest.header.fileNumber === src.header.fileNumber) {
      if (!isClosed(dest.header)) return 'replace-unfinished';
      if (dest.size === src.size && dest.headerBlock.equals(src.headerBlock)) return 'check';
    }
  } finally {
    await dest?.handle.close().catch(() => {});
  }
  return reuse ? 'replace' : null;
}

/** The header an unfinished copy carries: the source's, without CLOSED, so no reader takes the copy for whole. */
function unfinishedHeader(src: OpenDumpFile): Buffer {
  return encodeHeader({ ...src.header, flags: src.header.flags & ~HeaderFlag.CLOSED });
}

/**
 * A reader that hands every byte read, in order, to `onBytes` (hashing, the copy). Failures of the read
 * or of `onBytes` are kept, so they are told apart from damage the verification finds in the bytes.
 */
class Tap implements LocationReader {
  readonly size: number;
  failure: unknown = null;
  #next = HEADER_SIZE;

  constructor(
    readonly inner: LocationReader,
    readonly onBytes: (bytes: Buffer, position: number) => Promise<void> | void,
  ) {
    this.size = inner.size;
  }

  async read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }> {
    try {
      if (position !== this.#next) throw new Error(`read at offset ${position}, expected ${this.#next} (a copy reads front to back)`);
      const r = await this.inner.read(buffer, offset, length, position);
      if (r.bytesRead > 0) await this.onBytes(buffer.subarray(offset, offset + r.bytesRead), position);
      this.#next += r.bytesRead;
      return r;
    } catch (e) {
      this.failure ??= e;
      throw e;
    }
  }

  /** Bytes read so far, counting the header block. */
  get end(): number {
    return this.#next;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Checks a file front to back through `handle`; the problems the set's own checksums, index and trailer show. */
async function verifyThrough(f: OpenDumpFile, handle: Tap): Promise<DumpFormatError[]> {
  const problems: DumpFormatError[] = [];
  await verifyFile({ ...f, handle }, null, f.header.encryptionMode !== 'NONE', new MasterCheck(), (e) => problems.push(e));
  if (handle.failure !== null) throw handle.failure;
  if (handle.end !== f.size) problems.push(new DumpFormatError('TRUNCATED', `${f.name}: read ${handle.end} of ${f.size} bytes`, { file: f.name }));
  return problems;
}

/** Copies one file, verifying the source as it streams; resolves to the SHA-256 of the bytes copied. */
async function copyFile(
  from: DumpLocation,
  to: DumpLocation,
  src: OpenDumpFile,
  action: TransferAction,
  tuning: ReadAheadTuning,
  signal: AbortSignal | undefined,
  progress: (fileDone: number) => void,
): Promise<string> {
  const writer = await to.create(src.name, { overwrite: action !== 'copy', sync: true });
  let committed = false;
  try {
    await writer.write([unfinishedHeader(src)], 0);
    const digest = createHash('sha256').update(src.headerBlock);
    const tap = new Tap(new ReadAhead(src.handle, tuning), async (bytes, position) => {
      signal?.throwIfAborted();
      digest.update(bytes);
      await writer.write([bytes], position);
      progress(position + bytes.length);
    });
    const problems = await verifyThrough(src, tap);
    if (problems.length > 0) {
      const first = problems[0]!;
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length === 2 ? '' : 's'})` : '';
      throw new DumpFormatError(
        first.code,
        `${from.describe(src.name)} is damaged, so it was not transferred: ${first.message}${more}; restore it from a good copy (sluice verify lists every problem), then run the transfer again`,
        { file: src.name, ...(first.offset === undefined ? {} : { offset: first.offset }) },
      );
    }
    await writer.commit(src.headerBlock);
    committed = true;
    return digest.digest('hex');
  } finally {
    if (!committed) {
      await writer.abort().catch(() => {});
      // A folder keeps what an aborted writer wrote: remove it (object storage dropped its upload).
      if (!to.remote) await to.delete(src.name).catch(() => {});
    }
  }
}

/** Reads the destination's copy back and verifies it; `problem` is null when it is sound (and equal to `expected`, when given). */
async function checkCopy(
  to: DumpLocation,
  src: OpenDumpFile,
  tuning: ReadAheadTuning,
  progress: (verified: number) => void,
  signal: AbortSignal | undefined,
  expected?: string,
): Promise<{ problem: string | null; sha256: string }> {
  const dest = await openDumpFile(to, src.name);
  try {
    if (dest.size !== src.size) return { problem: `it is ${dest.size} bytes, the source ${src.size}`, sha256: '' };
    if (!dest.headerBlock.equals(src.headerBlock)) return { problem: "its header differs from the source's", sha256: '' };
    const digest: Hash = createHash('sha256').update(dest.headerBlock);
    const problems = await verifyThrough(
      dest,
      new Tap(new ReadAhead(dest.handle, tuning), (bytes, position) => {
        signal?.throwIfAborted();
        digest.update(bytes);
        progress(position + bytes.length);
      }),
    );
    const sha256 = digest.digest('hex');
    if (problems.length > 0) return { problem: problems[0]!.message, sha256 };
    if (expected !== undefined && sha256 !== expected) return { problem: `its SHA-256 ${sha256} is not the source's ${expected}`, sha256 };
    return { problem: null, sha256 };
  } finally {
    await dest.handle.close().catch(() => {});
  }
}
