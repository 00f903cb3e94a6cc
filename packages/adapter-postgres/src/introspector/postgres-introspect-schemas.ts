import { aclJson, PG_CLASS, type PendingObject, commentOf } from './postgres-catalog-builder.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';
import { grantDetail, type AclItem } from './postgres-acl.js';
import { addComment, addGrant } from './postgres-introspect-annotations.js';
import { initialPrivileges } from './postgres-introspect-initial-privileges.js';

/**
 * Schemas (SCHEMA objects), their comments and grants. A schema initdb made (`public`) is compared
 * with the privileges it was made with (pg_init_privs), as pg_dump 15 does, so a REVOKE on it is carried.
 */
export async function introspectSchemas(ctx: IntrospectContext): Promise<void> {
  if (ctx.schemaOids.length === 0) return;
  const r = await ctx.conn.query<{ oid: number; name: string; owner: string; comment: string | null; acl: AclItem[] | null; defacl: AclItem[] | null }>(
    `SELECT n.oid, n.nspname AS name, pg_get_userbyid(n.nspowner) AS owner, ${commentOf('n.oid', 'pg_namespace')} AS comment,
            ${aclJson('n.nspacl')} AS acl, ${aclJson(`coalesce(${initialPrivileges('n.oid', 'pg_namespace')}, acldefault('n', n.nspowner))`)} AS defacl
       FROM pg_namespace n WHERE n.oid = ANY($1::oid[]) ORDER BY n.nspname`,
    [ctx.schemaOids],
    { action: 'introspect schemas' },
  );
  for (const row of r.rows) {
    const schema: PendingObject = ctx.builder.add({ kind: 'SCHEMA', schema: row.name, name: row.name, owner: row.owner, phase: 'pre-data', detail: {} }, [[PG_CLASS.namespace, row.oid]]);
    const target = { type: 'SCHEMA', schema: null, name: row.name };
    if (row.comment !== null) addComment(ctx, schema, target, row.comment);
    // `public` comes with a comment: one removed in the source is removed in the target (pg_dump writes IS '').
    else if (row.name === 'public') addComment(ctx, schema, target, '');
    if (row.acl !== null) addGrant(ctx, schema, grantDetail(target, row.acl, row.defacl));
  }
}

/** An installed extension, as introspection reads it. */
export interface ExtensionInfo {
  readonly name: string;
  readonly schema: string;
  readonly version: string;
  readonly comment: string | null;
}

/** Extensions installed in the exported schemas (others are added when an object depends on them). */
export async function introspectExtensions(ctx: IntrospectContext): Promise<Map<number, ExtensionInfo>> {
  const r = await ctx.conn.query<ExtensionInfo & { oid: number; owner: string; exported: boolean }>(
    `SELECT e.oid, e.extname AS name, n.nspname AS schema, e.extversion AS version, pg_get_userbyid(e.extowner) AS owner,
            ${commentOf('e.oid', 'pg_extension')} AS comment,
            e.extnamespace = ANY($1::oid[]) AS exported
       FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
      WHERE e.extname <> 'plpgsql'
      ORDER BY e.extname`,
    [ctx.schemaOids],
    { action: 'introspect extensions' },
  );
  const all = new Map<number, ExtensionInfo>();
  for (const row of r.rows) {
    all.set(row.oid, { name: row.name, schema: row.schema, version: row.version, comment: row.comment });
    if (row.exported) addExtension(ctx, row.oid, row);
  }
  return all;
}

/** Add an EXTENSION object (once), with its comment: pg_dump always writes it, as the user may have changed it. */
export function addExtension(ctx: IntrospectContext, oid: number, ext: ExtensionInfo): PendingObject {
  const existing = ctx.builder.lookup(PG_CLASS.extension, oid);
  if (existing !== undefined) return existing;
  const obj = ctx.builder.add({ kind: 'EXTENSION', schema: ext.schema, name: ext.name, phase: 'pre-data', detail: { version: ext.version } }, [[PG_CLASS.extension, oid]]);
  if (ext.comment !== null) addComment(ctx, obj, { type: 'EXTENSION', schema: null, name: ext.name }, ext.comment);
  return obj;
}
