import type { PgOpclassMember, PgOperatorClassDetail, PgOperatorDetail, PgOperatorFamilyDetail } from '../model/postgres-definition-details.js';
import { notExtensionMember, type PendingObject, commentOf } from './postgres-catalog-builder.js';
import { addDefinition, DEFINITION_CLASS as C, procName } from './postgres-introspect-definition.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';

type Named = { schema: string; name: string } | null;

/**
 * Operators (OPERATOR), operator families (OPERATOR_FAMILY, with their loose members) and operator
 * classes (OPERATOR_CLASS) of the exported schemas: one query per kind and one per member table.
 * A commutator or negator is named, never depended on: CREATE OPERATOR makes a shell for one that
 * does not exist yet and the later CREATE OPERATOR fills it in, so pairs that name each other are
 * written as they are, as pg_dump does.
 */
export async function introspectOperators(ctx: IntrospectContext): Promise<void> {
  if (ctx.schemaOids.length === 0) return;
  const action = (what: string): { action: string } => ({ action: `introspect ${what}` });
  const ops = await ctx.conn.query<{
    oid: number;
    schema: string;
    owner: string;
    o: Record<string, unknown>;
    left: string | null;
    right: string;
    commutator: Named;
    negator: Named;
    comment: string | null;
  }>(
    `SELECT o.oid, n.nspname AS schema, pg_get_userbyid(o.oprowner) AS owner, to_jsonb(o) AS o,
            CASE WHEN o.oprleft <> 0 THEN format_type(o.oprleft, NULL) END AS left, format_type(o.oprright, NULL) AS right,
            (SELECT json_build_object('schema', cn.nspname, 'name', c.oprname) FROM pg_operator c JOIN pg_namespace cn ON cn.oid = c.oprnamespace WHERE c.oid = o.oprcom) AS commutator,
            (SELECT json_build_object('schema', cn.nspname, 'name', c.oprname) FROM pg_operator c JOIN pg_namespace cn ON cn.oid = c.oprnamespace WHERE c.oid = o.oprnegate) AS negator,
            ${commentOf('o.oid', 'pg_operator')} AS comment
       FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace
      WHERE o.oprnamespace = ANY($1::oid[]) AND o.oprcode <> 0 AND ${notExtensionMember(C.operator, 'o.oid')}
      ORDER BY n.nspname, o.oprname, o.oid`,
    [ctx.schemaOids],
    action('operators'),
  );
  for (const row of ops.rows) {
    const o = row.o;
    const name = String(o['oprname']);
    const detail: PgOperatorDetail = {
      name,
      function: String(o['oprcode']),
      left: row.left,
      right: row.right,
      ...(row.commutator === null ? {} : { commutator: row.commutator }),
      ...(row.negator === null ? {} : { negator: row.negator }),
      ...optional('restrict', procName(o['oprrest'] as string)),
      ...optional('join', procName(o['oprjoin'] as string)),
      merges: o['oprcanmerge'] === true,
      hashes: o['oprcanhash'] === true,
    };
    const args = `${row.left ?? 'NONE'}, ${row.right}`;
    addDefinition(ctx, {
      kind: 'OPERATOR',
      schema: row.schema,
      name: `${name}(${args})`,
      owner: row.owner,
      detail,
      classId: C.operator,
      oid: row.oid,
      target: { type: 'OPERATOR', schema: row.schema, name, args },
      comment: row.comment,
    });
  }

  const families = await ctx.conn.query<{ oid: number; schema: string; name: string; method: string; owner: string; comment: string | null }>(
    `SELECT f.oid, n.nspname AS schema, f.opfname AS name, am.amname AS method, pg_get_userbyid(f.opfowner) AS owner, ${commentOf('f.oid', 'pg_opfamily')} AS comment
       FROM pg_opfamily f JOIN pg_namespace n ON n.oid = f.opfnamespace JOIN pg_am am ON am.oid = f.opfmethod
      WHERE f.opfnamespace = ANY($1::oid[]) AND ${notExtensionMember(C.opfamily, 'f.oid')}
      ORDER BY n.nspname, f.opfname, am.amname`,
    [ctx.schemaOids],
    action('operator families'),
  );
  const classes = await ctx.conn.query<{
    oid: number;
    schema: string;
    name: string;
    method: string;
    owner: string;
    is_default: boolean;
    type: string;
    family: { schema: string; name: string };
    storage: string | null;
    comment: string | null;
  }>(
    `SELECT c.oid, n.nspname AS schema, c.opcname AS name, am.amname AS method, pg_get_userbyid(c.opcowner) AS owner, c.opcdefault AS is_default,
            format_type(c.opcintype, NULL) AS type, json_build_object('schema', fn.nspname, 'name', f.opfname) AS family,
            CASE WHEN c.opckeytype <> 0 AND c.opckeytype <> c.opcintype THEN format_type(c.opckeytype, NULL) END AS storage,
            ${commentOf('c.oid', 'pg_opclass')} AS comment
       FROM pg_opclass c JOIN pg_namespace n ON n.oid = c.opcnamespace JOIN pg_am am ON am.oid = c.opcmethod
       JOIN pg_opfamily f ON f.oid = c.opcfamily JOIN pg_namespace fn ON fn.oid = f.opfnamespace
      WHERE c.opcnamespace = ANY($1::oid[]) AND ${notExtensionMember(C.opclass, 'c.oid')}
      ORDER BY n.nspname, c.opcname, am.amname`,
    [ctx.schemaOids],
    action('operator classes'),
  );
  const members = await opclassMembers(
    ctx,
    classes.rows.map((c) => c.oid),
    families.rows.map((f) => f.oid),
  );
  for (const f of families.rows) {
    const own = members.get(`${C.opfamily}:${f.oid}`);
    const detail: PgOperatorFamilyDetail = { name: f.name, method: f.method, members: own?.members ?? [] };
    const object = addDefinition(ctx, {
      kind: 'OPERATOR_FAMILY',
      schema: f.schema,
      name: `${f.name} USING ${f.method}`,
      owner: f.owner,
      detail,
      classId: C.opfamily,
      oid: f.oid,
      target: { type: 'OPERATOR FAMILY', schema: f.schema, name: f.name, method: f.method },
      comment: f.comment,
    });
    aliasMembers(ctx, object, own?.rows ?? []);
  }
  for (const c of classes.rows) {
    const own = members.get(`${C.opclass}:${c.oid}`);
    const sameFamily = c.family.schema === c.schema && c.family.name === c.name;
    const detail: PgOperatorClassDetail = {
      name: c.name,
      method: c.method,
      default: c.is_default,
      type: c.type,
      ...(sameFamily ? {} : { family: c.family }),
      ...(c.storage === null ? {} : { storage: c.storage }),
      members: own?.members ?? [],
    };
    const object = addDefinition(ctx, {
      kind: 'OPERATOR_CLASS',
      schema: c.schema,
      name: `${c.name} USING ${c.method}`,
      owner: c.owner,
      detail,
      classId: C.opclass,
      oid: c.oid,
      target: { type: 'OPERATOR CLASS', schema: c.schema, name: c.name, method: c.method },
      comment: c.comment,
    });
    aliasMembers(ctx, object, own?.rows ?? []);
  }
}

/** A member's pg_amop / pg_amproc row stands for the class or family it belongs to (its operator and function become dependencies). */
function aliasMembers(ctx: IntrospectContext, object: PendingObject, rows: readonly (readonly [number, number])[]): void {
  for (const [classId, oid] of rows) ctx.builder.alias(classId, oid, object);
}

interface MemberRow {
  ref_class: number;
  ref_oid: number;
  member_class: number;
  member_oid: number;
  number: number;
  op: { schema: string; name: string; left: string; right: string } | null;
  sort_family: string | null;
  function: string | null;
  lt: string;
  rt: string;
}

/**
 * The members of classes and families, as pg_dump finds them: the pg_amop and pg_amproc rows that
 * pg_depend ties to the class (its own members) or to the family (loose members, added by ALTER
 * OPERATOR FAMILY ... ADD).
 */
async function opclassMembers(ctx: IntrospectContext, classOids: readonly number[], familyOids: readonly number[]): Promise<Map<string, { members: PgOpclassMember[]; rows: [number, number][] }>> {
  const out = new Map<string, { members: PgOpclassMember[]; rows: [number, number][] }>();
  if (classOids.length === 0 && familyOids.length === 0) return out;
  const owner = `((d.refclassid = ${C.opclass} AND d.refobjid = ANY($1::oid[])) OR (d.refclassid = ${C.opfamily} AND d.refobjid = ANY($2::oid[])))`;
  const r = await ctx.conn.query<MemberRow>(
    `SELECT d.refclassid AS ref_class, d.refobjid AS ref_oid, d.classid AS member_class, ao.oid AS member_oid, ao.amopstrategy::int AS number,
            json_build_object('schema', opn.nspname, 'name', op.oprname, 'left', CASE WHEN op.oprleft = 0 THEN 'NONE' ELSE format_type(op.oprleft, NULL) END,
                              'right', format_type(op.oprright, NULL)) AS op,
            CASE WHEN ao.amoppurpose = 'o' THEN (SELECT quote_ident(sn.nspname) || '.' || quote_ident(sf.opfname) FROM pg_opfamily sf JOIN pg_namespace sn ON sn.oid = sf.opfnamespace WHERE sf.oid = ao.amopsortfamily) END AS sort_family,
            NULL AS function, format_type(ao.amoplefttype, NULL) AS lt, format_type(ao.amoprighttype, NULL) AS rt
       FROM pg_depend d JOIN pg_amop ao ON ao.oid = d.objid
       JOIN pg_operator op ON op.oid = ao.amopopr JOIN pg_namespace opn ON opn.oid = op.oprnamespace
      WHERE d.classid = ${C.amop} AND ${owner}
     UNION ALL
     SELECT d.refclassid, d.refobjid, d.classid, ap.oid, ap.amprocnum::int, NULL, NULL, ap.amproc::regprocedure::text,
            format_type(ap.amproclefttype, NULL), format_type(ap.amprocrighttype, NULL)
       FROM pg_depend d JOIN pg_amproc ap ON ap.oid = d.objid
      WHERE d.classid = ${C.amproc} AND ${owner}
      ORDER BY ref_class, ref_oid, member_class, number, lt, rt`,
    [classOids, familyOids],
    { action: 'introspect operator class members' },
  );
  for (const m of r.rows) {
    const key = `${m.ref_class}:${m.ref_oid}`;
    let entry = out.get(key);
    if (entry === undefined) out.set(key, (entry = { members: [], rows: [] }));
    entry.rows.push([m.member_class, m.member_oid]);
    // An operator is named with its own argument types; a support function with the types it is registered for.
    if (m.op !== null) entry.members.push({ kind: 'operator', number: m.number, operator: m.op, ...(m.sort_family === null ? {} : { orderBy: m.sort_family }) });
    else entry.members.push({ kind: 'function', number: m.number, function: m.function ?? '', types: { left: m.lt, right: m.rt } });
  }
  return out;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
