import type { NotExportedObject } from '@sluice/adapter-kit';
import type { PgPublicationDetail, PgPublicationTableDetail, PgSubscriptionDetail } from '../model/postgres-global-details.js';
import { PG_CLASS, refOf, commentOf } from './postgres-catalog-builder.js';
import { addComment } from './postgres-introspect-annotations.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';

/** Catalog class oids of publications and their members, and of subscriptions. */
export const PG_REPLICATION_CLASS = { publication: 6104, publicationRel: 6106, publicationNamespace: 6237, subscription: 6100 } as const;

/**
 * Publications with their tables (column lists, row filters) and schemas (FULL mode: pg_dump dumps
 * them only without -n/-t). Each table or schema of a publication is a PUBLICATION_TABLE object that
 * depends on the publication and on the table or schema it names, as pg_dump's table of contents has them.
 */
export async function introspectPublications(ctx: IntrospectContext): Promise<void> {
  if (ctx.mode !== 'FULL') return;
  const action = (what: string) => ({ action: `introspect ${what}` });
  const pubs = await ctx.conn.query<{
    oid: number;
    name: string;
    owner: string;
    all_tables: boolean;
    ins: boolean;
    upd: boolean;
    del: boolean;
    trunc: boolean;
    via_root: boolean;
    comment: string | null;
  }>(
    `SELECT p.oid, p.pubname AS name, pg_get_userbyid(p.pubowner) AS owner, p.puballtables AS all_tables,
            p.pubinsert AS ins, p.pubupdate AS upd, p.pubdelete AS del, p.pubtruncate AS trunc, p.pubviaroot AS via_root,
            ${commentOf('p.oid', 'pg_publication')} AS comment
       FROM pg_publication p ORDER BY p.pubname`,
    [],
    action('publications'),
  );
  if (pubs.rows.length === 0) return;
  for (const row of pubs.rows) {
    const publish = [row.ins && 'insert', row.upd && 'update', row.del && 'delete', row.trunc && 'truncate'].filter((p): p is string => typeof p === 'string');
    const detail: PgPublicationDetail = { allTables: row.all_tables, publish, viaPartitionRoot: row.via_root };
    const o = ctx.builder.add({ kind: 'PUBLICATION', schema: null, name: row.name, owner: row.owner, phase: 'post-data', detail }, [[PG_REPLICATION_CLASS.publication, row.oid]]);
    if (row.comment !== null) addComment(ctx, o, { type: 'PUBLICATION', schema: null, name: row.name }, row.comment);
  }
  // Column lists, row filters and schema members are PostgreSQL 15's.
  const v15 = (await ctx.conn.query<{ v15: boolean }>(`SELECT to_regclass('pg_catalog.pg_publication_namespace') IS NOT NULL AS v15`, [], action('publication features'))).rows[0]?.v15 === true;
  const rels = await ctx.conn.query<{ oid: number; pub_oid: number; pub: string; relid: number; schema: string; table_name: string; columns: string[] | null; qual: string | null }>(
    `SELECT pr.oid, pr.prpubid AS pub_oid, p.pubname AS pub, pr.prrelid AS relid, n.nspname AS schema, c.relname AS table_name,
            ${
              v15
                ? `CASE WHEN pr.prattrs IS NOT NULL THEN ARRAY(SELECT a.attname::text FROM unnest(pr.prattrs::int2[]) WITH ORDINALITY k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = pr.prrelid AND a.attnum = k.attnum ORDER BY k.n) END`
                : 'NULL::text[]'
            } AS columns,
            ${v15 ? 'pg_get_expr(pr.prqual, pr.prrelid)' : 'NULL::text'} AS qual
       FROM pg_publication_rel pr JOIN pg_publication p ON p.oid = pr.prpubid
       JOIN pg_class c ON c.oid = pr.prrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      ORDER BY p.pubname, n.nspname, c.relname`,
    [],
    action('publication tables'),
  );
  for (const row of rels.rows) {
    const pub = ctx.builder.lookup(PG_REPLICATION_CLASS.publication, row.pub_oid);
    const table = ctx.builder.lookup(PG_CLASS.class, row.relid);
    // A table the export does not carry cannot be added on the target.
    if (pub === undefined || table === undefined) continue;
    const detail: PgPublicationTableDetail = {
      publication: row.pub,
      table: { schema: row.schema, name: row.table_name },
      ...(row.columns === null ? {} : { columns: row.columns }),
      ...(row.qual === null ? {} : { where: row.qual }),
    };
    ctx.builder.add({ kind: 'PUBLICATION_TABLE', schema: null, name: `${row.pub} ${row.schema}.${row.table_name}`, phase: 'post-data', detail, deps: [refOf(pub), refOf(table)] }, [
      [PG_REPLICATION_CLASS.publicationRel, row.oid],
    ]);
  }
  if (!v15) return;
  const schemas = await ctx.conn.query<{ oid: number; pub_oid: number; pub: string; nsp_oid: number; schema: string }>(
    `SELECT pn.oid, pn.pnpubid AS pub_oid, p.pubname AS pub, pn.pnnspid AS nsp_oid, n.nspname AS schema
       FROM pg_publication_namespace pn JOIN pg_publication p ON p.oid = pn.pnpubid JOIN pg_namespace n ON n.oid = pn.pnnspid
      ORDER BY p.pubname, n.nspname`,
    [],
    action('publication schemas'),
  );
  for (const row of schemas.rows) {
    const pub = ctx.builder.lookup(PG_REPLICATION_CLASS.publication, row.pub_oid);
    const schema = ctx.builder.lookup(PG_CLASS.namespace, row.nsp_oid);
    if (pub === undefined || schema === undefined) continue;
    const detail: PgPublicationTableDetail = { publication: row.pub, schema: row.schema };
    ctx.builder.add({ kind: 'PUBLICATION_TABLE', schema: null, name: `${row.pub} TABLES IN SCHEMA ${row.schema}`, phase: 'post-data', detail, deps: [refOf(pub), refOf(schema)] }, [
      [PG_REPLICATION_CLASS.publicationNamespace, row.oid],
    ]);
  }
}

/**
 * Subscriptions of the current database (FULL mode), to be created as pg_dump creates them: without
 * connecting. Reading their connection strings takes a superuser; without one they are reported as
 * not exported, never dropped in silence.
 */
export async function introspectSubscriptions(ctx: IntrospectContext): Promise<NotExportedObject[]> {
  if (ctx.mode !== 'FULL') return [];
  const action = { action: 'introspect subscriptions' };
  const readable = (await ctx.conn.query<{ ok: boolean }>(`SELECT has_column_privilege('pg_catalog.pg_subscription', 'subconninfo', 'SELECT') AS ok`, [], action)).rows[0]?.ok === true;
  const here = 'subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())';
  if (!readable) {
    const names = await ctx.conn.query<{ name: string }>(`SELECT subname AS name FROM pg_catalog.pg_subscription WHERE ${here} ORDER BY subname`, [], action).catch(() => ({ rows: [] }));
    return names.rows.map((r) => ({ kind: 'SUBSCRIPTION', schema: null, name: r.name, reason: "reading a subscription's connection takes a superuser" }));
  }
  const r = await ctx.conn.query<{ oid: number; name: string; owner: string; s: Record<string, unknown>; comment: string | null }>(
    `SELECT s.oid, s.subname AS name, pg_get_userbyid(s.subowner) AS owner, to_jsonb(s) AS s, ${commentOf('s.oid', 'pg_subscription')} AS comment
       FROM pg_subscription s WHERE s.${here} ORDER BY s.subname`,
    [],
    action,
  );
  for (const row of r.rows) {
    const s = row.s;
    const stream = s['substream'];
    const detail: PgSubscriptionDetail = {
      conninfo: String(s['subconninfo'] ?? ''),
      publications: (s['subpublications'] as string[] | null) ?? [],
      slotName: (s['subslotname'] as string | null) ?? null,
      binary: s['subbinary'] === true,
      streaming: stream === true ? 't' : stream === false || stream === undefined || stream === null ? 'f' : String(stream),
      twoPhase: s['subtwophasestate'] !== undefined && s['subtwophasestate'] !== 'd',
      disableOnError: s['subdisableonerr'] === true,
      synchronousCommit: String(s['subsynccommit'] ?? 'off'),
    };
    const o = ctx.builder.add({ kind: 'SUBSCRIPTION', schema: null, name: row.name, owner: row.owner, phase: 'post-data', detail }, [[PG_REPLICATION_CLASS.subscription, row.oid]]);
    if (row.comment !== null) addComment(ctx, o, { type: 'SUBSCRIPTION', schema: null, name: row.name }, row.comment);
  }
  return [];
}
