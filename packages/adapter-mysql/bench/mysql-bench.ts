import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Adapter, AdapterConnection, ChunkDescriptor } from '@sluice/adapter-kit';
import { createMysqlAdapter } from '../src/index.js';
import { MYSQL_URL } from '../../../test-support/servers.js';

/**
 * Unload and load a generated table of a few hundred MB through the adapter and, in the same run,
 * with the mariadb client (`--quick` SELECT to /dev/null, LOAD DATA LOCAL INFILE), and print the
 * ratios and the adapter's peak RSS. Best of `RUNS` for every measurement.
 */
const BASE_URL = MYSQL_URL;
const ROWS = Number(process.env['SLUICE_BENCH_ROWS'] ?? 2_000_000);
const RUNS = Number(process.env['SLUICE_BENCH_RUNS'] ?? 3);
const db = `sluice_bench_${randomBytes(3).toString('hex')}`;
const url = new URL(BASE_URL);
url.pathname = `/${db}`;

const COLUMNS = 'id, n, s, d, m, f, t, b';
const DIGITS =
  '(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';

function clientArgs(extra: string[]): string[] {
  return [`--host=${url.hostname}`, `--port=${url.port || 3306}`, `--user=${decodeURIComponent(url.username || 'root')}`, ...extra];
}

/** Run the mariadb client; stdout goes to a file or /dev/null. Returns seconds. */
function client(args: string[], stdoutTo = '/dev/null'): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const out = createWriteStream(stdoutTo);
    out.on('open', () => {
      const child = spawn('mariadb', clientArgs(args), {
        stdio: ['ignore', out, 'pipe'],
        env: { ...process.env, ...(url.password ? { MYSQL_PWD: decodeURIComponent(url.password) } : {}) },
      });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code) => {
        out.close();
        if (code === 0) resolve((performance.now() - started) / 1000);
        else reject(new Error(`mariadb exited with ${code}: ${err}`));
      });
    });
  });
}

async function best(runs: number, once: () => Promise<number>): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < runs; i++) min = Math.min(min, await once());
  return min;
}

const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);

/** One adapter unload run: wall seconds, this process's CPU seconds, bytes (and header bytes) streamed. */
interface UnloadRun {
  readonly seconds: number;
  readonly cpu: number;
  readonly bytes: number;
  readonly header: number;
}

/** Drain the chunks at once, each on its own connection (connecting is not timed). */
async function unloadAll(adapter: Adapter, chunks: readonly ChunkDescriptor[]): Promise<UnloadRun> {
  const conns = await Promise.all(chunks.map(() => adapter.connector.connect('bench unload')));
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let bytes = 0;
  let header = 0;
  await Promise.all(
    chunks.map((c, i) => {
      let first = true;
      return pipeline(
        adapter.data.unload(conns[i] as AdapterConnection, c),
        new Writable({
          write(b: Buffer, _e, cb) {
            if (first) header = b.indexOf(0x0a) + 1;
            first = false;
            bytes += b.length;
            cb();
          },
        }),
      );
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(conns.map((c) => c.close()));
  return { seconds, cpu: (cpu.user + cpu.system) / 1e6, bytes, header };
}

async function bestUnload(runs: number, once: () => Promise<UnloadRun>): Promise<UnloadRun> {
  let min: UnloadRun | undefined;
  for (let i = 0; i < runs; i++) {
    const run = await once();
    if (min === undefined || run.seconds < min.seconds) min = run;
  }
  return min as UnloadRun;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-bench-'));
  const adapter = createMysqlAdapter({ url: url.toString().replace(`/${db}`, '/'), applicationName: 'sluice bench' });
  const setup = await adapter.connector.connect('bench setup');
  try {
    process.stdout.write(`Generating ${ROWS} rows in ${db}.bench_src ...\n`);
    await adapter.ddl.execute(setup, [
      `CREATE DATABASE \`${db}\``,
      `CREATE TABLE \`${db}\`.bench_src (id BIGINT NOT NULL PRIMARY KEY, n INT NOT NULL, s VARCHAR(64) NOT NULL, d DATETIME(3), m DECIMAL(14,2), f DOUBLE, t TEXT, b VARBINARY(16))`,
      `INSERT INTO \`${db}\`.bench_src
         SELECT k, k * 7 % 100000, CONCAT('name-', k, '-', MD5(k)), TIMESTAMPADD(SECOND, k, '2020-01-01'), k / 7, k * 1.5e-3,
                REPEAT(CONCAT(CHAR(65 + k % 26), '\\t\\\\x'), 10), UNHEX(MD5(k))
           FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 100000 * g.d + 1000000 * h.d + 1 AS k
                   FROM ${DIGITS} a, ${DIGITS} b, ${DIGITS} c, ${DIGITS} e, ${DIGITS} f, ${DIGITS} g, ${DIGITS} h) x
          WHERE k <= ${ROWS}`,
      `CREATE TABLE \`${db}\`.bench_copy LIKE \`${db}\`.bench_src`,
      `ANALYZE TABLE \`${db}\`.bench_src`,
    ]);
    const table = { schema: db, name: 'bench_src' };
    const copy = { schema: db, name: 'bench_copy' };
    const size = await adapter.data.estimate(setup, table, 'BLOCKS');
    const chunk: ChunkDescriptor = { table, index: 0, count: 1, range: { kind: 'whole' }, estimatedBytes: size.bytes };
    const select = `SELECT ${COLUMNS} FROM \`${db}\`.bench_src`;

    // Unload: the client's streaming SELECT to /dev/null against the adapter's stream, drained.
    const clientUnload = await best(RUNS, () => client(['--quick', '--batch', '-e', select]));
    // The adapter side also at PARALLEL=2: two connections, each draining half of the id range.
    const half = String(Math.floor(ROWS / 2) + 1);
    const halves: ChunkDescriptor[] = [
      { ...chunk, index: 0, count: 2, range: { kind: 'key', columns: ['id'], upper: [half] } },
      { ...chunk, index: 1, count: 2, range: { kind: 'key', columns: ['id'], lower: [half] } },
    ];
    const adapterUnload = await bestUnload(RUNS, () => unloadAll(adapter, [chunk]));
    const adapterUnload2 = await bestUnload(RUNS, () => unloadAll(adapter, halves));
    const unloadBytes = adapterUnload.bytes;
    if (adapterUnload2.bytes !== unloadBytes + adapterUnload.header) throw new Error(`P=2 unloaded ${adapterUnload2.bytes} bytes, P=1 ${unloadBytes}`);

    // Load: the client's LOAD DATA LOCAL INFILE from a file against the adapter's load from a file.
    const clientFile = join(dir, 'client.tsv');
    await client(['--quick', '--batch', '-N', '-e', `SET character_set_results = binary; ${select}`], clientFile);
    const adapterFile = join(dir, 'adapter.tsv');
    const unloader = await adapter.connector.connect('bench unload to file');
    await pipeline(adapter.data.unload(unloader, chunk), createWriteStream(adapterFile));
    await unloader.close();
    const truncate = async (): Promise<void> => adapter.ddl.truncateTable(setup, copy);
    const clientLoad = await best(RUNS, async () => {
      await truncate();
      return client(['--local-infile=1', '-e', `LOAD DATA LOCAL INFILE '${clientFile}' INTO TABLE \`${db}\`.bench_copy CHARACTER SET binary (${COLUMNS})`]);
    });
    let loaded = 0;
    const adapterLoad = await best(RUNS, async () => {
      await truncate();
      const conn = await adapter.connector.connect('bench load');
      const started = performance.now();
      loaded = (await adapter.data.load(conn, copy, createReadStream(adapterFile, { highWaterMark: 1024 * 1024 }))).rows;
      const s = (performance.now() - started) / 1000;
      await conn.close();
      return s;
    });
    const fileBytes = (await stat(adapterFile)).size;
    const rss = process.resourceUsage().maxRSS * 1024;

    const line = (what: string, seconds: number, bytes: number): string =>
      `${what.padEnd(44)} ${seconds.toFixed(2).padStart(7)} s ${mb(bytes / seconds).padStart(8)} MB/s ${Math.round(ROWS / seconds)
        .toLocaleString('en')
        .padStart(11)} rows/s\n`;
    process.stdout.write(`\nTable: ${ROWS.toLocaleString('en')} rows, ${mb(size.bytes)} MB on disk, ${mb(fileBytes)} MB as mysql-tsv; best of ${RUNS}\n\n`);
    process.stdout.write(line('unload  mariadb --quick SELECT > /dev/null', clientUnload, unloadBytes));
    process.stdout.write(line('unload  adapter.unload (streamed, drained)', adapterUnload.seconds, unloadBytes));
    process.stdout.write(line('unload  adapter.unload, 2 chunks in parallel', adapterUnload2.seconds, unloadBytes));
    process.stdout.write(line('load    mariadb LOAD DATA LOCAL INFILE', clientLoad, fileBytes));
    process.stdout.write(line('load    adapter.load (LOAD DATA from stream)', adapterLoad, fileBytes));
    process.stdout.write(`\nnode CPU while unloading: ${adapterUnload.cpu.toFixed(2)} s at P=1, ${adapterUnload2.cpu.toFixed(2)} s at P=2\n`);
    process.stdout.write(`unload ratio (adapter speed / client speed): ${((clientUnload / adapterUnload.seconds) * 100).toFixed(0)}%   (aim >= 80%)\n`);
    process.stdout.write(`load ratio   (adapter speed / client speed): ${((clientLoad / adapterLoad) * 100).toFixed(0)}%   (aim >= 90%)\n`);
    process.stdout.write(`peak RSS of the adapter process: ${mb(rss)} MB   (aim < 150 MB)\n`);
    if (loaded !== ROWS) throw new Error(`the adapter loaded ${loaded} rows, expected ${ROWS}`);
  } finally {
    await adapter.ddl.execute(setup, [`DROP DATABASE IF EXISTS \`${db}\``]).catch(() => undefined);
    await adapter.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});
