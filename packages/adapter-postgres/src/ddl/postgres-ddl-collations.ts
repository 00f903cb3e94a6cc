import type { CatalogObject } from '@sluice/adapter-kit';
import type { PgCollationDetail, PgConversionDetail } from '../model/postgres-definition-details.js';
import { quoteLiteral } from '../sql/postgres-quote.js';
import type { PostgresRemapper } from '../sql/postgres-remapper.js';
import { ownerStatement } from './postgres-ddl-annotations.js';

const PROVIDERS: Readonly<Record<string, string>> = { c: 'libc', i: 'icu', b: 'builtin' };

/** CREATE COLLATION with its provider, determinism and locale(s), as pg_dump writes it. */
export function collationDdl(o: CatalogObject, d: PgCollationDetail, r: PostgresRemapper): string[] {
  const schema = o.schema ?? '';
  const opts = [`provider = ${PROVIDERS[d.provider] ?? 'libc'}`];
  if (!d.deterministic) opts.push('deterministic = false');
  if (d.provider === 'c') {
    // One locale when LC_COLLATE and LC_CTYPE agree, both otherwise.
    if (d.collate === d.ctype) opts.push(`locale = ${quoteLiteral(d.collate ?? '')}`);
    else opts.push(`lc_collate = ${quoteLiteral(d.collate ?? '')}`, `lc_ctype = ${quoteLiteral(d.ctype ?? '')}`);
  } else {
    opts.push(`locale = ${quoteLiteral(d.locale ?? d.collate ?? '')}`);
  }
  if (d.icuRules !== undefined) opts.push(`rules = ${quoteLiteral(d.icuRules)}`);
  return [`CREATE COLLATION ${r.qualified(schema, d.name)} (${opts.join(', ')})`, ...ownerStatement(o, 'COLLATION', { type: 'COLLATION', schema, name: d.name }, r)];
}

/** CREATE [DEFAULT] CONVERSION. */
export function conversionDdl(o: CatalogObject, d: PgConversionDetail, r: PostgresRemapper): string[] {
  const schema = o.schema ?? '';
  return [
    `CREATE ${d.default ? 'DEFAULT ' : ''}CONVERSION ${r.qualified(schema, d.name)} FOR ${quoteLiteral(d.from)} TO ${quoteLiteral(d.to)} FROM ${r.sql(d.function, schema)}`,
    ...ownerStatement(o, 'CONVERSION', { type: 'CONVERSION', schema, name: d.name }, r),
  ];
}
