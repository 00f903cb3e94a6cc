// Many objects: N small tables (primary key, secondary index, mixed columns, a handful of rows) plus a
// view per 10 tables, exported and imported by sluice and by pg_dump/pg_restore or mydumper/myloader,
// alternately (A B A B ...), with medians, time per object, peak RSS and the growth check across sizes.
// Also measures process start-up alone: `sluice --version` and an export of an empty schema.
//
// Usage: node many-objects.mjs [--objects 2000[,10000]] [--runs 3] [--quick] [--engines pg,mysql]
//   --quick       200 objects, one run each
// It builds nothing: run `pnpm build` first (apps/cli/dist/bin.js).
import { join } from 'node:path';
import { mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { onCleanup, runCleanup } from './lib/cleanup.mjs';
import { mariadbClient, randomSuffix, tempDir } from './lib/common.mjs';
import { CommandError, measure, sh, shAsync } from './lib/proc.mjs';
import { SLUICE_BIN, checkSluice, checkTools, reportCommon } from './lib/tools.mjs';

const ROWS_PER_TABLE = 5;

function parseArgs(argv) {
  const opts = { sizes: [2000], runs: 3, engines: ['pg', 'mysql'], quick: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v == null) throw new Error(`bench: ${a} needs a value`);
      return v;
    };
    if (a === '--') continue; // pnpm passes it through: `pnpm bench:objects -- --objects 2000`
    if (a === '--quick') opts.quick = true;
    else if (a === '--objects') opts.sizes = value().split(',').map(Number);
    else if (a === '--runs') opts.runs = Number(value());
    else if (a === '--engines')
      opts.engines = value()
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else throw new Error(`bench: unknown argument ${a} (use --objects N[,M], --runs R, --quick, --engines pg,mysql)`);
  }
  if (opts.quick) {
    opts.sizes = [200];
    opts.runs = 1;
  }
  for (const n of opts.sizes) if (!Number.isInteger(n) || n < 10) throw new Error(`bench: --objects must be whole numbers of at least 10, got ${n}`);
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error(`bench: --runs must be at least 1, got ${opts.runs}`);
  return opts;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
};
const f1 = (n) => (n == null ? '-' : n.toFixed(1));
const f2 = (n) => (n == null ? '-' : n.toFixed(2));
const x = (ref, val) => (ref && val ? `${(ref / val).toFixed(2)}x` : 'fail');

/** Run one measured command; a failure is recorded and returns null so the other runs still go. */
async function timed(label, failures, fn) {
  process.stdout.write(`    ${label} ... `);
  try {
    const r = await fn();
    console.log(`${r.seconds.toFixed(2)} s, peak RSS ${r.rssMb.toFixed(0)} MB${r.code === 5 ? ' (exit 5: completed with errors)' : ''}`);
    if (r.code === 5) failures.push({ step: label, message: `exited 5 (completed with errors); see ${r.log}` });
    return r;
  } catch (e) {
    const message = e instanceof CommandError ? e.message : (e?.stack ?? String(e));
    console.log('FAILED');
    console.log(
      message
        .split('\n')
        .slice(-12)
        .map((l) => `      | ${l}`)
        .join('\n'),
    );
    failures.push({ step: label, message });
    return null;
  }
}

const sluice = (args, log, label) => measure(process.execPath, [SLUICE_BIN, ...args], { log, label, okCodes: [0, 5] });

// ---- engines: how to generate, dump, load and check ------------------------------------------------

function postgres(baseUrl) {
  const server = new URL(baseUrl);
  const urlFor = (db) => {
    const u = new URL(server);
    u.pathname = `/${db}`;
    return u.toString();
  };
  const maint = server.pathname.slice(1) || 'postgres';
  // every statement bounded: a runaway statement is cancelled by the server
  const pgEnv = { PGOPTIONS: '--client-min-messages=warning -c statement_timeout=600000' };
  const psql = (db, q) => sh('psql', [urlFor(db), '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', q], { env: { ...process.env, ...pgEnv } }).trim();
  const psqlScript = (db, q) => shAsync('psql', [urlFor(db), '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-f', '-'], { input: q, env: pgEnv });
  const schema = 'many';
  return {
    name: 'postgres',
    refName: 'pg_dump -Fd -j2',
    refImportName: 'pg_restore -j2',
    refExportKey: 'objects_export_vs_pg_dump',
    refImportKey: 'objects_import_vs_pg_restore',
    createDb(name) {
      onCleanup(`DROP DATABASE ${name}`, () => psql(maint, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      psql(maint, `CREATE DATABASE "${name}"`);
    },
    dropDb: (name) => psql(maint, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    async generate(db, n) {
      psql(db, `CREATE SCHEMA ${schema}; CREATE SCHEMA empty`);
      // batches of 250 tables, each statement its own transaction (one transaction for 10,000 tables
      // would need more locks than max_locks_per_transaction allows)
      for (let a = 1; a <= n; a += 250) {
        const parts = ['SET synchronous_commit = off;'];
        for (let i = a; i < Math.min(a + 250, n + 1); i++) {
          const t = `${schema}.t${String(i).padStart(5, '0')}`;
          parts.push(
            `CREATE TABLE ${t} (id int PRIMARY KEY, code text NOT NULL, amount numeric(12,2), created_at timestamptz NOT NULL, active boolean NOT NULL, attrs jsonb);`,
            `CREATE INDEX t${String(i).padStart(5, '0')}_code_idx ON ${t} (code);`,
            `INSERT INTO ${t} SELECT g, 'c' || g || '-${i}', g * 1.25, timestamptz '2024-01-01' + g * interval '1 hour', g % 2 = 0, jsonb_build_object('k', g) FROM generate_series(1, ${ROWS_PER_TABLE}) g;`,
          );
          if (i % 10 === 0) parts.push(`CREATE VIEW ${schema}.v${String(i / 10).padStart(5, '0')} AS SELECT id, code, amount FROM ${t} WHERE active;`);
        }
        await psqlScript(db, parts.join('\n'));
      }
      psql(db, 'ANALYZE');
    },
    counts(db) {
      const r = psql(
        db,
        `SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = '${schema}'),
        (SELECT count(*) FROM pg_views WHERE schemaname = '${schema}'),
        (SELECT count(*) FROM pg_indexes WHERE schemaname = '${schema}')`,
      )
        .split('|')
        .map(Number);
      return { tables: r[0], views: r[1], indexes: r[2] };
    },
    sampleRows(db, n) {
      const sample = [];
      for (let i = 1; i <= n; i += Math.max(1, Math.floor(n / 20))) sample.push(i);
      const q = sample.map((i) => `SELECT count(*) FROM ${schema}.t${String(i).padStart(5, '0')}`).join(' UNION ALL ');
      return psql(db, `SELECT sum(c) FROM (${q}) s(c)`).trim() === String(sample.length * ROWS_PER_TABLE);
    },
    checkpoint: () => psql(maint, 'CHECKPOINT'),
    refExport: (src, dir, log) => measure('pg_dump', ['-d', urlFor(src), '-n', schema, '-Fd', '-j', '2', '-f', dir], { log, label: 'pg_dump' }),
    refImport: (dir, dst, log) => measure('pg_restore', ['-j', '2', '-d', urlFor(dst), dir], { log, label: 'pg_restore' }),
    sluiceExport: (src, dir, log, which = schema) => sluice(['export', '--source', urlFor(src), `SCHEMAS=${which}`, `DIRECTORY=${dir}`, 'DUMPFILE=many%U.dmp', 'PARALLEL=2'], log, 'sluice export'),
    sluiceImport: (_src, dir, dst, log) => sluice(['import', '--target', urlFor(dst), `DIRECTORY=${dir}`, 'DUMPFILE=many%U.dmp', 'PARALLEL=2'], log, 'sluice import'),
    // pg: the schema lives in the named database; import targets a new database
    importTarget: (_src, dst) => dst,
    emptyExportSource: (src) => ({ db: src, schema: 'empty' }),
  };
}

function mysql(baseUrl) {
  const { env, conn, urlFor } = mariadbClient(baseUrl);
  // every statement bounded: max_statement_time (seconds) cancels a runaway statement
  const init = ['--init-command=SET SESSION max_statement_time = 600'];
  const sql = (q, db) => sh('mariadb', [...conn, ...init, '-N', '-B', ...(db ? ['-D', db] : []), '-e', q], { env: { ...process.env, ...env } }).trim();
  const sqlAsync = (q, db) => shAsync('mariadb', [...conn, ...init, '-N', '-B', ...(db ? ['-D', db] : [])], { input: q, env });
  let ctl = null;
  const sluiceDir = (dir) => [`DIRECTORY=${dir}`, 'DUMPFILE=many%U.dmp', 'PARALLEL=2'];
  return {
    name: 'mysql',
    refName: 'mydumper -t 2',
    refImportName: 'myloader -t 2',
    refExportKey: 'objects_export_vs_mydumper',
    refImportKey: 'objects_import_vs_myloader',
    createDb(name) {
      onCleanup(`DROP DATABASE ${name}`, () => sql(`DROP DATABASE IF EXISTS \`${name}\``));
      sql(`CREATE DATABASE \`${name}\``);
    },
    dropDb: (name) => sql(`DROP DATABASE IF EXISTS \`${name}\``),
    async generate(db, n) {
      // sluice keeps its master tables in a control database of its own, as in mysql-vs-mydumper.mjs
      ctl = `${db}_ctl`;
      this.createDb(ctl);
      this.createDb(`${db}_empty`);
      for (let a = 1; a <= n; a += 250) {
        const parts = [];
        for (let i = a; i < Math.min(a + 250, n + 1); i++) {
          const t = `t${String(i).padStart(5, '0')}`;
          const rows = Array.from({ length: ROWS_PER_TABLE }, (_, k) => k + 1).map(
            (g) => `(${g}, 'c${g}-${i}', ${g * 1.25}, TIMESTAMP'2024-01-01 00:00:00' + INTERVAL ${g} HOUR, ${g % 2}, '{"k": ${g}}')`,
          );
          parts.push(
            `CREATE TABLE ${t} (id INT PRIMARY KEY, code VARCHAR(32) NOT NULL, amount DECIMAL(12,2), created_at DATETIME NOT NULL, active TINYINT(1) NOT NULL, attrs JSON, KEY ${t}_code_idx (code)) ENGINE=InnoDB;`,
            `INSERT INTO ${t} VALUES ${rows.join(', ')};`,
          );
          if (i % 10 === 0) parts.push(`CREATE VIEW v${String(i / 10).padStart(5, '0')} AS SELECT id, code, amount FROM ${t} WHERE active = 1;`);
        }
        await sqlAsync(parts.join('\n'), db);
      }
    },
    counts(db) {
      const r = sql(`SELECT (SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '${db}' AND table_type = 'BASE TABLE'),
        (SELECT COUNT(*) FROM information_schema.views WHERE table_schema = '${db}'),
        (SELECT COUNT(DISTINCT table_name, index_name) FROM information_schema.statistics WHERE table_schema = '${db}')`)
        .split('\t')
        .map(Number);
      return { tables: r[0], views: r[1], indexes: r[2] };
    },
    sampleRows(db, n) {
      const sample = [];
      for (let i = 1; i <= n; i += Math.max(1, Math.floor(n / 20))) sample.push(i);
      const q = sample.map((i) => `SELECT COUNT(*) c FROM \`${db}\`.t${String(i).padStart(5, '0')}`).join(' UNION ALL ');
      return sql(`SELECT SUM(c) FROM (${q}) s`).trim() === String(sample.length * ROWS_PER_TABLE);
    },
    checkpoint: () => {},
    refExport: (src, dir, log) => measure('mydumper', [...conn, '-B', src, '-t', '2', '-o', dir], { log, env, label: 'mydumper' }),
    refImport: (dir, dst, log) => measure('myloader', [...conn, '-d', dir, '-s', mysqlSourceOf(dir), '-B', dst, '-t', '2'], { log, env, label: 'myloader' }),
    sluiceExport: (src, dir, log, which = src) => sluice(['export', '--source', urlFor(ctl), `SCHEMAS=${which}`, ...sluiceDir(dir)], log, 'sluice export'),
    sluiceImport: (src, dir, dst, log) => sluice(['import', '--target', urlFor(ctl), ...sluiceDir(dir), `REMAP_SCHEMA=${src}:${dst}`], log, 'sluice import'),
    importTarget: (_src, dst) => dst,
    emptyExportSource: (src) => ({ db: src, schema: `${src}_empty` }),
  };
}

// myloader needs the source database name (-s); the dump dir is named after it
const mysqlSources = new Map();
const mysqlSourceOf = (dir) => mysqlSources.get(dir);

// ---- one engine at one size --------------------------------------------------------------------

async function benchSize(eng, n, runs, work, failures) {
  const id = randomSuffix();
  const src = `sluice_bench_many_${id}`;
  const objects = n + Math.floor(n / 10);
  console.log(`\n== ${eng.name}: ${n} tables + ${Math.floor(n / 10)} views (${objects} objects), scratch database ${src}`);
  eng.createDb(src);
  const t0 = Date.now();
  await eng.generate(src, n);
  const srcCounts = eng.counts(src);
  console.log(`  generated in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${JSON.stringify(srcCounts)}`);
  const verify = (db, label) => {
    const c = eng.counts(db);
    const ok = c.tables === srcCounts.tables && c.views === srcCounts.views && c.indexes === srcCounts.indexes && eng.sampleRows(db, n);
    if (!ok) {
      console.log(`    verify ${label}: MISMATCH ${JSON.stringify(c)} vs source ${JSON.stringify(srcCounts)}`);
      failures.push({ step: `${eng.name} ${n}: verify ${label}`, message: `target ${JSON.stringify(c)}, source ${JSON.stringify(srcCounts)}` });
    }
    return ok;
  };

  const res = { refEx: [], refIm: [], slEx: [], slIm: [], rss: [], refRss: [] };
  for (let r = 1; r <= runs; r++) {
    console.log(`  run ${r} of ${runs}`);
    const refDir = join(work, `ref_${n}_${r}`);
    const slDir = join(work, `sluice_${n}_${r}`);
    mkdirSync(slDir);
    mysqlSources.set(refDir, src);
    // export: A then B
    eng.checkpoint();
    const re = await timed(`${eng.refName} export`, failures, () => eng.refExport(src, refDir, join(work, `ref_${n}_${r}.export.log`)));
    eng.checkpoint();
    const se = await timed('sluice export PARALLEL=2', failures, () => eng.sluiceExport(src, slDir, join(work, `sluice_${n}_${r}.export.log`)));
    // import: A then B, each into a new database
    const refDst = `${src}_r${r}`;
    const slDst = `${src}_s${r}`;
    if (re) {
      eng.createDb(refDst);
      eng.checkpoint();
      const ri = await timed(`${eng.refImportName} import`, failures, () => eng.refImport(refDir, refDst, join(work, `ref_${n}_${r}.import.log`)));
      if (ri && verify(refDst, eng.refImportName)) {
        res.refIm.push(ri.seconds);
        res.refRss.push(ri.rssMb);
      }
      res.refEx.push(re.seconds);
      res.refRss.push(re.rssMb);
      eng.dropDb(refDst);
    }
    if (se) {
      if (eng.name === 'postgres') eng.createDb(slDst);
      else onCleanup(`DROP DATABASE ${slDst}`, () => eng.dropDb(slDst));
      eng.checkpoint();
      const si = await timed('sluice import PARALLEL=2', failures, () => eng.sluiceImport(src, slDir, slDst, join(work, `sluice_${n}_${r}.import.log`)));
      if (si && verify(slDst, 'sluice import')) {
        res.slIm.push(si.seconds);
        res.rss.push(si.rssMb);
      }
      res.slEx.push(se.seconds);
      res.rss.push(se.rssMb);
      eng.dropDb(slDst);
    }
    rmSync(refDir, { recursive: true, force: true });
    rmSync(slDir, { recursive: true, force: true });
  }
  eng.dropDb(src);
  const m = {
    n,
    objects,
    refEx: median(res.refEx),
    refIm: median(res.refIm),
    slEx: median(res.slEx),
    slIm: median(res.slIm),
    rss: res.rss.length ? Math.max(...res.rss) : null,
    refRss: res.refRss.length ? Math.max(...res.refRss) : null,
  };
  const ms = (s) => (s == null ? '-' : ((1000 * s) / objects).toFixed(2));
  console.log(`  ${n} tables, medians of ${runs}:`);
  console.log(`    tool          export s  import s  export ms/object  import ms/object  peak RSS`);
  console.log(
    `    ${eng.refName.padEnd(12).slice(0, 12)}  ${f2(m.refEx).padStart(8)}  ${f2(m.refIm).padStart(8)}  ${ms(m.refEx).padStart(16)}  ${ms(m.refIm).padStart(16)}  ${f1(m.refRss).padStart(5)} MB`,
  );
  console.log(`    sluice        ${f2(m.slEx).padStart(8)}  ${f2(m.slIm).padStart(8)}  ${ms(m.slEx).padStart(16)}  ${ms(m.slIm).padStart(16)}  ${f1(m.rss).padStart(5)} MB`);
  console.log(`    ratio (reference / sluice, >1 means sluice is faster): export ${x(m.refEx, m.slEx)}, import ${x(m.refIm, m.slIm)}`);
  return m;
}

/** Start-up alone: `sluice --version`, and an export of an empty schema. */
async function benchStartup(eng, runs, work, failures) {
  const id = randomSuffix();
  const src = `sluice_bench_many_${id}`;
  console.log(`\n== ${eng.name}: start-up (scratch database ${src})`);
  eng.createDb(src);
  await eng.generate(src, 0);
  const version = [];
  const empty = [];
  for (let r = 1; r <= runs; r++) {
    const v = await timed('sluice --version', failures, () => measure(process.execPath, [SLUICE_BIN, '--version'], { log: join(work, 'version.log'), label: 'sluice --version' }));
    if (v) version.push(v.seconds);
    const dir = join(work, `empty_${r}`);
    mkdirSync(dir);
    const { schema } = eng.emptyExportSource(src);
    const e = await timed('sluice export of an empty schema', failures, () => eng.sluiceExport(src, dir, join(work, `empty_${r}.log`), schema));
    if (e) empty.push(e.seconds);
    rmSync(dir, { recursive: true, force: true });
  }
  eng.dropDb(src);
  return { version: median(version), empty: median(empty) };
}

// ---- main ---------------------------------------------------------------------------------------

const opts = parseArgs(process.argv.slice(2));
const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(', ');
const started = Date.now();
const summaries = [];
const failures = [];
let exitCode = 0;
try {
  checkSluice();
  reportCommon();
  console.log(`bench many-objects: sizes ${opts.sizes.join(', ')} tables, ${opts.runs} run(s) each, engines ${opts.engines.join(',')}; load average ${load()}`);
  for (const engine of opts.engines) {
    const eng = engine === 'pg' ? postgres(process.env.SLUICE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres') : mysql(process.env.SLUICE_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test');
    const tools = checkTools(engine);
    if (!tools.ok) {
      console.log(`\nbench many-objects: ${engine}: missing tools, comparison not run:\n  ${tools.missing.join('\n  ')}`);
      summaries.push(`bench ${eng.name}: not run (missing: ${tools.missing.map((t) => t.split(' ')[0]).join(',')})`);
      exitCode = 1;
      continue;
    }
    const work = tempDir(`sluice-bench-many-${engine}-`);
    try {
      const start = await benchStartup(eng, opts.runs, work, failures);
      const bySize = [];
      for (const n of opts.sizes) bySize.push(await benchSize(eng, n, opts.runs, work, failures));
      const main = bySize[0];
      const fields = [
        `${eng.refExportKey}=${x(main.refEx, main.slEx)}`,
        `${eng.refImportKey}=${x(main.refIm, main.slIm)}`,
        `objects=${main.objects}`,
        `export_ms_per_object=${main.slEx == null ? 'fail' : ((1000 * main.slEx) / main.objects).toFixed(1)}`,
        `import_ms_per_object=${main.slIm == null ? 'fail' : ((1000 * main.slIm) / main.objects).toFixed(1)}`,
      ];
      const small = bySize.find((b) => b.n === 2000);
      const big = bySize.find((b) => b.n === 10000);
      if (small && big) {
        const g = (a, b) => (a && b ? `${(b / a).toFixed(2)}x` : 'fail');
        fields.push(`growth_10000_vs_2000_export=${g(small.slEx, big.slEx)}`, `growth_10000_vs_2000_import=${g(small.slIm, big.slIm)}`);
      }
      fields.push(
        `startup_version_s=${start.version == null ? 'fail' : start.version.toFixed(2)}`,
        `startup_empty_export_s=${start.empty == null ? 'fail' : start.empty.toFixed(2)}`,
        `rss_mb=${Math.max(...bySize.map((b) => b.rss ?? 0)).toFixed(0)}`,
      );
      summaries.push(`bench ${eng.name}: ${fields.join(' ')}`);
      for (const b of bySize.slice(1)) {
        summaries.push(
          `bench ${eng.name} (${b.n} tables): ${eng.refExportKey}=${x(b.refEx, b.slEx)} ${eng.refImportKey}=${x(b.refIm, b.slIm)} ` +
            `export_ms_per_object=${b.slEx == null ? 'fail' : ((1000 * b.slEx) / b.objects).toFixed(1)} import_ms_per_object=${b.slIm == null ? 'fail' : ((1000 * b.slIm) / b.objects).toFixed(1)} rss_mb=${(b.rss ?? 0).toFixed(0)}`,
        );
      }
    } catch (e) {
      console.error(`\nbench many-objects: ${engine} aborted: ${e?.stack ?? e}`);
      summaries.push(`bench ${eng.name}: aborted (${String(e?.message ?? e).split('\n')[0]})`);
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
if (failures.length) {
  exitCode = 1;
  console.log(`\nbench many-objects: ${failures.length} step(s) failed or completed with errors:`);
  for (const fl of failures) console.log(`  ${fl.step}: ${fl.message.split('\n')[0]}`);
}
console.log(`\nbench many-objects: finished in ${((Date.now() - started) / 1000).toFixed(0)} s; load average ${load()}`);
for (const s of summaries) console.log(s);
process.exitCode = exitCode;
