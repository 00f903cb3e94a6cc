import type { CatalogObject } from '@sluice/adapter-kit';
import type { PgBaseTypeDetail, PgShellTypeDetail } from '../model/postgres-definition-details.js';
import { quoteLiteral } from '../sql/postgres-quote.js';
import type { PostgresRemapper } from '../sql/postgres-remapper.js';
import { ownerStatement } from './postgres-ddl-annotations.js';

const ALIGNMENT: Readonly<Record<string, string>> = { c: 'char', s: 'int2', i: 'int4', d: 'double' };
const STORAGE: Readonly<Record<string, string>> = { p: 'plain', e: 'external', x: 'extended', m: 'main' };

/** `CREATE TYPE name`: the shell a base type's I/O functions are declared on before the type itself. */
export function shellTypeDdl(o: CatalogObject, d: PgShellTypeDetail, r: PostgresRemapper): string[] {
  const schema = o.schema ?? '';
  return [`CREATE TYPE ${r.qualified(schema, d.name)}`, ...ownerStatement(o, 'TYPE', { type: 'TYPE', schema, name: d.name }, r)];
}

/** The full CREATE TYPE of a base type (it fills in the shell), with every property pg_dump writes. */
export function baseTypeCreate(name: string, d: PgBaseTypeDetail, r: PostgresRemapper, schema: string): string {
  const f = (text: string): string => r.sql(text, schema);
  const opts = [`INTERNALLENGTH = ${d.internalLength === -1 ? 'variable' : String(d.internalLength)}`, `INPUT = ${f(d.input)}`, `OUTPUT = ${f(d.output)}`];
  if (d.receive !== undefined) opts.push(`RECEIVE = ${f(d.receive)}`);
  if (d.send !== undefined) opts.push(`SEND = ${f(d.send)}`);
  if (d.typmodIn !== undefined) opts.push(`TYPMOD_IN = ${f(d.typmodIn)}`);
  if (d.typmodOut !== undefined) opts.push(`TYPMOD_OUT = ${f(d.typmodOut)}`);
  if (d.analyze !== undefined) opts.push(`ANALYZE = ${f(d.analyze)}`);
  if (d.subscript !== undefined) opts.push(`SUBSCRIPT = ${f(d.subscript)}`);
  if (d.passedByValue) opts.push('PASSEDBYVALUE');
  opts.push(`ALIGNMENT = ${ALIGNMENT[d.alignment] ?? 'int4'}`, `STORAGE = ${STORAGE[d.storage] ?? 'plain'}`);
  if (d.category !== 'U') opts.push(`CATEGORY = ${quoteLiteral(d.category)}`);
  if (d.preferred) opts.push('PREFERRED = true');
  if (d.default !== null) opts.push(`DEFAULT = ${quoteLiteral(d.default)}`);
  if (d.element !== undefined) opts.push(`ELEMENT = ${f(d.element)}`);
  if (d.delimiter !== ',') opts.push(`DELIMITER = ${quoteLiteral(d.delimiter)}`);
  if (d.collatable) opts.push('COLLATABLE = true');
  return `CREATE TYPE ${name} (\n    ${opts.join(',\n    ')}\n)`;
}
