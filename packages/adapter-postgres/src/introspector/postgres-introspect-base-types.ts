import { refKey } from '@sluice/adapter-kit';
import type { PgTypeDetail } from '../model/postgres-details.js';
import type { PgBaseTypeDetail, PgShellTypeDetail } from '../model/postgres-definition-details.js';
import { aclJson, notExtensionMember, PG_CLASS, refOf, commentOf } from './postgres-catalog-builder.js';
import { addDefinition, procName } from './postgres-introspect-definition.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';
import type { AclItem } from './postgres-acl.js';

/**
 * Base types (TYPE, `typeKind: 'base'`) and shell types (SHELL_TYPE) of the exported schemas. A
 * base type's I/O functions take or return the type itself, so pg_dump writes `CREATE TYPE t` (the
 * shell) first, then the functions, then the full CREATE TYPE: every base type gets a SHELL_TYPE
 * of the same name, and `breakTypeFunctionLoops` points the functions at it. A shell type never
 * defined is a SHELL_TYPE alone.
 */
export async function introspectBaseTypes(ctx: IntrospectContext): Promise<void> {
  if (ctx.schemaOids.length === 0) return;
  const r = await ctx.conn.query<{
    oid: number;
    schema: string;
    name: string;
    owner: string;
    t: Record<string, unknown>;
    element: string | null;
    comment: string | null;
    acl: AclItem[] | null;
    defacl: AclItem[] | null;
  }>(
    `SELECT t.oid, n.nspname AS schema, t.typname AS name, pg_get_userbyid(t.typowner) AS owner, to_jsonb(t) AS t,
            CASE WHEN t.typelem <> 0 THEN format_type(t.typelem, NULL) END AS element,
            ${commentOf('t.oid', 'pg_type')} AS comment, ${aclJson('t.typacl')} AS acl, ${aclJson("acldefault('T', t.typowner)")} AS defacl
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE t.typnamespace = ANY($1::oid[]) AND (t.typtype = 'b' OR (t.typtype = 'p' AND NOT t.typisdefined)) AND t.typrelid = 0
        AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = t.oid)
        AND ${notExtensionMember(PG_CLASS.type, 't.oid')}
      ORDER BY n.nspname, t.typname`,
    [ctx.schemaOids],
    { action: 'introspect base types' },
  );
  for (const row of r.rows) {
    const t = row.t;
    const shell: PgShellTypeDetail = { name: row.name };
    const target = { type: 'TYPE', schema: row.schema, name: row.name };
    if (t['typisdefined'] !== true) {
      addDefinition(ctx, { kind: 'SHELL_TYPE', schema: row.schema, name: row.name, owner: row.owner, detail: shell, classId: PG_CLASS.type, oid: row.oid, target, comment: row.comment });
      continue;
    }
    const shellObject = ctx.builder.add({ kind: 'SHELL_TYPE', schema: row.schema, name: row.name, phase: 'pre-data', detail: shell });
    const fn = (key: string): string | undefined => procName(t[key] as string | undefined);
    const base: PgBaseTypeDetail = {
      input: String(t['typinput']),
      output: String(t['typoutput']),
      ...only('receive', fn('typreceive')),
      ...only('send', fn('typsend')),
      ...only('typmodIn', fn('typmodin')),
      ...only('typmodOut', fn('typmodout')),
      ...only('analyze', fn('typanalyze')),
      ...only('subscript', fn('typsubscript')),
      internalLength: Number(t['typlen']),
      passedByValue: t['typbyval'] === true,
      alignment: String(t['typalign']),
      storage: String(t['typstorage']),
      category: String(t['typcategory']),
      preferred: t['typispreferred'] === true,
      default: typeof t['typdefault'] === 'string' ? (t['typdefault'] as string) : null,
      ...only('element', row.element ?? undefined),
      delimiter: String(t['typdelim']),
      collatable: Number(t['typcollation']) !== 0,
    };
    const detail: PgTypeDetail = { typeKind: 'base', base };
    const type = addDefinition(ctx, {
      kind: 'TYPE',
      schema: row.schema,
      name: row.name,
      owner: row.owner,
      detail,
      classId: PG_CLASS.type,
      oid: row.oid,
      target,
      comment: row.comment,
      acl: { acl: row.acl, defaults: row.defacl },
    });
    ctx.builder.alias(PG_CLASS.type, Number(t['typarray']), type);
    type.deps.push(refOf(shellObject));
  }
}

/**
 * A function that a base type is made of (it depends on the type, and the type on it) depends on
 * the type's shell instead, as pg_dump's dependency sort does: shell, functions, then the type. A
 * base type none of whose functions is exported needs no shell, and pg_dump writes none: it is left out.
 */
export function breakTypeFunctionLoops(ctx: IntrospectContext): void {
  const objects = ctx.builder.objects;
  const byKey = new Map(objects.map((o) => [refKey(o), o]));
  const used = new Set<string>();
  for (const f of objects) {
    if (f.kind !== 'FUNCTION') continue;
    f.deps.forEach((d, i) => {
      if (d.kind !== 'TYPE') return;
      const shell = byKey.get(refKey({ kind: 'SHELL_TYPE', schema: d.schema, name: d.name }));
      const type = byKey.get(refKey(d));
      if (shell === undefined || !type?.deps.some((td) => refKey(td) === refKey(f))) return;
      f.deps[i] = refOf(shell);
      used.add(refKey(shell));
    });
  }
  for (let i = objects.length - 1; i >= 0; i--) {
    const o = objects[i]!;
    const type = o.kind === 'SHELL_TYPE' ? byKey.get(refKey({ kind: 'TYPE', schema: o.schema, name: o.name })) : undefined;
    if (type === undefined || used.has(refKey(o))) continue;
    objects.splice(i, 1);
    const at = type.deps.findIndex((d) => refKey(d) === refKey(o));
    if (at >= 0) type.deps.splice(at, 1);
  }
}

function only<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
