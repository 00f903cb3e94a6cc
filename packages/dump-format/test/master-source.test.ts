import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DumpSetReader, DumpSetWriter, type MasterSource } from '../src/index.js';
import { failure, fastKdf, job, noise, tempDir } from './helpers.js';

const base = { job, workers: 0, blockSize: 4096 } as const;

/** The bytes as a MasterSource handing out parts of `size` bytes. */
function source(bytes: Buffer, size: number, patch: Partial<MasterSource> = {}): MasterSource {
  return {
    length: bytes.length,
    sha256: createHash('sha256').update(bytes).digest(),
    async *parts() {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    },
    ...patch,
  };
}

async function partsOf(reader: DumpSetReader): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const part of reader.masterParts()) out.push(Buffer.from(part));
  return out;
}

describe('a master handed over a part at a time', () => {
  it('writes the same set as the bytes whole, across files and frames, and reads back in order a piece at a time', async () => {
    const master = noise(100_000, 'streamed master');
    for (const [size, options] of [
      [1, { compression: 'NONE' }],
      [4_000, { compression: 'ALL', compressionAlgorithm: 'lz4' }],
      [65_536, { compression: 'NONE', fileSize: 40960 }],
      [33_333, { compression: 'ALL', encryption: 'ALL', encryptionPassword: 'pw', kdf: fastKdf }],
    ] as const) {
      const dir = await tempDir();
      const w = await DumpSetWriter.create({ ...base, ...options, directory: dir, fileSpecs: ['ms%U.dmp'] });
      await w.writeFrame('metadata', 1, Buffer.from('one record'));
      const summary = await w.close(source(master, size));
      expect(summary.masterBytes).toBe(master.length);
      const r = await DumpSetReader.open({ directory: dir, files: ['ms%U.dmp'], ...('encryptionPassword' in options ? { encryptionPassword: 'pw' } : {}) });
      expect((await r.master()).equals(master)).toBe(true);
      const parts = await partsOf(r);
      expect(parts.length).toBeGreaterThan(1);
      expect(Buffer.concat(parts).equals(master)).toBe(true);
      await r.close();
    }
  });

  it('refuses a source whose bytes are not what it announced: the set has no master a reader takes', async () => {
    const master = noise(20_000, 'announced');
    for (const patch of [{ length: master.length + 1 }, { sha256: Buffer.alloc(32) }, { length: master.length - 1 }]) {
      const dir = await tempDir();
      const w = await DumpSetWriter.create({ ...base, compression: 'NONE', directory: dir, fileSpecs: ['bad%U.dmp'] });
      const error = await failure(() => w.close(source(master, 3_000, patch)));
      expect(error.code).toBe('BAD_ARGUMENT');
      expect(error.message).toMatch(/master source/);
      const r = await DumpSetReader.open({ directory: dir, files: ['bad%U.dmp'] });
      expect(['BAD_FRAME', 'MISSING_PIECE', 'CHECKSUM_MISMATCH']).toContain((await failure(() => r.master())).code);
      await r.close();
    }
  });

  it('masterParts checks the SHA-256 once the last piece is read', async () => {
    const dir = await tempDir();
    const w = await DumpSetWriter.create({ ...base, compression: 'NONE', directory: dir, fileSpecs: ['sha%U.dmp'] });
    const master = noise(10_000, 'sha');
    await w.close(master);
    const r = await DumpSetReader.open({ directory: dir, files: ['sha%U.dmp'] });
    expect(Buffer.concat(await partsOf(r)).equals(master)).toBe(true);
    await r.close();
  });
});
