import { AdapterError, type DdlTransforms } from '@sluice/adapter-kit';
import type { MysqlSequenceDetail, MysqlSequenceValueDetail } from '../model/mysql-details.js';
import { quoteString } from '../sql/mysql-quote.js';

const INTEGER = /^-?\d+$/;

function integer(value: string, what: string, sequence: string): string {
  if (!INTEGER.test(value)) throw new AdapterError('BAD_ARGUMENT', `The ${what} of sequence ${sequence} (${JSON.stringify(value)}) is not an integer`, { object: sequence });
  return value;
}

/** CREATE SEQUENCE with the source's bounds, step, cache, cycle, engine and comment. */
export function createSequenceStatement(qualifiedName: string, d: MysqlSequenceDetail, transforms: DdlTransforms): string {
  const n = (value: string, what: string): string => integer(value, what, qualifiedName);
  let sql = `CREATE SEQUENCE ${qualifiedName}`;
  if (d.valueType !== undefined && /^[a-z ]+$/i.test(d.valueType)) sql += ` AS ${d.valueType}`;
  sql += ` START WITH ${n(d.start, 'start')} MINVALUE ${n(d.minValue, 'minimum')} MAXVALUE ${n(d.maxValue, 'maximum')} INCREMENT BY ${n(d.increment, 'increment')}`;
  sql += d.cache === '0' ? ' NOCACHE' : ` CACHE ${n(d.cache, 'cache size')}`;
  sql += d.cycle ? ' CYCLE' : ' NOCYCLE';
  if (d.engine !== null && transforms.omitTableOptions !== true && transforms.omitEngine !== true) sql += ` ENGINE=${d.engine}`;
  if (d.comment !== undefined && transforms.omitComments !== true) sql += ` COMMENT=${quoteString(d.comment)}`;
  return sql;
}

/** Put a sequence where the source's was: the next value drawn is `next`, in round `round` (as mariadb-dump's `SETVAL(s, n, 0)`). */
export function setSequenceStatement(qualifiedName: string, v: MysqlSequenceValueDetail): string {
  return `DO SETVAL(${qualifiedName}, ${integer(v.next, 'position', qualifiedName)}, 0, ${integer(v.round, 'round', qualifiedName)})`;
}
