import { AdapterError, type ChunkDescriptor, type ChunkRange, type UnloadOptions } from '@sluice/adapter-kit';
import { quoteIdent, quoteString } from '../sql/mysql-quote.js';
import type { DataColumn } from './mysql-table-columns.js';

const NUMERIC = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint', 'decimal', 'numeric', 'float', 'double', 'real', 'year']);
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A key value as an SQL literal: numbers bare (so BIGINT bounds are not compared as doubles),
 * byte columns from their hex text form, everything else as a string in the column's collation.
 */
export function keyLiteral(value: string, column: DataColumn): string {
  if (NUMERIC.has(column.dataType)) {
    if (!NUMBER.test(value)) throw new AdapterError('BAD_ARGUMENT', `Chunk bound ${JSON.stringify(value)} is not a number for column "${column.name}"`);
    return value;
  }
  if (column.bytes) {
    if (!/^([0-9a-f]{2})*$/i.test(value)) throw new AdapterError('BAD_ARGUMENT', `Chunk bound for byte column "${column.name}" must be hex, got ${JSON.stringify(value)}`);
    return `X'${value}'`;
  }
  return quoteString(value);
}

/** Row-value comparison `(c1..cn) op (v1..vn)` spelled out so both optimizers use a range scan. */
function tupleCompare(columns: readonly DataColumn[], values: readonly string[], strict: '>' | '<', last: '>=' | '<'): string {
  const ors: string[] = [];
  for (let i = 0; i < columns.length; i++) {
    const ands: string[] = [];
    for (let j = 0; j < i; j++) ands.push(`${quoteIdent((columns[j] as DataColumn).name)} = ${keyLiteral(values[j] as string, columns[j] as DataColumn)}`);
    const op = i === columns.length - 1 ? last : strict;
    ands.push(`${quoteIdent((columns[i] as DataColumn).name)} ${op} ${keyLiteral(values[i] as string, columns[i] as DataColumn)}`);
    ors.push(ands.length === 1 ? (ands[0] as string) : `(${ands.join(' AND ')})`);
  }
  return ors.length === 1 ? (ors[0] as string) : `(${ors.join(' OR ')})`;
}

/** The WHERE condition of a chunk's range, or null for a whole table. */
export function rangePredicate(range: ChunkRange, all: readonly DataColumn[]): string | null {
  switch (range.kind) {
    case 'whole':
      return null;
    case 'ctid':
      throw new AdapterError('UNSUPPORTED', 'MySQL has no physical (ctid) chunks; plan chunks with this adapter');
    case 'key': {
      const cols = range.columns.map((n) => {
        const c = all.find((x) => x.name === n);
        if (c === undefined) throw new AdapterError('BAD_ARGUMENT', `Chunk key column "${n}" does not exist`);
        return c;
      });
      const parts: string[] = [];
      if (range.lower !== undefined) parts.push(tupleCompare(cols, boundOf(range.lower, cols), '>', '>='));
      if (range.upper !== undefined) parts.push(tupleCompare(cols, boundOf(range.upper, cols), '<', '<'));
      return parts.length === 0 ? null : parts.join(' AND ');
    }
  }
}

function boundOf(values: readonly string[], cols: readonly DataColumn[]): readonly string[] {
  if (values.length !== cols.length) throw new AdapterError('BAD_ARGUMENT', `A chunk bound has ${values.length} values for ${cols.length} key columns`);
  return values;
}

/** The whole WHERE clause (with `WHERE`) for a chunk with QUERY and SAMPLE applied, or ''. */
export function whereClause(chunk: ChunkDescriptor, all: readonly DataColumn[], options: UnloadOptions = {}): string {
  const parts: string[] = [];
  const range = rangePredicate(chunk.range, all);
  if (range !== null) parts.push(range);
  if (options.query !== undefined && options.query.trim() !== '') parts.push(`(${options.query})`);
  if (options.sample !== undefined) {
    const s = options.sample;
    if (!(typeof s === 'number' && s > 0 && s <= 100)) throw new AdapterError('BAD_ARGUMENT', `SAMPLE must be a percentage above 0 and at most 100, got ${String(s)}`);
    if (s < 100) parts.push(`RAND() * 100 < ${s}`);
  }
  return parts.length === 0 ? '' : ` WHERE ${parts.join(' AND ')}`;
}
