import type { ObjectTarget } from '../model/postgres-details.js';
import type { PgDetailOf, PgObjectKind } from '../model/postgres-object.js';
import type { PendingObject } from './postgres-catalog-builder.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';
import { grantDetail, type AclItem } from './postgres-acl.js';
import { addComment, addGrant } from './postgres-introspect-annotations.js';

/** Catalog tables of definition objects: the `classid` of their pg_depend rows. */
export const DEFINITION_CLASS = {
  operator: 2617,
  opclass: 2616,
  opfamily: 2753,
  amop: 2602,
  amproc: 2603,
  cast: 2605,
  collation: 3456,
  conversion: 2607,
  tsParser: 3601,
  tsTemplate: 3764,
  tsDictionary: 3600,
  tsConfig: 3602,
  language: 2612,
  accessMethod: 2601,
  transform: 3576,
} as const;

/** What one definition object brings: the object, its catalog row, its COMMENT and GRANT target. */
export interface DefinitionRow<K extends PgObjectKind = PgObjectKind> {
  readonly kind: K;
  readonly schema: string | null;
  readonly name: string;
  readonly owner?: string | null;
  readonly detail: PgDetailOf[K];
  readonly classId: number;
  readonly oid: number;
  readonly target: ObjectTarget;
  readonly comment?: string | null;
  readonly acl?: { readonly acl: readonly AclItem[] | null; readonly defaults: readonly AclItem[] | null };
}

/** Add a pre-data definition object, with its comment and its privileges when they are not the defaults. */
export function addDefinition<K extends PgObjectKind>(ctx: IntrospectContext, row: DefinitionRow<K>): PendingObject {
  const object = ctx.builder.add(
    {
      kind: row.kind,
      schema: row.schema,
      name: row.name,
      ...(row.owner === undefined || row.owner === null ? {} : { owner: row.owner }),
      phase: 'pre-data',
      detail: row.detail,
    },
    [[row.classId, row.oid]],
  );
  if (row.comment !== undefined && row.comment !== null) addComment(ctx, object, row.target, row.comment);
  if (row.acl !== undefined && row.acl.acl !== null) addGrant(ctx, object, grantDetail(row.target, row.acl.acl, row.acl.defaults));
  return object;
}

/** A `regproc` printed by to_jsonb: `-` stands for none. */
export function procName(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value === '-' ? undefined : value;
}
