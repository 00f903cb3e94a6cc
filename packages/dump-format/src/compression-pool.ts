import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { HC_THRESHOLD } from './compression.js';

/**
 * The worker's whole program. It runs as an eval'd CommonJS script (so it needs no build step and works
 * from the TypeScript sources too) and must not refer to anything outside its own body. It compresses
 * exactly like compressInto(): output capped one byte below the input, 0 when LZ4 cannot shrink the
 * block, fast below level 3 and HC from level 3. Input and output buffers travel both ways by transfer.
 */
function compressionWorkerMain(): void {
  const { parentPort, workerData } = require('node:worker_threads');
  const lz4 = require(workerData.lz4Path);
  const hc: number = workerData.hcThreshold;
  parentPort.on('message', (m: { id: number; input: Uint8Array; output: Uint8Array; level: number }) => {
    const src = Buffer.from(m.input.buffer, m.input.byteOffset, m.input.byteLength);
    let n = 0;
    if (src.length > 1) {
      const out = Buffer.from(m.output.buffer, m.output.byteOffset, src.length - 1);
      n = m.level >= hc ? lz4.encodeBlockHC(src, out, m.level) : lz4.encodeBlock(src, out);
      if (!(n > 0 && n < src.length)) n = 0;
    }
    parentPort.postMessage({ id: m.id, input: m.input, output: m.output, n }, [m.input.buffer, m.output.buffer]);
  });
}

interface Pending {
  resolve: (r: { input: Buffer; output: Buffer; n: number }) => void;
  reject: (e: unknown) => void;
}

/** Whether a buffer owns its whole ArrayBuffer (so it can be transferred to a worker and back). */
export function transferable(b: Buffer): boolean {
  return b.buffer instanceof ArrayBuffer && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength;
}

/** LZ4 compression on worker threads: frames are handed out round-robin and their buffers come back. */
export class CompressionPool {
  #workers: Worker[] = [];
  #pending = new Map<number, Pending>();
  /** Tasks in flight per worker: a busy worker keeps the process alive, an idle one does not. */
  #busy = new Map<Worker, number>();
  #nextId = 0;
  #turn = 0;
  #failure: unknown = null;
  readonly level: number;

  constructor(size: number, level: number) {
    this.level = level;
    const lz4Path = createRequire(import.meta.url).resolve('lz4');
    const source = `(${compressionWorkerMain.toString()})()`;
    for (let i = 0; i < size; i++) {
      const w = new Worker(source, { eval: true, workerData: { lz4Path, hcThreshold: HC_THRESHOLD } });
      w.on('message', (m: { id: number; input: Uint8Array; output: Uint8Array; n: number }) => {
        const p = this.#pending.get(m.id);
        this.#pending.delete(m.id);
        this.#busy.set(w, (this.#busy.get(w) ?? 1) - 1);
        if (this.#busy.get(w) === 0) w.unref();
        p?.resolve({
          input: Buffer.from(m.input.buffer, m.input.byteOffset, m.input.byteLength),
          output: Buffer.from(m.output.buffer, m.output.byteOffset, m.output.byteLength),
          n: m.n,
        });
      });
      w.on('error', (e) => this.#fail(e));
      w.unref();
      this.#workers.push(w);
    }
  }

  /**
   * Compresses `input` into `output` on a worker. Both must be transferable (see transferable()): their
   * memory moves to the worker and back, so the caller must use the returned buffers, not the ones given.
   * `n` is the compressed length, 0 when the block does not shrink.
   */
  compress(input: Buffer, output: Buffer): Promise<{ input: Buffer; output: Buffer; n: number }> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    const w = this.#workers[this.#turn++ % this.#workers.length]!;
    this.#busy.set(w, (this.#busy.get(w) ?? 0) + 1);
    w.ref();
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      w.postMessage({ id, input, output, level: this.level }, [input.buffer as ArrayBuffer, output.buffer as ArrayBuffer]);
    });
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    const ws = this.#workers;
    this.#workers = [];
    await Promise.all(ws.map((w) => w.terminate()));
    this.#fail(new Error('compression pool closed'));
  }

  #fail(e: unknown): void {
    this.#failure ??= e;
    for (const p of this.#pending.values()) p.reject(e);
    this.#pending.clear();
  }
}
