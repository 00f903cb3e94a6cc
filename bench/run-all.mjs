// Side-by-side benchmark: sluice vs pg_dump/pg_restore (PostgreSQL) and vs mydumper/myloader (MariaDB).
// Usage: pnpm bench (root) or pnpm --filter @sluice/bench bench [-- --quick] [--runs N] [--objects N[,M]].
//   --quick       100 MB per engine (unless SLUICE_BENCH_MB says otherwise), one run, no network-link row
//   --runs N      runs of each alternated pair (default 3); medians are reported
//   --objects N   also run many-objects.mjs with these sizes (or SLUICE_BENCH_OBJECTS)
// Environment:
//   SLUICE_BENCH_MB       size of each generated source, MB of table data (default 400)
//   SLUICE_BENCH_ENGINES  pg,mysql (default both)
//   SLUICE_PG_URL         default postgres://postgres@127.0.0.1:5432/postgres
//   SLUICE_MYSQL_URL      default mysql://root@127.0.0.1:3306/test
//   SLUICE_BENCH_TMPDIR   where dump directories go (default the OS temp dir)
//   SLUICE_BENCH_PG_Z1=0  skip the pg_dump -Z1 (gzip) row;  SLUICE_BENCH_MARIADB_DUMP=0 skip mariadb-dump
//   SLUICE_BENCH_KEEP_LOGS=1  keep the work dir with every tool's output (dumps are always removed)
//   SLUICE_BENCH_OBJECTS  also run many-objects.mjs: quick, or sizes such as 2000 or 2000,10000
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runCleanup } from './lib/cleanup.mjs';
import { targetMb } from './lib/common.mjs';
import { checkSluice, checkTools, reportCommon } from './lib/tools.mjs';
import { benchPostgres } from './pg-vs-pgdump.mjs';
import { benchMysql } from './mysql-vs-mydumper.mjs';
import { OBJECTS_HOOK } from './lib/series.mjs';

function parseArgs(argv) {
  const opts = { quick: false, runs: 3, objects: process.env.SLUICE_BENCH_OBJECTS || null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v == null) throw new Error(`bench: ${a} needs a value`);
      return v;
    };
    if (a === '--quick') opts.quick = true;
    else if (a === '--runs') opts.runs = Number(value());
    else if (a === '--objects') opts.objects = value();
    else if (a !== '--') throw new Error(`bench: unknown argument ${a} (use --quick, --runs N, --objects N[,M])`);
  }
  if (opts.quick) opts.runs = 1;
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error(`bench: --runs must be a whole number of at least 1, got ${opts.runs}`);
  return opts;
}
const opts = parseArgs(process.argv.slice(2));

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(', ');
const started = Date.now();
const summaries = [];
const failures = [];
let exitCode = 0;

try {
  checkSluice();
  reportCommon();
  const mbs = opts.quick && process.env.SLUICE_BENCH_MB == null ? 100 : targetMb();
  const engines = (process.env.SLUICE_BENCH_ENGINES ?? 'pg,mysql')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  console.log(`bench: sluice side-by-side, ~${mbs} MB per engine, PARALLEL=2, ${opts.runs} run(s) of each pair; load average ${load()}`);
  for (const engine of engines) {
    const name = engine === 'pg' ? 'postgres' : 'mysql';
    const tools = checkTools(engine);
    if (!tools.ok) {
      console.log(`\nbench: ${engine}: missing tools, comparison not run:\n  ${tools.missing.join('\n  ')}`);
      summaries.push(`bench ${name}: failed (missing: ${tools.missing.map((m) => m.split(' ')[0]).join(',')})`);
      exitCode = 1;
      continue;
    }
    try {
      const r =
        engine === 'pg'
          ? await benchPostgres({ targetMb: mbs, runs: opts.runs, quick: opts.quick, baseUrl: process.env.SLUICE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' })
          : await benchMysql({ targetMb: mbs, runs: opts.runs, quick: opts.quick, baseUrl: process.env.SLUICE_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test' });
      summaries.push(r.summary);
      failures.push(...r.failures.map((f) => ({ engine, ...f })));
    } catch (e) {
      console.error(`\nbench: ${engine} aborted: ${e?.stack ?? e}`);
      summaries.push(`bench ${name}: failed (${String(e?.message ?? e).split('\n')[0]})`);
      exitCode = 1;
    } finally {
      await runCleanup();
    }
  }
} catch (e) {
  console.error(e?.message ?? e);
  exitCode = 1;
} finally {
  await runCleanup();
}

// The many-objects benchmark, when asked for: SLUICE_BENCH_OBJECTS=quick, or a size list (2000,10000).
// Its summary lines ("bench postgres: objects_export_vs_pg_dump=... ...") give their objects_* fields
// to this run's line of the same engine.
const objects = opts.objects;
const objectFields = {};
if (objects) {
  const args = objects === 'quick' ? ['--quick'] : ['--objects', objects, '--runs', String(opts.runs)];
  const r = spawnSync(process.execPath, [fileURLToPath(new URL('./many-objects.mjs', import.meta.url)), ...args], { stdio: ['inherit', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 256 << 20 });
  process.stdout.write(r.stdout ?? '');
  if (r.status !== 0) exitCode = 1;
  for (const m of (r.stdout ?? '').matchAll(/^bench (postgres|mysql): (.*)$/gm)) {
    objectFields[m[1]] = m[2]
      .split(' ')
      .filter((f) => f.startsWith('objects_'))
      .join(' ');
  }
}
const withObjects = (line) => {
  const engine = /^bench (\w+):/.exec(line)?.[1];
  return line.replace(` ${OBJECTS_HOOK}`, objectFields[engine] ? ` ${objectFields[engine]}` : '');
};

if (failures.length) {
  exitCode = 1;
  console.log(`\nbench: ${failures.length} step(s) failed:`);
  for (const f of failures) console.log(`  [${f.engine}] ${f.step}: ${f.message.split('\n')[0]}`);
}
console.log(`\nbench: finished in ${((Date.now() - started) / 1000).toFixed(0)} s; load average ${load()}`);
for (const s of summaries) console.log(withObjects(s));
process.exitCode = exitCode;
