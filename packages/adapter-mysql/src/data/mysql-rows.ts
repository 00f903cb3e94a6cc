import { Readable } from 'node:stream';
import type { ChunkDescriptor, LoadOptions, LoadResult, Row, RowValue, TableRef, UnloadOptions } from '@sluice/adapter-kit';
import type { MysqlConnection } from '../mysql-connection.js';
import { loadStream } from './mysql-load.js';
import { streamChunk, type RowSource } from './mysql-row-source.js';
import { dataColumns, pickColumns } from './mysql-table-columns.js';
import { packetValues } from './mysql-packet-values.js';
import { decoderFor } from './mysql-text-decoders.js';
import { headerLine, parseHeader, TsvParser, TsvWriter, type TsvColumn } from './mysql-tsv-format.js';
import { TsvByteLines } from './mysql-tsv-bytes.js';
import { isUtf8Stream, TsvTextLines } from './mysql-tsv-text.js';

const BATCH = 2000;

/** A copy of bytes the driver handed out (its buffers are slices of network chunks). */
const copyBytes = (b: Buffer): Uint8Array => new Uint8Array(b);

/**
 * Row-level read of a chunk in batches: text columns as strings (converted to utf8mb4 by the
 * server), byte columns as Uint8Array, numbers and dates in MySQL's own text form.
 */
export function readChunkRows(conn: MysqlConnection, chunk: ChunkDescriptor, options: UnloadOptions = {}): AsyncIterable<Row[]> {
  let bytesAt: boolean[] = [];
  let batch: Row[] = [];
  let source: RowSource | undefined;
  const out = new Readable({
    objectMode: true,
    highWaterMark: 4,
    read(): void {
      if (source === undefined) {
        source = streamChunk(conn, chunk, options, 'utf8mb4', {
          start(columns) {
            bytesAt = columns.map((c) => c.bytes);
          },
          row(values) {
            batch.push(values.map((v, i) => (v === null ? null : bytesAt[i] ? copyBytes(v) : v.toString('utf8'))));
            if (batch.length < BATCH) return true;
            const full = batch;
            batch = [];
            return out.push(full);
          },
          packetRow(packet, offset) {
            batch.push(packetValues(packet, offset, bytesAt));
            if (batch.length < BATCH) return true;
            const full = batch;
            batch = [];
            return out.push(full);
          },
          end() {
            if (batch.length > 0) out.push(batch);
            out.push(null);
          },
          error(err) {
            out.destroy(err);
          },
        });
        return;
      }
      source.resume();
    },
    destroy(err, callback): void {
      source?.discard();
      callback(err);
    },
  });
  return out;
}

/**
 * Row batches as a mysql-tsv stream. Without column information the header records, from the first
 * batch, which columns carry bytes (binary) and which text (utf8mb4).
 */
export function encodeRowStream(rows: AsyncIterable<Row[]>, columns?: readonly TsvColumn[]): Readable {
  async function* encode(): AsyncGenerator<Buffer> {
    const writer = new TsvWriter();
    let headerDone = false;
    for await (const batch of rows) {
      if (!headerDone) {
        headerDone = true;
        yield headerLine({ columns: columns ?? guessColumns(batch) });
      }
      for (const row of batch) {
        writer.textRow(row);
        const full = writer.takeIfFull();
        if (full !== null) yield full;
      }
    }
    if (!headerDone) yield headerLine({ columns: columns ?? null });
    if (writer.pending > 0) yield writer.take();
  }
  return Readable.from(encode(), { objectMode: false });
}

function guessColumns(batch: readonly Row[]): TsvColumn[] | null {
  const first = batch[0];
  if (first === undefined) return null;
  return first.map((_, i) => {
    const sample = batch.find((r) => r[i] !== null && r[i] !== undefined)?.[i];
    return { charset: sample instanceof Uint8Array ? 'binary' : 'utf8mb4' };
  });
}

/**
 * Decode a mysql-tsv stream into row batches: byte columns as Uint8Array, text decoded from the
 * character set the header names, ASCII forms (numbers, dates) as strings.
 */
export async function* decodeRowStream(data: Readable): AsyncGenerator<Row[]> {
  const chunks = buffers(data);
  let pending: Buffer = Buffer.alloc(0);
  for (;;) {
    const next = await chunks.next();
    if (next.done === true) {
      if (pending.length > 0) parseHeader(pending);
      return;
    }
    pending = pending.length === 0 ? next.value : Buffer.concat([pending, next.value]);
    const nl = pending.indexOf(0x0a);
    if (nl < 0) continue;
    const header = parseHeader(pending.subarray(0, nl)).columns;
    const rest = following(pending.subarray(nl + 1), chunks);
    if (isUtf8Stream(header)) yield* decodeLines(rest, (bytes) => new TsvTextLines(bytes.toString('utf8'), header.length));
    else if (header !== null) yield* decodeLines(rest, (bytes) => new TsvByteLines(bytes, header));
    else yield* decodeFields(rest, null);
    return;
  }
}

/** A stream's chunks as Buffers. */
async function* buffers(data: Readable): AsyncGenerator<Buffer, void, undefined> {
  for await (const chunk of data) yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
}

/** `first`, then the rest of `chunks`; stopping early stops `chunks` too (and so the stream). */
async function* following(first: Buffer, chunks: AsyncGenerator<Buffer, void, undefined>): AsyncGenerator<Buffer> {
  try {
    if (first.length > 0) yield first;
    yield* chunks;
  } finally {
    await chunks.return();
  }
}

/**
 * The rows of a stream with column information: each piece's whole lines read at once (`lines`: as
 * UTF-8 text when every column is UTF-8, else as bytes) and cut by native scans.
 */
async function* decodeLines(chunks: AsyncIterable<Buffer>, lines: (bytes: Buffer) => { next(): Row | undefined }): AsyncGenerator<Row[]> {
  let rest: Buffer | null = null;
  let batch: Row[] = [];
  for await (const chunk of chunks) {
    const buf: Buffer = rest === null ? chunk : Buffer.concat([rest, chunk]);
    const last = buf.lastIndexOf(0x0a);
    if (last < 0) {
      rest = buf;
      continue;
    }
    rest = last + 1 < buf.length ? buf.subarray(last + 1) : null;
    const read = lines(buf.subarray(0, last));
    for (let row = read.next(); row !== undefined; row = read.next()) {
      batch.push(row);
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
  }
  // A last line without its LF.
  if (rest !== null && rest.length > 0) batch.push(lines(rest).next() as Row);
  if (batch.length > 0) yield batch;
}

/** The rows of a stream without column information, field by field. */
async function* decodeFields(chunks: AsyncIterable<Buffer>, header: readonly TsvColumn[] | null): AsyncGenerator<Row[]> {
  const parser = new TsvParser();
  const decoders = (header ?? []).map((c) => decoderFor(c.charset));
  const convert = (fields: (Buffer | null)[]): Row =>
    fields.map((f, i) => {
      if (f === null) return null;
      const d = decoders[i];
      if (d !== undefined) return d(f);
      return header === null ? utf8OrBytes(f) : f.toString('utf8');
    });
  for await (const chunk of chunks) {
    const rows = parser.push(chunk);
    if (rows.length > 0) yield rows.map(convert);
  }
  const last = parser.end();
  if (last.length > 0) yield last.map(convert);
}

/** Text when the bytes are valid UTF-8, else the bytes (streams written without column information). */
function utf8OrBytes(b: Buffer): RowValue {
  const s = b.toString('utf8');
  return Buffer.byteLength(s, 'utf8') === b.length && !s.includes('\ufffd') ? s : new Uint8Array(b);
}

/** Row-level write: encode the rows and load them with LOAD DATA, converting text to each column's character set. */
export async function writeTableRows(conn: MysqlConnection, table: TableRef, columns: readonly string[], rows: AsyncIterable<Row[]>, options: LoadOptions = {}): Promise<LoadResult> {
  const targets = pickColumns(await dataColumns(conn, table), columns, table);
  const streamColumns = targets.map((c) => ({ name: c.name, charset: c.bytes ? 'binary' : 'utf8mb4' }));
  return loadStream(conn, table, encodeRowStream(rows, streamColumns), { ...options, columns });
}
