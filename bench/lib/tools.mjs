// Tool checks: what each engine's comparison needs, and how to get what is missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hasGnuTime, which } from './proc.mjs';

export const SLUICE_BIN = fileURLToPath(new URL('../../apps/cli/dist/bin.js', import.meta.url));

export function checkSluice() {
  if (!existsSync(SLUICE_BIN)) {
    throw new Error(`bench: ${SLUICE_BIN} is missing. Build first: \`pnpm build\` at the repository root (\`pnpm bench\` does that through turbo).`);
  }
}

function tryInstallMydumper() {
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !which('apt-get')) return false;
  console.log('bench: mydumper/myloader not found; installing them: apt-get update && apt-get install -y mydumper');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const up = spawnSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (up.status !== 0) return false;
  const inst = spawnSync('apt-get', ['install', '-y', 'mydumper'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  return inst.status === 0 && !!which('mydumper') && !!which('myloader');
}

const HOW = {
  psql: 'PostgreSQL client: apt-get install -y postgresql-client-15',
  pg_dump: 'PostgreSQL client: apt-get install -y postgresql-client-15',
  pg_restore: 'PostgreSQL client: apt-get install -y postgresql-client-15',
  mariadb: 'MariaDB client: apt-get install -y mariadb-client',
  'mariadb-dump': 'MariaDB client: apt-get install -y mariadb-client',
  mydumper: 'apt-get update && apt-get install -y mydumper',
  myloader: 'apt-get update && apt-get install -y mydumper',
};

/** Returns { ok, missing: [msg] } for an engine ('pg' | 'mysql'). */
export function checkTools(engine) {
  const need = engine === 'pg' ? ['psql', 'pg_dump', 'pg_restore'] : ['mariadb', 'mariadb-dump', 'mydumper', 'myloader'];
  if (engine === 'mysql' && (!which('mydumper') || !which('myloader'))) {
    if (tryInstallMydumper()) console.log('bench: mydumper installed.');
  }
  const missing = need.filter((t) => !which(t)).map((t) => `${t} (get it: ${HOW[t]})`);
  return { ok: missing.length === 0, missing };
}

export function reportCommon() {
  if (!hasGnuTime) {
    console.log('bench: /usr/bin/time -v not available (apt-get install -y time); peak RSS is polled from /proc VmHWM');
  }
}
