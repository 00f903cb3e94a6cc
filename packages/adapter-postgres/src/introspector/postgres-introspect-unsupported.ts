import type { NotExportedObject } from '@sluice/adapter-kit';
import { notExtensionMember } from './postgres-catalog-builder.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';

/** Why an object of each kind is not carried (the log names the object and this reason). */
const REASONS: Readonly<Record<string, string>> = {
  'FOREIGN TABLE': 'foreign tables are not exported yet',
  TYPED_TABLE: 'its OF type is not exported yet; the table is created as a plain table',
  'GRANT (built-in object)': 'privileges changed on built-in objects are not exported yet',
};
const DEFAULT_REASON = 'Sluice does not export this kind of object yet';

/**
 * Objects in the export's scope that the catalog does not carry. They are reported, never dropped in
 * silence: the engine names each in the log and counts it as an error. Schema-level kinds are looked
 * for in the exported schemas, table-level ones (typed tables) on the exported
 * relations, and database-wide ones (casts, languages, publications...) in FULL mode only.
 */
export async function introspectUnsupported(ctx: IntrospectContext): Promise<NotExportedObject[]> {
  const inSchemas = (column: string): string => `${column} = ANY($1::oid[])`;
  const onRelations = (column: string): string => `${column} = ANY($2::oid[])`;
  const parts = [
    `SELECT 'TYPED_TABLE', n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.reloftype <> 0 AND ${onRelations('c.oid')}`,
    `SELECT 'FOREIGN TABLE', n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'f' AND ${inSchemas('c.relnamespace')} AND ${notExtensionMember(1259, 'c.oid')}`,
    `SELECT 'OPERATOR', n.nspname, o.oprname || '(' || format_type(o.oprleft, NULL) || ', ' || format_type(o.oprright, NULL) || ')' FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace
      WHERE ${inSchemas('o.oprnamespace')} AND ${notExtensionMember(2617, 'o.oid')}`,
    `SELECT 'OPERATOR CLASS', n.nspname, o.opcname FROM pg_opclass o JOIN pg_namespace n ON n.oid = o.opcnamespace WHERE ${inSchemas('o.opcnamespace')} AND ${notExtensionMember(2616, 'o.oid')}`,
    `SELECT 'OPERATOR FAMILY', n.nspname, o.opfname FROM pg_opfamily o JOIN pg_namespace n ON n.oid = o.opfnamespace WHERE ${inSchemas('o.opfnamespace')} AND ${notExtensionMember(2753, 'o.oid')}`,
    `SELECT CASE WHEN t.typisdefined THEN 'TYPE (base)' ELSE 'TYPE (shell)' END, n.nspname, t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE (t.typtype = 'b' AND t.typelem = 0 OR t.typtype = 'p' OR NOT t.typisdefined) AND t.typrelid = 0 AND ${inSchemas('t.typnamespace')}
        AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = t.oid) AND ${notExtensionMember(1247, 't.oid')}`,
    `SELECT 'COLLATION', n.nspname, c.collname FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace WHERE ${inSchemas('c.collnamespace')} AND ${notExtensionMember(3456, 'c.oid')}`,
    `SELECT 'CONVERSION', n.nspname, c.conname FROM pg_conversion c JOIN pg_namespace n ON n.oid = c.connamespace WHERE ${inSchemas('c.connamespace')} AND ${notExtensionMember(2607, 'c.oid')}`,
    `SELECT 'TEXT SEARCH CONFIGURATION', n.nspname, c.cfgname FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace WHERE ${inSchemas('c.cfgnamespace')} AND ${notExtensionMember(3602, 'c.oid')}`,
    `SELECT 'TEXT SEARCH DICTIONARY', n.nspname, d.dictname FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace WHERE ${inSchemas('d.dictnamespace')} AND ${notExtensionMember(3600, 'd.oid')}`,
    `SELECT 'TEXT SEARCH PARSER', n.nspname, p.prsname FROM pg_ts_parser p JOIN pg_namespace n ON n.oid = p.prsnamespace WHERE ${inSchemas('p.prsnamespace')} AND ${notExtensionMember(3601, 'p.oid')}`,
    `SELECT 'TEXT SEARCH TEMPLATE', n.nspname, t.tmplname FROM pg_ts_template t JOIN pg_namespace n ON n.oid = t.tmplnamespace WHERE ${inSchemas('t.tmplnamespace')} AND ${notExtensionMember(3764, 't.oid')}`,
  ];
  if (ctx.mode === 'FULL') {
    // Database-wide objects a FULL export owes the target (pg_dump carries them with the database).
    // A cast made by CREATE TYPE (a range's to its multirange) depends internally on its type and comes back with it.
    parts.push(
      `SELECT 'CAST', NULL, format_type(c.castsource, NULL) || ' AS ' || format_type(c.casttarget, NULL) FROM pg_cast c WHERE c.oid >= 16384 AND ${notExtensionMember(2605, 'c.oid')}
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 2605 AND d.objid = c.oid AND d.deptype = 'i')`,
      `SELECT 'PROCEDURAL LANGUAGE', NULL, l.lanname FROM pg_language l WHERE l.oid >= 16384 AND ${notExtensionMember(2612, 'l.oid')}`,
      `SELECT 'ACCESS METHOD', NULL, a.amname FROM pg_am a WHERE a.oid >= 16384 AND ${notExtensionMember(2601, 'a.oid')}`,
      `SELECT 'TRANSFORM', NULL, format_type(t.trftype, NULL) || ' LANGUAGE ' || l.lanname FROM pg_transform t JOIN pg_language l ON l.oid = t.trflang WHERE ${notExtensionMember(3576, 't.oid')}`,
      `SELECT 'FOREIGN DATA WRAPPER', NULL, w.fdwname FROM pg_foreign_data_wrapper w WHERE ${notExtensionMember(2328, 'w.oid')}`,
      `SELECT 'SERVER', NULL, s.srvname FROM pg_foreign_server s`,
      `SELECT 'USER MAPPING', NULL, pg_get_userbyid(u.umuser) || ' SERVER ' || s.srvname FROM pg_user_mapping u JOIN pg_foreign_server s ON s.oid = u.umserver`,
      `SELECT 'PUBLICATION', NULL, p.pubname FROM pg_publication p`,
      `SELECT 'SUBSCRIPTION', NULL, s.subname FROM pg_subscription s WHERE s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      `SELECT 'EVENT TRIGGER', NULL, e.evtname FROM pg_event_trigger e WHERE ${notExtensionMember(3466, 'e.oid')}`,
      `SELECT 'LARGE OBJECT', NULL, m.oid::text FROM pg_largeobject_metadata m`,
      // Privileges changed on built-in objects: pg_dump carries them as differences from pg_init_privs.
      `SELECT 'GRANT (built-in object)', n.nspname, CASE c.relkind WHEN 'S' THEN 'SEQUENCE ' ELSE 'TABLE ' END || quote_ident(c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'pg_catalog' AND c.relacl IS DISTINCT FROM (SELECT i.initprivs FROM pg_init_privs i WHERE i.objoid = c.oid AND i.classoid = 1259 AND i.objsubid = 0)`,
      `SELECT 'GRANT (built-in object)', n.nspname, 'FUNCTION ' || quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')' FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'pg_catalog' AND p.proacl IS DISTINCT FROM (SELECT i.initprivs FROM pg_init_privs i WHERE i.objoid = p.oid AND i.classoid = 1255 AND i.objsubid = 0)`,
    );
  }
  const sql = `SELECT kind, schema, name FROM (${parts.map((p) => `(${p})`).join('\nUNION ALL\n')}) AS x(kind, schema, name) ORDER BY kind, schema, name LIMIT 10000`;
  const r = await ctx.conn.query<{ kind: string; schema: string | null; name: string }>(sql, [ctx.schemaOids, ctx.relationOids], { action: 'introspect objects not exported' });
  return r.rows.map((row) => ({
    kind: row.kind === 'TYPED_TABLE' ? 'TABLE (OF type)' : row.kind,
    schema: row.schema,
    name: row.name,
    reason: REASONS[row.kind] ?? DEFAULT_REASON,
  }));
}
