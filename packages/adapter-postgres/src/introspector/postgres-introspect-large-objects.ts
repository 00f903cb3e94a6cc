import { LARGE_OBJECT_DATA } from '../data/postgres-large-objects.js';
import type { PgLargeObjectDataDetail } from '../model/postgres-global-details.js';
import { aclJson, refOf, commentOf } from './postgres-catalog-builder.js';
import { grantDetail, type AclItem } from './postgres-acl.js';
import { addComment, targetLabel } from './postgres-introspect-annotations.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';

/** The catalog class oid of large objects. */
const PG_LARGEOBJECT = 2613;

/**
 * Large objects (FULL mode, as pg_dump dumps them without -n/-t): a LARGE_OBJECT object each (its
 * owner, comment and privileges), and, when there is any, the pseudo table whose chunks carry their
 * data like a table's rows.
 */
export async function introspectLargeObjects(ctx: IntrospectContext): Promise<void> {
  if (ctx.mode !== 'FULL') return;
  const r = await ctx.conn.query<{ oid: string; owner: string; comment: string | null; acl: AclItem[] | null; defacl: AclItem[] | null }>(
    `SELECT m.oid::text AS oid, pg_get_userbyid(m.lomowner) AS owner, ${commentOf('m.oid', 'pg_largeobject')} AS comment,
            ${aclJson('m.lomacl')} AS acl, ${aclJson("acldefault('L', m.lomowner)")} AS defacl
       FROM pg_largeobject_metadata m ORDER BY m.oid`,
    [],
    { action: 'introspect large objects' },
  );
  if (r.rows.length === 0) return;
  // Each large object (and its comment and grant) belongs to the pseudo table of their data, so
  // TABLE_EXISTS_ACTION treats them together: SKIP on a target with large objects skips them all.
  const onData = { schema: LARGE_OBJECT_DATA.schema, table: LARGE_OBJECT_DATA.name };
  for (const row of r.rows) {
    const o = ctx.builder.add({ kind: 'LARGE_OBJECT', ...onData, name: row.oid, owner: row.owner, phase: 'pre-data', detail: {} }, [[PG_LARGEOBJECT, Number(row.oid)]]);
    const target = { type: 'LARGE OBJECT', schema: null, name: row.oid };
    if (row.comment !== null) addComment(ctx, o, target, row.comment);
    const grant = row.acl === null ? null : grantDetail(target, row.acl, row.defacl);
    if (grant !== null) ctx.builder.add({ kind: 'GRANT', ...onData, name: targetLabel(target), phase: 'post-data', detail: grant, deps: [refOf(o)] });
  }
  const detail: PgLargeObjectDataDetail = {
    columns: [],
    keyColumns: [],
    tableKind: 'other',
    tablespace: null,
    hasData: true,
    inherits: [],
    checks: [],
    ownedSequences: [],
    replicaIdentity: 'd',
    rowSecurity: false,
    forceRowSecurity: false,
    largeObjects: true,
  };
  ctx.builder.add({ kind: 'TABLE', schema: LARGE_OBJECT_DATA.schema, name: LARGE_OBJECT_DATA.name, phase: 'pre-data', detail });
}
