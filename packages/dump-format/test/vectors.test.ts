import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DumpSetReader, DumpSetWriter, getDumpfileInfo, verifyDumpSet } from '../src/index.js';
import { VECTORS, writeVector, type VectorResult } from '../scripts/vectors.mjs';
import { collect, tempDir } from './helpers.js';

const root = fileURLToPath(new URL('./vectors/', import.meta.url));
const expected = JSON.parse(await readFile(join(root, 'expected.json'), 'utf8')) as {
  format: string;
  password: string;
  vectors: Record<string, VectorResult & { info: Record<string, Record<string, unknown>> }>;
};
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('golden format 1.0 files: readers read them forever', () => {
  it.each(Object.entries(expected.vectors))('%s', async (name, v) => {
    const dir = join(root, name);
    for (const f of v.files) {
      const info = await getDumpfileInfo(join(dir, f));
      expect({ ...info, fileName: f, createdAt: info.fileType === 1 ? info.createdAt.toISOString() : null }).toEqual(v.info[f]);
    }
    const reader = await DumpSetReader.open({ directory: dir, files: v.files, encryptionPassword: expected.password });
    expect(reader.info.formatVersion).toBe('1.0');
    expect(reader.streams().map(String)).toEqual(Object.keys(v.streams));
    for (const [stream, digest] of Object.entries(v.streams)) expect(sha(await collect(reader.readStream(Number(stream))))).toBe(digest);
    expect(sha(await reader.master())).toBe(v.master);
    await reader.close();
    const report = await verifyDumpSet({ directory: dir, files: v.files, encryptionPassword: expected.password });
    expect(report.problems).toEqual([]);
    expect(report.files.every((f) => f.sha256 === 'ok')).toBe(true);
  });

  it("today's writer, asked for VERSION=1.0, still produces the committed bytes", async () => {
    for (const v of VECTORS) {
      const dir = await tempDir();
      const result = await writeVector(v, dir, DumpSetWriter);
      expect(result).toEqual({ files: expected.vectors[v.name]!.files, streams: expected.vectors[v.name]!.streams, master: expected.vectors[v.name]!.master });
      for (const f of result.files) {
        const fresh = await readFile(join(dir, f));
        const golden = await readFile(join(root, v.name, f));
        expect(fresh.equals(golden), `${v.name}/${f} differs from the committed vector`).toBe(true);
      }
    }
  });
});
