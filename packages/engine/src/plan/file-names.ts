import { readdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { isLocationUrl, resolveLocation } from '@sluice/dump-format';
import { JobError } from '../errors.js';
import { COMMAND_LINE_WORDS, type ParameterWords } from './parameter-words.js';

/** Whether DIRECTORY names object storage (`s3://bucket/prefix`, an https:// bucket URL). */
export function isObjectStorage(value: string | undefined): value is string {
  return value !== undefined && isLocationUrl(value);
}

/**
 * Check that `name` is a simple file name (no folder part), as DUMPFILE, LOGFILE and SQLFILE must be;
 * the message says how to write the same thing with DIRECTORY.
 */
export function checkSimpleName(parameter: string, name: string, words: ParameterWords = COMMAND_LINE_WORDS): string {
  const bad = name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name);
  if (!bad) return name;
  const base = basename(name);
  const folder = dirname(name);
  const fix =
    base !== '' && base !== '.' && base !== '..' && folder !== '.'
      ? ` Put the folder in ${words.name('DIRECTORY')}: ${words.given('DIRECTORY', folder)} ${words.given(parameter, base)}.`
      : ' Give a plain file name such as export.dmp.';
  throw new JobError('INVALID_ARGVAL', `${words.given(parameter, name)} is not a simple file name: files live inside ${words.name('DIRECTORY')} and may not name another folder.${fix}`, { parameter });
}

/** The full path (or URL) of a simple file name inside the directory. */
export function inDirectory(directory: string, name: string): string {
  if (isObjectStorage(directory)) return `${directory}/${name}`;
  return isAbsolute(name) ? name : join(directory, name);
}

/**
 * DUMPFILE entries may be whole object-storage URLs (`s3://bucket/prefix/exp%U.dmp`, or an https://
 * bucket URL, as ORDS takes them): the part before the last '/' is then the directory. Every entry of
 * a set lives in one directory, so the URLs must agree with each other and with DIRECTORY.
 */
export function dumpFileLocation(directory: string | undefined, entries: readonly string[], words: ParameterWords = COMMAND_LINE_WORDS): { directory: string | undefined; specs: string[] } {
  let fromUrls: string | undefined;
  const specs = entries.map((entry) => {
    if (!isObjectStorage(entry)) return checkSimpleName('DUMPFILE', entry, words);
    const cut = entry.lastIndexOf('/');
    const folder = entry.slice(0, cut);
    const name = entry.slice(cut + 1);
    if (name === '' || folder.endsWith(':/')) {
      throw new JobError(
        'INVALID_ARGVAL',
        `${words.given('DUMPFILE', entry)} does not end with a file name. Write ${words.given('DUMPFILE', 's3://bucket/prefix/expdat%U.dmp')} (or ${words.given('DIRECTORY', 's3://bucket/prefix')} ${words.given('DUMPFILE', 'expdat%U.dmp')}).`,
        { parameter: 'DUMPFILE' },
      );
    }
    if (fromUrls !== undefined && fromUrls !== folder) {
      throw new JobError('INCONSISTENT_ARGS', `${words.name('DUMPFILE')} names two locations (${fromUrls} and ${folder}); the files of a dump file set live in one location.`, {
        parameter: 'DUMPFILE',
      });
    }
    fromUrls = folder;
    return checkSimpleName('DUMPFILE', name, words);
  });
  if (fromUrls === undefined) return { directory, specs };
  if (directory !== undefined && directory.replace(/\/+$/, '') !== fromUrls) {
    throw new JobError(
      'INCONSISTENT_ARGS',
      `${words.given('DUMPFILE', entries.join(','))} is in ${fromUrls} but ${words.given('DIRECTORY', directory)}. Leave ${words.name('DIRECTORY')} out, or give ${words.name('DUMPFILE')} as names inside ${words.name('DIRECTORY')}.`,
      { parameter: 'DUMPFILE' },
    );
  }
  return { directory: fromUrls, specs };
}

/** Whether a DUMPFILE spec is a template (%U or %L) that stands for several files. */
function isTemplate(spec: string): boolean {
  return /%[UuLl]/.test(spec);
}

/**
 * The existing files of `directory` that DUMPFILE specs stand for, in set order: a plain name stands
 * for itself (whether or not it exists); %U and %L match the numbered files there.
 */
export async function expandDumpFileNames(directory: string, specs: readonly string[]): Promise<string[]> {
  let listing: string[] | undefined;
  const out: string[] = [];
  for (const spec of specs) {
    if (!isTemplate(spec)) {
      out.push(spec.replace(/%%/g, '%'));
      continue;
    }
    listing ??= isObjectStorage(directory) ? await (await resolveLocation(directory)).list() : readdirSync(directory);
    let pattern = '';
    for (let i = 0; i < spec.length; i++) {
      const c = spec[i]!;
      const next = spec[i + 1]?.toUpperCase();
      if (c === '%' && next === 'U') pattern += '(\\d{2})';
      else if (c === '%' && next === 'L') pattern += '(\\d{2,10})';
      else if (c === '%' && next === '%') pattern += '%';
      else {
        pattern += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        continue;
      }
      i++;
    }
    const re = new RegExp(`^${pattern}$`);
    const found = listing
      .map((name) => ({ name, m: re.exec(name) }))
      .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null)
      .map(({ name, m }) => ({ name, n: Number(m[1]) }))
      .sort((a, b) => a.n - b.n);
    out.push(...found.map((f) => f.name));
  }
  return [...new Set(out)];
}
