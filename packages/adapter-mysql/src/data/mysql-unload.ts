import { Readable } from 'node:stream';
import type { ChunkDescriptor, UnloadOptions, UnloadStream } from '@sluice/adapter-kit';
import type { MysqlConnection } from '../mysql-connection.js';
import { streamChunk, type RowSource } from './mysql-row-source.js';
import { streamCharset } from './mysql-table-columns.js';
import { headerLine, TsvWriter } from './mysql-tsv-format.js';

/**
 * A chunk's rows as a mysql-tsv byte stream: a streamed SELECT of raw column bytes, escaped into
 * 256 KiB chunks. The server is paused whenever the consumer is behind, so memory stays flat.
 * `rowCount` counts rows as they are written (the header line is not a row); final once it has ended.
 */
export function unloadChunk(conn: MysqlConnection, chunk: ChunkDescriptor, options: UnloadOptions = {}): UnloadStream {
  const writer = new TsvWriter();
  let source: RowSource | undefined;
  let started = false;
  let plain: boolean[] = [];
  const out: Readable & { rowCount: number } = Object.assign(
    new Readable({
      highWaterMark: 1024 * 1024,
      read(): void {
        if (!started) {
          started = true;
          source = streamChunk(conn, chunk, options, 'binary', {
            start(columns) {
              plain = columns.map((c) => streamCharset(c) === null);
              out.push(headerLine({ columns: columns.map((c) => ({ name: c.name, charset: streamCharset(c) })) }));
            },
            row(values) {
              out.rowCount += 1;
              writer.row(values, plain);
              const full = writer.takeIfFull();
              return full === null ? true : out.push(full);
            },
            packetRow(packet, offset) {
              out.rowCount += 1;
              writer.packetRow(packet, offset, plain.length, plain);
              const full = writer.takeIfFull();
              return full === null ? true : out.push(full);
            },
            end() {
              if (writer.pending > 0) out.push(writer.take());
              out.push(null);
            },
            error(err) {
              // Already destroyed by its consumer: the session's late error is nobody's to hear.
              if (!out.destroyed) out.destroy(err);
            },
          });
          return;
        }
        source?.resume();
      },
      destroy(err, callback): void {
        source?.discard();
        callback(err);
      },
    }),
    { rowCount: 0 },
  );
  return out;
}
