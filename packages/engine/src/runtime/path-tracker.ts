import type { JobLog } from '../log/index.js';

/**
 * "Processing object type X" once per object path per process, and with METRICS the
 * "Completed N X objects in S seconds" line when the job moves on from a path.
 */
export class PathTracker {
  private readonly log: JobLog;
  private readonly seen = new Set<string>();
  private readonly counts = new Map<string, { n: number; first: number; last: number; worker: number }>();
  private current: string | undefined;

  constructor(log: JobLog) {
    this.log = log;
  }

  /** Worker `worker` starts an item of `path`. */
  begin(path: string | null, worker: number): void {
    if (path === null) return;
    if (path !== this.current && this.current !== undefined) this.complete(this.current);
    this.current = path;
    if (this.seen.has(path)) return;
    this.seen.add(path);
    this.log.worker(worker, `Processing object type ${path}`);
  }

  /** An item of `path` finished. */
  count(path: string | null, worker: number): void {
    if (path === null) return;
    const now = Date.now();
    const c = this.counts.get(path) ?? { n: 0, first: now, last: now, worker };
    c.n += 1;
    c.last = now;
    this.counts.set(path, c);
  }

  private complete(path: string): void {
    const c = this.counts.get(path);
    if (c === undefined || !this.log.metrics) return;
    this.counts.delete(path);
    const kind = path.split('/').pop() ?? path;
    this.log.worker(c.worker, `     Completed ${c.n} ${kind} objects in ${Math.round((c.last - c.first) / 1000)} seconds`);
  }

  /** Completion lines for every path not yet reported. */
  flush(): void {
    for (const path of [...this.counts.keys()]) this.complete(path);
    this.current = undefined;
  }
}
