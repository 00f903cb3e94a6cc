import type { Adapter, AdapterConnection, ChunkDescriptor, Row, TableRef } from '@sluice/adapter-kit';

/** A chunk of a whole table, or of one whole partition. */
export function wholeChunk(table: TableRef, partition?: string): ChunkDescriptor {
  return { table, ...(partition === undefined ? {} : { partition }), index: 0, count: 1, range: { kind: 'whole' }, estimatedBytes: 0 };
}

/** Every row a chunk unloads, through the byte stream and back, as sorted canonical strings (bytes as hex). */
export async function unloadedRows(adapter: Adapter, conn: AdapterConnection, chunk: ChunkDescriptor): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of adapter.data.decodeRows(adapter.data.unload(conn, chunk))) {
    for (const row of batch as Row[]) out.push(JSON.stringify(row.map((v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v))));
  }
  return out.sort();
}
