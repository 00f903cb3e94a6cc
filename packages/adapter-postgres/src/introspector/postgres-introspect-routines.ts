import type { ObjectKind } from '@sluice/adapter-kit';
import type { PgAggregateDetail, PgRoutineDetail } from '../model/postgres-details.js';
import { quoteLiteral } from '../sql/postgres-quote.js';
import { aclJson, notExtensionMember, PG_CLASS, commentOf } from './postgres-catalog-builder.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';
import { grantDetail, type AclItem } from './postgres-acl.js';
import { addComment, addGrant } from './postgres-introspect-annotations.js';

interface AggregateRow {
  aggkind: string;
  sfunc: string;
  stype: string;
  sspace: number;
  finalfunc: string | null;
  finalextra: boolean;
  finalmodify: string;
  combinefunc: string | null;
  serialfunc: string | null;
  deserialfunc: string | null;
  initcond: string | null;
  msfunc: string | null;
  minvfunc: string | null;
  mstype: string | null;
  msspace: number;
  mfinalfunc: string | null;
  mfinalextra: boolean;
  mfinalmodify: string;
  minitcond: string | null;
  sortop: string | null;
  parallel: string;
}

const MODIFY: Record<string, string> = { r: 'READ_ONLY', s: 'SHAREABLE', w: 'READ_WRITE' };
const PARALLEL: Record<string, string> = { s: 'SAFE', r: 'RESTRICTED' };

/**
 * Functions and procedures (from pg_get_functiondef) and aggregates (rebuilt from pg_aggregate).
 * Their names carry the identity arguments, as pg_dump's do, because PostgreSQL overloads names.
 */
export async function introspectRoutines(ctx: IntrospectContext): Promise<void> {
  if (ctx.schemaOids.length === 0) return;
  const r = await ctx.conn.query<{
    oid: number;
    schema: string;
    name: string;
    prokind: string;
    owner: string;
    identity_args: string;
    args: string;
    definition: string | null;
    agg: AggregateRow | null;
    comment: string | null;
    acl: AclItem[] | null;
    defacl: AclItem[] | null;
  }>(
    `SELECT p.oid, n.nspname AS schema, p.proname AS name, p.prokind, pg_get_userbyid(p.proowner) AS owner,
            pg_get_function_identity_arguments(p.oid) AS identity_args, pg_get_function_arguments(p.oid) AS args,
            CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END AS definition,
            CASE WHEN p.prokind = 'a' THEN json_build_object(
              'aggkind', a.aggkind, 'sfunc', a.aggtransfn::text, 'stype', format_type(a.aggtranstype, NULL), 'sspace', a.aggtransspace,
              'finalfunc', CASE WHEN a.aggfinalfn <> 0 THEN a.aggfinalfn::text END, 'finalextra', a.aggfinalextra, 'finalmodify', a.aggfinalmodify,
              'combinefunc', CASE WHEN a.aggcombinefn <> 0 THEN a.aggcombinefn::text END,
              'serialfunc', CASE WHEN a.aggserialfn <> 0 THEN a.aggserialfn::text END,
              'deserialfunc', CASE WHEN a.aggdeserialfn <> 0 THEN a.aggdeserialfn::text END,
              'initcond', a.agginitval,
              'msfunc', CASE WHEN a.aggmtransfn <> 0 THEN a.aggmtransfn::text END,
              'minvfunc', CASE WHEN a.aggminvtransfn <> 0 THEN a.aggminvtransfn::text END,
              'mstype', CASE WHEN a.aggmtranstype <> 0 THEN format_type(a.aggmtranstype, NULL) END, 'msspace', a.aggmtransspace,
              'mfinalfunc', CASE WHEN a.aggmfinalfn <> 0 THEN a.aggmfinalfn::text END, 'mfinalextra', a.aggmfinalextra, 'mfinalmodify', a.aggmfinalmodify,
              'minitcond', a.aggminitval,
              'sortop', (SELECT CASE WHEN opn.nspname = 'pg_catalog' THEN op.oprname ELSE 'OPERATOR(' || quote_ident(opn.nspname) || '.' || op.oprname || ')' END
                           FROM pg_operator op JOIN pg_namespace opn ON opn.oid = op.oprnamespace WHERE op.oid = a.aggsortop),
              'parallel', p.proparallel) END AS agg,
            ${commentOf('p.oid', 'pg_proc')} AS comment,
            ${aclJson('p.proacl')} AS acl, ${aclJson("acldefault('f', p.proowner)")} AS defacl
       FROM pg_proc p
       JOIN pg_namespace n ON n.oid = p.pronamespace
       LEFT JOIN pg_aggregate a ON a.aggfnoid = p.oid
      WHERE p.pronamespace = ANY($1::oid[]) AND ${notExtensionMember(PG_CLASS.proc, 'p.oid')}
        -- Range and multirange constructors are made by CREATE TYPE (an internal dependency).
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 1255 AND d.objid = p.oid AND d.deptype = 'i')
      ORDER BY n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)`,
    [ctx.schemaOids],
    { action: 'introspect routines' },
  );
  for (const row of r.rows) {
    const kind: ObjectKind = row.prokind === 'a' ? 'AGGREGATE' : row.prokind === 'p' ? 'PROCEDURE' : 'FUNCTION';
    const detail: PgRoutineDetail | PgAggregateDetail =
      row.agg !== null
        ? { arguments: row.args, identityArguments: row.identity_args, options: aggregateOptions(row.agg) }
        : { definition: (row.definition ?? '').replace(/^CREATE OR REPLACE /, 'CREATE ').trimEnd(), identityArguments: row.identity_args };
    const obj = ctx.builder.add({ kind, schema: row.schema, name: `${row.name}(${row.identity_args})`, owner: row.owner, phase: 'pre-data', detail }, [[PG_CLASS.proc, row.oid]]);
    const target = { type: kind, schema: row.schema, name: row.name, args: row.identity_args };
    if (row.comment !== null) addComment(ctx, obj, target, row.comment);
    if (row.acl !== null) addGrant(ctx, obj, grantDetail({ ...target, type: kind === 'PROCEDURE' ? 'PROCEDURE' : 'FUNCTION' }, row.acl, row.defacl));
  }
}

function aggregateOptions(a: AggregateRow): [string, string][] {
  const o: [string, string][] = [
    ['SFUNC', a.sfunc],
    ['STYPE', a.stype],
  ];
  if (a.sspace > 0) o.push(['SSPACE', String(a.sspace)]);
  if (a.finalfunc !== null) {
    o.push(['FINALFUNC', a.finalfunc]);
    if (a.finalextra) o.push(['FINALFUNC_EXTRA', '']);
    o.push(['FINALFUNC_MODIFY', MODIFY[a.finalmodify] ?? 'READ_ONLY']);
  }
  if (a.combinefunc !== null) o.push(['COMBINEFUNC', a.combinefunc]);
  if (a.serialfunc !== null) o.push(['SERIALFUNC', a.serialfunc]);
  if (a.deserialfunc !== null) o.push(['DESERIALFUNC', a.deserialfunc]);
  if (a.initcond !== null) o.push(['INITCOND', quoteLiteral(a.initcond)]);
  if (a.msfunc !== null) {
    o.push(['MSFUNC', a.msfunc]);
    if (a.minvfunc !== null) o.push(['MINVFUNC', a.minvfunc]);
    if (a.mstype !== null) o.push(['MSTYPE', a.mstype]);
    if (a.msspace > 0) o.push(['MSSPACE', String(a.msspace)]);
    if (a.mfinalfunc !== null) {
      o.push(['MFINALFUNC', a.mfinalfunc]);
      if (a.mfinalextra) o.push(['MFINALFUNC_EXTRA', '']);
      o.push(['MFINALFUNC_MODIFY', MODIFY[a.mfinalmodify] ?? 'READ_ONLY']);
    }
    if (a.minitcond !== null) o.push(['MINITCOND', quoteLiteral(a.minitcond)]);
  }
  if (a.sortop !== null) o.push(['SORTOP', a.sortop]);
  const parallel = PARALLEL[a.parallel];
  if (parallel !== undefined) o.push(['PARALLEL', parallel]);
  if (a.aggkind === 'h') o.push(['HYPOTHETICAL', '']);
  return o;
}
