import type { Adapter, AdapterConnection } from '@sluice/adapter-kit';

/** How long an unused control connection stays open. */
const IDLE_CLOSE_MS = 2_000;

/**
 * One connection used by one caller at a time, opened on demand and closed when idle, so an object
 * holding it never keeps a process alive and never interleaves two callers' transactions.
 */
export class ConnectionSlot {
  private readonly adapter: Adapter;
  private readonly purpose: string;
  private conn: AdapterConnection | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(adapter: Adapter, purpose: string) {
    this.adapter = adapter;
    this.purpose = purpose;
  }

  /** Run `fn` with the connection once every earlier caller is done. */
  use<T>(fn: (conn: AdapterConnection) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      if (this.timer !== undefined) clearTimeout(this.timer);
      if (this.conn === undefined || this.conn.closed) this.conn = await this.adapter.connector.connect(this.purpose);
      try {
        return await fn(this.conn);
      } finally {
        if (this.timer !== undefined) clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.close(), IDLE_CLOSE_MS);
        this.timer.unref();
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Close the connection once current callers are done (a later `use` opens a new one). */
  close(): Promise<void> {
    const run = async (): Promise<void> => {
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
      const conn = this.conn;
      this.conn = undefined;
      if (conn !== undefined && !conn.closed) await conn.close().catch(() => undefined);
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
