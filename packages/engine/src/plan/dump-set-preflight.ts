import { DumpSetReader, getDumpfileInfo, verifyDumpSet } from '@sluice/dump-format';
import { JobError } from '../errors.js';
import { expandDumpFileNames, inDirectory } from './file-names.js';
import { COMMAND_LINE_WORDS, type ParameterWords } from './parameter-words.js';

/** What an import needs to know of a dump file set before it connects. */
export interface DumpSetFacts {
  /** The first file found, as a path (or URL). */
  readonly firstFile: string;
  readonly encryption: 'NONE' | 'PASSWORD' | 'KEY_FILE';
  readonly jobName: string;
  readonly sourceEngine: string;
}

/** How the pre-flight's messages speak to the caller. */
export interface PreflightWording {
  /** How parameters are named (the command line's by default). */
  readonly words?: ParameterWords;
  /** How the directory is named (e.g. a configured directory name); the path itself by default. */
  readonly place?: string;
  /** Where a password can be given, said after a missing or wrong one (e.g. `Set SLUICE_ENCRYPTION_PASSWORD ...`). */
  readonly passwordHelp?: { readonly missing: string; readonly wrong: string };
}

/**
 * Read the header of the first file of the set named by DUMPFILE: a missing file, a file that is not
 * a dump file, or an encrypted set is known before any database is touched.
 */
export async function inspectDumpSet(directory: string, specs: readonly string[], wording: PreflightWording = {}): Promise<DumpSetFacts> {
  const w = wording.words ?? COMMAND_LINE_WORDS;
  const names = await expandDumpFileNames(directory, specs);
  const first = names[0];
  if (first === undefined) {
    const where = wording.place ?? directory;
    const hint = wording.place === undefined ? ` (ls ${directory})` : '';
    throw new JobError('INVALID_ARGVAL', `${w.given('DUMPFILE', specs.join(','))} matches no file in ${where}. Check ${w.name('DIRECTORY')} and ${w.name('DUMPFILE')}${hint}.`, {
      parameter: 'DUMPFILE',
    });
  }
  const path = inDirectory(directory, first);
  const shown = wording.place === undefined ? path : `${first} in ${wording.place}`;
  let info: Awaited<ReturnType<typeof getDumpfileInfo>>;
  try {
    info = await getDumpfileInfo(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'MISSING_FILE')
      throw new JobError('INVALID_ARGVAL', `Dump file ${shown} does not exist. Check ${w.name('DIRECTORY')} and ${w.name('DUMPFILE')}.`, { parameter: 'DUMPFILE', cause: error });
    throw error;
  }
  if (info.fileType === 0) {
    throw new JobError('INVALID_ARGVAL', `${shown} is not a dump file sluice can read: ${info.reason}`, { parameter: 'DUMPFILE' });
  }
  return { firstFile: path, encryption: info.encryptionMode, jobName: info.jobName, sourceEngine: info.sourceEngine };
}

/** Options of `checkDumpSet`. */
export interface DumpSetCheck extends PreflightWording {
  readonly encryptionPassword?: string;
  readonly keyFile?: string;
  /** VERIFY_CHECKSUM=Y: read every frame and checksum of the set too. */
  readonly verify: boolean;
}

/**
 * Open the whole set as the import will (every file present and of this set, the password right,
 * indexes sound), and with `verify` check every checksum, so a damaged set or a wrong password is
 * reported before the job, and its master table, touch the target. Returns a line for the job's log
 * when the set was verified.
 */
export async function checkDumpSet(directory: string, specs: readonly string[], check: DumpSetCheck): Promise<string | undefined> {
  const w = check.words ?? COMMAND_LINE_WORDS;
  const options = {
    directory,
    files: [...specs],
    ...(check.encryptionPassword === undefined ? {} : { encryptionPassword: check.encryptionPassword }),
    ...(check.keyFile === undefined ? {} : { keyFile: check.keyFile }),
  };
  try {
    const reader = await DumpSetReader.open(options);
    await reader.close();
  } catch (error) {
    throw dumpSetError(error, check);
  }
  if (!check.verify) return undefined;
  const report = await verifyDumpSet(options).catch((error: unknown) => {
    throw dumpSetError(error, check);
  });
  if (!report.ok) {
    const shown = report.problems.slice(0, 5).map((p) => `${p.file}${p.offset === undefined ? '' : ` at offset ${p.offset}`}: ${p.message}`);
    const more = report.problems.length > shown.length ? ` (and ${report.problems.length - shown.length} more; sluice verify lists them all)` : '';
    throw new JobError(
      'INVALID_ARGVAL',
      `${w.name('VERIFY_CHECKSUM')}: the dump file set in ${check.place ?? directory} is damaged, so nothing was imported: ${shown.join('; ')}${more}. Restore the damaged files from a good copy.`,
      { parameter: 'DUMPFILE' },
    );
  }
  return `Dump file set ${report.guid ?? ''} verified: ${report.files.length} file${report.files.length === 1 ? '' : 's'}, every checksum matches.`;
}

/** A dump-format error at pre-flight, said in the caller's terms. */
function dumpSetError(error: unknown, wording: PreflightWording): unknown {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const help = wording.passwordHelp;
  switch (code) {
    case 'WRONG_PASSWORD':
      return new JobError('INVALID_ARGVAL', `${message.replace(/;[^;]*$/, '')}. Give the password the set was exported with${help === undefined ? '' : ` ${help.wrong}`}.`, {
        parameter: 'ENCRYPTION_PASSWORD',
        cause: error,
      });
    case 'PASSWORD_REQUIRED':
      return new JobError('INVALID_ARGVAL', `${message}.${help === undefined ? '' : ` ${help.missing}`}`, { parameter: 'ENCRYPTION_PASSWORD', cause: error });
    default:
      return error;
  }
}
