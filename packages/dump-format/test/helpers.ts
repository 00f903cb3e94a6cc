import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach } from 'vitest';
import type { JobIdentity } from '../src/index.js';

const dirs: string[] = [];

/** A fresh temporary directory, removed after the test. */
export async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'sluice-dump-format-'));
  dirs.push(d);
  return d;
}

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A job identity for tests. */
export const job: JobIdentity = {
  name: 'SYS_EXPORT_SCHEMA_01',
  sourceEngine: 'postgresql',
  sourceVersion: '15.4',
  charset: 'UTF8',
  platform: 'linux/x64',
  host: 'db1.example',
  language: 'en-US',
  createdAt: new Date('2024-05-06T07:08:09Z'),
};

/** Cheap scrypt cost for tests. */
export const fastKdf = { N: 16, r: 1, p: 1 };

/** A deterministic byte source (SHA-256 in counter mode) for reproducible files. */
export function seededRandom(seed: string): (n: number) => Uint8Array {
  let counter = 0;
  let pool = Buffer.alloc(0);
  return (n: number) => {
    while (pool.length < n) pool = Buffer.concat([pool, createHash('sha256').update(`${seed}:${counter++}`).digest()]);
    const out = pool.subarray(0, n);
    pool = pool.subarray(n);
    return Uint8Array.from(out);
  };
}

/** COPY-like table text, deterministic, `bytes` long. */
export function tableText(bytes: number, seed = 1): Buffer {
  const rows: string[] = [];
  let len = 0;
  for (let i = 0; len < bytes; i++) {
    const r = `${i + seed * 1000}\tcustomer_${(i * 7919 + seed) % 10007}\t${((i * 31) % 1000) / 10}\t2024-0${1 + (i % 9)}-1${i % 10} 12:${10 + (i % 50)}:00+00\t${(i * 2654435761) % 4294967296}\n`;
    rows.push(r);
    len += r.length;
  }
  return Buffer.from(rows.join('')).subarray(0, bytes);
}

/** Random-looking (incompressible) bytes. */
export function noise(bytes: number, seed = 'noise'): Buffer {
  return Buffer.from(seededRandom(seed)(bytes));
}

/** Reads a whole Readable into one Buffer. */
export async function collect(r: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of r) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/** What writeSampleSet wrote. */
export interface SampleSet {
  readonly dir: string;
  readonly names: string[];
  readonly text: Buffer;
  readonly metadata: Buffer;
  readonly master: Buffer;
  readonly guid: string;
}

/** Writes a small closed set: metadata on stream 1, table text on stream 2, a master; several frames per file. */
export async function writeSampleSet(dir: string, options: Partial<import('../src/index.js').DumpSetWriterOptions> = {}, spec = 'set%U.dmp'): Promise<SampleSet> {
  const { DumpSetWriter } = await import('../src/index.js');
  const writer = await DumpSetWriter.create({ directory: dir, fileSpecs: [spec], job, kdf: fastKdf, blockSize: 2048, workers: 0, ...options });
  const metadata = Buffer.from(JSON.stringify({ object: 'SCHEMA_EXPORT/TABLE/TABLE', ddl: 'CREATE TABLE s.t (id int primary key, name text)' }));
  await writer.writeFrame('metadata', 1, metadata);
  const text = tableText(options.fileSize ? 120_000 : 20_000);
  const { pipeline } = await import('node:stream/promises');
  const { Readable } = await import('node:stream');
  await pipeline(Readable.from([text]), writer.createStreamWriter(2));
  const master = Buffer.from(JSON.stringify({ job: 'SYS_EXPORT_SCHEMA_01', items: Array.from({ length: 40 }, (_, i) => `item ${i}`) }));
  const summary = await writer.close(master);
  return { dir, names: summary.files.map((f) => f.name), text, metadata, master, guid: summary.guid };
}

/** Runs `fn` and returns the DumpFormatError it throws (fails the test when it throws nothing or something else). */
export async function failure(fn: () => Promise<unknown>): Promise<import('../src/index.js').DumpFormatError> {
  const { DumpFormatError } = await import('../src/index.js');
  try {
    await fn();
  } catch (e) {
    if (e instanceof DumpFormatError) return e;
    throw new Error(`expected a DumpFormatError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected a DumpFormatError, nothing was thrown');
}
