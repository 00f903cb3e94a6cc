import { OBJECT_PATHS, type ObjectKind, type ObjectPhase, type ObjectRef } from '@sluice/adapter-kit';
import type { PgDetailOf, PgObjectKind } from '../model/postgres-object.js';

/** pg_class, pg_type, ... oids: the `classid` of pg_depend rows (fixed since PostgreSQL 8). */
export const PG_CLASS = {
  class: 1259,
  type: 1247,
  proc: 1255,
  namespace: 2615,
  constraint: 2606,
  trigger: 2620,
  rewrite: 2618,
  policy: 3256,
  statistics: 3381,
  attrdef: 2604,
  extension: 3079,
} as const;

/** An object found by the introspector, before dependencies are resolved and the list is ordered. */
export interface PendingObject {
  readonly kind: ObjectKind;
  readonly schema: string | null;
  readonly name: string;
  readonly table?: string;
  readonly owner?: string;
  phase: ObjectPhase;
  readonly detail: object;
  /** Dependencies the introspector knows directly (pg_depend adds the rest). */
  readonly deps: ObjectRef[];
}

/** Collects objects and the catalog rows (class, oid) that stand for each, for dependency resolution. */
export class CatalogBuilder {
  readonly objects: PendingObject[] = [];
  private readonly byOid = new Map<string, PendingObject>();

  /** Add an object; `oids` are the catalog rows that belong to it ([classId, oid] pairs). */
  add<K extends PgObjectKind>(
    object: Omit<PendingObject, 'deps' | 'kind' | 'detail'> & { kind: K; detail: PgDetailOf[K]; deps?: ObjectRef[] },
    oids: readonly (readonly [number, number])[] = [],
  ): PendingObject {
    const pending: PendingObject = { ...object, deps: object.deps ?? [] };
    this.objects.push(pending);
    for (const [classId, oid] of oids) this.alias(classId, oid, pending);
    return pending;
  }

  /** Make a catalog row stand for an object already added (a view's rewrite rule, a table's row type...). */
  alias(classId: number, oid: number, object: PendingObject): void {
    if (oid !== 0) this.byOid.set(`${classId}:${oid}`, object);
  }

  /** The object a catalog row stands for. */
  lookup(classId: number, oid: number): PendingObject | undefined {
    return this.byOid.get(`${classId}:${oid}`);
  }

  /** Forget every object and catalog row (once the objects are ordered, nothing looks them up again). */
  clear(): void {
    this.objects.length = 0;
    this.byOid.clear();
  }

  /** Every oid registered, for the pg_depend query. */
  allOids(): number[] {
    return [...new Set([...this.byOid.keys()].map((k) => Number(k.split(':')[1])))];
  }
}

/** The reference to a pending object. */
export function refOf(o: Pick<PendingObject, 'kind' | 'schema' | 'name'>): ObjectRef {
  return { kind: o.kind, schema: o.schema, name: o.name };
}

/** The object path of a kind. */
export function pathOf(kind: ObjectKind): string {
  return OBJECT_PATHS[kind];
}

/** `NOT EXISTS` clause excluding objects that belong to an extension (those come with CREATE EXTENSION). */
export function notExtensionMember(classId: number, oidExpr: string): string {
  return `NOT EXISTS (SELECT 1 FROM pg_depend xd WHERE xd.classid = ${classId} AND xd.objid = ${oidExpr} AND xd.deptype = 'e')`;
}

/** SQL for an ACL array exploded to JSON `[{g, p, o}]` (grantee, privilege, grantable), in ACL order. */
export function aclJson(expr: string): string {
  return `(SELECT json_agg(json_build_object('g', CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, 'p', a.privilege_type, 'o', a.is_grantable,
                                    'r', pg_get_userbyid(a.grantor)) ORDER BY a.n)
     FROM aclexplode(${expr}) WITH ORDINALITY AS a(grantor, grantee, privilege_type, is_grantable, n))`;
}

/** SQL for a collation's qualified name, e.g. `pg_catalog."C"`. */
export function collationName(oidExpr: string): string {
  return `(SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname) FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = ${oidExpr})`;
}

/** Parse `{a=b,c=d}` reloptions into a record. */
export function parseOptions(options: readonly string[] | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const o of options ?? []) {
    const eq = o.indexOf('=');
    if (eq > 0) out[o.slice(0, eq)] = o.slice(eq + 1);
  }
  return out;
}

/**
 * SQL for an object's comment, as `obj_description(oid, catalog)` (or `col_description` with a
 * column number) returns it, written as a subquery: the planner runs it as an index probe, where
 * the built-in SQL function costs a function call per row (seconds over thousands of tables).
 */
export function commentOf(oidExpr: string, catalog: string, subIdExpr = '0'): string {
  return `(SELECT cmt.description FROM pg_catalog.pg_description cmt WHERE cmt.objoid = ${oidExpr} AND cmt.classoid = 'pg_catalog.${catalog}'::pg_catalog.regclass AND cmt.objsubid = ${subIdExpr})`;
}
