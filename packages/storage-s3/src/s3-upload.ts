import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { LocationWriter } from '@sluice/dump-format';
import { s3Error } from './s3-errors.js';

/** Part size and parallelism of an upload. */
export interface UploadTuning {
  /** Bytes per part (at least 5 MiB, S3's minimum for every part but the last). */
  readonly partSize: number;
  /** Parts uploading at once for one file. */
  readonly partsInFlight: number;
}

const noop = (): void => {};

/**
 * One dump file streamed to an object as a multipart upload while it is written: memory holds the first
 * part (its header is final only at commit), the part being filled and the parts in flight, whatever the
 * file's size. The object appears only when the upload is completed (commit), whole; abort drops it.
 * A file that never fills a part is sent with one PUT at commit.
 */
export class S3FileUpload implements LocationWriter {
  readonly #first: Buffer;
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

  constructor(
    readonly client: S3Client,
    readonly bucket: string,
    readonly key: string,
    readonly display: string,
    readonly tuning: UploadTuning,
  ) {
    this.#first = Buffer.allocUnsafe(tuning.partSize);
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
      for (const p of parts) await this.#append(p);
    });
    this.#queue = done.catch(noop);
    return done;
  }

  async #append(buf: Buffer): Promise<void> {
    let at = 0;
    while (at < buf.length) {
      if (this.#firstFill < this.#first.length) {
        const n = buf.copy(this.#first, this.#firstFill, at);
        this.#firstFill += n;
        at += n;
      } else {
        this.#part ??= Buffer.allocUnsafe(this.tuning.partSize);
        const n = buf.copy(this.#part, this.#fill, at);
        this.#fill += n;
        at += n;
        if (this.#fill === this.#part.length) await this.#sendPart();
      }
    }
  }

  /** Uploads the filled part; waits while too many are in flight (backpressure for the writer). */
  async #sendPart(): Promise<void> {
    const body = this.#part!.subarray(0, this.#fill);
    this.#part = null;
    this.#fill = 0;
    while (this.#inflight.size >= this.tuning.partsInFlight) await Promise.race(this.#inflight).catch(noop);
    if (this.#failure) throw this.#failure;
    const number = this.#nextPart++;
    const p = this.#upload(number, body).then(
      (part) => {
        this.#done.push(part);
      },
      (e: unknown) => {
        this.#failure ??= s3Error(e, this.display, `uploading part ${number}`);
      },
    );
    const tracked = p.finally(() => this.#inflight.delete(tracked));
    this.#inflight.add(tracked);
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

  async suspend(): Promise<void> {}

  async commit(head: Buffer): Promise<void> {
    if (this.#state !== 'open') throw new Error(`${this.display} is ${this.#state}`);
    try {
      await this.#queue;
      await Promise.all([...this.#inflight]);
      if (this.#failure) throw this.#failure;
      head.copy(this.#first, 0, 0, Math.min(head.length, this.#firstFill));
      const first = this.#first.subarray(0, this.#firstFill);
      if (this.#uploadId === null && this.#fill === 0) {
        await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.key, Body: first, ContentLength: first.length, ContentType: 'application/octet-stream' }));
      } else {
        const tail = this.#part?.subarray(0, this.#fill);
        const last = tail !== undefined && tail.length > 0 ? [this.#upload(this.#nextPart++, tail)] : [];
        const parts = [...(await Promise.all([this.#upload(1, first), ...last])), ...this.#done].sort((a, b) => a.PartNumber! - b.PartNumber!);
        await this.client.send(new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, UploadId: await this.#start(), MultipartUpload: { Parts: parts } }));
      }
      this.#state = 'committed';
      this.#part = null;
    } catch (e) {
      throw s3Error(e, this.display, 'completing its upload');
    }
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
