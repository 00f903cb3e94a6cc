import { createHash } from 'node:crypto';
import { FrameFlag, FrameKindCode, HEADER_SIZE, TRAILER_FRAME_SIZE, type FrameKind } from './constants.js';
import { isClosed, openDumpFile, scanFile, type OpenDumpFile } from './dump-file.js';
import { encryptedKind } from './scope.js';
import { assertReaderOptions, resolveFileSpecs } from './set-files.js';
import { DumpFormatError } from './errors.js';
import { decodeTrailer, IndexBuilder, type Trailer } from './file-index.js';
import { openFrame } from './frame-codec.js';
import type { ParsedFrame } from './frame-parser.js';
import { decodeMasterPiece } from './master-pieces.js';
import { unlockSet, type SetKeys } from './set-keys.js';
import type { DumpSetReaderOptions, VerifyFileReport, VerifyProblem, VerifyReport } from './types.js';
import { formatGuid } from './writer-options.js';
import { resolveLocation } from './location-schemes.js';

/**
 * VERIFY: reads every file of a set front to back and checks every frame (CRC, and the AES-GCM tag when
 * the key is given), decompression, sequence order, each index against the frames, each file's SHA-256
 * (CHECKSUM=YES), that no file is missing or foreign, and the master table's SHA-256. Every problem is
 * reported with file, offset and sequence; it does not stop at the first. Throws only for a wrong
 * password or key (WRONG_PASSWORD, BAD_KEY) or unusable options.
 */
export async function verifyDumpSet(opts: DumpSetReaderOptions): Promise<VerifyReport> {
  assertReaderOptions(opts);
  const problems: VerifyProblem[] = [];
  const problem = (e: DumpFormatError | VerifyProblem, file?: string): void => {
    const p: VerifyProblem = {
      code: e.code,
      file: e.file ?? file ?? '',
      message: e.message,
      ...(e.offset !== undefined ? { offset: e.offset } : {}),
      ...(e.sequence !== undefined ? { sequence: e.sequence } : {}),
    };
    problems.push(p);
  };
  let names: string[];
  const location = await resolveLocation(opts.directory);
  try {
    names = await resolveFileSpecs(location, opts.files);
  } catch (e) {
    if (!(e instanceof DumpFormatError)) throw e;
    problem(e);
    return { ok: false, guid: null, files: [], problems, tagsChecked: false };
  }
  const files: OpenDumpFile[] = [];
  try {
    for (const name of names) {
      try {
        const f = await openDumpFile(location, name);
        const first = files[0];
        if (first && !first.header.guid.equals(f.header.guid)) {
          problem(new DumpFormatError('FOREIGN_FILE', `${name} belongs to dump file set ${formatGuid(f.header.guid)}, not to set ${formatGuid(first.header.guid)} of ${first.name}`, { file: name }));
          await f.handle.close();
        } else if (files.some((x) => x.header.fileNumber === f.header.fileNumber)) {
          problem(new DumpFormatError('FOREIGN_FILE', `${name} claims file number ${f.header.fileNumber}, which another given file already has`, { file: name }));
          await f.handle.close();
        } else files.push(f);
      } catch (e) {
        if (!(e instanceof DumpFormatError)) throw e;
        problem(e, name);
      }
    }
    if (files.length === 0) return { ok: false, guid: null, files: [], problems, tagsChecked: false };
    files.sort((a, b) => a.header.fileNumber - b.header.fileNumber);
    const head = files[0]!;
    let keys: SetKeys | null = null;
    try {
      keys = await unlockSet(head.header, head.name, opts);
    } catch (e) {
      if (!(e instanceof DumpFormatError) || e.code !== 'PASSWORD_REQUIRED') throw e;
    }
    const encrypted = head.header.encryptionMode !== 'NONE';
    const master = new MasterCheck();
    const reports: VerifyFileReport[] = [];
    try {
      for (const f of files) reports.push(await verifyFile(f, keys, encrypted, master, problem));
    } finally {
      keys?.cipher.destroy();
    }
    // Missing files: gaps in the numbering, or fewer files than the closed set's piece count.
    const count = Math.max(...files.map((f) => f.header.masterPieceCount), ...files.map((f) => f.header.fileNumber));
    let reported = 0;
    for (let n = 1; n <= count; n++) {
      if (files.some((f) => f.header.fileNumber === n)) continue;
      if (++reported > 100) {
        problems.push({
          code: 'MISSING_FILE',
          file: '',
          message: `and ${count - n + 1 - files.filter((f) => f.header.fileNumber >= n).length} more files of the set are missing (the headers say the set has ${count} files)`,
        });
        break;
      }
      const name = master.names[n - 1];
      problems.push({
        code: 'MISSING_FILE',
        file: name ?? '',
        message: `file number ${n} of dump file set ${formatGuid(head.header.guid)}${name ? ` (${name})` : ''} was not given or does not exist; its master piece ${n} is missing too`,
      });
    }
    const open = files.filter((f) => !isClosed(f.header));
    for (const f of open) {
      problems.push({
        code: 'MISSING_PIECE',
        file: f.name,
        message: `${f.name} was never finished by its writer (no master piece, index or trailer): the export died; restart it to complete the set`,
      });
    }
    if (open.length === 0 && (keys || !encrypted)) master.finish(head.name, problems);
    return { ok: problems.length === 0, guid: formatGuid(head.header.guid), files: reports, problems, tagsChecked: keys !== null || !encrypted };
  } finally {
    await Promise.all(files.map((f) => f.handle.close().catch(() => {})));
  }
}

/** Checks one file front to back (also used by transfer, on the source as it streams and on the copy). */
export async function verifyFile(f: OpenDumpFile, keys: SetKeys | null, encrypted: boolean, master: MasterCheck, problem: (e: DumpFormatError) => void): Promise<VerifyFileReport> {
  const closed = isClosed(f.header);
  const trailerOffset = f.size - TRAILER_FRAME_SIZE;
  const hash = f.header.fileChecksum === 'SHA256' && closed ? createHash('sha256') : null;
  let hashed = HEADER_SIZE;
  const seen = new IndexBuilder();
  let indexPayload: Buffer | null = null;
  let trailer: Trailer | null = null;
  let trailerAt = -1;
  let frames = 0;
  let bad = 0;
  let last = -1;
  const fail = (e: DumpFormatError): void => {
    bad++;
    problem(e);
  };
  const onFrame = (fr: ParsedFrame): void => {
    frames++;
    const h = fr.header;
    const where = { file: f.name, offset: fr.offset, sequence: h.sequence };
    if (h.sequence <= last) {
      fail(new DumpFormatError('BAD_FRAME', `${f.name}: frame ${h.sequence} at offset ${fr.offset} comes after frame ${last}; frames were reordered or copied in`, where));
      return;
    }
    last = h.sequence;
    if (h.kindCode === FrameKindCode.index) {
      indexPayload = Buffer.from(fr.stored);
      return;
    }
    if (h.kindCode === FrameKindCode.trailer) {
      try {
        trailer = decodeTrailer(Buffer.from(fr.stored));
        trailerAt = fr.offset;
      } catch (e) {
        fail(new DumpFormatError('BAD_FRAME', `${f.name}: the trailer at offset ${fr.offset} is malformed (${(e as Error).message})`, where));
      }
      return;
    }
    seen.add({ offset: fr.offset, sequence: h.sequence, stream: h.stream, kindCode: h.kindCode, flags: h.flags, storedLength: h.storedLength, plainLength: h.plainLength });
    const kind = h.kind as FrameKind | null;
    if (kind === null) return;
    if (encryptedKind(f.header.flags, kind) !== ((h.flags & FrameFlag.ENCRYPTED) !== 0)) {
      fail(new DumpFormatError('BAD_FRAME', `${f.name}: frame ${h.sequence} at offset ${fr.offset} does not follow the set's ENCRYPTION scope for ${kind} frames`, where));
      return;
    }
    if (encrypted && (h.flags & FrameFlag.ENCRYPTED) !== 0 && !keys) return; // tags cannot be checked without the key
    try {
      const payload = openFrame({ guid: f.header.guid, fileNumber: f.header.fileNumber, cipher: keys?.cipher ?? null }, h, fr.rawHeader, fr.stored, f.name, fr.offset);
      if (kind === 'master') master.add(decodeMasterPiece(payload), f.name, f.header.fileNumber);
    } catch (e) {
      if (e instanceof DumpFormatError) fail(e);
      else fail(new DumpFormatError('BAD_FRAME', `${f.name}: frame ${h.sequence} at offset ${fr.offset} is malformed (${(e as Error).message})`, where));
    }
  };
  try {
    await scanFile(f, {
      resync: true,
      onFrame,
      onSkip: (s) => fail(new DumpFormatError(s.code, s.message, { file: s.file, offset: s.offset, ...(s.sequence !== undefined ? { sequence: s.sequence } : {}) })),
      onBytes: (chunk) => {
        if (!hash || hashed >= trailerOffset) return;
        const take = Math.min(chunk.length, trailerOffset - hashed);
        hash.update(chunk.subarray(0, take));
        hashed += take;
      },
    });
  } catch (e) {
    if (!(e instanceof DumpFormatError)) throw e;
    fail(e);
  }
  let sha: VerifyFileReport['sha256'] = 'absent';
  const t = trailer as Trailer | null;
  if (closed) {
    if (!t || trailerAt !== trailerOffset) {
      fail(
        new DumpFormatError('TRUNCATED', `${f.name}: no intact trailer at its end (offset ${trailerOffset}); the file was cut short or its end is damaged`, {
          file: f.name,
          offset: Math.max(trailerOffset, HEADER_SIZE),
        }),
      );
    } else {
      const ip = indexPayload as Buffer | null;
      if (!ip?.equals(seen.payload())) {
        fail(new DumpFormatError('BAD_FRAME', `${f.name}: the index frame does not list the frames the file holds; the file was altered`, { file: f.name, offset: t.indexOffset }));
      }
      if (t.fileChecksum === 'SHA256' && hash) {
        const digest = hash.update(f.headerBlock).digest();
        sha = digest.equals(t.sha256) ? 'ok' : 'mismatch';
        if (sha === 'mismatch')
          fail(new DumpFormatError('CHECKSUM_MISMATCH', `${f.name}: the file's SHA-256 does not match the one in its trailer; the file was altered`, { file: f.name, offset: trailerOffset }));
      }
    }
  }
  return { file: f.name, fileNumber: f.header.fileNumber, bytes: f.size, frames, badFrames: bad, complete: closed, sha256: sha };
}

/** Follows master pieces as they are met (in file order, which is byte order) and checks the whole. */
export class MasterCheck {
  names: readonly string[] = [];
  #hash = createHash('sha256');
  #at = 0;
  #count = 0;
  #length = -1;
  #sha: Buffer | null = null;
  #pieces = new Set<number>();
  #broken: string | null = null;

  add(p: ReturnType<typeof decodeMasterPiece>, file: string, fileNumber: number): void {
    if (p.names.length > 0) this.names = p.names;
    if (this.#length < 0) {
      this.#length = p.masterLength;
      this.#count = p.count;
      this.#sha = p.masterSha256;
    }
    if (p.number !== fileNumber) this.#broken ??= `${file} holds master piece ${p.number} but is file ${fileNumber}`;
    if (p.masterLength !== this.#length || p.count !== this.#count || !p.masterSha256.equals(this.#sha!)) this.#broken ??= `${file}: master pieces disagree on the master length or checksum`;
    if (p.pieceOffset !== this.#at) this.#broken ??= `${file}: master piece ${p.number} starts at byte ${p.pieceOffset}, expected ${this.#at}`;
    this.#hash.update(p.data);
    this.#at += p.data.length;
    this.#pieces.add(p.number);
  }

  finish(file: string, problems: VerifyProblem[]): void {
    if (this.#length < 0) {
      problems.push({ code: 'MISSING_PIECE', file, message: 'no master piece found in the set' });
      return;
    }
    for (let n = 1; n <= this.#count; n++) {
      if (!this.#pieces.has(n)) {
        const name = this.names[n - 1];
        problems.push({ code: 'MISSING_PIECE', file: name ?? '', message: `master piece ${n} of ${this.#count} is missing (${name ?? `file number ${n}`})` });
        return;
      }
    }
    if (this.#broken) problems.push({ code: 'BAD_FRAME', file, message: this.#broken });
    else if (this.#at !== this.#length || !this.#hash.digest().equals(this.#sha!)) {
      problems.push({ code: 'CHECKSUM_MISMATCH', file, message: 'the reassembled master table does not match its SHA-256' });
    }
  }
}
