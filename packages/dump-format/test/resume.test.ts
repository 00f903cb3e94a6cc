import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DumpSetReader, DumpSetWriter, getDumpfileInfo, verifyDumpSet, type DumpSetWriterOptions, type Frame } from '../src/index.js';
import { collect, failure, fastKdf, job, tableText, tempDir } from './helpers.js';

const records = (from: number, to: number): Buffer[] => Array.from({ length: to - from }, (_, i) => tableText(3_000, from + i));

async function frames(dir: string, files: string[], extra = {}): Promise<Frame[]> {
  const r = await DumpSetReader.open({ directory: dir, files, ...extra });
  const out: Frame[] = [];
  for await (const f of r.frames()) out.push(f);
  await r.close();
  return out;
}

describe('resume after the writer was killed', () => {
  const options = (dir: string): DumpSetWriterOptions => ({
    directory: dir,
    fileSpecs: ['rs%U.dmp'],
    job,
    fileSize: 40960,
    compression: 'ALL',
    encryptionPassword: 'resume-pw',
    kdf: fastKdf,
    checksum: true,
    blockSize: 4096,
    workers: 0,
  });

  it('keeps every intact frame, cuts a torn tail, continues with new sequence numbers', async () => {
    const dir = await tempDir();
    const w = await DumpSetWriter.create(options(dir));
    const before = records(0, 40);
    for (const r of before) await w.writeFrame('data', 1, r);
    const guid = w.guid;
    const names = w.fileNames();
    await w.abort(); // the process "dies": no master, no trailers
    expect(names.length).toBeGreaterThan(1);
    const last = join(dir, names[names.length - 1]!);
    // A torn frame at the end: a frame header and part of its payload.
    const lastBytes = await readFile(last);
    await appendFile(last, lastBytes.subarray(4096, 4096 + 60));

    // Unresumed, the set is readable by scanning, but a strict read stops at the torn tail and there is no master.
    const strict = await failure(() => DumpSetReader.open({ directory: dir, files: ['rs%U.dmp'], encryptionPassword: 'resume-pw' }));
    expect(strict).toMatchObject({ code: 'TRUNCATED', file: names[names.length - 1] });
    const lenient = await DumpSetReader.open({ directory: dir, files: ['rs%U.dmp'], encryptionPassword: 'resume-pw', continueOnFormatError: true });
    expect((await collect(lenient.readStream(1))).equals(Buffer.concat(before))).toBe(true);
    expect((await failure(() => lenient.master())).code).toBe('MISSING_PIECE');
    await lenient.close();
    expect(await getDumpfileInfo(last)).toMatchObject({ fileType: 1, complete: false, masterPresent: false });
    const killed = await verifyDumpSet({ directory: dir, files: ['rs%U.dmp'], encryptionPassword: 'resume-pw' });
    expect(killed.ok).toBe(false);
    expect(killed.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['TRUNCATED', 'MISSING_PIECE']));

    const maxBefore = Math.max(...(await frames(dir, ['rs%U.dmp'], { encryptionPassword: 'resume-pw', continueOnFormatError: true })).map((f) => f.sequence));
    const resumed = await DumpSetWriter.resume({ ...options(dir), guid });
    expect(resumed.guid).toBe(guid);
    expect(resumed.fileNames()).toEqual(names);
    const after = records(40, 70);
    for (const r of after) await resumed.writeFrame('data', 1, r);
    const summary = await resumed.close(Buffer.from('master after restart'));
    expect(summary.files.length).toBeGreaterThan(names.length);

    const reader = await DumpSetReader.open({ directory: dir, files: ['rs%U.dmp'], encryptionPassword: 'resume-pw' });
    expect((await collect(reader.readStream(1))).equals(Buffer.concat([...before, ...after]))).toBe(true);
    expect((await reader.master()).toString()).toBe('master after restart');
    await reader.close();
    const all = await frames(dir, ['rs%U.dmp'], { encryptionPassword: 'resume-pw' });
    const newOnes = all.filter((f) => f.kind === 'data').slice(before.length);
    expect(Math.min(...newOnes.map((f) => f.sequence))).toBeGreaterThan(maxBefore);
    const report = await verifyDumpSet({ directory: dir, files: ['rs%U.dmp'], encryptionPassword: 'resume-pw' });
    expect(report.problems).toEqual([]);
  });

  it('resumes a set whose close() was interrupted (or completed): master, index and trailer are rewritten', async () => {
    const dir = await tempDir();
    const w = await DumpSetWriter.create(options(dir));
    for (const r of records(0, 5)) await w.writeFrame('data', 1, r);
    const guid = w.guid;
    await w.close(Buffer.from('first master'));
    const resumed = await DumpSetWriter.resume({ ...options(dir), guid });
    for (const r of records(5, 8)) await resumed.writeFrame('data', 1, r);
    await resumed.close(Buffer.from('second master'));
    const reader = await DumpSetReader.open({ directory: dir, files: ['rs%U.dmp'], encryptionPassword: 'resume-pw' });
    expect((await collect(reader.readStream(1))).equals(Buffer.concat(records(0, 8)))).toBe(true);
    expect((await reader.master()).toString()).toBe('second master');
    await reader.close();
    expect((await verifyDumpSet({ directory: dir, files: ['rs%U.dmp'], encryptionPassword: 'resume-pw' })).ok).toBe(true);
  });

  it('refuses to resume over damage that is not a torn tail, a wrong password, or other parameters', async () => {
    const dir = await tempDir();
    const w = await DumpSetWriter.create(options(dir));
    for (const r of records(0, 4)) await w.writeFrame('data', 1, r);
    const guid = w.guid;
    const first = w.fileNames()[0]!;
    await w.abort();
    expect((await failure(() => DumpSetWriter.resume({ ...options(dir), guid, encryptionPassword: 'wrong' }))).code).toBe('WRONG_PASSWORD');
    expect((await failure(() => DumpSetWriter.resume({ ...options(dir), guid, compression: 'NONE' }))).code).toBe('BAD_ARGUMENT');
    expect((await failure(() => DumpSetWriter.resume({ ...options(dir), guid: '0'.repeat(32) }))).code).toBe('MISSING_FILE');
    const path = join(dir, first);
    const b = await readFile(path);
    b[4096 + 50]! ^= 0xff; // inside the first frame, intact frames follow
    await writeFile(path, b);
    const e = await failure(() => DumpSetWriter.resume({ ...options(dir), guid }));
    expect(e).toMatchObject({ code: 'CHECKSUM_MISMATCH', file: first });
  });
});
