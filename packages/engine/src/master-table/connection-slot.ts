import type { Adapter, AdapterConnection } from '@sluice/adapter-kit';

/** How long an unused control connection stays open while no run of its job holds it open. */
const IDLE_CLOSE_MS = 2_000;

/** Runs in this process that keep their job's slots open: job name -> number of runs. */
const heldJobs = new Map<string, number>();
/** Slots with an open connection, so a run's end can start their idle close. */
const openSlots = new Set<ConnectionSlot>();

/**
 * Keep every slot of job `jobName` in this process open until the returned release is called (a
 * run holds them for its length): otherwise each pause longer than the idle time costs a new
 * session, and a long job's session count would grow with its run time instead of its workers.
 * Released, the slots close after the idle time as before.
 */
export function holdJobSlots(jobName: string): () => void {
  heldJobs.set(jobName, (heldJobs.get(jobName) ?? 0) + 1);
  for (const slot of openSlots) if (slot.jobName === jobName) slot.keep();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (heldJobs.get(jobName) ?? 1) - 1;
    if (left > 0) {
      heldJobs.set(jobName, left);
      return;
    }
    heldJobs.delete(jobName);
    for (const slot of openSlots) if (slot.jobName === jobName) slot.idle();
  };
}

/**
 * One connection used by one caller at a time, opened on demand and closed when idle (unless a run
 * of its job holds it open, see holdJobSlots), so an object holding it never keeps a process alive
 * and never interleaves two callers' transactions. A connection the server ended is replaced on the
 * next use.
 */
export class ConnectionSlot {
  private readonly adapter: Adapter;
  private readonly purpose: string;
  /** The job whose runs keep this slot open. */
  readonly jobName: string | undefined;
  private conn: AdapterConnection | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private busy = 0;

  constructor(adapter: Adapter, purpose: string, jobName?: string) {
    this.adapter = adapter;
    this.purpose = purpose;
    this.jobName = jobName;
  }

  /** Run `fn` with the connection once every earlier caller is done. */
  use<T>(fn: (conn: AdapterConnection) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      this.busy += 1;
      try {
        if (this.timer !== undefined) clearTimeout(this.timer);
        this.timer = undefined;
        if (this.conn === undefined || this.conn.closed) {
          this.conn = await this.adapter.connector.connect(this.purpose);
          openSlots.add(this);
        }
        return await fn(this.conn);
      } finally {
        this.busy -= 1;
        this.idle();
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Stop a started idle close (a run of the job now holds the slot open). */
  keep(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Start the idle close, unless a caller is busy, nothing is open or a run holds the slot open. */
  idle(): void {
    if (this.busy > 0 || this.conn === undefined) return;
    if (this.jobName !== undefined && heldJobs.has(this.jobName)) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.close(), IDLE_CLOSE_MS);
    this.timer.unref();
  }

  /** Close the connection once current callers are done (a later `use` opens a new one). */
  close(): Promise<void> {
    const run = async (): Promise<void> => {
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
      const conn = this.conn;
      this.conn = undefined;
      openSlots.delete(this);
      if (conn !== undefined && !conn.closed) await conn.close().catch(() => undefined);
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
