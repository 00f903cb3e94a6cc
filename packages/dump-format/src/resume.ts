import type { Hash } from 'node:crypto';
import { sha256Hasher } from './checksum.js';
import { FRAME_HEADER_SIZE, FrameKindCode, HEADER_SIZE, HeaderFlag } from './constants.js';
import { openDumpFile, scanFile, type OpenDumpFile } from './dump-file.js';
import { DumpFormatError } from './errors.js';
import { IndexBuilder } from './file-index.js';
import { matchImportSpec } from './file-spec.js';
import type { DumpfileHeader } from './header.js';
import type { DumpLocation } from './location.js';
import { configFlags, formatGuid, type WriterConfig } from './writer-options.js';

const noop = (): void => {};

/** Finds the existing files of set `guid` among the files the specs can name, ordered by file number. */
export async function findSetFiles(location: DumpLocation, specs: readonly string[], guid: Buffer, options: { gaps?: boolean } = {}): Promise<OpenDumpFile[]> {
  const listing = await location.list();
  const directory = location.display;
  const candidates = new Set<string>();
  for (const spec of specs) for (const name of matchImportSpec(spec, listing, true)) if (listing.includes(name)) candidates.add(name);
  const found: OpenDumpFile[] = [];
  for (const name of candidates) {
    const f = await openDumpFile(location, name).catch(() => null);
    if (!f) continue;
    if (f.header.guid.equals(guid)) found.push(f);
    else await f.handle.close();
  }
  found.sort((a, b) => a.header.fileNumber - b.header.fileNumber);
  const close = async (): Promise<void> => {
    await Promise.all(found.map((f) => f.handle.close().catch(noop)));
  };
  if (found.length === 0) {
    throw new DumpFormatError('MISSING_FILE', `no file of dump file set ${formatGuid(guid)} found in ${directory} for ${specs.join(', ')}; check DIRECTORY and DUMPFILE`);
  }
  // Several writers on one set: a file whose writer died before it was stored is a gap, filled at close.
  for (let i = 0; i < found.length && options.gaps !== true; i++) {
    if (found[i]!.header.fileNumber !== i + 1) {
      await close();
      throw new DumpFormatError('MISSING_FILE', `file number ${i + 1} of dump file set ${formatGuid(guid)} is missing from ${directory}; restore it before restarting the export`, {
        file: found[i]!.name,
      });
    }
  }
  return found;
}

/** A resumed export must use the same transformations the set was started with. */
export function checkResumeConfig(cfg: WriterConfig, h: DumpfileHeader, file: string): void {
  const want = configFlags(cfg) & ~HeaderFlag.FILE_CHECKSUM;
  const have = h.flags & (HeaderFlag.METADATA_COMPRESSED | HeaderFlag.DATA_COMPRESSED | HeaderFlag.METADATA_ENCRYPTED | HeaderFlag.DATA_ENCRYPTED);
  const differs: string[] = [];
  if (want !== have) differs.push('COMPRESSION/ENCRYPTION scope');
  if (cfg.encryptionMode !== h.encryptionMode) differs.push(`ENCRYPTION_MODE (set: ${h.encryptionMode})`);
  if (cfg.encryptionMode !== 'NONE' && cfg.encryptionAlgorithm !== h.encryptionAlgorithm) differs.push(`ENCRYPTION_ALGORITHM (set: ${h.encryptionAlgorithm})`);
  if (cfg.checksum !== (h.fileChecksum === 'SHA256')) differs.push(`CHECKSUM (set: ${h.fileChecksum === 'SHA256' ? 'YES' : 'NO'})`);
  if (cfg.version.major !== h.major || cfg.version.minor !== h.minor) differs.push(`VERSION (set: ${h.major}.${h.minor})`);
  if (differs.length > 0) {
    throw new DumpFormatError('BAD_ARGUMENT', `resuming ${file}: ${differs.join(', ')} differ from the set being resumed; restart with the original export parameters`, { file });
  }
}

/**
 * Scans a file of a set being resumed: keeps the intact data and metadata frames from the start, and
 * finds where to cut (a torn tail, or the first frame a close() wrote). Damage followed by intact frames
 * is not a torn tail: CHECKSUM_MISMATCH. Hashes what is kept when `checksum` (CHECKSUM=YES).
 */
export async function recoverFrames(f: OpenDumpFile, checksum: boolean): Promise<{ index: IndexBuilder; hash: Hash | null; keep: number; lastSequence: number }> {
  const index = new IndexBuilder();
  const hash = checksum ? sha256Hasher() : null;
  const closing = (code: number): boolean => code === FrameKindCode.master || code === FrameKindCode.index || code === FrameKindCode.trailer;
  let end = HEADER_SIZE; // end of the run of intact frames kept so far
  let cut: { offset: number; damaged: boolean } | null = null;
  let intactAfterDamage: number | null = null;
  let lastSequence = -1;
  await scanFile(f, {
    resync: true,
    onFrame: (fr) => {
      const h = fr.header;
      lastSequence = Math.max(lastSequence, h.sequence);
      if (cut) {
        if (cut.damaged && !closing(h.kindCode)) intactAfterDamage ??= fr.offset;
        return;
      }
      if (closing(h.kindCode) || h.kind === null) {
        cut = { offset: fr.offset, damaged: false };
        return;
      }
      hash?.update(fr.rawHeader);
      hash?.update(fr.stored);
      index.add({ offset: fr.offset, sequence: h.sequence, stream: h.stream, kindCode: h.kindCode, flags: h.flags, storedLength: h.storedLength, plainLength: h.plainLength });
      end = fr.offset + FRAME_HEADER_SIZE + h.storedLength;
    },
    onSkip: (s) => {
      cut ??= { offset: s.offset, damaged: true };
    },
  });
  const keep = (cut as { offset: number } | null)?.offset ?? end;
  if (intactAfterDamage !== null) {
    throw new DumpFormatError(
      'CHECKSUM_MISMATCH',
      `${f.name}: damaged bytes at offset ${keep} are followed by intact frames (offset ${intactAfterDamage}); this is not a torn tail, so the export cannot resume; restore the file`,
      { file: f.name, offset: keep },
    );
  }
  return { index, hash, keep, lastSequence };
}
