import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { databaseUrl } from './scratch-database.js';

const run = promisify(execFile);

/**
 * `pg_dump --schema-only` of a database, normalised only where two faithful copies must differ:
 * pg_dump 15.14+ wraps its output in `\restrict KEY` / `\unrestrict KEY` with a random KEY per run.
 */
export async function schemaDump(database: string): Promise<string> {
  const { stdout } = await run('pg_dump', ['--schema-only', '--no-sync', databaseUrl(database)], { maxBuffer: 64 * 1024 * 1024 });
  return stdout.replace(/^\\(un)?restrict \S+$/gm, '\\$1restrict KEY');
}
