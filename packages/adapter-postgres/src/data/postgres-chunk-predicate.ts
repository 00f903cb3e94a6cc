import { AdapterError, type ChunkDescriptor } from '@sluice/adapter-kit';
import { quoteIdent, quoteLiteral } from '../sql/postgres-quote.js';
import type { TableColumns } from './postgres-table-columns.js';

/**
 * The WHERE condition selecting one chunk's rows, or null for the whole table. Key bounds are
 * inlined as typed literals (COPY takes no parameters): lower <= (k1, k2) < upper, row-value
 * comparison in the key's own btree order.
 */
export function chunkPredicate(chunk: ChunkDescriptor, info: TableColumns): string | null {
  const range = chunk.range;
  switch (range.kind) {
    case 'whole':
      return null;
    case 'ctid': {
      const parts = [`ctid >= '(${checkPage(range.fromPage)},0)'::tid`];
      if (range.toPage !== undefined) parts.push(`ctid < '(${checkPage(range.toPage)},0)'::tid`);
      return parts.join(' AND ');
    }
    case 'key': {
      const types = range.columns.map((name) => {
        const c = info.columns.find((x) => x.name === name);
        if (c === undefined) throw new AdapterError('BAD_ARGUMENT', `Chunk key column "${name}" does not exist.`);
        return c.type;
      });
      const key = range.columns.length === 1 ? quoteIdent(range.columns[0]!) : `ROW(${range.columns.map(quoteIdent).join(', ')})`;
      const bound = (values: readonly string[]): string => {
        if (values.length !== types.length) throw new AdapterError('BAD_ARGUMENT', 'A chunk bound has the wrong number of key values.');
        const lits = values.map((v, i) => `${quoteLiteral(v)}::${types[i]}`);
        return lits.length === 1 ? lits[0]! : `ROW(${lits.join(', ')})`;
      };
      const parts: string[] = [];
      if (range.lower !== undefined) parts.push(`${key} >= ${bound(range.lower)}`);
      if (range.upper !== undefined) parts.push(`${key} < ${bound(range.upper)}`);
      return parts.length === 0 ? null : parts.join(' AND ');
    }
  }
}

function checkPage(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new AdapterError('BAD_ARGUMENT', `A ctid chunk page must be a non-negative integer, got ${n}.`);
  return n;
}
