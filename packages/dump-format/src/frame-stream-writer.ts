import { Writable } from 'node:stream';
import type { FrameKind } from './constants.js';
import type { FrameLocation } from './types.js';

/** The part of DumpSetWriter a stream writer uses. */
export interface FrameSink {
  enqueue(kind: FrameKind, stream: number, payload: Buffer, owned: boolean): Promise<{ location: FrameLocation; written: Promise<void> }>;
  room(): Promise<void>;
  takeBlock(): Buffer;
}

/**
 * A Writable that cuts one stream's bytes into frames of `blockSize` bytes. Bytes are copied once into a
 * recycled block buffer the frame then owns; the callback waits while the writer has too many frames pending,
 * so memory stays bounded whatever the producer does. Emits 'frame' with each FrameLocation.
 */
export class FrameStreamWriter extends Writable {
  readonly #sink: FrameSink;
  readonly #stream: number;
  readonly #kind: FrameKind;
  readonly #blockSize: number;
  #block: Buffer | null = null;
  #fill = 0;
  /** Frames submitted and not yet written; the first failure is kept for _final. */
  readonly #written = new Set<Promise<void>>();
  #error: Error | null = null;

  constructor(sink: FrameSink, stream: number, kind: FrameKind, blockSize: number) {
    super({ highWaterMark: blockSize });
    this.#sink = sink;
    this.#stream = stream;
    this.#kind = kind;
    this.#blockSize = blockSize;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#take(chunk).then(() => callback(), callback);
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    (async () => {
      for (const { chunk } of chunks) await this.#take(chunk);
    })().then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    (async () => {
      if (this.#fill > 0) this.#submit();
      await Promise.allSettled([...this.#written]);
      if (this.#error) throw this.#error;
    })().then(() => callback(), callback);
  }

  async #take(chunk: Buffer): Promise<void> {
    let at = 0;
    while (at < chunk.length) {
      this.#block ??= this.#sink.takeBlock();
      const n = Math.min(chunk.length - at, this.#blockSize - this.#fill);
      chunk.copy(this.#block, this.#fill, at, at + n);
      this.#fill += n;
      at += n;
      if (this.#fill === this.#blockSize) {
        this.#submit();
        await this.#sink.room();
      }
    }
  }

  #submit(): void {
    const block = this.#block!;
    const payload = block.subarray(0, this.#fill);
    this.#block = null;
    this.#fill = 0;
    const placed = this.#sink.enqueue(this.#kind, this.#stream, payload, true);
    const written = placed.then((p) => {
      this.emit('frame', p.location);
      return p.written;
    });
    this.#written.add(written);
    written.then(
      () => this.#written.delete(written),
      (e: unknown) => {
        this.#written.delete(written);
        this.#error ??= e as Error;
      },
    );
    placed.catch((e: unknown) => this.destroy(e as Error));
  }
}
