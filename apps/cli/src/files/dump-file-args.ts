import { basename, dirname, resolve } from 'node:path';
import { dumpFileLocation, expandDumpFileNames } from '@sluice/engine';
import { CliError } from '../cli-error.js';
import type { ParsedCommandLine } from '../params/parse-command-line.js';
import { checkSimpleName, resolveDirectory } from './directory.js';
import { isObjectStorage } from './object-storage.js';

/** The dump files `info` and `verify` look at: one folder and the names in it. */
export interface DumpFileSelection {
  readonly directory: string;
  readonly names: readonly string[];
}

/**
 * Dump files named as arguments (`sluice info /backups/hr01.dmp`), or by DIRECTORY= and DUMPFILE=
 * as an import names them. Files given as paths are grouped by folder.
 */
export async function dumpFileSelections(parsed: ParsedCommandLine): Promise<DumpFileSelection[]> {
  const { params, positionals, command } = parsed;
  if (positionals.length > 0 && params.has('DUMPFILE')) {
    throw new CliError('CONFLICTING_PARAMETERS', `Name the files either as arguments or with DUMPFILE=, not both (sluice ${command} FILE... or sluice ${command} DIRECTORY=folder DUMPFILE=name).`);
  }
  if (positionals.length > 0) {
    const groups = new Map<string, string[]>();
    for (const file of positionals) {
      const url = !params.has('DIRECTORY') && isObjectStorage(file);
      const directory = params.has('DIRECTORY') ? resolveDirectory(params.text('DIRECTORY')) : url ? file.slice(0, file.lastIndexOf('/')) : resolve(dirname(file));
      const name = params.has('DIRECTORY') ? checkSimpleName('FILE', file) : url ? file.slice(file.lastIndexOf('/') + 1) : basename(file);
      const list = groups.get(directory) ?? [];
      list.push(name);
      groups.set(directory, list);
    }
    return Promise.all([...groups].map(async ([directory, names]) => ({ directory, names: await expandDumpFileNames(directory, names) })));
  }
  if (!params.has('DUMPFILE')) {
    throw new CliError('MISSING_PARAMETER', `sluice ${command} needs dump files: sluice ${command} FILE... or sluice ${command} DIRECTORY=folder DUMPFILE=name[,...].`);
  }
  const { directory, specs } = dumpFileLocation(params.text('DIRECTORY'), params.list('DUMPFILE'));
  const resolved = resolveDirectory(directory);
  const names = await expandDumpFileNames(resolved, specs);
  if (names.length === 0) throw new CliError('FILE_NOT_FOUND', `DUMPFILE=${specs.join(',')} matches no file in ${resolved}.`);
  return [{ directory: resolved, names }];
}
