import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How often the heap is looked at. */
const CHECK_MS = 500;
/** Below this much heap in use nothing is collected here: V8 manages a small heap well by itself. */
const HEAP_FLOOR = 40 * 1024 * 1024;
/** Below this much memory outside the heap (buffers) nothing is collected here. */
const EXTERNAL_FLOOR = 32 * 1024 * 1024;
/** The heap may grow by a quarter of what the last collection left live before the next one. */
const HEAP_GROWTH = 1.25;
/** Buffers (frames, the master document) by half. */
const EXTERNAL_GROWTH = 1.5;

let collector: (() => void) | null | undefined;
/** The governor of the job running in this process, for checkpoints inside long synchronous loops. */
let active: HeapGovernor | undefined;

/** Inside a long synchronous loop (the timer cannot fire there): collect now if one is due. */
export function heapCheckpoint(): void {
  active?.check();
}

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

/**
 * Keeps a job's heap near what is live. V8 leaves its first full collection until the old generation
 * reaches half the heap limit (2 GB on a machine with much memory), so the garbage a job makes with
 * every item (thousands of them for a schema of thousands of tables) would pile up for minutes:
 * resident memory then grows with the number of objects, not with what the job holds. Twice a second
 * this collects when the heap in use has grown by a quarter since the last collection (and is over
 * 40 MB), or the buffers outside it (frames, the master document) by half (and are over 32 MB);
 * after the first, V8 sizes the heap by what is live and usually collects before this has to.
 */
export class HeapGovernor {
  private timer: NodeJS.Timeout | undefined;
  private heapThreshold = HEAP_FLOOR;
  private externalThreshold = EXTERNAL_FLOOR;

  start(): void {
    if (this.timer !== undefined || fullCollection() === null) return;
    this.timer = setInterval(() => this.check(), CHECK_MS);
    this.timer.unref();
    active = this;
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (active === this) active = undefined;
  }

  check(): void {
    const before = getHeapStatistics();
    if (before.used_heap_size < this.heapThreshold && before.external_memory < this.externalThreshold) return;
    fullCollection()?.();
    const after = getHeapStatistics();
    this.heapThreshold = Math.max(HEAP_FLOOR, HEAP_GROWTH * after.used_heap_size);
    this.externalThreshold = Math.max(EXTERNAL_FLOOR, EXTERNAL_GROWTH * after.external_memory);
  }
}
