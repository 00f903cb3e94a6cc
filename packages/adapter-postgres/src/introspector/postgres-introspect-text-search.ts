import type { PgTextSearchConfigurationDetail, PgTextSearchDictionaryDetail, PgTextSearchParserDetail, PgTextSearchTemplateDetail } from '../model/postgres-definition-details.js';
import { notExtensionMember, commentOf } from './postgres-catalog-builder.js';
import { addDefinition, DEFINITION_CLASS as C, procName } from './postgres-introspect-definition.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';

interface TsRow {
  oid: number;
  schema: string;
  name: string;
  owner: string | null;
  o: Record<string, unknown>;
  ref: { schema: string; name: string } | null;
  comment: string | null;
}

/** Text search parsers, templates, dictionaries and configurations (with their token mappings) of the exported schemas. */
export async function introspectTextSearch(ctx: IntrospectContext): Promise<void> {
  if (ctx.schemaOids.length === 0) return;
  const query = async (what: string, sql: string): Promise<TsRow[]> => (await ctx.conn.query<TsRow>(sql, [ctx.schemaOids], { action: `introspect text search ${what}` })).rows;
  const ref = (table: string, column: string, nameColumn: string, nsColumn: string): string =>
    `(SELECT json_build_object('schema', rn.nspname, 'name', x.${nameColumn}) FROM ${table} x JOIN pg_namespace rn ON rn.oid = x.${nsColumn} WHERE x.oid = ${column})`;

  for (const row of await query(
    'parsers',
    `SELECT p.oid, n.nspname AS schema, p.prsname AS name, NULL AS owner, to_jsonb(p) AS o, NULL::json AS ref, ${commentOf('p.oid', 'pg_ts_parser')} AS comment
       FROM pg_ts_parser p JOIN pg_namespace n ON n.oid = p.prsnamespace
      WHERE p.prsnamespace = ANY($1::oid[]) AND ${notExtensionMember(C.tsParser, 'p.oid')} ORDER BY 2, 3`,
  )) {
    const headline = procName(row.o['prsheadline'] as string);
    const detail: PgTextSearchParserDetail = {
      name: row.name,
      start: String(row.o['prsstart']),
      gettoken: String(row.o['prstoken']),
      end: String(row.o['prsend']),
      lextypes: String(row.o['prslextype']),
      ...(headline === undefined ? {} : { headline }),
    };
    addDefinition(ctx, { kind: 'TEXT_SEARCH_PARSER', schema: row.schema, name: row.name, detail, classId: C.tsParser, oid: row.oid, target: target('TEXT SEARCH PARSER', row), comment: row.comment });
  }

  for (const row of await query(
    'templates',
    `SELECT t.oid, n.nspname AS schema, t.tmplname AS name, NULL AS owner, to_jsonb(t) AS o, NULL::json AS ref, ${commentOf('t.oid', 'pg_ts_template')} AS comment
       FROM pg_ts_template t JOIN pg_namespace n ON n.oid = t.tmplnamespace
      WHERE t.tmplnamespace = ANY($1::oid[]) AND ${notExtensionMember(C.tsTemplate, 't.oid')} ORDER BY 2, 3`,
  )) {
    const init = procName(row.o['tmplinit'] as string);
    const detail: PgTextSearchTemplateDetail = { name: row.name, ...(init === undefined ? {} : { init }), lexize: String(row.o['tmpllexize']) };
    addDefinition(ctx, {
      kind: 'TEXT_SEARCH_TEMPLATE',
      schema: row.schema,
      name: row.name,
      detail,
      classId: C.tsTemplate,
      oid: row.oid,
      target: target('TEXT SEARCH TEMPLATE', row),
      comment: row.comment,
    });
  }

  for (const row of await query(
    'dictionaries',
    `SELECT d.oid, n.nspname AS schema, d.dictname AS name, pg_get_userbyid(d.dictowner) AS owner, json_build_object('options', d.dictinitoption) AS o,
            ${ref('pg_ts_template', 'd.dicttemplate', 'tmplname', 'tmplnamespace')} AS ref, ${commentOf('d.oid', 'pg_ts_dict')} AS comment
       FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace
      WHERE d.dictnamespace = ANY($1::oid[]) AND ${notExtensionMember(C.tsDictionary, 'd.oid')} ORDER BY 2, 3`,
  )) {
    const detail: PgTextSearchDictionaryDetail = { name: row.name, template: row.ref!, options: (row.o['options'] as string | null) ?? null };
    addDefinition(ctx, {
      kind: 'TEXT_SEARCH_DICTIONARY',
      schema: row.schema,
      name: row.name,
      owner: row.owner,
      detail,
      classId: C.tsDictionary,
      oid: row.oid,
      target: target('TEXT SEARCH DICTIONARY', row),
      comment: row.comment,
    });
  }

  const configs = await query(
    'configurations',
    `SELECT c.oid, n.nspname AS schema, c.cfgname AS name, pg_get_userbyid(c.cfgowner) AS owner, '{}'::jsonb AS o,
            ${ref('pg_ts_parser', 'c.cfgparser', 'prsname', 'prsnamespace')} AS ref, ${commentOf('c.oid', 'pg_ts_config')} AS comment
       FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace
      WHERE c.cfgnamespace = ANY($1::oid[]) AND ${notExtensionMember(C.tsConfig, 'c.oid')} ORDER BY 2, 3`,
  );
  if (configs.length === 0) return;
  // Token names come from the parser (ts_token_type); dictionaries in their order of use.
  const maps = await ctx.conn.query<{ cfg: number; token: string; dictionaries: { schema: string; name: string }[] }>(
    `SELECT m.mapcfg AS cfg, t.alias AS token,
            json_agg(json_build_object('schema', dn.nspname, 'name', d.dictname) ORDER BY m.mapseqno) AS dictionaries
       FROM pg_ts_config_map m
       JOIN pg_ts_config c ON c.oid = m.mapcfg
       CROSS JOIN LATERAL ts_token_type(c.cfgparser) t
       JOIN pg_ts_dict d ON d.oid = m.mapdict JOIN pg_namespace dn ON dn.oid = d.dictnamespace
      WHERE m.mapcfg = ANY($1::oid[]) AND t.tokid = m.maptokentype
      GROUP BY m.mapcfg, m.maptokentype, t.alias
      ORDER BY m.mapcfg, m.maptokentype`,
    [configs.map((c) => c.oid)],
    { action: 'introspect text search configuration mappings' },
  );
  for (const row of configs) {
    const detail: PgTextSearchConfigurationDetail = {
      name: row.name,
      parser: row.ref!,
      mappings: maps.rows.filter((m) => m.cfg === row.oid).map((m) => ({ token: m.token, dictionaries: m.dictionaries })),
    };
    addDefinition(ctx, {
      kind: 'TEXT_SEARCH_CONFIGURATION',
      schema: row.schema,
      name: row.name,
      owner: row.owner,
      detail,
      classId: C.tsConfig,
      oid: row.oid,
      target: target('TEXT SEARCH CONFIGURATION', row),
      comment: row.comment,
    });
  }
}

function target(type: string, row: TsRow): { type: string; schema: string; name: string } {
  return { type, schema: row.schema, name: row.name };
}
