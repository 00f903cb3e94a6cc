import type { CatalogObject } from '@sluice/adapter-kit';
import type { PgAggregateDetail, PgRoutineDetail } from '../model/postgres-details.js';
import type { PostgresRemapper } from '../sql/postgres-remapper.js';
import { ownerStatement } from './postgres-ddl-annotations.js';

/** The routine's own name (catalog names carry the argument list). */
function routineName(o: CatalogObject): string {
  const paren = o.name.indexOf('(');
  return paren < 0 ? o.name : o.name.slice(0, paren);
}

/** CREATE FUNCTION / PROCEDURE from the server's own definition, qualified names remapped (bodies untouched). */
export function routineDdl(o: CatalogObject, d: PgRoutineDetail, r: PostgresRemapper): string[] {
  const schema = o.schema ?? '';
  const type = o.kind === 'PROCEDURE' ? 'PROCEDURE' : 'FUNCTION';
  return [r.sql(d.definition, schema), ...ownerStatement(o, type, { type, schema, name: routineName(o), args: d.identityArguments }, r)];
}

/** CREATE AGGREGATE from pg_aggregate. */
export function aggregateDdl(o: CatalogObject, d: PgAggregateDetail, r: PostgresRemapper): string[] {
  const schema = o.schema ?? '';
  const options = d.options.map(([k, v]) => (v === '' ? k : `${k} = ${r.sql(v, schema)}`));
  return [
    `CREATE AGGREGATE ${r.qualified(schema, routineName(o))}(${d.arguments === '' ? '*' : r.sql(d.arguments, schema)}) (\n    ${options.join(',\n    ')}\n)`,
    ...ownerStatement(o, 'AGGREGATE', { type: 'AGGREGATE', schema, name: routineName(o), args: d.identityArguments }, r),
  ];
}
