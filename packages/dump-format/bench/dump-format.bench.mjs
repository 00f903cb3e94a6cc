// Benchmark of @sluice/dump-format (not a test). Run with `pnpm --filter @sluice/dump-format bench`
// (builds first). Writes and reads a synthetic COPY-like table-data stream (1 GiB by default,
// BENCH_MB=<n> to change) in a temp dir and prints MB/s for each pipeline and the raw-file ceiling.
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { DumpSetReader, DumpSetWriter } from '../dist/index.js';

const MB = 1024 * 1024;
const TOTAL = Number(process.env.BENCH_MB ?? 1024) * MB;
const CHUNK = 64 * 1024; // what a COPY stream typically hands over

/**
 * COPY text rows (id, name, amount, timestamp, token, status), LZ4 gets ~2.4:1 on them. Written byte by
 * byte into one buffer: building 4 MiB of row strings would grow V8's heap and skew the RSS figures.
 */
function makeSource(bytes) {
  const out = Buffer.allocUnsafe(bytes);
  const names = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy'].map((n) => Buffer.from(n));
  let at = 0;
  const put = (b) => {
    at += b.copy(out, at);
  };
  const num = (n, width = 0) => {
    const digits = [];
    do {
      digits.push(48 + (n % 10));
      n = Math.floor(n / 10);
    } while (n > 0);
    while (digits.length < width) digits.push(48);
    for (let i = digits.length - 1; i >= 0 && at < bytes; i--) out[at++] = digits[i];
  };
  const ch = (c) => {
    if (at < bytes) out[at++] = c;
  };
  let x = 12345;
  for (let i = 0; at < bytes; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    num(100000 + i);
    ch(9);
    put(names[i % 10]);
    ch(95);
    num(x % 100000);
    ch(9);
    num(Math.floor((x % 100000) / 100));
    ch(46);
    num(x % 100, 2);
    ch(9);
    num(2024);
    ch(45);
    num(1 + (i % 12), 2);
    ch(45);
    num(1 + (i % 28), 2);
    ch(32);
    num(i % 24, 2);
    ch(58);
    num(i % 60, 2);
    put(Buffer.from(':00+00\t'));
    num(x % 46656, 3);
    num((x >>> 16) % 1296, 2);
    ch(9);
    put(i % 7 === 0 ? SHIPPED : PENDING);
    ch(10);
  }
  return out;
}
const SHIPPED = Buffer.from('status shipped');
const PENDING = Buffer.from('status pending');

const source = makeSource(4 * MB);

function* chunks() {
  for (let sent = 0; sent < TOTAL; sent += CHUNK) {
    const at = sent % source.length;
    yield source.subarray(at, at + Math.min(CHUNK, TOTAL - sent));
  }
}

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 20);
const mbps = (bytes, ms) => Math.round(bytes / MB / (ms / 1000));
/** CPU seconds (all threads of the process, workers included) since `start`. */
const cpuSeconds = (start) => {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1e6;
};
const now = () => performance.now();

async function writeAll(writable) {
  for (const c of chunks()) if (!writable.write(c)) await once(writable, 'drain');
  writable.end();
  await once(writable, 'finish');
}

/**
 * The ceiling: the same bytes gathered into 1 MiB blocks and written with plain positioned writes (four
 * in flight, as the writer does), then read back with createReadStream.
 */
async function ceiling(dir) {
  const path = join(dir, 'raw.bin');
  let t = now();
  const h = await open(path, 'w');
  const blocks = Array.from({ length: 4 }, () => Buffer.allocUnsafe(MB));
  const inflight = [null, null, null, null];
  let k = 0;
  let fill = 0;
  let position = 0;
  const flush = async () => {
    const slot = k % 4;
    const block = blocks[slot];
    inflight[slot] = h.write(block, 0, fill, position);
    position += fill;
    fill = 0;
    k++;
    await inflight[k % 4]; // the next block's previous write must be done before it is refilled
  };
  for (const c of chunks()) {
    let at = 0;
    while (at < c.length) {
      const n = Math.min(c.length - at, MB - fill);
      c.copy(blocks[k % 4], fill, at, at + n);
      fill += n;
      at += n;
      if (fill === MB) await flush();
    }
  }
  if (fill > 0) await flush();
  await Promise.all(inflight);
  await h.close(); // no fsync here or in the pipelines: this measures the format, not the disk
  const w = now() - t;
  t = now();
  let n = 0;
  for await (const c of createReadStream(path, { highWaterMark: MB })) n += c.length;
  const r = now() - t;
  if (n !== TOTAL) throw new Error('raw read size mismatch');
  await rm(path);
  return { write: mbps(TOTAL, w), read: mbps(TOTAL, r), rss: Math.round(peakRss / MB) };
}

async function pipeline(dir, name, options) {
  peakRss = process.memoryUsage.rss();
  const job = { name: 'BENCH', sourceEngine: 'postgresql', sourceVersion: '15', charset: 'UTF8' };
  let t = now();
  let cpu = process.cpuUsage();
  const writer = await DumpSetWriter.create({ directory: dir, fileSpecs: [`${name}%U.dmp`], job, sync: false, ...options });
  await writeAll(writer.createStreamWriter(1));
  const summary = await writer.close(Buffer.from('{"bench":true}'));
  const w = now() - t;
  const writeCpu = cpuSeconds(cpu);
  const writeRss = peakRss;
  peakRss = process.memoryUsage.rss();
  t = now();
  cpu = process.cpuUsage();
  const reader = await DumpSetReader.open({ directory: dir, files: [`${name}%U.dmp`], encryptionPassword: options.encryptionPassword });
  let n = 0;
  for await (const c of reader.readStream(1)) n += c.length;
  await reader.close();
  const r = now() - t;
  const readCpu = cpuSeconds(cpu);
  if (n !== TOTAL) throw new Error(`${name}: read ${n} bytes, wrote ${TOTAL}`);
  for (const f of summary.files) await rm(join(dir, f.name));
  return {
    write: mbps(TOTAL, w),
    read: mbps(TOTAL, r),
    ratio: (summary.bytes / TOTAL).toFixed(3),
    rss: Math.round(Math.max(writeRss, peakRss) / MB),
    writeRss: Math.round(writeRss / MB),
    readRss: Math.round(peakRss / MB),
    writeCpu: writeCpu.toFixed(1),
    readCpu: readCpu.toFixed(1),
  };
}

// Each measurement runs in its own child process, so one run's garbage and heap growth do not count
// against the next one's peak RSS.
const runs = {
  ceiling: null,
  frames: { compression: 'NONE' },
  lz4: { compression: 'ALL' },
  full: { compression: 'ALL', encryptionPassword: 'bench-password', encryptionAlgorithm: 'AES256', checksum: true },
};
const labels = { frames: 'frames only', lz4: '+LZ4', full: '+LZ4+AES-256-GCM+SHA-256' };

const mode = process.argv[2];
if (mode) {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-bench-'));
  try {
    const workers = process.env.BENCH_WORKERS === undefined ? {} : { workers: Number(process.env.BENCH_WORKERS) };
    const baseRss = Math.round(process.memoryUsage.rss() / MB);
    const best = (a, b) => ({ ...a, write: Math.max(a.write, b.write), read: Math.max(a.read, b.read) });
    // The raw run is short and noisy (the first GiB a process writes pays for page-cache setup): best of two.
    const r = mode === 'ceiling' ? best(await ceiling(dir), await ceiling(dir)) : await pipeline(dir, mode, { ...runs[mode], ...(mode === 'frames' ? {} : workers) });
    process.stdout.write(JSON.stringify({ ...r, baseRss }));
  } finally {
    clearInterval(sampler);
    await rm(dir, { recursive: true, force: true });
  }
} else {
  clearInterval(sampler);
  const { execFileSync } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const self = fileURLToPath(import.meta.url);
  const run = (m) => JSON.parse(execFileSync(process.execPath, [self, m], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
  const { availableParallelism, loadavg } = await import('node:os');
  console.log(
    `dump-format bench: ${TOTAL / MB} MiB of COPY-like text in ${CHUNK / 1024} KiB chunks, Node ${process.version}, ${availableParallelism()} cores, load ${loadavg()[0].toFixed(1)}, one child process per line`,
  );
  // The ceiling runs before and after the pipelines; the better figures count (the page cache and other
  // load on the machine make a single raw run noisy).
  const first = run('ceiling');
  console.log(`${'raw file (ceiling)'.padEnd(27)} write ${first.write} MB/s  read ${first.read} MB/s`);
  let full;
  for (const m of ['frames', 'lz4', 'full']) {
    const r = run(m);
    console.log(
      `${labels[m].padEnd(27)} write ${r.write} MB/s (${r.writeCpu} cpu s)  read ${r.read} MB/s (${r.readCpu} cpu s)  size ${r.ratio}x  peak RSS ${r.rss} MB (write ${r.writeRss}, read ${r.readRss}, process start ${r.baseRss})`,
    );
    full = r;
  }
  const second = run('ceiling');
  console.log(`${'raw file (ceiling, again)'.padEnd(27)} write ${second.write} MB/s  read ${second.read} MB/s`);
  const ceil = { write: Math.max(first.write, second.write), read: Math.max(first.read, second.read) };
  console.log(`bench dump-format: write_mbps=${full.write} read_mbps=${full.read} ceiling_write_mbps=${ceil.write} ceiling_read_mbps=${ceil.read} rss_mb=${full.rss}`);
}
