import type { PgDetailOf } from '../model/postgres-object.js';
import { PG_CLASS, refOf } from './postgres-catalog-builder.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';
import { addComment } from './postgres-introspect-annotations.js';

/** The catalog columns every member of a relation is read with. */
export interface RelationMemberRow {
  readonly oid: number;
  readonly relid: number;
  readonly schema: string;
  readonly table_name: string;
  readonly name: string;
  readonly comment: string | null;
}

/**
 * A trigger, rule or policy of an exported table or view, with its comment: post-data, after its
 * relation, named `<table> <name>` (the name is unique per relation only). A member of a relation
 * that is not exported is left out with it.
 */
export function addRelationMember<K extends 'TRIGGER' | 'RULE' | 'POLICY'>(ctx: IntrospectContext, kind: K, classId: number, row: RelationMemberRow, detail: PgDetailOf[K]): void {
  const owner = ctx.builder.lookup(PG_CLASS.class, row.relid);
  if (owner === undefined) return;
  const member = ctx.builder.add(
    {
      kind,
      schema: row.schema,
      name: `${row.table_name} ${row.name}`,
      ...(owner.kind === 'TABLE' ? { table: row.table_name } : {}),
      phase: 'post-data',
      detail,
      deps: [refOf(owner)],
    },
    [[classId, row.oid]],
  );
  if (row.comment !== null) addComment(ctx, member, { type: kind, schema: row.schema, name: row.name, table: row.table_name }, row.comment);
}
