import { open, readdir, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { DumpFormatError, ioError } from './errors.js';
import type { DumpLocation, LocationReader, LocationWriter } from './location.js';

/** A dump file set in a local folder (the directory object). */
export class LocalFolder implements DumpLocation {
  readonly display: string;
  readonly remote = false;

  constructor(readonly directory: string) {
    this.display = directory;
  }

  async check(): Promise<void> {
    const st = await stat(this.directory).catch(() => null);
    if (!st?.isDirectory()) throw new DumpFormatError('BAD_ARGUMENT', `dump directory ${this.directory} does not exist or is not a directory; create it or fix DIRECTORY`);
  }

  async list(): Promise<string[]> {
    try {
      return await readdir(this.directory);
    } catch (e) {
      throw new DumpFormatError('BAD_ARGUMENT', `dump directory ${this.directory} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}); check DIRECTORY`, { cause: e });
    }
  }

  async stat(name: string): Promise<{ size: number } | null> {
    const st = await stat(join(this.directory, name)).catch(() => null);
    return st?.isFile() ? { size: st.size } : null;
  }

  async openRead(name: string): Promise<LocationReader> {
    let handle: FileHandle;
    try {
      handle = await open(join(this.directory, name), 'r');
    } catch (e) {
      throw ioError(e, name, 'opening it');
    }
    try {
      const st = await handle.stat();
      if (!st.isFile()) throw new DumpFormatError('BAD_MAGIC', `${name} is not a regular file`, { file: name });
      return { size: st.size, read: (b, o, l, p) => handle.read(b, o, l, p), close: () => handle.close() };
    } catch (e) {
      await handle.close().catch(() => {});
      throw e;
    }
  }

  async create(name: string, options: { overwrite: boolean; sync: boolean }): Promise<LocationWriter> {
    const path = join(this.directory, name);
    let handle: FileHandle;
    try {
      handle = await open(path, options.overwrite ? 'w+' : 'wx+');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new DumpFormatError('FILE_EXISTS', `dump file ${name} already exists in ${this.directory}; remove it, choose another DUMPFILE, or set REUSE_DUMPFILES=YES`, { file: name });
      }
      throw ioError(e, name, 'creating it');
    }
    return new FolderFileWriter(path, handle, options.sync);
  }

  async reopen(name: string, keep: number, head: Buffer, options: { sync: boolean }): Promise<LocationWriter> {
    const path = join(this.directory, name);
    let handle: FileHandle | null = null;
    try {
      handle = await open(path, 'r+');
      await handle.truncate(keep);
      await writeFully(handle, [head], 0);
      if (options.sync) await handle.datasync();
      return new FolderFileWriter(path, handle, options.sync);
    } catch (e) {
      await handle?.close().catch(() => {});
      throw ioError(e, name, 'cutting its torn tail');
    }
  }

  async delete(name: string): Promise<void> {
    await unlink(join(this.directory, name)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw ioError(e, name, 'removing it');
    });
  }

  describe(name: string): string {
    return join(this.directory, name);
  }
}

/** A file of a folder being written with positioned writes; its descriptor is closed while it waits (suspend). */
class FolderFileWriter implements LocationWriter {
  #handle: FileHandle | null;

  constructor(
    readonly path: string,
    handle: FileHandle,
    readonly sync: boolean,
  ) {
    this.#handle = handle;
  }

  #opening: Promise<FileHandle> | null = null;

  /** The descriptor, reopened after suspend; concurrent writes share one open. */
  #open(): Promise<FileHandle> {
    if (this.#handle) return Promise.resolve(this.#handle);
    this.#opening ??= open(this.path, 'r+').then(
      (h) => {
        this.#handle = h;
        this.#opening = null;
        return h;
      },
      (e: unknown) => {
        this.#opening = null;
        throw e;
      },
    );
    return this.#opening;
  }

  async write(parts: readonly Buffer[], position: number): Promise<void> {
    await writeFully(await this.#open(), parts, position);
  }

  async flush(): Promise<void> {
    await this.#handle?.datasync();
  }

  async suspend(): Promise<void> {
    const h = this.#handle;
    if (!h) return;
    this.#handle = null;
    try {
      if (this.sync) await h.datasync();
    } finally {
      await h.close();
    }
  }

  async commit(head: Buffer): Promise<void> {
    const h = await this.#open();
    // The header is rewritten last: CLOSED promises a trailer, so it must only appear once the trailer is on disk.
    if (this.sync) await h.datasync();
    await writeFully(h, [head], 0);
    await this.suspend();
  }

  async abort(): Promise<void> {
    const h = this.#handle;
    this.#handle = null;
    await h?.close();
  }
}

/** Writes `parts` back to back at `position`, coping with short writes. */
async function writeFully(handle: FileHandle, parts: readonly Buffer[], position: number): Promise<void> {
  let bufs = parts.filter((b) => b.length > 0);
  let pos = position;
  while (bufs.length > 0) {
    const { bytesWritten } = bufs.length === 1 ? await handle.write(bufs[0]!, 0, bufs[0]!.length, pos) : await handle.writev(bufs, pos);
    pos += bytesWritten;
    let skip = bytesWritten;
    while (bufs.length > 0 && skip >= bufs[0]!.length) skip -= bufs.shift()!.length;
    if (skip > 0) bufs = [bufs[0]!.subarray(skip), ...bufs.slice(1)];
  }
}
