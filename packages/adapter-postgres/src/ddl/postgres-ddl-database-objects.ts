import type { CatalogObject } from '@sluice/adapter-kit';
import type { PgAccessMethodDetail, PgCastDetail, PgLanguageDetail, PgTransformDetail } from '../model/postgres-definition-details.js';
import { quoteIdent } from '../sql/postgres-quote.js';
import type { PostgresRemapper } from '../sql/postgres-remapper.js';
import { ownerStatement } from './postgres-ddl-annotations.js';

/** CREATE CAST (source AS target) WITH FUNCTION f(args) | WITH INOUT | WITHOUT FUNCTION [AS ASSIGNMENT | AS IMPLICIT]. */
export function castDdl(d: PgCastDetail, r: PostgresRemapper): string[] {
  const how = d.method === 'i' ? 'WITH INOUT' : d.method === 'b' ? 'WITHOUT FUNCTION' : `WITH FUNCTION ${r.sql(d.function ?? '')}`;
  const context = d.context === 'a' ? ' AS ASSIGNMENT' : d.context === 'i' ? ' AS IMPLICIT' : '';
  return [`CREATE CAST (${r.sql(d.source)} AS ${r.sql(d.target)}) ${how}${context}`];
}

/** CREATE [TRUSTED] PROCEDURAL LANGUAGE with its handler, inline and validator functions. */
export function languageDdl(o: CatalogObject, d: PgLanguageDetail, r: PostgresRemapper): string[] {
  let create = `CREATE ${d.trusted ? 'TRUSTED ' : ''}PROCEDURAL LANGUAGE ${quoteIdent(d.name)} HANDLER ${r.sql(d.handler)}`;
  if (d.inline !== undefined) create += ` INLINE ${r.sql(d.inline)}`;
  if (d.validator !== undefined) create += ` VALIDATOR ${r.sql(d.validator)}`;
  return [create, ...ownerStatement(o, 'LANGUAGE', { type: 'LANGUAGE', schema: null, name: d.name }, r)];
}

/** CREATE ACCESS METHOD name TYPE INDEX | TABLE HANDLER f. */
export function accessMethodDdl(d: PgAccessMethodDetail, r: PostgresRemapper): string[] {
  return [`CREATE ACCESS METHOD ${quoteIdent(d.name)} TYPE ${d.type} HANDLER ${r.sql(d.handler)}`];
}

/** CREATE TRANSFORM FOR type LANGUAGE lang (FROM SQL WITH FUNCTION f(internal), TO SQL WITH FUNCTION g(internal)). */
export function transformDdl(d: PgTransformDetail, r: PostgresRemapper): string[] {
  const parts = [...(d.fromSql === undefined ? [] : [`FROM SQL WITH FUNCTION ${r.sql(d.fromSql)}`]), ...(d.toSql === undefined ? [] : [`TO SQL WITH FUNCTION ${r.sql(d.toSql)}`])];
  return [`CREATE TRANSFORM FOR ${r.sql(d.type)} LANGUAGE ${quoteIdent(d.language)} (\n    ${parts.join(',\n    ')}\n)`];
}
