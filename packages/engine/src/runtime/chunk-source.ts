import type { Readable } from 'node:stream';
import type { Adapter, ChunkDescriptor, MasterRow, Row, Snapshot, UnloadOptions } from '@sluice/adapter-kit';
import type { DumpSetReader } from '@sluice/dump-format';
import { JobError } from '../errors.js';

/**
 * A chunk's data as its source gives it: bytes (with the adapter that can decode them into rows) or
 * rows, in the order of the chunk's columns.
 */
export type ChunkData = { readonly kind: 'bytes'; readonly stream: Readable; readonly decoder: Adapter } | { readonly kind: 'rows'; readonly rows: AsyncIterable<Row[]> };

/** Where one chunk's data comes from: opened inside the load's transaction, released once it ended. */
export interface ChunkSource {
  /** The chunk's data; throws where it cannot be read in the form the load needs. */
  open(): Promise<ChunkData>;
  /** Give back what `open` took (a snapshot connection); nothing when it took nothing. */
  release(): Promise<void>;
}

/**
 * A chunk read over a network link from the source's snapshot: the unload's bytes where the target
 * loads them as they are, else rows (`readRows`).
 */
export function linkChunkSource(source: Adapter, snapshot: Snapshot, chunk: ChunkDescriptor, options: UnloadOptions, form: ChunkData['kind']): ChunkSource {
  let release: (() => Promise<void>) | undefined;
  return {
    async open() {
      const conn = await snapshot.acquire();
      release = () => snapshot.release(conn);
      return form === 'rows' ? { kind: 'rows', rows: source.data.readRows(conn, chunk, options) } : { kind: 'bytes', stream: source.data.unload(conn, chunk, options), decoder: source };
    },
    release: async () => release?.(),
  };
}

/** A chunk read from its stream of the dump set; `decoder` is the adapter whose format the bytes are in (it throws where there is none). */
export function dumpChunkSource(reader: DumpSetReader, item: MasterRow, decoder: () => Adapter): ChunkSource {
  return {
    async open() {
      const adapter = decoder();
      if (item.stream === null) throw new JobError('INTERNAL_ERROR', `chunk item ${item.id} has no dump stream`);
      return { kind: 'bytes', stream: reader.readStream(item.stream), decoder: adapter };
    },
    release: async () => undefined,
  };
}
