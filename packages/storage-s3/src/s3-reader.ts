import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { LocationReader } from '@sluice/dump-format';
import { s3Error } from './s3-errors.js';

/** Reads an object with ranged GETs: each read is one request for exactly the bytes asked for. */
export class S3ObjectReader implements LocationReader {
  constructor(
    readonly client: S3Client,
    readonly bucket: string,
    readonly key: string,
    readonly display: string,
    readonly size: number,
    /** The ETag when opened: a read of an object replaced since fails instead of mixing two versions. */
    readonly etag: string | undefined,
  ) {}

  async read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }> {
    const end = Math.min(position + length, this.size);
    if (end <= position) return { bytesRead: 0 };
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.key, Range: `bytes=${position}-${end - 1}`, ...(this.etag === undefined ? {} : { IfMatch: this.etag }) }),
      );
      let at = offset;
      const limit = offset + (end - position);
      // Read to the end of the body, never break off: a body left unread destroys its connection, and
      // each read would then pay a new one (keep-alive lost). The range asked for is exactly what comes.
      for await (const chunk of out.Body as AsyncIterable<Uint8Array>) {
        const n = Math.min(chunk.length, limit - at);
        if (n > 0) Buffer.from(chunk.buffer, chunk.byteOffset, n).copy(buffer, at);
        at += n;
      }
      return { bytesRead: at - offset };
    } catch (e) {
      throw s3Error(e, this.display, `reading ${end - position} bytes at offset ${position}`);
    }
  }

  async close(): Promise<void> {}
}
