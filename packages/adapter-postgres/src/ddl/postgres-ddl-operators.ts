import type { CatalogObject } from '@sluice/adapter-kit';
import type { PgOpclassMember, PgOperatorClassDetail, PgOperatorDetail, PgOperatorFamilyDetail, PgOperatorRef } from '../model/postgres-definition-details.js';
import { quoteIdent } from '../sql/postgres-quote.js';
import type { PostgresRemapper } from '../sql/postgres-remapper.js';
import { ownerStatement } from './postgres-ddl-annotations.js';

/** `schema.op` after REMAP_SCHEMA (an operator is always written qualified). */
export function operatorName(schema: string, name: string, r: PostgresRemapper): string {
  return `${quoteIdent(r.schema(schema))}.${name}`;
}

/** CREATE OPERATOR with every option pg_dump writes; a commutator or negator is named with OPERATOR(schema.op). */
export function operatorDdl(o: CatalogObject, d: PgOperatorDetail, r: PostgresRemapper): string[] {
  const schema = o.schema ?? '';
  const sql = (text: string): string => r.sql(text, schema);
  const opts = [`FUNCTION = ${sql(d.function)}`];
  if (d.left !== null) opts.push(`LEFTARG = ${sql(d.left)}`);
  opts.push(`RIGHTARG = ${sql(d.right)}`);
  if (d.commutator !== undefined) opts.push(`COMMUTATOR = OPERATOR(${operatorName(d.commutator.schema, d.commutator.name, r)})`);
  if (d.negator !== undefined) opts.push(`NEGATOR = OPERATOR(${operatorName(d.negator.schema, d.negator.name, r)})`);
  if (d.merges) opts.push('MERGES');
  if (d.hashes) opts.push('HASHES');
  if (d.restrict !== undefined) opts.push(`RESTRICT = ${sql(d.restrict)}`);
  if (d.join !== undefined) opts.push(`JOIN = ${sql(d.join)}`);
  const target = { type: 'OPERATOR', schema, name: d.name, args: `${d.left ?? 'NONE'}, ${d.right}` };
  return [`CREATE OPERATOR ${operatorName(schema, d.name, r)} (\n    ${opts.join(',\n    ')}\n)`, ...ownerStatement(o, 'OPERATOR', target, r)];
}

/** CREATE OPERATOR FAMILY, then ALTER OPERATOR FAMILY ... ADD for its loose members. */
export function operatorFamilyDdl(o: CatalogObject, d: PgOperatorFamilyDetail, r: PostgresRemapper): string[] {
  const schema = o.schema ?? '';
  const name = `${r.qualified(schema, d.name)} USING ${quoteIdent(d.method)}`;
  const out = [`CREATE OPERATOR FAMILY ${name}`];
  if (d.members.length > 0) out.push(`ALTER OPERATOR FAMILY ${name} ADD\n    ${d.members.map((m) => memberSql(m, r, schema)).join(',\n    ')}`);
  return [...out, ...ownerStatement(o, 'OPERATOR FAMILY', { type: 'OPERATOR FAMILY', schema, name: d.name, method: d.method }, r)];
}

/** CREATE OPERATOR CLASS with its own members (FAMILY only when the family has another name). */
export function operatorClassDdl(o: CatalogObject, d: PgOperatorClassDetail, r: PostgresRemapper): string[] {
  const schema = o.schema ?? '';
  let create = `CREATE OPERATOR CLASS ${r.qualified(schema, d.name)}${d.default ? ' DEFAULT' : ''} FOR TYPE ${r.sql(d.type, schema)} USING ${quoteIdent(d.method)}`;
  if (d.family !== undefined) create += ` FAMILY ${r.qualified(d.family.schema, d.family.name)}`;
  const items = d.members.map((m) => memberSql(m, r, schema));
  if (d.storage !== undefined) items.push(`STORAGE ${r.sql(d.storage, schema)}`);
  // The grammar needs at least one item; a class with none gets STORAGE of its own type (what it has anyway).
  if (items.length === 0) items.push(`STORAGE ${r.sql(d.type, schema)}`);
  create += ` AS\n    ${items.join(',\n    ')}`;
  return [create, ...ownerStatement(o, 'OPERATOR CLASS', { type: 'OPERATOR CLASS', schema, name: d.name, method: d.method }, r)];
}

/** `OPERATOR 1 s.<(integer, integer) [FOR ORDER BY f]` or `FUNCTION 1 (integer, integer) s.f(integer, integer)`. */
function memberSql(m: PgOpclassMember, r: PostgresRemapper, schema: string): string {
  if (m.kind === 'operator') {
    const op: PgOperatorRef = m.operator;
    const orderBy = m.orderBy === undefined ? '' : ` FOR ORDER BY ${r.sql(m.orderBy, schema)}`;
    return `OPERATOR ${m.number} ${operatorName(op.schema, op.name, r)}(${r.sql(op.left, schema)}, ${r.sql(op.right, schema)})${orderBy}`;
  }
  // A loose function must name the types it is for; naming them for a class's own is allowed and changes nothing.
  const types = m.types === undefined ? '' : ` (${r.sql(m.types.left, schema)}, ${r.sql(m.types.right, schema)})`;
  return `FUNCTION ${m.number}${types} ${r.sql(m.function, schema)}`;
}
