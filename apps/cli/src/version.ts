import { readFileSync } from 'node:fs';

/** The version of the `sluice` package, read from its package.json. */
export function cliVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The words that ask for the version, first on the command line (after any `--debug`). */
export const VERSION_WORDS: readonly string[] = ['--version', '-V', 'version'];

/** Whether the arguments ask only for the version: answered before any parameter is parsed. */
export function isVersionRequest(argv: readonly string[]): boolean {
  const first = argv.find((a) => a !== '--debug');
  return first !== undefined && VERSION_WORDS.includes(first);
}
