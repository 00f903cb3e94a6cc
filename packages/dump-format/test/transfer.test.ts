import { open, readFile, readdir, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DumpSetReader, getDumpfileInfo, transferDumpSet, verifyDumpSet, type TransferEvent } from '../src/index.js';
import { HEADER_SIZE, HeaderFlag } from '../src/constants.js';
import { decodeHeader, encodeHeader } from '../src/header.js';
import { collect, failure, tempDir, writeSampleSet } from './helpers.js';

// transferDumpSet between two folders (object storage is covered end to end in apps/cli/test/transfer.test.ts).

async function sampleSet(): Promise<Awaited<ReturnType<typeof writeSampleSet>>> {
  return writeSampleSet(await tempDir(), { fileSize: 48 * 1024, checksum: true, compression: 'NONE' });
}

describe('transferDumpSet', () => {
  it('copies every file byte for byte, verified; a rerun skips the verified copies', async () => {
    const set = await sampleSet();
    expect(set.names.length).toBeGreaterThan(2);
    const to = await tempDir();
    const events: TransferEvent[] = [];
    const report = await transferDumpSet({ from: set.dir, files: ['set%U.dmp'], to, onEvent: (e) => events.push(e) });
    expect(report.files.map((f) => [f.file, f.outcome])).toEqual(set.names.map((n) => [n, 'copied']));
    for (const name of set.names) expect((await readFile(join(to, name))).equals(await readFile(join(set.dir, name)))).toBe(true);
    expect(events[0]).toMatchObject({ kind: 'plan', guid: set.guid, files: set.names.map((file) => ({ file, action: 'copy' })) });
    expect(events.at(-1)).toMatchObject({ kind: 'file-done', outcome: 'copied', file: set.names.at(-1) });
    const r = await DumpSetReader.open({ directory: to, files: ['set%U.dmp'] });
    expect((await collect(r.readStream(2))).equals(set.text)).toBe(true);
    await r.close();

    const again = await transferDumpSet({ from: set.dir, files: ['set%U.dmp'], to });
    expect(again.files.map((f) => f.outcome)).toEqual(set.names.map(() => 'skipped'));
    expect(again.bytesCopied).toBe(0);
    expect(again.files.map((f) => f.sha256)).toEqual(report.files.map((f) => f.sha256));
  });

  it('an unfinished copy (a transfer killed mid-file) is not taken for whole, and a rerun replaces it', async () => {
    const set = await sampleSet();
    const to = await tempDir();
    await transferDumpSet({ from: set.dir, files: ['set%U.dmp'], to });
    // What a killed copy leaves: the header without CLOSED, and the body cut short.
    const name = set.names[1]!;
    const path = join(to, name);
    const bytes = await readFile(path);
    await transfer2(set.dir, name, to);
    const torn = await readFile(path);
    expect(torn.subarray(0, 16).equals(bytes.subarray(0, 16))).toBe(true);
    expect(await getDumpfileInfo(path)).toMatchObject({ fileType: 1, fileNumber: 2 });
    expect((await verifyDumpSet({ directory: to, files: ['set%U.dmp'] })).ok).toBe(false);
    const rerun = await transferDumpSet({ from: set.dir, files: ['set%U.dmp'], to });
    expect(rerun.files.map((f) => f.outcome)).toEqual(set.names.map((n) => (n === name ? 'copied' : 'skipped')));
    expect((await readFile(path)).equals(bytes)).toBe(true);
  });

  it('refuses to overwrite another file without REUSE_DUMPFILES, naming it and the fix; replaces it with', async () => {
    const set = await sampleSet();
    const to = await tempDir();
    await writeFile(join(to, set.names[0]!), 'not a dump file');
    const e = await failure(() => transferDumpSet({ from: set.dir, files: ['set%U.dmp'], to }));
    expect(e.code).toBe('FILE_EXISTS');
    expect(e.message).toBe(`dump file ${join(to, set.names[0]!)} already exists and is not a copy of the set being transferred; remove it, choose another TO, or set REUSE_DUMPFILES=YES`);
    expect(await readdir(to)).toEqual([set.names[0]]);
    const ok = await transferDumpSet({ from: set.dir, files: ['set%U.dmp'], to, reuseDumpfiles: true });
    expect(ok.files.every((f) => f.outcome === 'copied')).toBe(true);
    expect((await verifyDumpSet({ directory: to, files: ['set%U.dmp'] })).ok).toBe(true);
  });

  it('a damaged or truncated source file is refused, named, and leaves no file behind', async () => {
    const set = await sampleSet();
    const name = set.names[1]!;
    const path = join(set.dir, name);
    const h = await open(path, 'r+');
    await h.write(Buffer.from([0xff, 0x00, 0xff]), 0, 3, 6000);
    await h.close();
    const to = await tempDir();
    const e = await failure(() => transferDumpSet({ from: set.dir, files: ['set%U.dmp'], to }));
    expect(e.message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is damaged, so it was not transferred: .*restore it from a good copy`));
    expect(e.file).toBe(name);
    expect((await readdir(to)).sort()).toEqual([set.names[0]]);

    const cut = await sampleSet();
    const cutPath = join(cut.dir, cut.names[0]!);
    await truncate(cutPath, (await stat(cutPath)).size - 50);
    const to2 = await tempDir();
    const e2 = await failure(() => transferDumpSet({ from: cut.dir, files: ['set%U.dmp'], to: to2 }));
    expect(e2.code).toBe('TRUNCATED');
    expect(e2.message).toContain(`${cutPath} is damaged, so it was not transferred`);
    expect(await readdir(to2)).toEqual([]);
  });

  it('checks its options at the public boundary', async () => {
    const dir = await tempDir();
    await expect(transferDumpSet({ from: dir, files: [], to: dir })).rejects.toThrow(TypeError);
    await expect(transferDumpSet({ from: null as unknown as string, files: ['a.dmp'], to: dir })).rejects.toThrow(TypeError);
    await expect(transferDumpSet({ from: dir, files: ['a.dmp'], to: 42 as unknown as string })).rejects.toThrow(TypeError);
    await expect(transferDumpSet({ from: dir, files: [7 as unknown as string], to: await tempDir() })).rejects.toThrow(TypeError);
  });

  it('stops when its signal is aborted, leaving no partial file', async () => {
    const set = await sampleSet();
    const to = await tempDir();
    const stop = new AbortController();
    const reason = new Error('stopped');
    const run = transferDumpSet({
      from: set.dir,
      files: ['set%U.dmp'],
      to,
      readAhead: { blockSize: 4096, blocks: 1 },
      signal: stop.signal,
      onEvent: (e) => {
        if (e.kind === 'progress' && e.file === set.names[1] && e.fileDone > 8192) stop.abort(reason);
      },
    });
    await expect(run).rejects.toBe(reason);
    expect(await readdir(to)).toEqual([set.names[0]]);
  });

  it('refuses a set with a file missing, and a transfer onto itself', async () => {
    const set = await sampleSet();
    const to = await tempDir();
    const e = await failure(() => transferDumpSet({ from: set.dir, files: [set.names[0]!, set.names[2]!], to }));
    expect(e.code).toBe('MISSING_FILE');
    expect(e.message).toContain(`file number 2 of dump file set ${set.guid}`);
    const self = await failure(() => transferDumpSet({ from: set.dir, files: ['set%U.dmp'], to: set.dir }));
    expect(self.code).toBe('BAD_ARGUMENT');
  });
});

/** Leaves in `to` what a copy of `name` killed half-way leaves: its unfinished header and the first part of its body. */
async function transfer2(from: string, name: string, to: string): Promise<void> {
  const whole = await readFile(join(from, name));
  // The header without CLOSED: exactly the header a copy starts with.
  const h = decodeHeader(whole.subarray(0, HEADER_SIZE), name);
  const unfinished = encodeHeader({ ...h, flags: h.flags & ~HeaderFlag.CLOSED });
  await writeFile(join(to, name), Buffer.concat([unfinished, whole.subarray(HEADER_SIZE, HEADER_SIZE + Math.floor((whole.length - HEADER_SIZE) / 2))]));
}
