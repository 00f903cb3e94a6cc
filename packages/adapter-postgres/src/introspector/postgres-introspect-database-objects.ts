import type { PgAccessMethodDetail, PgCastDetail, PgLanguageDetail, PgTransformDetail } from '../model/postgres-definition-details.js';
import { aclJson, notExtensionMember, commentOf } from './postgres-catalog-builder.js';
import { addDefinition, DEFINITION_CLASS as C, procName } from './postgres-introspect-definition.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';
import type { AclItem } from './postgres-acl.js';

/** Objects created after initdb have oids from here (FirstNormalObjectId); pg_dump leaves older ones out. */
const FIRST_NORMAL_OID = 16384;

/**
 * Database-wide definitions a FULL export carries, as pg_dump does when it dumps a whole database
 * (and never with `-n`, so never in SCHEMA or TABLE mode): casts, procedural languages, access
 * methods and transforms created by users, extension members left out, and so are casts the server
 * made itself (a range type's cast to its multirange depends internally on the type, which makes it).
 */
export async function introspectDatabaseObjects(ctx: IntrospectContext): Promise<void> {
  if (ctx.mode !== 'FULL') return;
  const action = (what: string): { action: string } => ({ action: `introspect ${what}` });

  const languages = await ctx.conn.query<{
    oid: number;
    name: string;
    owner: string;
    trusted: boolean;
    handler: string;
    inline: string;
    validator: string;
    comment: string | null;
    acl: AclItem[] | null;
    defacl: AclItem[] | null;
  }>(
    `SELECT l.oid, l.lanname AS name, pg_get_userbyid(l.lanowner) AS owner, l.lanpltrusted AS trusted,
            l.lanplcallfoid::regproc::text AS handler, l.laninline::regproc::text AS inline, l.lanvalidator::regproc::text AS validator,
            ${commentOf('l.oid', 'pg_language')} AS comment, ${aclJson('l.lanacl')} AS acl, ${aclJson("acldefault('l', l.lanowner)")} AS defacl
       FROM pg_language l WHERE l.oid >= ${FIRST_NORMAL_OID} AND l.lanispl AND ${notExtensionMember(C.language, 'l.oid')} ORDER BY l.lanname`,
    [],
    action('procedural languages'),
  );
  for (const row of languages.rows) {
    const inline = procName(row.inline);
    const validator = procName(row.validator);
    const detail: PgLanguageDetail = { name: row.name, trusted: row.trusted, handler: row.handler, ...(inline === undefined ? {} : { inline }), ...(validator === undefined ? {} : { validator }) };
    addDefinition(ctx, {
      kind: 'PROCEDURAL_LANGUAGE',
      schema: null,
      name: row.name,
      owner: row.owner,
      detail,
      classId: C.language,
      oid: row.oid,
      target: { type: 'LANGUAGE', schema: null, name: row.name },
      comment: row.comment,
      acl: { acl: row.acl, defaults: row.defacl },
    });
  }

  const methods = await ctx.conn.query<{ oid: number; name: string; type: string; handler: string; comment: string | null }>(
    `SELECT a.oid, a.amname AS name, a.amtype AS type, a.amhandler::regproc::text AS handler, ${commentOf('a.oid', 'pg_am')} AS comment
       FROM pg_am a WHERE a.oid >= ${FIRST_NORMAL_OID} AND ${notExtensionMember(C.accessMethod, 'a.oid')} ORDER BY a.amname`,
    [],
    action('access methods'),
  );
  for (const row of methods.rows) {
    const detail: PgAccessMethodDetail = { name: row.name, type: row.type === 't' ? 'TABLE' : 'INDEX', handler: row.handler };
    addDefinition(ctx, {
      kind: 'ACCESS_METHOD',
      schema: null,
      name: row.name,
      detail,
      classId: C.accessMethod,
      oid: row.oid,
      target: { type: 'ACCESS METHOD', schema: null, name: row.name },
      comment: row.comment,
    });
  }

  const casts = await ctx.conn.query<{ oid: number; source: string; target: string; method: 'f' | 'i' | 'b'; function: string | null; context: 'e' | 'a' | 'i'; comment: string | null }>(
    `SELECT c.oid, format_type(c.castsource, NULL) AS source, format_type(c.casttarget, NULL) AS target, c.castmethod AS method,
            CASE WHEN c.castfunc <> 0 THEN c.castfunc::regprocedure::text END AS function, c.castcontext AS context,
            ${commentOf('c.oid', 'pg_cast')} AS comment
       FROM pg_cast c WHERE c.oid >= ${FIRST_NORMAL_OID} AND ${notExtensionMember(C.cast, 'c.oid')}
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_cast'::regclass AND d.objid = c.oid AND d.deptype = 'i')
      ORDER BY 2, 3`,
    [],
    action('casts'),
  );
  for (const row of casts.rows) {
    const detail: PgCastDetail = { source: row.source, target: row.target, method: row.method, ...(row.function === null ? {} : { function: row.function }), context: row.context };
    const name = `${row.source} AS ${row.target}`;
    addDefinition(ctx, { kind: 'CAST', schema: null, name, detail, classId: C.cast, oid: row.oid, target: { type: 'CAST', schema: null, name: row.source, args: row.target }, comment: row.comment });
  }

  const transforms = await ctx.conn.query<{ oid: number; type: string; language: string; from_sql: string | null; to_sql: string | null; comment: string | null }>(
    `SELECT t.oid, format_type(t.trftype, NULL) AS type, l.lanname AS language,
            CASE WHEN t.trffromsql <> 0 THEN t.trffromsql::regprocedure::text END AS from_sql,
            CASE WHEN t.trftosql <> 0 THEN t.trftosql::regprocedure::text END AS to_sql,
            ${commentOf('t.oid', 'pg_transform')} AS comment
       FROM pg_transform t JOIN pg_language l ON l.oid = t.trflang
      WHERE t.oid >= ${FIRST_NORMAL_OID} AND ${notExtensionMember(C.transform, 't.oid')} ORDER BY 2, 3`,
    [],
    action('transforms'),
  );
  for (const row of transforms.rows) {
    const detail: PgTransformDetail = { type: row.type, language: row.language, ...(row.from_sql === null ? {} : { fromSql: row.from_sql }), ...(row.to_sql === null ? {} : { toSql: row.to_sql }) };
    const name = `${row.type} LANGUAGE ${row.language}`;
    addDefinition(ctx, {
      kind: 'TRANSFORM',
      schema: null,
      name,
      detail,
      classId: C.transform,
      oid: row.oid,
      target: { type: 'TRANSFORM', schema: null, name: row.type, args: row.language },
      comment: row.comment,
    });
  }
}
