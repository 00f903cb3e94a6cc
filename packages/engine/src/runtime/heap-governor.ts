import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How often the heap is looked at. */
const CHECK_MS = 500;
/** Below this much heap in use nothing is collected here: V8 manages a small heap well by itself. */
const FLOOR_BYTES = 48 * 1024 * 1024;
/** A collection is due once the heap in use is this many times what the last one left. */
const GROWTH = 1.5;

let collector: (() => void) | null | undefined;

/** A full garbage collection, where the runtime lets one be asked for (null where it does not). */
function fullCollection(): (() => void) | null {
  if (collector !== undefined) return collector;
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return (collector = exposed as () => void);
  try {
    // Exposes gc() to contexts created from now on; the process's own global is untouched.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    collector = typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    collector = null;
  }
  return collector;
}

/** The heap in use plus the buffers it holds outside the heap (frames, the master document), which only a collection frees. */
function inUse(): number {
  const s = getHeapStatistics();
  return s.used_heap_size + s.external_memory;
}

/**
 * Keeps a job's heap near what is live. V8 leaves its first full collection until the old generation
 * reaches half the heap limit (2 GB on a machine with much memory), so the garbage a job makes with
 * every item (thousands of them for a schema of thousands of tables) would pile up for minutes:
 * resident memory then grows with the number of objects, not with what the job holds. Twice a second
 * this collects when the heap in use has grown by half since the last collection (and is over 48 MB);
 * after the first, V8 sizes the heap by what is live and usually collects before this has to.
 */
export class HeapGovernor {
  private timer: NodeJS.Timeout | undefined;
  private threshold = FLOOR_BYTES;

  start(): void {
    if (this.timer !== undefined || fullCollection() === null) return;
    this.timer = setInterval(() => this.check(), CHECK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    if (inUse() < this.threshold) return;
    fullCollection()?.();
    this.threshold = Math.max(FLOOR_BYTES, GROWTH * inUse());
  }
}
