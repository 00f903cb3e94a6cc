// Throughput of the adapter's COPY paths against psql's \copy, measured in the same run on the same
// server and table. Run with `pnpm --filter @sluice/adapter-postgres bench` (builds first).
// Environment: SLUICE_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres),
// SLUICE_BENCH_ROWS (default 2,000,000 rows, about 370 MB of COPY text), SLUICE_BENCH_RUNS (default 5).
// Each contender runs RUNS times, alternating; the best run is the ceiling, the median shows the noise.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import pg from 'pg';
import { createPostgresAdapter } from '../dist/index.js';

const run = promisify(execFile);
const BASE = process.env.SLUICE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROWS = Number(process.env.SLUICE_BENCH_ROWS ?? 2_000_000);
const RUNS = Number(process.env.SLUICE_BENCH_RUNS ?? 5);
const database = `sluice_t_bench_${randomBytes(4).toString('hex')}`;
const url = (() => {
  const u = new URL(BASE);
  u.pathname = `/${database}`;
  return u.toString();
})();
const file = join(tmpdir(), `${database}.copy`);

async function sql(target, ...statements) {
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  try {
    for (const s of statements) await client.query(s);
  } finally {
    await client.end();
  }
}

async function psql(command) {
  await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', command], { maxBuffer: 1 << 20 });
}

async function time(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const best = (xs) => Math.min(...xs);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** RUNS timings of each, alternating the two contenders so that neither always runs on a warmer cache. */
async function compare(reference, adapter, before = async () => {}) {
  const times = { reference: [], adapter: [], cpu: [] };
  for (let i = 0; i < RUNS; i++) {
    await before();
    times.reference.push(await time(reference));
    await before();
    const cpu = process.cpuUsage();
    times.adapter.push(await time(adapter));
    const used = process.cpuUsage(cpu);
    times.cpu.push((used.user + used.system) / 1e6);
  }
  return {
    best: { reference: best(times.reference), adapter: best(times.adapter) },
    median: { reference: median(times.reference), adapter: median(times.adapter) },
    cpu: median(times.cpu),
  };
}

const mb = (bytes) => bytes / 1024 / 1024;

await sql(BASE, `CREATE DATABASE ${database}`);
const adapter = createPostgresAdapter({ url, applicationName: 'sluice bench' });
try {
  console.log(`generating ${ROWS.toLocaleString('en')} rows in ${database} ...`);
  await sql(
    url,
    'CREATE UNLOGGED TABLE bench_src (id bigint, n integer, amount numeric(14,2), at timestamptz, flag boolean, label text, payload text)',
    `INSERT INTO bench_src SELECT g, g % 1000, g * 1.25, '2024-01-01'::timestamptz + g * interval '1 second', g % 2 = 0,
            'label ' || (g % 977), repeat(md5(g::text), 4) || E'\\t' || g FROM generate_series(1, ${ROWS}) g`,
    'CREATE UNLOGGED TABLE bench_dst (LIKE bench_src)',
    'VACUUM ANALYZE bench_src',
  );
  await psql(`\\copy bench_src to '${file}'`);
  const bytes = statSync(file).size;
  console.log(`table: ${mb(bytes).toFixed(0)} MB of COPY text, ${RUNS} runs each\n`);

  const conn = await adapter.connector.connect('bench');
  const whole = { table: { schema: 'public', name: 'bench_src' }, index: 0, count: 1, range: { kind: 'whole' }, estimatedBytes: 0 };
  const unload = await compare(
    () => psql(`\\copy bench_src to '/dev/null'`),
    () => pipeline(adapter.data.unload(conn, whole), new Writable({ highWaterMark: 1 << 20, write: (_c, _e, done) => done() })),
  );
  const load = await compare(
    () => psql(`\\copy bench_dst from '${file}'`),
    () => adapter.data.load(conn, { schema: 'public', name: 'bench_dst' }, createReadStream(file, { highWaterMark: 1 << 20 })),
    () => adapter.ddl.execute(conn, ['TRUNCATE bench_dst']),
  );
  await conn.close();

  const rssMb = process.resourceUsage().maxRSS / 1024;
  const ratio = (r) => `${((100 * r.reference) / r.adapter).toFixed(1)}%`;
  const row = (what, r) =>
    `${what.padEnd(7)} psql \\copy ${r.best.reference.toFixed(2).padStart(6)} s ${(mb(bytes) / r.best.reference).toFixed(0).padStart(4)} MB/s` +
    `   adapter ${r.best.adapter.toFixed(2).padStart(6)} s ${(mb(bytes) / r.best.adapter).toFixed(0).padStart(4)} MB/s` +
    `   ratio ${ratio(r.best).padStart(6)} (median ${ratio(r.median)})   adapter CPU ${r.cpu.toFixed(2)} s`;
  console.log(row('unload', unload));
  console.log(row('load', load));
  console.log(`peak RSS of this process (adapter side): ${rssMb.toFixed(0)} MB`);
  console.log('aims: unload >= 95%, load >= 90%, RSS < 150 MB');
} finally {
  await adapter.close();
  rmSync(file, { force: true });
  await sql(BASE, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
}
