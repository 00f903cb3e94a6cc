import { createHash } from 'node:crypto';
import type { Row } from '../data/data-encoding.js';

/** A row in a canonical text form: strings as themselves, bytes as hex, null as null. */
export function canonicalRow(row: Row): string {
  return JSON.stringify(row.map((v) => (v === null || typeof v === 'string' ? v : { hex: Buffer.from(v).toString('hex') })));
}

/** Every row of a batch stream, in canonical form. */
export async function collectRows(batches: AsyncIterable<Row[]>): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of batches) for (const row of batch) out.push(canonicalRow(row));
  return out;
}

/** An order-independent digest of a multiset of rows: their count and the SHA-256 of the sorted canonical forms. */
export function rowsDigest(rows: readonly string[]): { readonly count: number; readonly sha256: string } {
  const hash = createHash('sha256');
  for (const r of [...rows].sort()) hash.update(r).update('\n');
  return { count: rows.length, sha256: hash.digest('hex') };
}
