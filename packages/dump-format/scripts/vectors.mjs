// The golden dump file sets of format 1.0: what each one holds and how it is written. Shared by
// generate-vectors.mjs (which writes test/vectors/ from the built package) and test/vectors.test.ts
// (which checks that today's writer still produces the committed bytes).
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The password of the encrypted vector (it is a test vector: the password is public on purpose). */
export const VECTOR_PASSWORD = 'sluice-golden-vector-1.0';

/** The job identity every vector carries. */
export const VECTOR_JOB = {
  guid: '5D1A1CE0000000000000000000000001',
  name: 'SYS_EXPORT_SCHEMA_01',
  sourceEngine: 'postgresql',
  sourceVersion: '15.6',
  charset: 'UTF8',
  platform: 'linux/x64',
  host: 'golden.example',
  language: 'en-US',
  createdAt: new Date('2025-01-02T03:04:05.000Z'),
};

/** A deterministic byte source (SHA-256 in counter mode): GUID-independent salts and nonces. */
export function seededRandom(seed) {
  let counter = 0;
  let pool = Buffer.alloc(0);
  return (n) => {
    while (pool.length < n) pool = Buffer.concat([pool, createHash('sha256').update(`${seed}:${counter++}`).digest()]);
    const out = pool.subarray(0, n);
    pool = pool.subarray(n);
    return Uint8Array.from(out);
  };
}

/** COPY-style rows for table `t`, deterministic. */
export function vectorRows(count, t = 1) {
  let out = '';
  for (let i = 1; i <= count; i++) out += `${i}\tname ${t}-${i}\t${(i * 37) % 1000}.${i % 100}\t2025-01-${String(1 + (i % 28)).padStart(2, '0')}\t${'x'.repeat(i % 17)}\n`;
  return Buffer.from(out);
}

/** The vectors: directory name, file spec, writer options, and the content written. */
export const VECTORS = [
  { name: 'plain', spec: 'plain.dmp', options: { compression: 'NONE', checksum: true }, rows: 300 },
  { name: 'lz4', spec: 'lz4.dmp', options: { compression: 'ALL', checksum: true }, rows: 300 },
  {
    name: 'encrypted',
    spec: 'encrypted.dmp',
    options: { compression: 'ALL', encryption: 'ALL', encryptionAlgorithm: 'AES256', encryptionPassword: VECTOR_PASSWORD, kdf: { N: 1024, r: 8, p: 1 }, checksum: true },
    rows: 300,
  },
  { name: 'multi', spec: 'multi%U.dmp', options: { compression: 'METADATA_ONLY', fileSize: 40960, checksum: true }, rows: 2500 },
];

/** Writes vector `v` into `dir` with the given DumpSetWriter class; returns what the test checks against. */
export async function writeVector(v, dir, DumpSetWriter) {
  const writer = await DumpSetWriter.create({
    directory: dir,
    fileSpecs: [v.spec],
    job: VECTOR_JOB,
    version: '1.0',
    blockSize: 4096,
    workers: 0,
    randomBytes: seededRandom(v.name),
    ...v.options,
  });
  const metadata = [
    { path: 'SCHEMA_EXPORT/SCHEMA', name: 'app', ddl: 'CREATE SCHEMA app' },
    { path: 'SCHEMA_EXPORT/TABLE/TABLE', name: 'app.t1', ddl: 'CREATE TABLE app.t1 (id int PRIMARY KEY, name text, amount numeric(8,2), day date, pad text)' },
    { path: 'SCHEMA_EXPORT/TABLE/TABLE', name: 'app.t2', ddl: 'CREATE TABLE app.t2 (id int PRIMARY KEY, name text, amount numeric(8,2), day date, pad text)' },
  ].map((m) => Buffer.from(JSON.stringify(m)));
  for (const m of metadata) await writer.writeFrame('metadata', 1, m);
  const t1 = vectorRows(v.rows, 1);
  const t2 = vectorRows(Math.ceil(v.rows / 3), 2);
  await pipeline(Readable.from([t1]), writer.createStreamWriter(2));
  await pipeline(Readable.from([t2]), writer.createStreamWriter(3));
  const master = Buffer.from(JSON.stringify({ job: VECTOR_JOB.name, rows: Array.from({ length: 60 }, (_, i) => ({ id: i, object: i % 2 ? 'app.t1' : 'app.t2', state: 'COMPLETED' })) }));
  const summary = await writer.close(master);
  const sha = (b) => createHash('sha256').update(b).digest('hex');
  return {
    files: summary.files.map((f) => f.name),
    streams: { 1: sha(Buffer.concat(metadata)), 2: sha(t1), 3: sha(t2) },
    master: sha(master),
  };
}
