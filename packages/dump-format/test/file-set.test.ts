import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DumpSetReader, DumpSetWriter, expandExportSpec, getDumpfileInfo, verifyDumpSet, type FrameLocation } from '../src/index.js';
import { collect, failure, job, noise, tableText, tempDir } from './helpers.js';

const base = { job, workers: 0, blockSize: 4096 } as const;

describe('file sets', () => {
  it('FILESIZE closes a file and opens the next; no file grows past it, master pieces included', async () => {
    const dir = await tempDir();
    const fileSize = 48 * 1024;
    const w = await DumpSetWriter.create({ ...base, directory: dir, fileSpecs: ['fs%U.dmp'], fileSize, compression: 'NONE', checksum: true });
    const data = tableText(300_000);
    await pipeline(Readable.from([data]), w.createStreamWriter(1));
    const master = noise(60_000, 'master'); // does not compress, needs room in several files
    const summary = await w.close(master);
    expect(summary.files.length).toBeGreaterThanOrEqual(7);
    expect(summary.files.map((f) => f.name)).toEqual(summary.files.map((_, i) => `fs${String(i + 1).padStart(2, '0')}.dmp`));
    for (const f of summary.files) {
      expect((await stat(join(dir, f.name))).size).toBe(f.bytes);
      expect(f.bytes).toBeLessThanOrEqual(fileSize);
      const info = await getDumpfileInfo(join(dir, f.name));
      expect(info).toMatchObject({ fileType: 1, fileNumber: f.fileNumber, masterPieceNumber: f.fileNumber, masterPieceCount: summary.files.length, masterPresent: true });
    }
    const r = await DumpSetReader.open({ directory: dir, files: ['fs%U.dmp'] });
    expect((await collect(r.readStream(1))).equals(data)).toBe(true);
    expect((await r.master()).equals(master)).toBe(true);
    await r.close();
    expect((await verifyDumpSet({ directory: dir, files: ['fs%U.dmp'] })).ok).toBe(true);
  });

  it('opens extra files when the master does not fit the room FILESIZE leaves', async () => {
    const dir = await tempDir();
    const w = await DumpSetWriter.create({ ...base, directory: dir, fileSpecs: ['mx%U.dmp'], fileSize: 40960, compression: 'NONE' });
    await w.writeFrame('metadata', 1, Buffer.from('one record'));
    const master = noise(100_000, 'big master');
    const summary = await w.close(master);
    expect(summary.files.length).toBeGreaterThanOrEqual(3);
    for (const f of summary.files) expect(f.bytes).toBeLessThanOrEqual(40960);
    const r = await DumpSetReader.open({ directory: dir, files: ['mx%U.dmp'] });
    expect((await r.master()).equals(master)).toBe(true);
    await r.close();
  });

  it('uses several specs round-robin', async () => {
    const dir = await tempDir();
    const w = await DumpSetWriter.create({ ...base, directory: dir, fileSpecs: ['a%U.dmp', 'b%U.dmp', 'c.dmp'], fileSize: 40960, compression: 'NONE' });
    await pipeline(Readable.from([noise(150_000)]), w.createStreamWriter(1));
    const names = (await w.close(Buffer.from('m'))).files.map((f) => f.name);
    expect(names.slice(0, 6)).toEqual(['a01.dmp', 'b01.dmp', 'c.dmp', 'a02.dmp', 'b02.dmp', 'a03.dmp']);
    const r = await DumpSetReader.open({ directory: dir, files: ['b%U.dmp', 'c.dmp', 'a%U.dmp'] });
    expect(r.fileNames()).toEqual(names);
    expect((await collect(r.readStream(1))).equals(noise(150_000))).toBe(true);
    await r.close();
  });

  it('with onNeedFile the writer waits for ADD_FILE instead of failing, and the stream goes on into the new file', async () => {
    const dir = await tempDir();
    const needs: { fileSize: number; file: string; specs: readonly string[] }[] = [];
    let asked!: () => void;
    const firstNeed = new Promise<void>((resolve) => (asked = resolve));
    const w = await DumpSetWriter.create({
      ...base,
      directory: dir,
      fileSpecs: ['only.dmp'],
      fileSize: 40960,
      compression: 'NONE',
      onNeedFile: (need) => {
        needs.push(need);
        asked();
      },
    });
    const data = noise(100_000, 'wait');
    let finished = false;
    const written = pipeline(Readable.from([data]), w.createStreamWriter(1)).then(() => (finished = true));
    await firstNeed;
    expect(needs).toEqual([{ fileSize: 40960, file: 'only.dmp', specs: ['only.dmp'] }]);
    expect(w.waitingForFile).toBe(true);
    expect(finished).toBe(false);
    w.addFile('only.dmp'); // a name the set has already: still waiting, asked again
    await new Promise((resolve) => setImmediate(resolve));
    expect(needs).toHaveLength(2);
    w.addFile('more%U.dmp');
    await written;
    expect(w.waitingForFile).toBe(false);
    await w.close(Buffer.from('m'));
    expect(w.fileNames()[0]).toBe('only.dmp');
    expect(
      w
        .fileNames()
        .slice(1)
        .every((n) => /^more\d\d\.dmp$/.test(n)),
    ).toBe(true);
    const r = await DumpSetReader.open({ directory: dir, files: ['only.dmp', 'more%U.dmp'] });
    expect((await collect(r.readStream(1))).equals(data)).toBe(true);
    await r.close();
  });

  it('a writer waiting for ADD_FILE can be aborted', async () => {
    const dir = await tempDir();
    let asked!: () => void;
    const firstNeed = new Promise<void>((resolve) => (asked = resolve));
    const w = await DumpSetWriter.create({ ...base, directory: dir, fileSpecs: ['only.dmp'], fileSize: 40960, compression: 'NONE', onNeedFile: () => asked() });
    const outcome = pipeline(Readable.from([noise(100_000)]), w.createStreamWriter(1)).then(
      () => 'finished',
      (e: unknown) => e,
    );
    await firstNeed;
    await w.abort();
    expect(await outcome).toMatchObject({ code: 'WRITER_CLOSED' });
  });

  it('REUSE_DUMPFILES: an existing file is FILE_EXISTS unless reuse is on', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'old.dmp'), 'something precious');
    const e = await failure(() => DumpSetWriter.create({ ...base, directory: dir, fileSpecs: ['old.dmp'] }));
    expect(e).toMatchObject({ code: 'FILE_EXISTS', file: 'old.dmp' });
    expect(e.message).toContain('REUSE_DUMPFILES');
    const w = await DumpSetWriter.create({ ...base, directory: dir, fileSpecs: ['old.dmp'], reuseDumpfiles: true });
    await w.writeFrame('data', 1, Buffer.from('new'));
    await w.close(Buffer.alloc(0));
    const r = await DumpSetReader.open({ directory: dir, files: ['old.dmp'] });
    expect((await collect(r.readStream(1))).toString()).toBe('new');
    await r.close();
  });

  it('NO_MORE_FILES when the specs are used up; ADD_FILE lets the job go on', async () => {
    const dir = await tempDir();
    const w = await DumpSetWriter.create({ ...base, directory: dir, fileSpecs: ['only.dmp'], fileSize: 40960, compression: 'NONE' });
    const chunk = noise(30_000);
    await w.writeFrame('data', 1, chunk.subarray(0, 15_000));
    await w.writeFrame('data', 1, chunk.subarray(15_000, 30_000));
    const e = await failure(() => w.writeFrame('data', 1, noise(15_000, 'x')));
    expect(e.code).toBe('NO_MORE_FILES');
    expect(e.message).toContain('ADD_FILE');
    w.addFile('more%U.dmp');
    await w.writeFrame('data', 1, noise(15_000, 'x'));
    expect(w.fileNames()).toEqual(['only.dmp', 'more01.dmp']);
    await w.close(Buffer.from('m'));
    const r = await DumpSetReader.open({ directory: dir, files: ['only.dmp', 'more%U.dmp'] });
    expect((await collect(r.readStream(1))).equals(Buffer.concat([chunk, noise(15_000, 'x')]))).toBe(true);
    await r.close();
  });

  it('a record bigger than an empty file is FILESIZE_TOO_SMALL; stream writers cut frames to fit', async () => {
    const dir = await tempDir();
    const w = await DumpSetWriter.create({ ...base, directory: dir, fileSpecs: ['t%U.dmp'], fileSize: 40960, blockSize: 1 << 20, compression: 'NONE' });
    expect((await failure(() => w.writeFrame('metadata', 1, noise(40_000)))).code).toBe('FILESIZE_TOO_SMALL');
    await pipeline(Readable.from([noise(100_000)]), w.createStreamWriter(1));
    const s = await w.close(Buffer.alloc(0));
    for (const f of s.files) expect(f.bytes).toBeLessThanOrEqual(40960);
  });

  it('names files with %d %m %y %t on export', async () => {
    const dir = await tempDir();
    const w = await DumpSetWriter.create({ ...base, directory: dir, fileSpecs: ['exp_%y%m%d_%t_%U.dmp'] });
    await w.close(Buffer.alloc(0));
    expect(await readdir(dir)).toEqual([expandExportSpec('exp_%y%m%d_%t_%U.dmp', 1, job.createdAt!)]);
  });

  it('interleaves many streams written at once and reads each back in order', async () => {
    const dir = await tempDir();
    const w = await DumpSetWriter.create({ ...base, directory: dir, fileSpecs: ['il%U.dmp'], fileSize: 64 * 1024, compression: 'ALL', workers: 1 });
    const streams = [1, 2, 3, 4, 5].map((s) => ({ s, data: tableText(40_000 + s * 3_001, s) }));
    const locations: Array<FrameLocation & { stream: number }> = [];
    await Promise.all(
      streams.map(async ({ s, data }) => {
        const sw = w.createStreamWriter(s);
        sw.on('frame', (l: FrameLocation) => locations.push({ ...l, stream: s }));
        // Small uneven chunks so the streams' frames interleave in the files.
        const chunks: Buffer[] = [];
        for (let at = 0; at < data.length; at += 997 + s) chunks.push(data.subarray(at, at + 997 + s));
        await pipeline(Readable.from(chunks), sw);
      }),
    );
    await w.writeFrame('metadata', 9, Buffer.from('{"done":true}'));
    await w.close(Buffer.from('m'));
    const order = locations.sort((a, b) => a.sequence - b.sequence).map((l) => l.fileNumber * 1e9 + l.offset);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // Interleaved: in write order the stream changes more often than once per stream.
    const byStream = locations.sort((a, b) => a.sequence - b.sequence).map((l) => l.stream);
    const switches = byStream.filter((st, i) => i > 0 && st !== byStream[i - 1]).length;
    expect(switches).toBeGreaterThan(streams.length);
    const r = await DumpSetReader.open({ directory: dir, files: ['il%U.dmp'] });
    expect(r.streams()).toEqual([1, 2, 3, 4, 5, 9]);
    for (const { s, data } of streams) expect((await collect(r.readStream(s))).equals(data)).toBe(true);
    await r.close();
  });

  it('refuses to close while a stream writer is still open', async () => {
    const dir = await tempDir();
    const w = await DumpSetWriter.create({ ...base, directory: dir, fileSpecs: ['o.dmp'] });
    const sw = w.createStreamWriter(1);
    sw.write(Buffer.from('pending'));
    expect((await failure(() => w.close(Buffer.alloc(0)))).code).toBe('BAD_ARGUMENT');
    await new Promise<void>((resolve) => sw.end(resolve));
    await w.close(Buffer.alloc(0));
  });
});
