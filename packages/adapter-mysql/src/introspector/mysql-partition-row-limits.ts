import type { MysqlPartitioning } from '../model/mysql-details.js';
import { quoteIdent } from '../sql/mysql-quote.js';

/** A partition's or subpartition's MAX_ROWS / MIN_ROWS, as written on its own line of SHOW CREATE TABLE. */
export interface RowLimits {
  readonly maxRows?: string;
  readonly minRows?: string;
}

function limitsOn(line: string | undefined): RowLimits {
  if (line === undefined) return {};
  // The options follow the VALUES and COMMENT clauses; a comment's text is left out of the search.
  const options = line.replace(/COMMENT = '(?:[^'\\]|''|\\.)*'/g, '');
  const max = /\bMAX_ROWS = (\d+)/.exec(options)?.[1];
  const min = /\bMIN_ROWS = (\d+)/.exec(options)?.[1];
  return { ...(max === undefined ? {} : { maxRows: max }), ...(min === undefined ? {} : { minRows: min }) };
}

/**
 * information_schema.PARTITIONS does not list a partition's MAX_ROWS and MIN_ROWS; SHOW CREATE
 * TABLE writes each partition and subpartition on a line of its own, with them.
 */
export function withRowLimits(p: MysqlPartitioning | null, ddl: string): MysqlPartitioning | null {
  if (p === null || !/\b(MAX|MIN)_ROWS = /.test(ddl.slice(ddl.search(/\n *PARTITION BY /)))) return p;
  const lines = ddl.split('\n').map((l) => l.trimStart().replace(/^\(/, ''));
  const lineOf = (prefix: string): string | undefined => lines.find((l) => l.startsWith(prefix));
  return {
    ...p,
    partitions: p.partitions.map((x) => ({
      ...x,
      ...limitsOn(lineOf(`PARTITION ${quoteIdent(x.name)} `)),
      subpartitions: x.subpartitions.map((s) => ({ ...s, ...limitsOn(lineOf(`SUBPARTITION ${quoteIdent(s.name)} `)) })),
    })),
  };
}
