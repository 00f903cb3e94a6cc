// Side-by-side benchmark: sluice vs pg_dump/pg_restore (PostgreSQL) and vs mydumper/myloader (MariaDB).
// Usage: pnpm bench (root) or pnpm --filter @sluice/bench bench. Environment:
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

const load = () => loadavg().map((n) => n.toFixed(2)).join(', ');
const started = Date.now();
const summaries = [];
const failures = [];
let exitCode = 0;

try {
  checkSluice();
  reportCommon();
  const mbs = targetMb();
  const engines = (process.env.SLUICE_BENCH_ENGINES ?? 'pg,mysql').split(',').map((s) => s.trim()).filter(Boolean);
  console.log(`bench: sluice side-by-side, ~${mbs} MB per engine, PARALLEL=2; load average ${load()}`);
  for (const engine of engines) {
    const name = engine === 'pg' ? 'sluice-vs-pg_dump' : 'sluice-vs-mydumper';
    const tools = checkTools(engine);
    if (!tools.ok) {
      console.log(`\nbench: ${engine}: missing tools, comparison not run:\n  ${tools.missing.join('\n  ')}`);
      summaries.push(`bench ${name}: export_ratio=fail import_ratio=fail network_ratio=fail rss_mb=fail (missing: ${tools.missing.map((m) => m.split(' ')[0]).join(',')})`);
      exitCode = 1;
      continue;
    }
    try {
      const r = engine === 'pg'
        ? await benchPostgres({ targetMb: mbs, baseUrl: process.env.SLUICE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' })
        : await benchMysql({ targetMb: mbs, baseUrl: process.env.SLUICE_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test' });
      summaries.push(r.summary);
      failures.push(...r.failures.map((f) => ({ engine, ...f })));
    } catch (e) {
      console.error(`\nbench: ${engine} aborted: ${e?.stack ?? e}`);
      summaries.push(`bench ${name}: export_ratio=fail import_ratio=fail network_ratio=fail rss_mb=fail`);
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
const objects = process.env.SLUICE_BENCH_OBJECTS;
if (objects) {
  const args = objects === 'quick' ? ['--quick'] : ['--objects', objects];
  // its own summary lines come at the end of its output, just before these
  const r = spawnSync(process.execPath, [fileURLToPath(new URL('./many-objects.mjs', import.meta.url)), ...args], { stdio: 'inherit' });
  if (r.status !== 0) exitCode = 1;
}

if (failures.length) {
  exitCode = 1;
  console.log(`\nbench: ${failures.length} step(s) failed:`);
  for (const f of failures) console.log(`  [${f.engine}] ${f.step}: ${f.message.split('\n')[0]}`);
}
console.log(`\nbench: finished in ${((Date.now() - started) / 1000).toFixed(0)} s; load average ${load()}`);
for (const s of summaries) console.log(s);
process.exitCode = exitCode;
