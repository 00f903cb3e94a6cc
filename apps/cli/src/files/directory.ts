import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from '../cli-error.js';
import { isObjectStorage } from './object-storage.js';

/** File names inside DIRECTORY: one rule for the CLI and the REST service, in the engine. */
export { checkSimpleName, inDirectory } from '@sluice/engine';

/**
 * The folder of DIRECTORY= (the directory-object idea): dump, log and SQL files live inside it and
 * are named by simple names only. Defaults to the current folder.
 */
export function resolveDirectory(given: string | undefined): string {
  // s3://bucket/prefix (or an https:// bucket URL): checked when the location is opened.
  if (isObjectStorage(given)) return given.replace(/\/+$/, '');
  const directory = resolve(given ?? '.');
  let isDirectory = false;
  try {
    isDirectory = statSync(directory).isDirectory();
  } catch (error) {
    throw new CliError('FILE_NOT_FOUND', `DIRECTORY=${given ?? '.'} does not exist. Create the folder (mkdir -p ${directory}) or name an existing one.`, { cause: error });
  }
  if (!isDirectory) throw new CliError('BAD_PARAMETER', `DIRECTORY=${given ?? '.'} is a file, not a folder. Name the folder the files go in.`);
  return directory;
}
