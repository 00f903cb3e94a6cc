/**
 * The engine bench: export and import of one large table through the engine, against the adapter's
 * own unload and load at the same parallelism (the same chunks, no master table, no dump format),
 * at PARALLEL=1 and 2, with each scenario's peak RSS. Prints figures and ratios; asserts nothing.
 *
 *   pnpm bench                       # both engines, about 300 MB, best of 2 runs each
 *   BENCH_MB=100 BENCH_ENGINES=postgres BENCH_REPEAT=3 pnpm bench
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Adapter, AdapterFactory, CatalogObject, ChunkDescriptor, TableRef } from '@sluice/adapter-kit';
import { open } from '@sluice/engine';
import { CHUNK_TARGET_BYTES } from '../src/runtime/index.js';
import { MYSQL_URL, PG_URL } from '../../../test-support/servers.js';

type Engine = 'postgres' | 'mysql';
type Kind = 'adapter unload' | 'engine export' | 'adapter load' | 'engine import';

interface Scenario {
  readonly engine: Engine;
  readonly url: string;
  readonly kind: Kind;
  readonly parallel: number;
  readonly dir: string;
  /** Engine-level schema names. */
  readonly source: string;
  readonly target: string;
}

interface Result {
  readonly kind: Kind;
  readonly parallel: number;
  readonly seconds: number;
  /** CPU time of the Node process (user + system): near `seconds` means its one JS thread is the limit. */
  readonly cpuSeconds: number;
  readonly maxRssMB: number;
}

const TIMING = { heartbeatMs: 1000, pollMs: 100 } as const;

async function factory(engine: Engine): Promise<AdapterFactory> {
  return engine === 'postgres'
    ? (await import('@sluice/adapter-postgres')).createPostgresAdapter
    : ((await import('@sluice/adapter-mysql')) as unknown as { createMysqlAdapter: AdapterFactory }).createMysqlAdapter;
}

async function run(adapter: Adapter, sql: string): Promise<Record<string, unknown>[]> {
  const conn = await adapter.connector.connect('bench');
  try {
    return (await adapter.masterTable.query(conn, sql)).rows;
  } finally {
    await conn.close();
  }
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

// ---------------------------------------------------------------- scenarios (each in its own process)

async function tableObject(adapter: Adapter, schema: string): Promise<CatalogObject> {
  const conn = await adapter.connector.connect('bench introspect');
  try {
    const catalog = await adapter.introspector.introspect(conn, { mode: 'SCHEMA', schemas: [schema] });
    const t = catalog.objects.find((o) => o.kind === 'TABLE' && o.name === 'big');
    if (t === undefined) throw new Error(`no table big in ${schema}`);
    return t;
  } finally {
    await conn.close();
  }
}

/** Run `work` over `items` with `parallel` workers. */
async function inParallel<T>(items: readonly T[], parallel: number, work: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i] as T, i);
      }
    }),
  );
}

async function adapterUnload(s: Scenario, adapter: Adapter): Promise<void> {
  const scope = { mode: 'SCHEMA' as const, schemas: [s.source] };
  const snapshot = await adapter.connector.openSnapshot({ maxWorkers: s.parallel, consistent: true, scope });
  try {
    const conn = await snapshot.acquire();
    let chunks: ChunkDescriptor[];
    try {
      const catalog = await adapter.introspector.introspect(conn, scope);
      const table = catalog.objects.find((o) => o.kind === 'TABLE' && o.name === 'big') as CatalogObject;
      chunks = await adapter.data.planChunks(conn, table, { targetBytes: CHUNK_TARGET_BYTES });
    } finally {
      await snapshot.release(conn);
    }
    const out = join(s.dir, 'unload');
    mkdirSync(out, { recursive: true });
    await inParallel(chunks, s.parallel, async (chunk, i) => {
      const c = await snapshot.acquire();
      const path = join(out, `chunk-${String(i).padStart(4, '0')}`);
      try {
        await pipeline(adapter.data.unload(c, chunk), createWriteStream(path));
      } finally {
        await snapshot.release(c);
      }
      // Synced, as the dump writer syncs its files: both sides leave durable files.
      const file = await openFile(path, 'r+');
      try {
        await file.sync();
      } finally {
        await file.close();
      }
    });
  } finally {
    await snapshot.close();
  }
}

async function adapterLoad(s: Scenario, adapter: Adapter): Promise<void> {
  const table = await tableObject(adapter, s.source);
  const ref: TableRef = { schema: s.target, name: 'big' };
  const conn = await adapter.connector.connect('bench load');
  try {
    await adapter.ddl.execute(conn, adapter.ddl.generateDdl(table, { remapSchema: new Map([[s.source, s.target]]) }));
  } finally {
    await conn.close();
  }
  const dir = join(s.dir, 'unload');
  const files = readdirSync(dir).sort();
  const conns = await Promise.all(Array.from({ length: s.parallel }, () => adapter.connector.connect('bench loader')));
  let next = 0;
  await Promise.all(
    conns.map(async (c) => {
      while (next < files.length) {
        const f = files[next++] as string;
        await adapter.data.load(c, ref, createReadStream(join(dir, f)));
      }
    }),
  );
  await Promise.all(conns.map((c) => c.close()));
}

async function engineJob(s: Scenario, adapter: Adapter): Promise<void> {
  const exporting = s.kind === 'engine export';
  const job = await open({ operation: exporting ? 'EXPORT' : 'IMPORT', mode: exporting ? 'SCHEMA' : 'FULL', home: adapter, timing: TIMING });
  await job.addFile({ kind: 'DUMP', name: 'bench%U.dmp', directory: s.dir, ...(exporting ? { reuse: true } : {}) });
  if (exporting) {
    await job.metadataFilter({ name: 'SCHEMA_LIST', value: `'${s.source}'` });
  } else {
    await job.metadataRemap({ name: 'REMAP_SCHEMA', from: s.source, to: s.target });
    // The adapter baseline loads a bare table: leave out the primary key and index builds here too.
    await job.metadataFilter({ name: 'EXCLUDE_PATH_EXPR', value: "IN ('TABLE/CONSTRAINT', 'TABLE/INDEX')" });
  }
  await job.setParallel(s.parallel);
  await job.startJob();
  const result = await job.waitForJob();
  await job.detach();
  if (result.state !== 'COMPLETED' || result.errors !== 0) throw new Error(`${s.kind} ended ${result.state} with ${result.errors} error(s)`);
}

async function scenario(s: Scenario): Promise<void> {
  const adapter = (await factory(s.engine))({ url: s.url });
  // PostgreSQL: start each run from a checkpoint, so no run pays for the WAL of the one before.
  if (s.engine === 'postgres') await run(adapter, 'CHECKPOINT');
  const cpuAtStart = process.cpuUsage();
  const started = process.hrtime.bigint();
  switch (s.kind) {
    case 'adapter unload':
      await adapterUnload(s, adapter);
      break;
    case 'adapter load':
      await adapterLoad(s, adapter);
      break;
    default:
      await engineJob(s, adapter);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuAtStart);
  await adapter.close();
  const result: Result = { kind: s.kind, parallel: s.parallel, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMB: process.resourceUsage().maxRSS / 1024 };
  console.log(`RESULT ${JSON.stringify(result)}`);
}

// ---------------------------------------------------------------- driver

async function setUp(engine: Engine, mb: number): Promise<{ url: string; source: string; drop: () => Promise<void>; target: (n: string) => string; dataBytes: () => Promise<number> }> {
  const create = await factory(engine);
  const db = `sluice_bench_${randomBytes(3).toString('hex')}`;
  const adminUrl = engine === 'postgres' ? PG_URL : MYSQL_URL;
  const admin = create({ url: adminUrl });
  await run(admin, `CREATE DATABASE ${db}`);
  await admin.close();
  const url = withDatabase(adminUrl, db);
  const a = create({ url });
  const rows = Math.round((mb * 1024 * 1024) / 135);
  const source = engine === 'postgres' ? 'bench' : `${db}_src`;
  const target = (n: string): string => (engine === 'postgres' ? n : `${db}_${n}`);
  const q = (n: string): string => (engine === 'postgres' ? `"${n}"` : `\`${n}\``);
  process.stdout.write(`${engine}: generating ${rows} rows (~${mb} MB)... `);
  const t0 = Date.now();
  if (engine === 'postgres') {
    await run(a, `CREATE SCHEMA bench`);
    await run(a, `CREATE TABLE bench.big (id bigint PRIMARY KEY, a int, b varchar(80), c numeric(12,2), d timestamp, e varchar(40))`);
    await run(
      a,
      `INSERT INTO bench.big SELECT g, g % 1000, md5(g::text) || md5((g * 7)::text), (g % 100000) * 0.01, timestamp '2024-01-01' + g * interval '1 second', repeat('x', 20) FROM generate_series(1, ${rows}) g`,
    );
    await run(a, `VACUUM ANALYZE bench.big`);
  } else {
    await run(a, `CREATE DATABASE ${q(source)}`);
    await run(a, `CREATE TABLE ${q(source)}.big (id bigint PRIMARY KEY, a int, b varchar(80), c numeric(12,2), d timestamp NULL, e varchar(40))`);
    for (let from = 1; from <= rows; from += 500_000) {
      const to = Math.min(rows, from + 499_999);
      await run(
        a,
        `INSERT INTO ${q(source)}.big SELECT seq, seq % 1000, CONCAT(MD5(seq), MD5(seq * 7)), (seq % 100000) * 0.01, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq SECOND, REPEAT('x', 20) FROM seq_${from}_to_${to}`,
      );
    }
    await run(a, `ANALYZE TABLE ${q(source)}.big`);
  }
  console.log(`${Math.round((Date.now() - t0) / 1000)} s`);
  await a.close();
  return {
    url,
    source,
    target,
    dataBytes: async () => {
      const dir = join(workdir(), engine, 'unload');
      return readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    },
    drop: async () => {
      const admin2 = create({ url: adminUrl });
      if (engine === 'postgres') await run(admin2, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      else for (const d of [db, source, target('load'), target('imp')]) await run(admin2, `DROP DATABASE IF EXISTS ${q(d)}`);
      await admin2.close();
    },
  };
}

function workdir(): string {
  return process.env['SLUICE_BENCH_WORKDIR'] ?? join(tmpdir(), 'sluice-bench');
}

/**
 * Delete the last run's output and let the file system finish with it first: on a disk mounted with
 * `discard`, freeing a few hundred MB trims it at the next journal commit, which otherwise lands in
 * (and slows) whichever run comes next.
 */
function settle(paths: readonly string[]): void {
  for (const p of paths) rmSync(p, { recursive: true, force: true });
  spawnSync('sync');
}

function runScenario(s: Scenario): Result {
  const r = spawnSync(process.execPath, [process.argv[1] as string, '--scenario', JSON.stringify(s)], { encoding: 'utf8', env: process.env, maxBuffer: 1 << 26 });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (line === undefined) throw new Error(`${s.kind} P=${s.parallel} failed:\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(line.slice(7)) as Result;
}

/** Drop a schema (MySQL: database) and, when asked, create it empty again. */
async function resetSchema(engine: Engine, url: string, schema: string, recreate: boolean): Promise<void> {
  const a = (await factory(engine))({ url });
  try {
    if (engine === 'postgres') {
      await run(a, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      if (recreate) await run(a, `CREATE SCHEMA "${schema}"`);
    } else {
      await run(a, `DROP DATABASE IF EXISTS \`${schema}\``);
      if (recreate) await run(a, `CREATE DATABASE \`${schema}\``);
    }
  } finally {
    await a.close();
  }
}

async function driver(): Promise<void> {
  const mb = Number(process.env['BENCH_MB'] ?? 300);
  const engines = (process.env['BENCH_ENGINES'] ?? 'postgres,mysql').split(',').map((e) => e.trim()) as Engine[];
  for (const engine of engines) {
    const env = await setUp(engine, mb);
    const dir = join(workdir(), engine);
    mkdirSync(dir, { recursive: true });
    const results: Result[] = [];
    try {
      // Baseline and engine runs alternate, and each figure is the best of BENCH_REPEAT runs, so
      // load from other processes on the machine weighs on both sides alike.
      const repeat = Math.max(1, Number(process.env['BENCH_REPEAT'] ?? 2));
      for (const parallel of [1, 2]) {
        const base = { engine, url: env.url, parallel, dir, source: env.source };
        for (let r = 0; r < repeat; r++) {
          // Which side goes first alternates between repetitions.
          const unload = (): void => {
            settle([join(dir, 'unload')]);
            results.push(runScenario({ ...base, kind: 'adapter unload', target: '' }));
          };
          const exp = (): void => {
            settle(
              readdirSync(dir)
                .filter((f) => f.endsWith('.dmp'))
                .map((f) => join(dir, f)),
            );
            results.push(runScenario({ ...base, kind: 'engine export', target: '' }));
          };
          const load = async (): Promise<void> => {
            await resetSchema(engine, env.url, env.target('load'), true);
            results.push(runScenario({ ...base, kind: 'adapter load', target: env.target('load') }));
          };
          const imp = async (): Promise<void> => {
            await resetSchema(engine, env.url, env.target('imp'), false);
            results.push(runScenario({ ...base, kind: 'engine import', target: env.target('imp') }));
          };
          if (r % 2 === 0) {
            unload();
            exp();
            await load();
            await imp();
          } else {
            exp();
            unload();
            await imp();
            await load();
          }
        }
        console.log(`  P=${parallel} done`);
      }
      report(engine, await env.dataBytes(), best(results));
    } finally {
      await env.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** The fastest run of each scenario, with the highest peak RSS seen for it. */
function best(results: readonly Result[]): Result[] {
  const out = new Map<string, Result>();
  for (const r of results) {
    const key = `${r.kind} ${r.parallel}`;
    const seen = out.get(key);
    out.set(key, seen === undefined ? r : { ...(r.seconds < seen.seconds ? r : seen), maxRssMB: Math.max(r.maxRssMB, seen.maxRssMB) });
  }
  const order: Kind[] = ['adapter unload', 'engine export', 'adapter load', 'engine import'];
  return [...out.values()].sort((a, b) => a.parallel - b.parallel || order.indexOf(a.kind) - order.indexOf(b.kind));
}

function report(engine: Engine, bytes: number, results: readonly Result[]): void {
  const mb = bytes / 1024 / 1024;
  const get = (kind: Kind, p: number): Result => results.find((r) => r.kind === kind && r.parallel === p) as Result;
  console.log(`\n${engine}: one table, ${mb.toFixed(0)} MB of ${engine === 'postgres' ? 'COPY text' : 'mysql-tsv'} data, ${(CHUNK_TARGET_BYTES / 1024 / 1024).toFixed(0)} MiB chunks`);
  console.log('  scenario         P   seconds     MB/s   node CPU s   peak RSS MB');
  for (const r of results) {
    console.log(
      `  ${r.kind.padEnd(15)} ${r.parallel}  ${r.seconds.toFixed(2).padStart(8)}  ${(mb / r.seconds).toFixed(1).padStart(7)}  ${r.cpuSeconds.toFixed(2).padStart(11)}  ${r.maxRssMB.toFixed(0).padStart(12)}`,
    );
  }
  for (const p of [1, 2]) {
    console.log(
      `  P=${p}: export ${(100 * (get('adapter unload', p).seconds / get('engine export', p).seconds)).toFixed(0)}% of adapter unload rate, import ${(100 * (get('adapter load', p).seconds / get('engine import', p).seconds)).toFixed(0)}% of adapter load rate`,
    );
  }
  console.log(
    `  PARALLEL=2 vs 1: engine export ${(get('engine export', 1).seconds / get('engine export', 2).seconds).toFixed(2)}x, engine import ${(get('engine import', 1).seconds / get('engine import', 2).seconds).toFixed(2)}x (adapter: unload ${(get('adapter unload', 1).seconds / get('adapter unload', 2).seconds).toFixed(2)}x, load ${(get('adapter load', 1).seconds / get('adapter load', 2).seconds).toFixed(2)}x)`,
  );
  console.log(`  peak RSS of any engine run: ${Math.max(...results.filter((r) => r.kind.startsWith('engine')).map((r) => r.maxRssMB)).toFixed(0)} MB`);
}

if (process.argv[2] === '--scenario') await scenario(JSON.parse(process.argv[3] as string) as Scenario);
else await driver();
