import { assertObject, assertString } from './assert.js';
import { openDumpFile, type OpenDumpFile } from './dump-file.js';
import { DumpFormatError } from './errors.js';
import { assertFileName, isTemplate, matchImportSpec } from './file-spec.js';
import type { DumpLocation } from './location.js';
import type { DumpSetReaderOptions } from './types.js';
import { formatGuid } from './writer-options.js';

/** Checks the reader options at the public boundary. */
export function assertReaderOptions(opts: DumpSetReaderOptions): void {
  assertObject(opts, 'options');
  assertDirectory(opts.directory, 'options.directory');
  if (!Array.isArray(opts.files) || opts.files.length === 0) throw new TypeError('options.files must be a non-empty array of file names or templates');
  for (const s of opts.files) assertString(s, 'options.files[]');
  if (opts.encryptionPassword !== undefined) assertString(opts.encryptionPassword, 'options.encryptionPassword');
  if (opts.keyFile !== undefined) assertString(opts.keyFile, 'options.keyFile');
  if (opts.onSkip !== undefined && typeof opts.onSkip !== 'function') throw new TypeError('options.onSkip must be a function');
}

/** The file names the specs stand for, as impdp resolves DUMPFILE: templates match existing files, plain names must exist. */
export async function resolveFileSpecs(location: DumpLocation, specs: readonly string[]): Promise<string[]> {
  const listing = await location.list();
  const directory = location.display;
  const names: string[] = [];
  for (const spec of specs) {
    const matched = matchImportSpec(spec, listing);
    for (const name of matched) {
      assertFileName(name);
      if (!listing.includes(name)) {
        throw new DumpFormatError('MISSING_FILE', `dump file ${name} does not exist in ${directory}; check DUMPFILE and DIRECTORY`, { file: name });
      }
      if (!names.includes(name)) names.push(name);
    }
    if (matched.length === 0 && isTemplate(spec)) {
      throw new DumpFormatError('MISSING_FILE', `no file in ${directory} matches the DUMPFILE template ${spec}; check DUMPFILE and DIRECTORY`, { file: spec });
    }
  }
  return names;
}

/** Opens every named file, checks they are one set (FOREIGN_FILE) without duplicates, ordered by file number. */
export async function openSetFiles(location: DumpLocation, specs: readonly string[]): Promise<OpenDumpFile[]> {
  const names = await resolveFileSpecs(location, specs);
  const opened: OpenDumpFile[] = [];
  try {
    for (const name of names) opened.push(await openDumpFile(location, name));
    const first = opened[0]!;
    for (const f of opened.slice(1)) {
      if (!f.header.guid.equals(first.header.guid)) {
        throw new DumpFormatError(
          'FOREIGN_FILE',
          `${f.name} belongs to dump file set ${formatGuid(f.header.guid)} (job ${f.header.jobName}), not to set ${formatGuid(first.header.guid)} of ${first.name} (job ${first.header.jobName}); remove it from DUMPFILE`,
          { file: f.name },
        );
      }
    }
    opened.sort((a, b) => a.header.fileNumber - b.header.fileNumber);
    for (let i = 1; i < opened.length; i++) {
      if (opened[i]!.header.fileNumber === opened[i - 1]!.header.fileNumber) {
        throw new DumpFormatError(
          'FOREIGN_FILE',
          `${opened[i - 1]!.name} and ${opened[i]!.name} both claim to be file ${opened[i]!.header.fileNumber} of set ${formatGuid(first.header.guid)}; remove the copy from DUMPFILE`,
          { file: opened[i]!.name },
        );
      }
    }
    return opened;
  } catch (e) {
    await Promise.all(opened.map((f) => f.handle.close().catch(() => {})));
    throw e;
  }
}

/** A directory option: a folder path or URL string, or a DumpLocation object. */
export function assertDirectory(value: unknown, what: string): void {
  if (typeof value === 'object' && value !== null && typeof (value as DumpLocation).openRead === 'function') return;
  assertString(value, what);
}
