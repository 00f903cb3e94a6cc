import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Scratch } from './engines.js';

const run = promisify(execFile);

/** Run a SQL file through the engine's own client (psql, mariadb), stopping at the first error; MariaDB: in `database` (default the scratch home). */
export async function runSqlFile(s: Scratch, path: string, database?: string): Promise<void> {
  const url = new URL(s.url);
  if (s.engine === 'postgres') {
    await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', s.url, '-f', path]);
    return;
  }
  await run('sh', ['-c', `mariadb -h "$1" -P "$2" -u "$3" "$4" < "$5"`, 'sh', url.hostname, url.port || '3306', decodeURIComponent(url.username || 'root'), database ?? url.pathname.slice(1), path]);
}
