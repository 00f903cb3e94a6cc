import { statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { CliError } from '../cli-error.js';
import { isObjectStorage } from './object-storage.js';

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

/**
 * Check that `name` is a simple file name (no folder part), as DUMPFILE, LOGFILE and SQLFILE must be;
 * the message says how to write the same thing with DIRECTORY.
 */
export function checkSimpleName(parameter: string, name: string): string {
  const bad = name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name);
  if (!bad) return name;
  const base = basename(name);
  const folder = dirname(name);
  const fix =
    base !== '' && base !== '.' && base !== '..' && folder !== '.'
      ? ` Put the folder in DIRECTORY: DIRECTORY=${folder} ${parameter}=${base}.`
      : ' Give a plain file name such as export.dmp.';
  throw new CliError('BAD_FILE_NAME', `${parameter}=${name} is not a simple file name: files live inside DIRECTORY and may not name another folder.${fix}`);
}

/** The full path of a simple file name inside the directory. */
export function inDirectory(directory: string, name: string): string {
  if (isObjectStorage(directory)) return `${directory}/${name}`;
  return isAbsolute(name) ? name : join(directory, name);
}
