import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { LocationWriter } from '@sluice/dump-format';
import type { PartBuffers } from './part-buffers.js';
import { s3Error } from './s3-errors.js';

/** Part size and parallelism of an upload. */
export interface UploadTuning {
  /** Bytes per part (at least 5 MiB, S3's minimum for every part but the last). */
  readonly partSize: number;
  /** Parts uploading at once for one file. */
  readonly partsInFlight: number;
}

const noop = (): void => {};

/** S3's smallest part (every part but the last). */
const MIN_PART = 5 * 1024 * 1024;
/** Part 1's first buffer; it doubles as the file grows, up to the part size. */
const FIRST_PART_START = 64 * 1024;

/**
 * One dump file streamed to an object as a multipart upload while it is written: memory holds the
 * first part, the part being filled and the parts in flight, whatever the file's size. The object
 * appears only when the upload is completed (commit), whole; abort drops it. A file that never outgrows
 * its first part is sent with one PUT at commit. The header is final only at commit, so part 1 is kept
 * until then and leaves with it: the store assembles each file once (sending part 1 early made commit
 * store the file, read part 1 back and copy the rest into a second upload, three times the store's work).
 *
 * `suspend` parks the file: what was written becomes an object (header still open, so readers and a
 * resumed export see an unfinished file) and the memory is let go. Writing to a parked file (or to one
 * reopened after a restart) starts a new upload of the same key whose first part is read back and
 * whose rest is copied inside the store (UploadPartCopy), so the bytes kept are never sent again; the
 * parked object stays whole until that upload completes.
 */
export class S3FileUpload implements LocationWriter {
  /** Part 1, kept until the file is stored (its header is final only then). */
  #first: Buffer | null = null;
  #firstFill = 0;
  #part: Buffer | null = null;
  #fill = 0;
  /** Bytes accepted by write() (queued or copied). */
  #accepted = 0;
  #queue: Promise<void> = Promise.resolve();
  #uploadId: Promise<string> | null = null;
  #nextPart = 2;
  readonly #done: CompletedPart[] = [];
  readonly #inflight = new Set<Promise<void>>();
  #failure: Error | null = null;
  #state: 'open' | 'committed' | 'aborted' = 'open';
  /** An object holding this file's first `size` bytes (parked or left by an earlier run), and the header to put over its start. */
  #base: { size: number; head: Buffer | null } | null = null;
  /** Set while the base object is being read back into a new upload. */
  #unparking: Promise<void> | null = null;

  constructor(
    readonly client: S3Client,
    readonly bucket: string,
    readonly key: string,
    readonly display: string,
    readonly tuning: UploadTuning,
    /** Where part buffers come from and go back to (shared by the files of a location). */
    readonly buffers: PartBuffers,
    base?: { size: number; head: Buffer },
  ) {
    if (base !== undefined) {
      this.#base = { size: base.size, head: base.head };
      this.#accepted = base.size;
    }
  }

  write(parts: readonly Buffer[], position: number): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#state !== 'open') return Promise.reject(new Error(`${this.display} is ${this.#state}; no more bytes can be written`));
    if (position !== this.#accepted) {
      return Promise.reject(new Error(`${this.display}: write at offset ${position}, but the upload is at ${this.#accepted} (object storage is written front to back)`));
    }
    for (const p of parts) this.#accepted += p.length;
    // Writes are copied in the order they were accepted, one after the other (a copy may wait for a free upload slot).
    const done = this.#queue.then(async () => {
      if (this.#failure) throw this.#failure;
      await this.#unpark();
      for (const p of parts) await this.#append(p);
    });
    this.#queue = done.catch(noop);
    return done;
  }

  async #append(buf: Buffer): Promise<void> {
    let at = 0;
    while (at < buf.length) {
      if (this.#firstFill < this.tuning.partSize) {
        const first = this.#growFirst(buf.length - at);
        const n = buf.copy(first, this.#firstFill, at);
        this.#firstFill += n;
        at += n;
      } else {
        // The file outgrows its first part: the rest goes out part by part from number 2 on.
        this.#part ??= this.buffers.take();
        const n = buf.copy(this.#part, this.#fill, at);
        this.#fill += n;
        at += n;
        if (this.#fill === this.#part.length) await this.#sendPart();
      }
    }
  }

  /**
   * Part 1's buffer with room for `more` bytes (up to the part size): it grows by doubling, so a small
   * file (FILESIZE of a few KB, the master pieces) holds what it wrote rather than a whole part, and
   * the store's garbage is not a part-sized buffer per file.
   */
  #growFirst(more: number): Buffer {
    const have = this.#first?.length ?? 0;
    if (this.#first !== null && this.#firstFill < have) return this.#first;
    const want = Math.min(this.tuning.partSize, Math.max(this.#firstFill + more, have * 2, FIRST_PART_START));
    const grown = want === this.tuning.partSize ? this.buffers.take() : Buffer.allocUnsafe(want);
    if (this.#first !== null) this.#first.copy(grown, 0, 0, this.#firstFill);
    this.#first = grown;
    return grown;
  }

  /** Uploads the filled part; waits while too many are in flight (backpressure for the writer). */
  async #sendPart(): Promise<void> {
    const body = this.#part!.subarray(0, this.#fill);
    this.#part = null;
    this.#fill = 0;
    await this.#send(this.#nextPart++, body);
  }

  async #send(number: number, body: Buffer): Promise<void> {
    while (this.#inflight.size >= this.tuning.partsInFlight) await Promise.race(this.#inflight).catch(noop);
    if (this.#failure) throw this.#failure;
    const p = this.#upload(number, body).then(
      (part) => {
        this.#done.push(part);
        // Sent and answered: the request no longer reads it. (A failed one is left to the collector.)
        this.buffers.give(body);
      },
      (e: unknown) => {
        this.#failure ??= s3Error(e, this.display, `uploading part ${number}`);
      },
    );
    const tracked = p.finally(() => this.#inflight.delete(tracked));
    this.#inflight.add(tracked);
  }

  /**
   * A parked or reopened file about to grow: a new upload of the same key takes its kept bytes back,
   * the first part read into memory (its header is replaced at commit), the rest copied by the store.
   */
  #unpark(): Promise<void> {
    const base = this.#base;
    if (base === null) return Promise.resolve();
    this.#unparking ??= (async () => {
      const { partSize } = this.tuning;
      // The copied rest must itself be a whole part (5 MiB or more) unless nothing follows it; a
      // short rest is read back with the first part instead.
      const readBack = base.size - partSize < MIN_PART ? base.size : partSize;
      // Sized to what is read back: part 1 grows from there if the file does (#growFirst).
      const first = readBack === partSize ? this.buffers.take() : Buffer.allocUnsafe(readBack);
      try {
        const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key, Range: `bytes=0-${readBack - 1}` }));
        let at = 0;
        // To the end of the body (the range asked for): breaking off would drop the connection.
        for await (const chunk of out.Body as AsyncIterable<Uint8Array>) {
          const n = Math.min(chunk.length, readBack - at);
          if (n > 0) Buffer.from(chunk.buffer, chunk.byteOffset, n).copy(first, at);
          at += n;
        }
        if (at !== readBack) throw new Error(`the object holds ${at} bytes where ${readBack} were expected; it was changed by someone else`);
      } catch (e) {
        throw s3Error(e, this.display, 'reading back its first part to continue it');
      }
      if (base.head !== null) base.head.copy(first, 0, 0, Math.min(base.head.length, readBack));
      // Whole parts only: a first part read back to the end stays open for more bytes only if it is shorter than a part.
      this.#first = first;
      this.#firstFill = readBack;
      if (readBack < base.size) {
        const number = this.#nextPart++;
        const uploadId = await this.#start();
        const source = `${this.bucket}/${this.key.split('/').map(encodeURIComponent).join('/')}`;
        try {
          const r = await this.client.send(
            new UploadPartCopyCommand({ Bucket: this.bucket, Key: this.key, UploadId: uploadId, PartNumber: number, CopySource: source, CopySourceRange: `bytes=${readBack}-${base.size - 1}` }),
          );
          this.#done.push({ PartNumber: number, ETag: r.CopyPartResult?.ETag });
        } catch (e) {
          throw s3Error(e, this.display, `copying its first ${base.size} bytes into a new upload`);
        }
      }
      this.#base = null;
    })().finally(() => {
      this.#unparking = null;
    });
    return this.#unparking;
  }

  #start(): Promise<string> {
    this.#uploadId ??= this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, ContentType: 'application/octet-stream' })).then((r) => {
      if (!r.UploadId) throw new Error('the object store started a multipart upload without an upload id');
      return r.UploadId;
    });
    return this.#uploadId;
  }

  async #upload(number: number, body: Buffer): Promise<CompletedPart> {
    const uploadId = await this.#start();
    const r = await this.client.send(new UploadPartCommand({ Bucket: this.bucket, Key: this.key, UploadId: uploadId, PartNumber: number, Body: body, ContentLength: body.length }));
    return { PartNumber: number, ETag: r.ETag };
  }

  async flush(): Promise<void> {}

  async commit(head: Buffer): Promise<void> {
    if (this.#state !== 'open') throw new Error(`${this.display} is ${this.#state}`);
    try {
      await this.#queue;
      await this.#unpark();
      if (this.#first !== null) head.copy(this.#first, 0, 0, Math.min(head.length, this.#firstFill));
      await this.#store();
      this.#state = 'committed';
      this.#recycle();
    } catch (e) {
      throw s3Error(e, this.display, 'completing its upload');
    }
  }

  /** Makes what was written the object, as it is: one PUT for a file within its first part, else the upload completed. */
  async #store(): Promise<void> {
    await Promise.all([...this.#inflight]);
    if (this.#failure) throw this.#failure;
    const first = (this.#first ?? Buffer.alloc(0)).subarray(0, this.#firstFill);
    if (this.#uploadId === null && this.#fill === 0) {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.key, Body: first, ContentLength: first.length, ContentType: 'application/octet-stream' }));
      return;
    }
    const tail = this.#part?.subarray(0, this.#fill);
    const last = tail !== undefined && tail.length > 0 ? [this.#upload(this.#nextPart++, tail)] : [];
    const head = [this.#upload(1, first)];
    const parts = [...(await Promise.all([...head, ...last])), ...this.#done].sort((a, b) => a.PartNumber! - b.PartNumber!);
    await this.client.send(new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, UploadId: await this.#start(), MultipartUpload: { Parts: parts } }));
  }

  /** After the object was stored, every request answered: its part buffers go back for other parts. */
  #recycle(): void {
    if (this.#first !== null) this.buffers.give(this.#first);
    if (this.#part !== null) this.buffers.give(this.#part);
    this.#first = null;
    this.#part = null;
  }

  /** After the object was stored: no upload, no memory; `base` is the object to continue from. */
  #reset(base: { size: number; head: Buffer | null }): void {
    this.#recycle();
    this.#firstFill = 0;
    this.#fill = 0;
    this.#uploadId = null;
    this.#nextPart = 2;
    this.#done.length = 0;
    this.#base = base;
  }

  /**
   * Parks the file: what was written becomes the object (its header as written, still open), and the
   * memory is let go; a later write or commit continues it (see the class comment). A file with nothing
   * written since it was parked or reopened stays as it is.
   */
  async suspend(): Promise<void> {
    if (this.#state !== 'open') return;
    await this.#queue;
    // Nothing new since it was parked or reopened: the object already holds every byte.
    if (this.#base !== null) return;
    const size = this.#accepted;
    try {
      await this.#store();
    } catch (e) {
      throw s3Error(e, this.display, 'storing it');
    }
    this.#reset({ size, head: null });
  }

  async abort(): Promise<void> {
    if (this.#state !== 'open') return;
    this.#state = 'aborted';
    await this.#queue;
    this.#part = null;
    await Promise.allSettled([...this.#inflight]);
    const id = this.#uploadId;
    if (id === null) return;
    // Best effort: the upload's parts are dropped; an object never appeared.
    const uploadId = await id.catch(() => null);
    if (uploadId !== null) await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, UploadId: uploadId })).catch(noop);
  }
}
