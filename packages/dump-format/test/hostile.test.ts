import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../src/checksum.js';
import { HEADER_CRC_OFFSET } from '../src/constants.js';
import { DumpSetReader, DumpSetWriter, type DumpFormatError, getDumpfileInfo, verifyDumpSet, type Frame, type SkippedRegion } from '../src/index.js';
import { collect, failure, fastKdf, job, tempDir, writeSampleSet, type SampleSet } from './helpers.js';

const password = 'hostile-test-password';
const secure = { compression: 'ALL', encryptionPassword: password, encryptionAlgorithm: 'AES256', checksum: true } as const;

/** Opens the set and reads everything a user would: every stream, every frame, the master. */
async function readEverything(dir: string, files: string[], extra: Partial<Parameters<typeof DumpSetReader.open>[0]> = {}): Promise<{ streams: Map<number, Buffer>; master: Buffer | null }> {
  const reader = await DumpSetReader.open({ directory: dir, files, encryptionPassword: password, ...extra });
  try {
    const streams = new Map<number, Buffer>();
    for (const s of reader.streams()) streams.set(s, await collect(reader.readStream(s)));
    for await (const f of reader.frames()) void f;
    let master: Buffer | null = null;
    try {
      master = await reader.master();
    } catch (e) {
      if (!extra.continueOnFormatError) throw e;
    }
    return { streams, master };
  } finally {
    await reader.close();
  }
}

/** The frames of a set with their offsets. */
async function framesOf(set: SampleSet): Promise<Frame[]> {
  const reader = await DumpSetReader.open({ directory: set.dir, files: set.names, encryptionPassword: password });
  const out: Frame[] = [];
  for await (const f of reader.frames()) out.push(f);
  await reader.close();
  return out;
}

function expectNamed(e: DumpFormatError, code: string, file: string): void {
  expect(e.code).toBe(code);
  expect(e.message).toContain(file);
  expect(e.file).toBe(file);
  expect(e.message).not.toContain(password);
}

/** Writes a one-file set, then lets `edit` change its bytes knowing where each frame is. */
async function damaged(edit: (bytes: Buffer, frames: Frame[]) => Buffer, options: object = secure): Promise<{ dir: string; set: SampleSet; frames: Frame[]; file: string }> {
  const dir = await tempDir();
  const set = await writeSampleSet(dir, options, 'one.dmp');
  const frames = await framesOf(set);
  const file = set.names[0]!;
  const path = join(dir, file);
  await writeFile(path, edit(await readFile(path), frames));
  return { dir, set, frames, file };
}

describe('hostile input: truncation at every region', () => {
  const regions: Array<[string, (frames: Frame[], size: number) => number]> = [
    ['inside the file header', () => 1000],
    ['right after the header', () => 4096],
    ['inside a frame header', (fr) => fr[1]!.offset + 10],
    ['inside a payload', (fr) => fr[1]!.offset + 36 + 20],
    ['inside a GCM tag', (fr) => fr[2]!.offset - 5],
    ['at a frame boundary before the index', (fr) => fr.find((f) => f.kind === 'index')!.offset],
    ['inside the index', (fr) => fr.find((f) => f.kind === 'index')!.offset + 40],
    ['inside the trailer', (_fr, size) => size - 10],
  ];
  it.each(regions)('%s ends in TRUNCATED naming the file, never wrong data', async (_name, at) => {
    const dir = await tempDir();
    const set = await writeSampleSet(dir, secure, 'cut.dmp');
    const frames = await framesOf(set);
    const path = join(dir, 'cut.dmp');
    const size = (await readFile(path)).length;
    await truncate(path, at(frames, size));
    const e = await failure(() => readEverything(dir, ['cut.dmp']));
    expectNamed(e, 'TRUNCATED', 'cut.dmp');
    expect(e.offset).toBeTypeOf('number');
    const info = await getDumpfileInfo(path);
    expect(info.fileType).toBe(at(frames, size) < 4096 ? 0 : 1);
  });

  it('with continueOnFormatError a torn file yields what is intact and reports the rest', async () => {
    const dir = await tempDir();
    const set = await writeSampleSet(dir, secure, 'cut.dmp');
    const frames = await framesOf(set);
    const third = frames.filter((f) => f.kind === 'data')[2]!;
    await truncate(join(dir, 'cut.dmp'), third.offset + 50);
    const skips: SkippedRegion[] = [];
    const { streams } = await readEverything(dir, ['cut.dmp'], { continueOnFormatError: true, onSkip: (s) => skips.push(s) });
    const firstTwo = frames
      .filter((f) => f.kind === 'data')
      .slice(0, 2)
      .map((f) => f.payload);
    expect(streams.get(2)!.equals(Buffer.concat(firstTwo))).toBe(true);
    expect(skips.some((s) => s.code === 'TRUNCATED' && s.file === 'cut.dmp' && s.offset === third.offset)).toBe(true);
  });
});

describe('hostile input: a flipped bit in every region', () => {
  const cases: Array<[string, (fr: Frame[], size: number) => number, string]> = [
    ['file header', () => 300, 'CHECKSUM_MISMATCH'],
    ['frame header', (fr) => fr[1]!.offset + 9, 'CHECKSUM_MISMATCH'],
    ['frame marker', (fr) => fr[1]!.offset + 1, 'BAD_FRAME'],
    ['payload', (fr) => fr[1]!.offset + 36 + 30, 'CHECKSUM_MISMATCH'],
    ['GCM tag', (fr) => fr[2]!.offset - 3, 'CHECKSUM_MISMATCH'],
    ['index', (fr) => fr.find((f) => f.kind === 'index')!.offset + 36 + 10, 'CHECKSUM_MISMATCH'],
    ['trailer', (_fr, size) => size - 20, 'CHECKSUM_MISMATCH'],
  ];
  it.each(cases)('in the %s ends in the documented error naming the file', async (_name, at, code) => {
    const { dir, file } = await damaged((b, frames) => {
      b[at(frames, b.length)]! ^= 0x08;
      return b;
    });
    const e = await failure(() => readEverything(dir, [file]));
    expectNamed(e, code, file);
    const report = await verifyDumpSet({ directory: dir, files: [file], encryptionPassword: password });
    expect(report.ok).toBe(false);
    expect(report.problems.length).toBeGreaterThan(0);
    expect(report.problems.every((p) => p.file === file)).toBe(true);
  });

  it('an altered payload with a recomputed CRC fails authentication (AUTH_FAILED)', async () => {
    const { dir, file } = await damaged((bytes, frames) => {
      const f = frames[1]!;
      const storedLength = bytes.readUInt32BE(f.offset + 20);
      bytes[f.offset + 36 + 15]! ^= 0x01;
      bytes.writeUInt32BE(crc32(bytes.subarray(f.offset + 36, f.offset + 36 + storedLength)), f.offset + 28);
      bytes.writeUInt32BE(crc32(bytes.subarray(f.offset, f.offset + 32)), f.offset + 32);
      return bytes;
    });
    expectNamed(await failure(() => readEverything(dir, [file])), 'AUTH_FAILED', file);
  });

  it('frames of two files swapped by renumbering the files fail authentication (file number is authenticated)', async () => {
    const dir = await tempDir();
    const set = await writeSampleSet(dir, { ...secure, fileSize: 64 * 1024 });
    expect(set.names.length).toBeGreaterThanOrEqual(2);
    const renumber = async (name: string, n: number): Promise<void> => {
      const b = await readFile(join(dir, name));
      const at = b.indexOf(Buffer.from([0x00, 0x02, 0x00, 0x04]), 18); // FILE_NUMBER item: code 2, length 4
      b.writeUInt32BE(n, at + 4);
      b.writeUInt32BE(crc32(b.subarray(0, HEADER_CRC_OFFSET)), HEADER_CRC_OFFSET);
      await writeFile(join(dir, name), b);
    };
    await renumber(set.names[0]!, 2);
    await renumber(set.names[1]!, 1);
    const e = await failure(() => readEverything(dir, set.names));
    expect(e.code).toBe('AUTH_FAILED');
    expect(set.names).toContain(e.file);
  });

  it('continueOnFormatError skips a damaged frame, reports it through onSkip, and verify lists every bad frame', async () => {
    const { dir, file, frames, set } = await damaged((b, fr) => {
      const data = fr.filter((f) => f.kind === 'data');
      b[data[1]!.offset + 40]! ^= 0x01;
      b[data[3]!.offset + 40]! ^= 0x01;
      return b;
    });
    const data = frames.filter((f) => f.kind === 'data');
    const skips: SkippedRegion[] = [];
    const { streams, master } = await readEverything(dir, [file], { continueOnFormatError: true, onSkip: (s) => skips.push(s) });
    const kept = data.filter((_, i) => i !== 1 && i !== 3).map((f) => f.payload);
    expect(streams.get(2)!.equals(Buffer.concat(kept))).toBe(true);
    expect(master!.equals(set.master)).toBe(true);
    const fromRead = skips.filter((s) => s.sequence === data[1]!.sequence || s.sequence === data[3]!.sequence);
    expect(fromRead.length).toBeGreaterThanOrEqual(2);
    for (const s of fromRead) expect(s).toMatchObject({ file, code: 'CHECKSUM_MISMATCH', stream: 2 });
    const report = await verifyDumpSet({ directory: dir, files: [file], encryptionPassword: password });
    expect(report.ok).toBe(false);
    const bad = report.problems.filter((p) => p.code === 'CHECKSUM_MISMATCH' && p.sequence !== undefined);
    expect(bad.map((p) => [p.file, p.offset, p.sequence])).toEqual([
      [file, data[1]!.offset, data[1]!.sequence],
      [file, data[3]!.offset, data[3]!.sequence],
    ]);
    expect(report.files[0]!.sha256).toBe('mismatch');
  });
});

describe('hostile input: keys and passwords', () => {
  it('a wrong password is WRONG_PASSWORD at open, and the password never appears in the message', async () => {
    const dir = await tempDir();
    await writeSampleSet(dir, secure, 'pw.dmp');
    const e = await failure(() => DumpSetReader.open({ directory: dir, files: ['pw.dmp'], encryptionPassword: 'not-the-password' }));
    expectNamed(e, 'WRONG_PASSWORD', 'pw.dmp');
    expect(e.message).not.toContain('not-the-password');
    expect((await failure(() => DumpSetReader.open({ directory: dir, files: ['pw.dmp'] }))).code).toBe('PASSWORD_REQUIRED');
    await expect(verifyDumpSet({ directory: dir, files: ['pw.dmp'], encryptionPassword: 'nope' })).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    const unkeyed = await verifyDumpSet({ directory: dir, files: ['pw.dmp'] });
    expect(unkeyed).toMatchObject({ ok: true, tagsChecked: false });
  });

  it('a key file of the wrong length is BAD_KEY, a wrong key WRONG_PASSWORD', async () => {
    const dir = await tempDir();
    const keyFile = join(dir, 'k.bin');
    await writeFile(keyFile, randomBytes(20));
    const opts = { directory: dir, fileSpecs: ['k.dmp'], job, encryptionAlgorithm: 'AES256', keyFile } as const;
    const e = await failure(() => DumpSetWriter.create(opts));
    expect(e.code).toBe('BAD_KEY');
    expect(e.message).toContain('20-byte');
    await writeFile(keyFile, randomBytes(16)); // an AES128 key for AES256
    expect((await failure(() => DumpSetWriter.create(opts))).code).toBe('BAD_KEY');
    await writeFile(keyFile, randomBytes(32));
    await writeSampleSet(dir, { encryptionAlgorithm: 'AES256', keyFile }, 'k.dmp');
    await writeFile(keyFile, randomBytes(24));
    expect((await failure(() => DumpSetReader.open({ directory: dir, files: ['k.dmp'], keyFile }))).code).toBe('BAD_KEY');
    await writeFile(keyFile, randomBytes(32).toString('hex'));
    expectNamed(await failure(() => DumpSetReader.open({ directory: dir, files: ['k.dmp'], keyFile })), 'WRONG_PASSWORD', 'k.dmp');
    await writeFile(keyFile, randomBytes(32)); // another raw key of the right length
    expectNamed(await failure(() => DumpSetReader.open({ directory: dir, files: ['k.dmp'], keyFile })), 'WRONG_PASSWORD', 'k.dmp');
    expect((await failure(() => DumpSetReader.open({ directory: dir, files: ['k.dmp'], keyFile: join(dir, 'nope') }))).code).toBe('BAD_KEY');
  });
});

describe('hostile input: the wrong files', () => {
  it('a file of another set mixed in is FOREIGN_FILE naming it', async () => {
    const a = await tempDir();
    const setA = await writeSampleSet(a, { fileSize: 64 * 1024 }, 'a%U.dmp');
    await writeSampleSet(a, {}, 'b%U.dmp');
    const e = await failure(() => DumpSetReader.open({ directory: a, files: [setA.names[0]!, 'b01.dmp'] }));
    expectNamed(e, 'FOREIGN_FILE', 'b01.dmp');
    const report = await verifyDumpSet({ directory: a, files: ['a%U.dmp', 'b01.dmp'] });
    expect(report.problems.map((p) => [p.code, p.file])).toContainEqual(['FOREIGN_FILE', 'b01.dmp']);
  });

  it('a missing file of a set is MISSING_FILE (gap) or MISSING_PIECE (last file), naming the file', async () => {
    const dir = await tempDir();
    const set = await writeSampleSet(dir, { fileSize: 48 * 1024 }, 'm%U.dmp');
    expect(set.names.length).toBeGreaterThanOrEqual(3);
    await rename(join(dir, set.names[1]!), join(dir, 'aside.bin'));
    expectNamed(await failure(() => DumpSetReader.open({ directory: dir, files: ['m%U.dmp'] })), 'MISSING_FILE', set.names[1]!);
    await rename(join(dir, 'aside.bin'), join(dir, set.names[1]!));
    const last = set.names[set.names.length - 1]!;
    await rm(join(dir, last));
    expectNamed(await failure(() => DumpSetReader.open({ directory: dir, files: ['m%U.dmp'] })), 'MISSING_PIECE', last);
    expectNamed(await failure(() => DumpSetReader.open({ directory: dir, files: [set.names[0]!] })), 'MISSING_PIECE', set.names[1]!);
    expectNamed(await failure(() => DumpSetReader.open({ directory: dir, files: [last] })), 'MISSING_FILE', last);
    const report = await verifyDumpSet({ directory: dir, files: ['m%U.dmp'] });
    expect(report.problems.map((p) => [p.code, p.file])).toContainEqual(['MISSING_FILE', last]);
  });

  it('random bytes never crash getDumpfileInfo: they are fileType 0', async () => {
    const dir = await tempDir();
    const path = join(dir, 'random.bin');
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 5000 }), fc.boolean(), async (bytes, withMagic) => {
        const b = Buffer.from(bytes);
        if (withMagic && b.length >= 8) Buffer.from([0x89, 0x53, 0x4c, 0x44, 0x50, 0x0d, 0x0a, 0x1a]).copy(b);
        await writeFile(path, b);
        const info = await getDumpfileInfo(path);
        expect(info.fileType).toBe(0);
        if (info.fileType === 0) expect(info.reason).toContain(path);
      }),
      { numRuns: 60 },
    );
    await writeFile(path, '');
    expect(await getDumpfileInfo(path)).toMatchObject({ fileType: 0, code: 'BAD_MAGIC' });
    expect(await getDumpfileInfo(dir)).toMatchObject({ fileType: 0 });
    await expect(getDumpfileInfo(join(dir, 'absent.dmp'))).rejects.toMatchObject({ code: 'MISSING_FILE' });
    await writeFile(join(dir, 'r.dmp'), randomBytes(9000));
    expectNamed(await failure(() => DumpSetReader.open({ directory: dir, files: ['r.dmp'] })), 'BAD_MAGIC', 'r.dmp');
  });

  it('a newer major is refused naming both versions; a newer minor is read', async () => {
    const { dir, file } = await damaged((b) => {
      b.writeUInt16BE(2, 8);
      b.writeUInt16BE(1, 10);
      b.writeUInt32BE(crc32(b.subarray(0, HEADER_CRC_OFFSET)), HEADER_CRC_OFFSET);
      return b;
    }, {});
    const e = await failure(() => DumpSetReader.open({ directory: dir, files: [file] }));
    expectNamed(e, 'UNSUPPORTED_VERSION', file);
    expect(e.message).toMatch(/2\.1.*1\.0/);
    expect(await getDumpfileInfo(join(dir, file))).toMatchObject({ fileType: 0, code: 'UNSUPPORTED_VERSION', formatVersion: '2.1' });
    const minor = await damaged((b) => {
      b.writeUInt16BE(4, 10);
      b.writeUInt32BE(crc32(b.subarray(0, HEADER_CRC_OFFSET)), HEADER_CRC_OFFSET);
      return b;
    }, {});
    const { streams } = await readEverything(minor.dir, [minor.file]);
    expect(streams.get(2)!.equals(minor.set.text)).toBe(true);
  });

  it('hostile header and trailer values (huge counts, offsets, block sizes) fail fast instead of hanging or allocating', async () => {
    const { dir, file } = await damaged((b) => {
      const piece = b.indexOf(Buffer.from([0x00, 0x12, 0x00, 0x08]), 18); // MASTER_PIECE item
      b.writeUInt32BE(0xffffffff, piece + 8);
      const block = b.indexOf(Buffer.from([0x00, 0x0b, 0x00, 0x04]), 18); // BLOCK_SIZE item
      b.writeUInt32BE(0xffffffff, block + 4);
      b.writeUInt32BE(crc32(b.subarray(0, HEADER_CRC_OFFSET)), HEADER_CRC_OFFSET);
      // Trailer: index offset 4096 with a valid CRC, so only the consistency check stands in the way.
      const t = b.length - 81;
      b.writeUInt32BE(0, t + 36);
      b.writeUInt32BE(4096, t + 40);
      b.writeUInt32BE(crc32(b.subarray(t + 36, t + 81)), t + 28);
      b.writeUInt32BE(crc32(b.subarray(t, t + 32)), t + 32);
      return b;
    }, {});
    const started = Date.now();
    const e = await failure(() => readEverything(dir, [file]));
    expect(['BAD_FRAME', 'MISSING_PIECE']).toContain(e.code);
    const lenient = await failure(() => readEverything(dir, [file], { continueOnFormatError: true }));
    expect(lenient.code).toBe('MISSING_PIECE');
    const report = await verifyDumpSet({ directory: dir, files: [file] });
    expect(report.ok).toBe(false);
    expect(report.problems.length).toBeLessThan(110);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('hostile arguments to every public entry point throw TypeError, RangeError or BAD_ARGUMENT, never crash', async () => {
    const dir = await tempDir();
    await expect(DumpSetWriter.create(null as never)).rejects.toThrow(TypeError);
    await expect(DumpSetWriter.create({ directory: dir, fileSpecs: [], job } as never)).rejects.toThrow(TypeError);
    await expect(DumpSetWriter.create({ directory: dir, fileSpecs: ['x.dmp'], job: { ...job, name: 5 } } as never)).rejects.toThrow(TypeError);
    await expect(DumpSetWriter.create({ directory: dir, fileSpecs: ['x.dmp'], job, fileSize: 1000 })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    await expect(DumpSetWriter.create({ directory: dir, fileSpecs: ['x.dmp'], job, compression: 'SOME' as never })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    await expect(DumpSetWriter.create({ directory: dir, fileSpecs: ['x.dmp'], job, encryption: 'ALL' })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    await expect(DumpSetWriter.create({ directory: dir, fileSpecs: ['x.dmp'], job, version: '2.0' })).rejects.toMatchObject({ code: 'UNSUPPORTED_VERSION' });
    await expect(DumpSetWriter.create({ directory: join(dir, 'nope'), fileSpecs: ['x.dmp'], job })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    await expect(DumpSetWriter.create({ directory: dir, fileSpecs: ['../x.dmp'], job })).rejects.toMatchObject({ code: 'BAD_FILE_NAME' });
    const w = await DumpSetWriter.create({ directory: dir, fileSpecs: ['x.dmp'], job, kdf: fastKdf });
    await expect(w.writeFrame('data', 1, 'text' as never)).rejects.toThrow(TypeError);
    await expect(w.writeFrame('data', -1, Buffer.alloc(1))).rejects.toThrow(RangeError);
    await expect(w.writeFrame('data', Number.NaN, Buffer.alloc(1))).rejects.toThrow(TypeError);
    await expect(w.writeFrame('master' as never, 1, Buffer.alloc(1))).rejects.toThrow(TypeError);
    expect(() => w.createStreamWriter(2 ** 32)).toThrow(RangeError);
    expect(() => w.addFile('a/b')).toThrow(expect.objectContaining({ code: 'BAD_FILE_NAME' }));
    await expect(w.close(null as never)).rejects.toThrow(TypeError);
    await w.close(Buffer.alloc(0));
    await expect(w.writeFrame('data', 1, Buffer.alloc(1))).rejects.toMatchObject({ code: 'WRITER_CLOSED' });
    await expect(DumpSetReader.open({} as never)).rejects.toThrow(TypeError);
    await expect(DumpSetReader.open({ directory: dir, files: ['../x.dmp'] })).rejects.toMatchObject({ code: 'BAD_FILE_NAME' });
    await expect(DumpSetReader.open({ directory: dir, files: ['absent.dmp'] })).rejects.toMatchObject({ code: 'MISSING_FILE', file: 'absent.dmp' });
    await expect(DumpSetReader.open({ directory: dir, files: ['none%U.dmp'] })).rejects.toMatchObject({ code: 'MISSING_FILE' });
    await expect(getDumpfileInfo(42 as never)).rejects.toThrow(TypeError);
    const r = await DumpSetReader.open({ directory: dir, files: ['x.dmp'] });
    expect(() => r.readStream(-5)).toThrow(RangeError);
    expect((await r.master()).length).toBe(0);
    await r.close();
  });
});
