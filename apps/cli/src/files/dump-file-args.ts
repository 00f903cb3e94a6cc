import { basename, dirname, resolve } from 'node:path';
import { CliError } from '../cli-error.js';
import type { ParsedCommandLine } from '../params/parse-command-line.js';
import { checkSimpleName, resolveDirectory } from './directory.js';
import { expandDumpFileNames } from './dump-file-names.js';

/** The dump files `info` and `verify` look at: one folder and the names in it. */
export interface DumpFileSelection {
  readonly directory: string;
  readonly names: readonly string[];
}

/**
 * Dump files named as arguments (`sluice info /backups/hr01.dmp`), or by DIRECTORY= and DUMPFILE=
 * as an import names them. Files given as paths are grouped by folder.
 */
export function dumpFileSelections(parsed: ParsedCommandLine): DumpFileSelection[] {
  const { params, positionals, command } = parsed;
  if (positionals.length > 0 && params.has('DUMPFILE')) {
    throw new CliError('CONFLICTING_PARAMETERS', `Name the files either as arguments or with DUMPFILE=, not both (sluice ${command} FILE... or sluice ${command} DIRECTORY=folder DUMPFILE=name).`);
  }
  if (positionals.length > 0) {
    const groups = new Map<string, string[]>();
    for (const file of positionals) {
      const directory = params.has('DIRECTORY') ? resolveDirectory(params.text('DIRECTORY')) : resolve(dirname(file));
      const name = params.has('DIRECTORY') ? checkSimpleName('FILE', file) : basename(file);
      const list = groups.get(directory) ?? [];
      list.push(name);
      groups.set(directory, list);
    }
    return [...groups].map(([directory, names]) => ({ directory, names: expandDumpFileNames(directory, names) }));
  }
  if (!params.has('DUMPFILE')) {
    throw new CliError('MISSING_PARAMETER', `sluice ${command} needs dump files: sluice ${command} FILE... or sluice ${command} DIRECTORY=folder DUMPFILE=name[,...].`);
  }
  const directory = resolveDirectory(params.text('DIRECTORY'));
  const specs = params.list('DUMPFILE').map((n) => checkSimpleName('DUMPFILE', n));
  const names = expandDumpFileNames(directory, specs);
  if (names.length === 0) throw new CliError('FILE_NOT_FOUND', `DUMPFILE=${specs.join(',')} matches no file in ${directory}.`);
  return [{ directory, names }];
}
