import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mariadbLogin, psqlLogin } from '../../../../../test-support/sql-clients.js';
import type { Scratch } from './engines.js';

const run = promisify(execFile);

/** Run a SQL file through the engine's own client (psql, mariadb), stopping at the first error; MariaDB: in `database` (default the scratch home). */
export async function runSqlFile(s: Scratch, path: string, database?: string): Promise<void> {
  if (s.engine === 'postgres') {
    const login = psqlLogin();
    await run('psql', [...login.args, '-q', '-v', 'ON_ERROR_STOP=1', '-d', s.database, '-f', path], { env: { ...process.env, ...login.env } });
    return;
  }
  // mariadb stops at the first error of a script it reads from its standard input.
  const login = mariadbLogin();
  await run('sh', ['-c', 'f="$1"; shift; exec mariadb "$@" < "$f"', 'sh', path, ...login.args, database ?? s.database], { env: { ...process.env, ...login.env } });
}
