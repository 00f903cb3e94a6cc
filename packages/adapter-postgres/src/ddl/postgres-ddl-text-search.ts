import type { CatalogObject } from '@sluice/adapter-kit';
import type { PgTextSearchConfigurationDetail, PgTextSearchDictionaryDetail, PgTextSearchParserDetail, PgTextSearchTemplateDetail } from '../model/postgres-definition-details.js';
import { quoteIdent } from '../sql/postgres-quote.js';
import type { PostgresRemapper } from '../sql/postgres-remapper.js';
import { ownerStatement } from './postgres-ddl-annotations.js';

/** CREATE TEXT SEARCH PARSER with its functions. */
export function textSearchParserDdl(o: CatalogObject, d: PgTextSearchParserDetail, r: PostgresRemapper): string[] {
  const schema = o.schema ?? '';
  const f = (text: string): string => r.sql(text, schema);
  const opts = [`START = ${f(d.start)}`, `GETTOKEN = ${f(d.gettoken)}`, `END = ${f(d.end)}`, `LEXTYPES = ${f(d.lextypes)}`];
  if (d.headline !== undefined) opts.push(`HEADLINE = ${f(d.headline)}`);
  return [`CREATE TEXT SEARCH PARSER ${r.qualified(schema, d.name)} (\n    ${opts.join(',\n    ')}\n)`];
}

/** CREATE TEXT SEARCH TEMPLATE with its functions. */
export function textSearchTemplateDdl(o: CatalogObject, d: PgTextSearchTemplateDetail, r: PostgresRemapper): string[] {
  const schema = o.schema ?? '';
  const opts = [...(d.init === undefined ? [] : [`INIT = ${r.sql(d.init, schema)}`]), `LEXIZE = ${r.sql(d.lexize, schema)}`];
  return [`CREATE TEXT SEARCH TEMPLATE ${r.qualified(schema, d.name)} (\n    ${opts.join(',\n    ')}\n)`];
}

/** CREATE TEXT SEARCH DICTIONARY on its template, with the template's options as stored. */
export function textSearchDictionaryDdl(o: CatalogObject, d: PgTextSearchDictionaryDetail, r: PostgresRemapper): string[] {
  const schema = o.schema ?? '';
  const opts = [`TEMPLATE = ${r.qualified(d.template.schema, d.template.name)}`, ...(d.options === null || d.options === '' ? [] : [d.options])];
  return [
    `CREATE TEXT SEARCH DICTIONARY ${r.qualified(schema, d.name)} (\n    ${opts.join(', ')}\n)`,
    ...ownerStatement(o, 'TEXT SEARCH DICTIONARY', { type: 'TEXT SEARCH DICTIONARY', schema, name: d.name }, r),
  ];
}

/** CREATE TEXT SEARCH CONFIGURATION on its parser, then one ADD MAPPING per token type. */
export function textSearchConfigurationDdl(o: CatalogObject, d: PgTextSearchConfigurationDetail, r: PostgresRemapper): string[] {
  const schema = o.schema ?? '';
  const name = r.qualified(schema, d.name);
  return [
    `CREATE TEXT SEARCH CONFIGURATION ${name} (\n    PARSER = ${r.qualified(d.parser.schema, d.parser.name)}\n)`,
    ...d.mappings.map((m) => `ALTER TEXT SEARCH CONFIGURATION ${name}\n    ADD MAPPING FOR ${quoteIdent(m.token)} WITH ${m.dictionaries.map((x) => r.qualified(x.schema, x.name)).join(', ')}`),
    ...ownerStatement(o, 'TEXT SEARCH CONFIGURATION', { type: 'TEXT SEARCH CONFIGURATION', schema, name: d.name }, r),
  ];
}
