import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalFolder } from './local-folder.js';

const openFds = async (): Promise<number> => (await readdir('/proc/self/fd')).length;

describe('LocalFolder', () => {
  it('a suspended file reopens once for concurrent writes, and commit puts the head last and closes it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-local-folder-'));
    try {
      const folder = new LocalFolder(dir);
      const before = await openFds();
      const w = await folder.create('a.dmp', { overwrite: false, sync: false });
      await w.write([Buffer.from('HEAD')], 0);
      await w.suspend();
      expect(await openFds()).toBe(before);
      await Promise.all([0, 1, 2, 3].map((i) => w.write([Buffer.from(`frame${i}`)], 4 + i * 6)));
      expect(await openFds()).toBe(before + 1);
      await w.commit(Buffer.from('head'));
      expect(await openFds()).toBe(before);
      expect(await readFile(join(dir, 'a.dmp'), 'utf8')).toBe('headframe0frame1frame2frame3');
      await expect(folder.create('a.dmp', { overwrite: false, sync: false })).rejects.toMatchObject({ code: 'FILE_EXISTS' });
      expect(await folder.list()).toEqual(['a.dmp']);
      expect(await folder.stat('a.dmp')).toEqual({ size: 28 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
