import { DumpFormatError } from './errors.js';
import { LocalFolder } from './local-folder.js';
import type { DumpLocation } from './location.js';

/** Opens the location a URL names (e.g. `s3://bucket/prefix`). */
export type LocationOpener = (url: string) => DumpLocation | Promise<DumpLocation>;

const schemes = new Map<string, LocationOpener>();
const URL_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/**
 * Makes `scheme://...` directories open through `opener` (the CLI registers `s3` with @sluice/storage-s3,
 * loaded only when such a directory is used). Anything without a scheme is a local folder.
 */
export function registerLocationScheme(scheme: string, opener: LocationOpener): void {
  schemes.set(scheme.toLowerCase(), opener);
}

/** Whether `directory` names a location by URL (`s3://...`) rather than a local folder. */
export function isLocationUrl(directory: string): boolean {
  return URL_SCHEME.test(directory);
}

/** The location a DIRECTORY value names. */
export async function resolveLocation(directory: string | DumpLocation): Promise<DumpLocation> {
  if (typeof directory !== 'string') return directory;
  const m = URL_SCHEME.exec(directory);
  if (!m) return new LocalFolder(directory);
  const opener = schemes.get(m[1]!.toLowerCase());
  if (!opener) {
    throw new DumpFormatError('BAD_ARGUMENT', `DIRECTORY=${directory}: no storage is registered for ${m[1]}:// locations; use a local folder or an s3:// location`);
  }
  return opener(directory);
}
