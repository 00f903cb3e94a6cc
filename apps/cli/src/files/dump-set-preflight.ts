import { DumpSetReader, getDumpfileInfo, verifyDumpSet } from '@sluice/dump-format';
import { CliError } from '../cli-error.js';
import { expandDumpFileNames } from './dump-file-names.js';
import { inDirectory } from './directory.js';

/** What an import needs to know of a dump file set before it connects. */
export interface DumpSetFacts {
  /** The first file found, as a path. */
  readonly firstFile: string;
  readonly encryption: 'NONE' | 'PASSWORD' | 'KEY_FILE';
  readonly jobName: string;
  readonly sourceEngine: string;
}

/**
 * Read the header of the first file of the set named by DUMPFILE: a missing file, a file that is not
 * a dump file, or an encrypted set is known before any database is touched.
 */
export async function inspectDumpSet(directory: string, specs: readonly string[]): Promise<DumpSetFacts> {
  const names = await expandDumpFileNames(directory, specs);
  const first = names[0];
  if (first === undefined) {
    throw new CliError('FILE_NOT_FOUND', `DUMPFILE=${specs.join(',')} matches no file in ${directory}. Check DIRECTORY and DUMPFILE (ls ${directory}).`);
  }
  const path = inDirectory(directory, first);
  let info: Awaited<ReturnType<typeof getDumpfileInfo>>;
  try {
    info = await getDumpfileInfo(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'MISSING_FILE') throw new CliError('FILE_NOT_FOUND', `Dump file ${path} does not exist. Check DIRECTORY and DUMPFILE.`, { cause: error });
    throw error;
  }
  if (info.fileType === 0) {
    throw new CliError('BAD_PARAMETER', `${path} is not a dump file sluice can read: ${info.reason}`);
  }
  return { firstFile: path, encryption: info.encryptionMode, jobName: info.jobName, sourceEngine: info.sourceEngine };
}

/** Options of `checkDumpSet`. */
export interface DumpSetCheck {
  readonly encryptionPassword?: string;
  readonly keyFile?: string;
  /** VERIFY_CHECKSUM=Y: read every frame and checksum of the set too. */
  readonly verify: boolean;
}

/**
 * Open the whole set as the import will (every file present and of this set, the password right,
 * indexes sound), and with `verify` check every checksum, so a damaged set or a wrong password is
 * reported before the job, and its master table, touch the target. Returns a line for the log.
 */
export async function checkDumpSet(directory: string, specs: readonly string[], check: DumpSetCheck): Promise<string | undefined> {
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
    throw dumpSetError(error);
  }
  if (!check.verify) return undefined;
  const report = await verifyDumpSet(options).catch((error: unknown) => {
    throw dumpSetError(error);
  });
  if (!report.ok) {
    const shown = report.problems.slice(0, 5).map((p) => `${p.file}${p.offset === undefined ? '' : ` at offset ${p.offset}`}: ${p.message}`);
    const more = report.problems.length > shown.length ? ` (and ${report.problems.length - shown.length} more; sluice verify lists them all)` : '';
    throw new CliError('BAD_PARAMETER', `VERIFY_CHECKSUM: the dump file set in ${directory} is damaged, so nothing was imported: ${shown.join('; ')}${more}. Restore the damaged files from a good copy.`);
  }
  return `Dump file set ${report.guid ?? ''} verified: ${report.files.length} file${report.files.length === 1 ? '' : 's'}, every checksum matches.`;
}

/** A dump-format error at preflight, said in the CLI's terms. */
function dumpSetError(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'WRONG_PASSWORD':
      return new CliError('NO_PASSWORD', `${message.replace(/;[^;]*$/, '')}. Give the password the set was exported with (SLUICE_ENCRYPTION_PASSWORD, ENCRYPTION_PASSWORD_FILE= or ENCRYPTION_PWD_PROMPT=Y).`, { cause: error });
    case 'PASSWORD_REQUIRED':
      return new CliError('NO_PASSWORD', `${message}. Set SLUICE_ENCRYPTION_PASSWORD, give ENCRYPTION_PASSWORD_FILE=path, or ENCRYPTION_PWD_PROMPT=Y.`, { cause: error });
    default:
      return error;
  }
}
