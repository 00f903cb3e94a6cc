import type { PgMaterializedViewDetail, PgViewDetail } from '../model/postgres-details.js';
import { aclJson, notExtensionMember, parseOptions, PG_CLASS, commentOf } from './postgres-catalog-builder.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';
import { columnPrivileges, grantDetail, type AclItem } from './postgres-acl.js';
import { addComment, addGrant } from './postgres-introspect-annotations.js';

/** Views (VIEW) and materialized views (MATERIALIZED_VIEW). */
export async function introspectViews(ctx: IntrospectContext): Promise<void> {
  if (ctx.schemaOids.length === 0) return;
  const r = await ctx.conn.query<{
    oid: number;
    schema: string;
    name: string;
    relkind: string;
    owner: string;
    definition: string;
    options: string[] | null;
    populated: boolean;
    tablespace: string | null;
    am: string | null;
    rowtype: number;
    rules: number[] | null;
    comment: string | null;
    column_comments: { name: string; comment: string }[] | null;
    column_defaults: { oid: number; name: string; default: string }[] | null;
    acl: AclItem[] | null;
    defacl: AclItem[] | null;
    column_acls: { name: string; acl: AclItem[] }[] | null;
  }>(
    `SELECT c.oid, n.nspname AS schema, c.relname AS name, c.relkind, pg_get_userbyid(c.relowner) AS owner,
            pg_get_viewdef(c.oid) AS definition, c.reloptions::text[] AS options, c.relispopulated AS populated,
            ts.spcname AS tablespace, CASE WHEN am.amname <> 'heap' THEN am.amname END AS am, c.reltype AS rowtype,
            ARRAY(SELECT rw.oid FROM pg_rewrite rw WHERE rw.ev_class = c.oid AND rw.rulename = '_RETURN') AS rules,
            ${commentOf('c.oid', 'pg_class')} AS comment,
            (SELECT json_agg(json_build_object('name', a.attname, 'comment', d.description) ORDER BY a.attnum)
               FROM pg_attribute a JOIN pg_description d ON d.classoid = 1259 AND d.objoid = a.attrelid AND d.objsubid = a.attnum
              WHERE a.attrelid = c.oid AND a.attnum > 0) AS column_comments,
            (SELECT json_agg(json_build_object('oid', ad.oid, 'name', a.attname, 'default', pg_get_expr(ad.adbin, ad.adrelid)) ORDER BY a.attnum)
               FROM pg_attrdef ad JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
              WHERE ad.adrelid = c.oid) AS column_defaults,
            ${aclJson('c.relacl')} AS acl, ${aclJson("acldefault('r', c.relowner)")} AS defacl,
            (SELECT json_agg(json_build_object('name', att.attname, 'acl', ${aclJson('att.attacl')}) ORDER BY att.attnum)
               FROM pg_attribute att WHERE att.attrelid = c.oid AND att.attnum > 0 AND att.attacl IS NOT NULL) AS column_acls
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_tablespace ts ON ts.oid = c.reltablespace
       LEFT JOIN pg_am am ON am.oid = c.relam
      WHERE c.relkind IN ('v', 'm') AND c.relnamespace = ANY($1::oid[])
        AND ${notExtensionMember(PG_CLASS.class, 'c.oid')}
      ORDER BY n.nspname, c.relname`,
    [ctx.schemaOids],
    { action: 'introspect views' },
  );
  for (const row of r.rows) {
    const definition = row.definition.trim().replace(/;$/, '');
    const isMaterialized = row.relkind === 'm';
    const detail: PgViewDetail | PgMaterializedViewDetail = isMaterialized
      ? {
          definition,
          populated: row.populated,
          tablespace: row.tablespace,
          options: parseOptions(row.options),
          ...(row.am === null ? {} : { accessMethod: row.am }),
        }
      : {
          definition,
          options: parseOptions(row.options),
          ...(row.column_defaults === null ? {} : { columnDefaults: row.column_defaults.map((c) => ({ name: c.name, default: c.default })) }),
        };
    const obj = ctx.builder.add(
      {
        kind: isMaterialized ? 'MATERIALIZED_VIEW' : 'VIEW',
        schema: row.schema,
        name: row.name,
        owner: row.owner,
        // A populated materialized view is created WITH DATA once the tables are loaded.
        phase: isMaterialized && row.populated ? 'post-data' : 'pre-data',
        detail,
      },
      [
        [PG_CLASS.class, row.oid],
        [PG_CLASS.type, row.rowtype],
        ...(row.rules ?? []).map((oid) => [PG_CLASS.rewrite, oid] as const),
        ...(row.column_defaults ?? []).map((c) => [PG_CLASS.attrdef, c.oid] as const),
      ],
    );
    ctx.relationOids.push(row.oid);
    const type = isMaterialized ? 'MATERIALIZED VIEW' : 'VIEW';
    if (row.comment !== null) addComment(ctx, obj, { type, schema: row.schema, name: row.name }, row.comment);
    for (const c of row.column_comments ?? []) addComment(ctx, obj, { type: 'COLUMN', schema: row.schema, name: c.name, table: row.name }, c.comment);
    // Column privileges (GRANT SELECT (c) ON a view) go in the view's GRANT, as a table's do.
    const columnGrants = (row.column_acls ?? []).flatMap((c) => columnPrivileges(c.name, c.acl, row.owner));
    if (row.acl !== null || columnGrants.length > 0) addGrant(ctx, obj, grantDetail({ type: 'TABLE', schema: row.schema, name: row.name }, row.acl, row.defacl, columnGrants));
  }
}
