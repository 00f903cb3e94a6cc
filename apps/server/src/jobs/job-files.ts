import { Readable } from 'node:stream';
import { resolveLocation } from '@sluice/dump-format';

const CHUNK = 1024 * 1024;

/** A file of a job's directory as a stream (folder or object storage alike), read a megabyte at a time. */
export async function openJobFile(directory: string, name: string): Promise<{ size: number; stream: Readable } | undefined> {
  const location = await resolveLocation(directory);
  if ((await location.stat(name)) === null) return undefined;
  const reader = await location.openRead(name);
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      for (let position = 0; ; ) {
        const buffer = Buffer.allocUnsafe(CHUNK);
        const { bytesRead } = await reader.read(buffer, 0, CHUNK, position);
        if (bytesRead === 0) return;
        position += bytesRead;
        yield buffer.subarray(0, bytesRead);
      }
    } finally {
      await reader.close();
    }
  }
  return { size: reader.size, stream: Readable.from(chunks(), { objectMode: false }) };
}

/** Remove files of a job's directory (a missing one is no error). */
export async function deleteJobFiles(directory: string, names: readonly string[]): Promise<void> {
  const location = await resolveLocation(directory);
  for (const name of names) await location.delete(name);
}
