import type { PgDomainDetail, PgTypeDetail } from '../model/postgres-details.js';
import { aclJson, collationName, notExtensionMember, PG_CLASS, commentOf } from './postgres-catalog-builder.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';
import { grantDetail, type AclItem } from './postgres-acl.js';
import { addComment, addGrant } from './postgres-introspect-annotations.js';

interface TypeRow {
  oid: number;
  schema: string;
  name: string;
  typtype: string;
  owner: string;
  array_oid: number;
  relid: number;
  labels: string[] | null;
  attributes: { name: string; type: string; collation: string | null; comment: string | null }[] | null;
  subtype: string | null;
  subtype_opclass: string | null;
  range_collation: string | null;
  canonical: string | null;
  subtype_diff: string | null;
  multirange: string | null;
  base_type: string | null;
  domain_collation: string | null;
  domain_default: string | null;
  not_null: boolean;
  constraints: { oid: number; name: string; definition: string; comment: string | null }[] | null;
  comment: string | null;
  acl: AclItem[] | null;
  defacl: AclItem[] | null;
}

/** Enum, composite and range types (TYPE) and domains (DOMAIN). */
export async function introspectTypes(ctx: IntrospectContext): Promise<void> {
  if (ctx.schemaOids.length === 0) return;
  const r = await ctx.conn.query<TypeRow>(
    `SELECT t.oid, n.nspname AS schema, t.typname AS name, t.typtype, pg_get_userbyid(t.typowner) AS owner,
            t.typarray AS array_oid, t.typrelid AS relid,
            CASE WHEN t.typtype = 'e' THEN ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) END AS labels,
            CASE WHEN t.typtype = 'c' THEN (
              SELECT json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod),
                       'collation', CASE WHEN a.attcollation <> at.typcollation THEN ${collationName('a.attcollation')} END,
                       'comment', ${commentOf('t.typrelid', 'pg_class', 'a.attnum')}) ORDER BY a.attnum)
                FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid
               WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) END AS attributes,
            format_type(r.rngsubtype, NULL) AS subtype,
            CASE WHEN r.rngsubopc IS NOT NULL AND NOT opc.opcdefault THEN quote_ident(opn.nspname) || '.' || quote_ident(opc.opcname) END AS subtype_opclass,
            CASE WHEN r.rngcollation IS NOT NULL AND r.rngcollation <> 0 AND r.rngcollation <> st.typcollation THEN ${collationName('r.rngcollation')} END AS range_collation,
            CASE WHEN r.rngcanonical <> 0 THEN r.rngcanonical::regproc::text END AS canonical,
            CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::regproc::text END AS subtype_diff,
            (SELECT quote_ident(mn.nspname) || '.' || quote_ident(mt.typname) FROM pg_type mt JOIN pg_namespace mn ON mn.oid = mt.typnamespace WHERE mt.oid = r.rngmultitypid) AS multirange,
            CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS base_type,
            CASE WHEN t.typtype = 'd' AND t.typcollation <> 0 AND t.typcollation <> bt.typcollation THEN ${collationName('t.typcollation')} END AS domain_collation,
            CASE WHEN t.typtype = 'd' THEN pg_get_expr(t.typdefaultbin, 0) END AS domain_default,
            t.typnotnull AS not_null,
            (SELECT json_agg(json_build_object('oid', c.oid, 'name', c.conname, 'definition', pg_get_constraintdef(c.oid),
                    'comment', ${commentOf('c.oid', 'pg_constraint')}) ORDER BY c.conname)
               FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c') AS constraints,
            ${commentOf('t.oid', 'pg_type')} AS comment,
            ${aclJson('t.typacl')} AS acl, ${aclJson("acldefault('T', t.typowner)")} AS defacl
       FROM pg_type t
       JOIN pg_namespace n ON n.oid = t.typnamespace
       LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
       LEFT JOIN pg_range r ON r.rngtypid = t.oid
       LEFT JOIN pg_type st ON st.oid = r.rngsubtype
       LEFT JOIN pg_opclass opc ON opc.oid = r.rngsubopc
       LEFT JOIN pg_namespace opn ON opn.oid = opc.opcnamespace
      WHERE t.typnamespace = ANY($1::oid[])
        AND (t.typtype IN ('e', 'r', 'd') OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c'))
        AND ${notExtensionMember(PG_CLASS.type, 't.oid')}
      ORDER BY n.nspname, t.typname`,
    [ctx.schemaOids],
    { action: 'introspect types' },
  );
  for (const row of r.rows) {
    const isDomain = row.typtype === 'd';
    const detail: PgTypeDetail | PgDomainDetail = isDomain ? domainDetail(row) : typeDetail(row);
    const obj = ctx.builder.add({ kind: isDomain ? 'DOMAIN' : 'TYPE', schema: row.schema, name: row.name, owner: row.owner, phase: 'pre-data', detail }, [
      [PG_CLASS.type, row.oid],
      [PG_CLASS.type, row.array_oid],
      [PG_CLASS.class, row.relid],
    ]);
    for (const c of row.constraints ?? []) {
      ctx.builder.alias(PG_CLASS.constraint, c.oid, obj);
      if (c.comment !== null) addComment(ctx, obj, { type: 'CONSTRAINT', schema: row.schema, name: c.name, domain: row.name }, c.comment);
    }
    const target = { type: isDomain ? 'DOMAIN' : 'TYPE', schema: row.schema, name: row.name };
    if (row.comment !== null) addComment(ctx, obj, target, row.comment);
    // COMMENT ON COLUMN of a composite type's attribute, as pg_dump writes it.
    for (const a of row.attributes ?? []) if (a.comment !== null) addComment(ctx, obj, { type: 'COLUMN', schema: row.schema, table: row.name, name: a.name }, a.comment);
    if (row.acl !== null) addGrant(ctx, obj, grantDetail({ ...target, type: 'TYPE' }, row.acl, row.defacl));
  }
}

function typeDetail(row: TypeRow): PgTypeDetail {
  if (row.typtype === 'e') return { typeKind: 'enum', labels: row.labels ?? [] };
  if (row.typtype === 'c') {
    return {
      typeKind: 'composite',
      attributes: (row.attributes ?? []).map((a) => (a.collation === null ? { name: a.name, type: a.type } : { name: a.name, type: a.type, collation: a.collation })),
    };
  }
  const range: { -readonly [K in keyof PgRange]: PgRange[K] } = { subtype: row.subtype ?? '' };
  if (row.subtype_opclass !== null) range.subtypeOpclass = row.subtype_opclass;
  if (row.range_collation !== null) range.collation = row.range_collation;
  if (row.canonical !== null) range.canonical = row.canonical;
  if (row.subtype_diff !== null) range.subtypeDiff = row.subtype_diff;
  if (row.multirange !== null) range.multirangeTypeName = row.multirange;
  return { typeKind: 'range', range };
}

/** A range type's properties. */
type PgRange = NonNullable<PgTypeDetail['range']>;

function domainDetail(row: TypeRow): PgDomainDetail {
  return {
    baseType: row.base_type ?? '',
    ...(row.domain_collation === null ? {} : { collation: row.domain_collation }),
    default: row.domain_default,
    notNull: row.not_null,
    constraints: (row.constraints ?? []).map((c) => ({ name: c.name, definition: c.definition })),
  };
}
