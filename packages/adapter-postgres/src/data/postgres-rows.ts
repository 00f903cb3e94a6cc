import { Readable } from 'node:stream';
import type { ChunkDescriptor, LoadOptions, LoadResult, Row, TableRef, UnloadOptions } from '@sluice/adapter-kit';
import type { PostgresConnection } from '../postgres-connection.js';
import { loadStream, planUnload, unloadStream } from './postgres-copy.js';
import { decodeCopyText } from './postgres-copy-text.js';
import { CopyTextWriter } from './postgres-copy-text-writer.js';

/** Rows of a chunk in batches: COPY text decoded, bytea columns as bytes, everything else as its text form. */
export async function* readRows(conn: PostgresConnection, chunk: ChunkDescriptor, options: UnloadOptions = {}): AsyncGenerator<Row[]> {
  const { columns } = await planUnload(conn, chunk, options);
  yield* decodeCopyText(
    unloadStream(conn, chunk, options),
    columns.map((c) => c.binary),
  );
}

/** Encode row batches as a COPY text byte stream, in pieces of about 256 KiB. */
export function encodeRows(rows: AsyncIterable<Row[]>): Readable {
  return Readable.from(
    (async function* () {
      const writer = new CopyTextWriter();
      for await (const batch of rows) {
        for (const row of batch) {
          writer.row(row);
          const full = writer.takeIfFull();
          if (full !== null) yield full;
        }
      }
      if (writer.pending > 0) yield writer.take();
    })(),
    { objectMode: false },
  );
}

/** Decode a COPY text stream into row batches (bytea values stay in their `\x...` text form: the stream does not say which columns are bytea). */
export function decodeRows(data: Readable): AsyncIterable<Row[]> {
  return decodeCopyText(data);
}

/** Write row batches into a table through COPY. */
export function writeRows(conn: PostgresConnection, table: TableRef, columns: readonly string[], rows: AsyncIterable<Row[]>, options: LoadOptions = {}): Promise<LoadResult> {
  return loadStream(conn, table, encodeRows(rows), { ...options, columns });
}
