import type { DumpLocation } from '@sluice/dump-format';
import { redact } from '../secrets/redact.js';

/**
 * The task log of `sluice transfer`, written at the destination when the transfer ends (success or
 * failure). A log already there (an earlier run of the same transfer) is kept and added to, so a
 * transfer continued after a failure shows every run. Lines are few (one per file), so they are kept
 * in memory and written whole: objects cannot be appended to.
 */
export class TransferLog {
  readonly #lines: string[] = [];

  constructor(
    readonly location: DumpLocation,
    readonly name: string,
  ) {}

  /** Where the log goes, for messages. */
  get path(): string {
    return this.location.describe(this.name);
  }

  add(line: string): void {
    this.#lines.push(redact(line));
  }

  /** Writes the log (after the previous runs' lines); throws when the destination cannot be written. */
  async write(): Promise<void> {
    const before = await this.#previous();
    const out = await this.location.create(this.name, { overwrite: true, sync: false });
    try {
      await out.write([before, Buffer.from(`${this.#lines.join('\n')}\n`, 'utf8')], 0);
      await out.commit(Buffer.alloc(0));
    } catch (e) {
      await out.abort().catch(() => undefined);
      throw e;
    }
  }

  async #previous(): Promise<Buffer> {
    const reader = await this.location.openRead(this.name).catch(() => null);
    if (reader === null) return Buffer.alloc(0);
    try {
      // A log is small; one bounded read (a log that grew past 16 MB keeps its last 16 MB).
      const size = Math.min(reader.size, 16 * 1024 * 1024);
      const buf = Buffer.alloc(size);
      let at = 0;
      while (at < size) {
        const { bytesRead } = await reader.read(buf, at, size - at, reader.size - size + at);
        if (bytesRead === 0) break;
        at += bytesRead;
      }
      return buf.subarray(0, at);
    } finally {
      await reader.close();
    }
  }
}
