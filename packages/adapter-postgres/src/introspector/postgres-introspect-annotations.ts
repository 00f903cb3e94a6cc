import type { ObjectTarget, PgGrantDetail } from '../model/postgres-details.js';
import { refOf, type PendingObject } from './postgres-catalog-builder.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';

/** The name a COMMENT or GRANT object is filed under, as pg_dump's TOC names it: `TABLE t`, `COLUMN t.c`, `FUNCTION f(integer)`. */
export function targetLabel(target: ObjectTarget): string {
  switch (target.type) {
    case 'COLUMN':
      return `COLUMN ${target.table}.${target.name}`;
    case 'CONSTRAINT':
    case 'TRIGGER':
    case 'RULE':
    case 'POLICY':
      return `${target.type} ${target.name} ON ${target.domain ?? target.table}`;
    case 'OPERATOR CLASS':
    case 'OPERATOR FAMILY':
      return `${target.type} ${target.name} USING ${target.method}`;
    case 'CAST':
      return `CAST (${target.name} AS ${target.args})`;
    case 'TRANSFORM':
      return `TRANSFORM FOR ${target.name} LANGUAGE ${target.args}`;
    default:
      return target.args === undefined ? `${target.type} ${target.name}` : `${target.type} ${target.name}(${target.args})`;
  }
}

/** Add a COMMENT object for `owner` (the object commented on). Comments follow their object's phase. */
export function addComment(ctx: IntrospectContext, owner: PendingObject, target: ObjectTarget, text: string): void {
  ctx.builder.add({
    kind: 'COMMENT',
    schema: owner.schema,
    name: targetLabel(target),
    ...(owner.table !== undefined ? { table: owner.table } : owner.kind === 'TABLE' ? { table: owner.name } : {}),
    phase: owner.phase,
    detail: { target, text },
    deps: [refOf(owner)],
  });
}

/** Add a GRANT object for `owner` when its privileges differ from the defaults. */
export function addGrant(ctx: IntrospectContext, owner: PendingObject, detail: PgGrantDetail | null): void {
  if (detail === null) return;
  ctx.builder.add({
    kind: 'GRANT',
    schema: owner.schema,
    name: targetLabel(detail.target),
    ...(owner.kind === 'TABLE' ? { table: owner.name } : {}),
    phase: 'post-data',
    detail,
    deps: [refOf(owner)],
  });
}
