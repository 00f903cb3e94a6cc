import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DumpSetReader, DumpSetWriter } from '../src/index.js';
import { collect, fastKdf, job, noise, seededRandom, tableText, tempDir } from './helpers.js';

/** Writes the same set with a given number of compression workers and returns its files' bytes. */
async function writeWith(workers: number): Promise<{ dir: string; files: Buffer[] }> {
  const dir = await tempDir();
  const w = await DumpSetWriter.create({
    directory: dir,
    fileSpecs: ['w%U.dmp'],
    job,
    fileSize: 64 * 1024,
    blockSize: 8192,
    compression: 'ALL',
    encryptionPassword: 'pw',
    encryptionAlgorithm: 'AES256',
    kdf: fastKdf,
    checksum: true,
    workers,
    randomBytes: seededRandom('workers'),
  });
  await w.writeFrame('metadata', 1, Buffer.from('{"table":"t"}'));
  const a = tableText(150_000, 1);
  const b = Buffer.concat([noise(20_000), tableText(30_000, 2)]);
  // One stream after the other: concurrent streams interleave by timing, which differs between runs.
  await pipeline(Readable.from([a]), w.createStreamWriter(2));
  await pipeline(Readable.from([b]), w.createStreamWriter(3));
  await w.writeFrame('data', 4, tableText(20_000, 3)); // a record larger than a block, owned by the caller
  const summary = await w.close(Buffer.from('master'));
  const files = await Promise.all(summary.files.map((f) => readFile(join(dir, f.name))));
  const r = await DumpSetReader.open({ directory: dir, files: ['w%U.dmp'], encryptionPassword: 'pw' });
  expect((await collect(r.readStream(2))).equals(a)).toBe(true);
  expect((await collect(r.readStream(3))).equals(b)).toBe(true);
  await r.close();
  return { dir, files };
}

describe('compression on worker threads', () => {
  it('produces byte-identical files to compression on the main thread', async () => {
    const inline = await writeWith(0);
    const pooled = await writeWith(2);
    expect(pooled.files.length).toBe(inline.files.length);
    // Frames are placed in submission order whoever compresses them, so the bytes are the same.
    pooled.files.forEach((f, i) => expect(f.equals(inline.files[i]!)).toBe(true));
  });
});
