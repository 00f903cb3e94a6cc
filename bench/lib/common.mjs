// Shared pieces of the two engine benchmarks.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup } from './cleanup.mjs';
import { CommandError, dirSizeBytes, measure } from './proc.mjs';
import { SLUICE_BIN } from './tools.mjs';

export const randomSuffix = () => randomBytes(4).toString('hex');

/** A temp dir removed at cleanup. */
export function tempDir(prefix) {
  const base = process.env.SLUICE_BENCH_TMPDIR || tmpdir();
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, prefix));
  onCleanup(`rm -rf ${dir}`, () => {
    if (process.env.SLUICE_BENCH_KEEP_LOGS === '1') console.log(`bench: kept logs in ${dir} (SLUICE_BENCH_KEEP_LOGS=1)`);
    else rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Run sluice (node dist/bin.js ...) measured; exit 5 (completed with errors) is accepted and noted. */
export async function sluice(args, { log, label, env }) {
  const r = await measure(process.execPath, [SLUICE_BIN, ...args], { log, label, env, okCodes: [0, 5] });
  if (r.code === 5) r.warning = `${label} exited 5 (completed with errors); see ${log}`;
  return r;
}

/**
 * Run one step; on failure record { step, message } in failures and return null,
 * so the other steps still run and the summary still prints.
 */
export async function step(name, failures, fn) {
  process.stdout.write(`  ${name} ... `);
  // Dirty pages of the previous step (a dump just written) are flushed first, outside the timing, so
  // no step is throttled by the writeback of the one before it.
  spawnSync('sync', [], { stdio: 'ignore' });
  try {
    const r = await fn();
    const secs = r?.seconds ?? r?.exportS ?? r?.importS;
    console.log(secs != null ? `${secs.toFixed(1)} s${r?.cpuS != null ? ` (CPU ${r.cpuS.toFixed(2)} s)` : ''}${r?.rssMb ? `, peak RSS ${r.rssMb.toFixed(0)} MB` : ''}` : 'done');
    if (r?.warning) console.log(`    warning: ${r.warning}`);
    return r;
  } catch (e) {
    const message = e instanceof CommandError ? e.message : (e?.stack ?? String(e));
    console.log('FAILED');
    console.log(
      message
        .split('\n')
        .map((l) => `    | ${l}`)
        .join('\n'),
    );
    failures.push({ step: name, message });
    return null;
  }
}

export { dirSizeBytes };

/** Compare { table: count, '(indexes)': n, ... } maps; returns a list of mismatch strings. */
export function compareCounts(source, target, label) {
  const out = [];
  for (const [t, n] of Object.entries(source)) {
    if (target[t] !== n) out.push(t.startsWith('(') ? `${label}: ${target[t] ?? 0} ${t.slice(1, -1)}, source has ${n}` : `${label}: table ${t} has ${target[t] ?? 'no table'} rows, source has ${n}`);
  }
  for (const t of Object.keys(target)) if (!(t in source)) out.push(`${label}: extra table ${t} (${target[t]} rows)`);
  return out;
}

export const targetMb = () => {
  const v = Number(process.env.SLUICE_BENCH_MB ?? 400);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`SLUICE_BENCH_MB must be a positive number, got ${process.env.SLUICE_BENCH_MB}`);
  return v;
};

/**
 * How the mariadb / mydumper clients reach the server of `baseUrl`: `conn` (-h -P -u), `env` (the
 * password as MYSQL_PWD, never on a command line), and `urlFor(db)`, the same server's URL for a database.
 */
export function mariadbClient(baseUrl) {
  const server = new URL(baseUrl);
  const host = server.hostname || '127.0.0.1';
  const port = server.port || '3306';
  const user = decodeURIComponent(server.username || 'root');
  const env = server.password ? { MYSQL_PWD: decodeURIComponent(server.password) } : {};
  const conn = ['-h', host, '-P', port, '-u', user];
  const urlFor = (db) => {
    const u = new URL(server);
    u.pathname = `/${db}`;
    return u.toString();
  };
  return { host, port, env, conn, urlFor };
}
