import type { PgDefaultPrivilegesDetail } from '../model/postgres-details.js';
import { aclJson, PG_CLASS, refOf } from './postgres-catalog-builder.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';
import { grantDetail, type AclItem } from './postgres-acl.js';

const OBJECTS: Record<string, string> = { r: 'TABLES', S: 'SEQUENCES', f: 'FUNCTIONS', T: 'TYPES', n: 'SCHEMAS' };

/**
 * ALTER DEFAULT PRIVILEGES (GRANT objects, post-data, so that they never touch what the import
 * creates) of the exported schemas, and in FULL mode the database-wide ones. As pg_dump does, a
 * schema's entries are written as grants (they can only add), database-wide ones as changes from
 * the built-in defaults.
 */
export async function introspectDefaultPrivileges(ctx: IntrospectContext): Promise<void> {
  const r = await ctx.conn.query<{ role: string; schema: string | null; nspoid: number; objtype: string; acl: AclItem[] | null; defacl: AclItem[] | null }>(
    `SELECT pg_get_userbyid(d.defaclrole) AS role, n.nspname AS schema, d.defaclnamespace AS nspoid, d.defaclobjtype AS objtype,
            ${aclJson('d.defaclacl')} AS acl,
            CASE WHEN d.defaclnamespace = 0 THEN ${aclJson("acldefault(CASE d.defaclobjtype WHEN 'S' THEN 's' ELSE d.defaclobjtype END, d.defaclrole)")} END AS defacl
       FROM pg_default_acl d
       LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
      WHERE d.defaclnamespace = ANY($1::oid[]) OR (d.defaclnamespace = 0 AND $2)
      ORDER BY n.nspname NULLS FIRST, 1, d.defaclobjtype`,
    [ctx.schemaOids, ctx.mode === 'FULL'],
    { action: 'introspect default privileges' },
  );
  for (const row of r.rows) {
    const objects = OBJECTS[row.objtype] ?? row.objtype;
    const delta = grantDetail({ type: 'DEFAULT PRIVILEGES', schema: row.schema, name: objects }, row.acl ?? [], row.defacl ?? []);
    if (delta === null) continue;
    const detail: PgDefaultPrivilegesDetail = { defaultsFor: { role: row.role, schema: row.schema, objects }, revokes: delta.revokes, grants: delta.grants };
    const schema = row.schema === null ? undefined : ctx.builder.lookup(PG_CLASS.namespace, row.nspoid);
    ctx.builder.add({
      kind: 'GRANT',
      schema: row.schema,
      // As pg_dump's table of contents names it, with the role: one entry per role and kind of object.
      name: `DEFAULT PRIVILEGES FOR ${objects} ${row.role}`,
      phase: 'post-data',
      detail,
      deps: schema === undefined ? [] : [refOf(schema)],
    });
  }
}
