import type { ObjectTarget } from '../model/postgres-details.js';
import { aclJson } from './postgres-catalog-builder.js';
import { grantDetail, type AclItem } from './postgres-acl.js';
import { targetLabel } from './postgres-introspect-annotations.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';

/** SQL for the privileges initdb (or CREATE EXTENSION) gave an object, from pg_init_privs, or NULL. */
export function initialPrivileges(oidExpr: string, catalog: string): string {
  return `(SELECT i.initprivs FROM pg_init_privs i WHERE i.objoid = ${oidExpr} AND i.classoid = 'pg_catalog.${catalog}'::regclass AND i.objsubid = 0 AND i.privtype = 'i')`;
}

/**
 * Privileges changed on built-in objects (FULL mode): functions, relations, types and the schema
 * pg_catalog itself, and the built-in languages, each compared with what initdb gave it
 * (pg_init_privs, else the owner's defaults), as pg_dump does. `REVOKE EXECUTE ON FUNCTION
 * pg_catalog.f FROM PUBLIC` in the source comes back in the target. One query, whatever their number.
 */
export async function introspectInitialPrivileges(ctx: IntrospectContext): Promise<void> {
  if (ctx.mode !== 'FULL') return;
  const catalog = "'pg_catalog'::regnamespace";
  const r = await ctx.conn.query<{ type: string; name: string; args: string | null; acl: AclItem[] | null; base: AclItem[] | null }>(
    `SELECT x.type, x.name, x.args, ${aclJson('x.acl')} AS acl, ${aclJson('x.base')} AS base FROM (
       SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END AS type, p.proname::text AS name,
              pg_get_function_identity_arguments(p.oid) AS args, p.proacl AS acl,
              coalesce(${initialPrivileges('p.oid', 'pg_proc')}, acldefault('f', p.proowner)) AS base
         FROM pg_proc p WHERE p.pronamespace = ${catalog} AND p.proacl IS NOT NULL
       UNION ALL
       SELECT CASE WHEN c.relkind = 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, c.relname::text, NULL, c.relacl,
              coalesce(${initialPrivileges('c.oid', 'pg_class')}, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner))
         FROM pg_class c WHERE c.relnamespace = ${catalog} AND c.relkind IN ('r', 'v', 'm', 'S', 'f', 'p') AND c.relacl IS NOT NULL
       UNION ALL
       SELECT 'TYPE', t.typname::text, NULL, t.typacl, coalesce(${initialPrivileges('t.oid', 'pg_type')}, acldefault('T', t.typowner))
         FROM pg_type t WHERE t.typnamespace = ${catalog} AND t.typacl IS NOT NULL
       UNION ALL
       SELECT 'SCHEMA', n.nspname::text, NULL, n.nspacl, coalesce(${initialPrivileges('n.oid', 'pg_namespace')}, acldefault('n', n.nspowner))
         FROM pg_namespace n WHERE n.oid = ${catalog} AND n.nspacl IS NOT NULL
       UNION ALL
       SELECT 'LANGUAGE', l.lanname::text, NULL, l.lanacl, coalesce(${initialPrivileges('l.oid', 'pg_language')}, acldefault('l', l.lanowner))
         FROM pg_language l WHERE l.oid < 16384 AND l.lanacl IS NOT NULL
     ) x WHERE x.acl IS DISTINCT FROM x.base
     ORDER BY x.type, x.name, x.args`,
    [],
    { action: 'introspect privileges of built-in objects' },
  );
  for (const row of r.rows) {
    const schema = row.type === 'LANGUAGE' || row.type === 'SCHEMA' ? null : 'pg_catalog';
    const target: ObjectTarget = {
      type: row.type,
      schema,
      name: row.name,
      ...(row.type === 'TABLE' || row.type === 'SEQUENCE' ? { table: row.name } : {}),
      ...(row.args === null ? {} : { args: row.args }),
    };
    const detail = grantDetail(target, row.acl, row.base);
    if (detail === null) continue;
    ctx.builder.add({ kind: 'GRANT', schema: 'pg_catalog', name: targetLabel(target), phase: 'post-data', detail });
  }
}
