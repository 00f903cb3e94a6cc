import { expect } from 'vitest';
import { runCli } from './cli.js';

/**
 * The arguments naming a cross-engine import's source, read `via` 'link' (NETWORK_LINK, the source
 * read directly) or 'dump' (the source's `schemas` exported first into `dir` as `dumpfile`).
 */
export async function importSourceArgs(via: string, sourceUrl: string, schemas: string, dir: string, dumpfile: string, exportArgs: readonly string[] = []): Promise<string[]> {
  if (via === 'link') return ['--network-link', sourceUrl];
  const exp = await runCli(['export', '--source', sourceUrl, `SCHEMAS=${schemas}`, `DIRECTORY=${dir}`, `DUMPFILE=${dumpfile}`, ...exportArgs, 'NOLOGFILE=Y']);
  expect(exp.code, exp.stdout + exp.stderr).toBe(0);
  return [`DUMPFILE=${dumpfile}`];
}
