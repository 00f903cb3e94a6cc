import { CliError } from '../cli-error.js';
import { checkSimpleName } from './directory.js';
import { isObjectStorage } from './object-storage.js';

/**
 * DUMPFILE entries may be whole object-storage URLs (`s3://bucket/prefix/exp%U.dmp`, or an https://
 * bucket URL, as ORDS takes them): the part before the last '/' is then the directory. Every entry of
 * a set lives in one directory, so the URLs must agree with each other and with DIRECTORY.
 */
export function dumpFileLocation(directory: string | undefined, entries: readonly string[]): { directory: string | undefined; specs: string[] } {
  let fromUrls: string | undefined;
  const specs = entries.map((entry) => {
    if (!isObjectStorage(entry)) return checkSimpleName('DUMPFILE', entry);
    const cut = entry.lastIndexOf('/');
    const folder = entry.slice(0, cut);
    const name = entry.slice(cut + 1);
    if (name === '' || folder.endsWith(':/')) {
      throw new CliError('BAD_FILE_NAME', `DUMPFILE=${entry} does not end with a file name. Write DUMPFILE=s3://bucket/prefix/expdat%U.dmp (or DIRECTORY=s3://bucket/prefix DUMPFILE=expdat%U.dmp).`);
    }
    if (fromUrls !== undefined && fromUrls !== folder) {
      throw new CliError('CONFLICTING_PARAMETERS', `DUMPFILE names two locations (${fromUrls} and ${folder}); the files of a dump file set live in one location.`);
    }
    fromUrls = folder;
    return checkSimpleName('DUMPFILE', name);
  });
  if (fromUrls === undefined) return { directory, specs };
  if (directory !== undefined && directory.replace(/\/+$/, '') !== fromUrls) {
    throw new CliError('CONFLICTING_PARAMETERS', `DUMPFILE=${entries.join(',')} is in ${fromUrls} but DIRECTORY=${directory}. Leave DIRECTORY out, or give DUMPFILE as names inside DIRECTORY.`);
  }
  return { directory: fromUrls, specs };
}
