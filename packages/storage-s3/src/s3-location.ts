import { AbortMultipartUploadCommand, DeleteObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { DumpFormatError, type DumpLocation, type LocationReader, type LocationWriter } from '@sluice/dump-format';
import { createS3Client, type S3ConnectOptions } from './s3-client.js';
import { s3Error } from './s3-errors.js';
import { S3ObjectReader } from './s3-reader.js';
import { PartBuffers } from './part-buffers.js';
import { S3FileUpload, type UploadTuning } from './s3-upload.js';
import { parseS3Url, s3Display, type S3Address } from './s3-url.js';

/** Options of an S3 location: how to connect, and the upload's part size and parallelism. */
export interface S3LocationOptions extends S3ConnectOptions, Partial<UploadTuning> {
  /** A client to use instead of making one (tests, or an application that configures its own). */
  readonly client?: S3Client;
}

/** S3's smallest part (every part but the last). */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
/** Default part size: 8 MiB, four in flight per file. */
export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
export const DEFAULT_PARTS_IN_FLIGHT = 4;

/** A dump file set under a bucket prefix: each file is one object `prefix/name`. */
export class S3Location implements DumpLocation {
  readonly remote = true;
  readonly display: string;
  readonly #tuning: UploadTuning;
  readonly #buffers: PartBuffers;

  constructor(
    readonly client: S3Client,
    readonly address: S3Address,
    tuning: Partial<UploadTuning> = {},
  ) {
    this.display = s3Display(address);
    const partSize = tuning.partSize ?? DEFAULT_PART_SIZE;
    if (!Number.isInteger(partSize) || partSize < MIN_PART_SIZE) {
      throw new DumpFormatError('BAD_ARGUMENT', `part size ${String(partSize)} must be an integer of at least ${MIN_PART_SIZE} bytes (5 MiB, S3's smallest part)`);
    }
    const partsInFlight = tuning.partsInFlight ?? DEFAULT_PARTS_IN_FLIGHT;
    if (!Number.isInteger(partsInFlight) || partsInFlight < 1 || partsInFlight > 64)
      throw new DumpFormatError('BAD_ARGUMENT', `parts in flight ${String(partsInFlight)} must be an integer from 1 to 64`);
    this.#tuning = { partSize, partsInFlight };
    // Enough for one file's parts in flight, the one being filled and part 1.
    this.#buffers = new PartBuffers(partSize, partsInFlight + 2);
  }

  #key(name: string): string {
    return this.address.prefix === '' ? name : `${this.address.prefix}/${name}`;
  }

  describe(name: string): string {
    return `${this.display}/${name}`;
  }

  async check(): Promise<void> {
    // A one-key listing rather than HeadBucket: it also proves the right to list, and its errors carry a code.
    try {
      await this.client.send(new ListObjectsV2Command({ Bucket: this.address.bucket, MaxKeys: 1, ...(this.address.prefix === '' ? {} : { Prefix: `${this.address.prefix}/` }) }));
    } catch (e) {
      const err = e as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
      if (err.name === 'NoSuchBucket' || err.Code === 'NoSuchBucket') {
        throw new DumpFormatError('BAD_ARGUMENT', `bucket ${this.address.bucket} of ${this.display} does not exist; create it or fix DIRECTORY / DUMPFILE`);
      }
      throw s3Error(e, this.display, 'checking the bucket');
    }
  }

  async list(): Promise<string[]> {
    const prefix = this.address.prefix === '' ? '' : `${this.address.prefix}/`;
    const names: string[] = [];
    let token: string | undefined;
    try {
      do {
        const r = await this.client.send(new ListObjectsV2Command({ Bucket: this.address.bucket, Prefix: prefix, Delimiter: '/', ...(token === undefined ? {} : { ContinuationToken: token }) }));
        for (const o of r.Contents ?? []) if (o.Key !== undefined && o.Key.length > prefix.length) names.push(o.Key.slice(prefix.length));
        token = r.IsTruncated ? r.NextContinuationToken : undefined;
      } while (token !== undefined);
    } catch (e) {
      throw s3Error(e, this.display, 'listing the objects under it');
    }
    return names;
  }

  async stat(name: string): Promise<{ size: number } | null> {
    const h = await this.#head(name);
    return h === null ? null : { size: h.size };
  }

  async #head(name: string): Promise<{ size: number; etag: string | undefined } | null> {
    try {
      const r = await this.client.send(new HeadObjectCommand({ Bucket: this.address.bucket, Key: this.#key(name) }));
      return { size: r.ContentLength ?? 0, etag: r.ETag };
    } catch (e) {
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 || (e as { name?: string }).name === 'NotFound') return null;
      throw s3Error(e, this.describe(name), 'looking it up');
    }
  }

  async openRead(name: string): Promise<LocationReader> {
    const h = await this.#head(name);
    if (h === null) throw new DumpFormatError('MISSING_FILE', `dump file ${this.describe(name)} does not exist; check DIRECTORY and DUMPFILE`, { file: name });
    return new S3ObjectReader(this.client, this.address.bucket, this.#key(name), this.describe(name), h.size, h.etag);
  }

  async create(name: string, options: { overwrite: boolean }): Promise<LocationWriter> {
    if (!options.overwrite && (await this.#head(name)) !== null) {
      throw new DumpFormatError('FILE_EXISTS', `dump file ${this.describe(name)} already exists; remove it, choose another DUMPFILE, or set REUSE_DUMPFILES=YES`, { file: name });
    }
    return new S3FileUpload(this.client, this.address.bucket, this.#key(name), this.describe(name), this.#tuning, this.#buffers);
  }

  /**
   * Continues a file an earlier run parked (or left at a rollover): its first `keep` bytes are kept,
   * with `head` over its start, and new bytes follow (see S3FileUpload). The object stays as it is until
   * the continued file is committed.
   */
  async reopen(name: string, keep: number, head: Buffer): Promise<LocationWriter> {
    const h = await this.#head(name);
    if (h === null || h.size < keep) {
      throw new DumpFormatError(
        'MISSING_FILE',
        `dump file ${this.describe(name)} ${h === null ? 'does not exist' : `holds ${h.size} bytes, fewer than the ${keep} to keep`}; it changed since the export stopped: restore it, or start the export again`,
        { file: name },
      );
    }
    return new S3FileUpload(this.client, this.address.bucket, this.#key(name), this.describe(name), this.#tuning, this.#buffers, { size: keep, head });
  }

  /**
   * Aborts the multipart uploads in progress of the files `which` picks (directly under the prefix): a
   * writer killed with -9 never aborts its own, and the store bills their parts until someone does.
   */
  async dropUnfinished(which: (name: string) => boolean): Promise<string[]> {
    const prefix = this.address.prefix === '' ? '' : `${this.address.prefix}/`;
    const found: Array<{ name: string; key: string; uploadId: string }> = [];
    let keyMarker: string | undefined;
    let idMarker: string | undefined;
    try {
      do {
        const r = await this.client.send(
          new ListMultipartUploadsCommand({
            Bucket: this.address.bucket,
            Prefix: prefix,
            ...(keyMarker === undefined ? {} : { KeyMarker: keyMarker }),
            ...(idMarker === undefined ? {} : { UploadIdMarker: idMarker }),
          }),
        );
        for (const u of r.Uploads ?? []) {
          const name = u.Key?.slice(prefix.length);
          if (u.Key === undefined || u.UploadId === undefined || name === undefined || name === '' || name.includes('/') || !which(name)) continue;
          found.push({ name, key: u.Key, uploadId: u.UploadId });
        }
        keyMarker = r.IsTruncated ? r.NextKeyMarker : undefined;
        idMarker = r.IsTruncated ? r.NextUploadIdMarker : undefined;
      } while (keyMarker !== undefined);
    } catch (e) {
      throw s3Error(e, this.display, 'listing the multipart uploads in progress under it');
    }
    for (const u of found) {
      try {
        await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.address.bucket, Key: u.key, UploadId: u.uploadId }));
      } catch (e) {
        // Gone already (completed or aborted meanwhile): nothing left to drop.
        if ((e as { name?: string }).name === 'NoSuchUpload') continue;
        throw s3Error(e, this.describe(u.name), 'aborting a multipart upload a stopped writer left');
      }
    }
    return [...new Set(found.map((u) => u.name))];
  }

  async delete(name: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.address.bucket, Key: this.#key(name) }));
    } catch (e) {
      throw s3Error(e, this.describe(name), 'removing it');
    }
  }
}

/** Opens `s3://bucket/prefix` (or an https:// bucket URL) as a dump location. */
export function openS3Location(url: string, options: S3LocationOptions = {}): S3Location {
  const address = parseS3Url(url);
  const client = options.client ?? createS3Client(address, options);
  return new S3Location(client, address, options);
}
