import type { ObjectTarget, PgGrantDetail, PgPrivilege } from '../model/postgres-details.js';
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
 * pg_catalog.f FROM PUBLIC` in the source comes back in the target; so do changed column privileges
 * of pg_catalog's relations. Two queries, whatever their number.
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
  const columns = await builtInColumnPrivileges(ctx);
  for (const row of r.rows) {
    const schema = row.type === 'LANGUAGE' || row.type === 'SCHEMA' ? null : 'pg_catalog';
    const target: ObjectTarget = {
      type: row.type,
      schema,
      name: row.name,
      ...(row.type === 'TABLE' || row.type === 'SEQUENCE' ? { table: row.name } : {}),
      ...(row.args === null ? {} : { args: row.args }),
    };
    const changed = row.type === 'TABLE' ? columns.get(row.name) : undefined;
    columns.delete(row.name);
    const detail = grantDetail(target, row.acl, row.base, changed?.grants);
    addGrant(ctx, detail === null && changed !== undefined ? { target, revokes: [], grants: changed.grants } : detail, changed?.revokes);
  }
  // Relations whose own privileges are initdb's, but not their columns'.
  for (const [name, changed] of columns) addGrant(ctx, { target: { type: 'TABLE', schema: 'pg_catalog', name, table: name }, revokes: [], grants: changed.grants }, changed.revokes);
}

function addGrant(ctx: IntrospectContext, detail: PgGrantDetail | null, columnRevokes: readonly PgPrivilege[] | undefined): void {
  if (detail === null) return;
  const full: PgGrantDetail = columnRevokes === undefined || columnRevokes.length === 0 ? detail : { ...detail, columnRevokes };
  ctx.builder.add({ kind: 'GRANT', schema: 'pg_catalog', name: targetLabel(detail.target), phase: 'post-data', detail: full });
}

/**
 * Column privileges changed on relations of pg_catalog, by relation: what was granted beyond
 * initdb's column privileges (pg_init_privs, objsubid = the column) and what of those was revoked,
 * as pg_dump compares them. `GRANT SELECT (relname) ON pg_catalog.pg_class TO r` comes back.
 */
async function builtInColumnPrivileges(ctx: IntrospectContext): Promise<Map<string, { grants: PgPrivilege[]; revokes: PgPrivilege[] }>> {
  const r = await ctx.conn.query<{ relation: string; column: string; acl: AclItem[] | null; base: AclItem[] | null }>(
    `SELECT c.relname AS relation, a.attname AS column, ${aclJson('a.attacl')} AS acl, ${aclJson('i.initprivs')} AS base
       FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       LEFT JOIN pg_init_privs i ON i.objoid = c.oid AND i.classoid = 'pg_catalog.pg_class'::regclass AND i.objsubid = a.attnum AND i.privtype = 'i'
      WHERE c.relnamespace = 'pg_catalog'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'f', 'p')
        AND a.attacl IS DISTINCT FROM i.initprivs
      ORDER BY c.relname, a.attnum`,
    [],
    { action: 'introspect column privileges of built-in relations' },
  );
  const key = (i: AclItem): string => `${i.g}\u0000${i.p}\u0000${i.o}`;
  const out = new Map<string, { grants: PgPrivilege[]; revokes: PgPrivilege[] }>();
  for (const row of r.rows) {
    const actual = new Set((row.acl ?? []).map(key));
    const base = new Set((row.base ?? []).map(key));
    const grants = (row.acl ?? []).filter((i) => !base.has(key(i))).map((i) => ({ grantee: i.g, privilege: i.p, grantable: i.o, column: row.column }));
    const revokes = (row.base ?? []).filter((i) => !actual.has(key(i))).map((i) => ({ grantee: i.g, privilege: i.p, grantable: i.o, column: row.column }));
    if (grants.length === 0 && revokes.length === 0) continue;
    const entry = out.get(row.relation) ?? { grants: [], revokes: [] };
    entry.grants.push(...grants);
    entry.revokes.push(...revokes);
    out.set(row.relation, entry);
  }
  return out;
}
