import type { NotExportedObject, TableRef } from '@sluice/adapter-kit';
import type { PgInlineCheck } from '../model/postgres-details.js';
import type { PgForeignDataWrapperDetail, PgForeignTableDetail, PgOption, PgServerDetail, PgUserMappingDetail } from '../model/postgres-global-details.js';
import { aclJson, notExtensionMember, PG_CLASS, refOf, type PendingObject, commentOf } from './postgres-catalog-builder.js';
import { grantDetail, type AclItem } from './postgres-acl.js';
import { addComment, addGrant } from './postgres-introspect-annotations.js';
import { introspectColumns } from './postgres-introspect-columns.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';

/** Catalog class oids of the foreign-data objects, as pg_depend names them. */
export const PG_FOREIGN_CLASS = { wrapper: 2328, server: 1417, userMapping: 1418 } as const;

/** SQL for generic options (`fdwoptions`, `srvoptions`...) as JSON `[[name, value], ...]` in catalog order. */
export function optionsJson(expr: string): string {
  return `coalesce((SELECT json_agg(json_build_array(o.option_name, o.option_value) ORDER BY o.n)
     FROM pg_options_to_table(${expr}) WITH ORDINALITY AS o(option_name, option_value, n)), '[]'::json)`;
}

interface Annotated {
  oid: number;
  name: string;
  owner: string;
  comment: string | null;
  acl: AclItem[] | null;
  defacl: AclItem[] | null;
  options: PgOption[];
}

/**
 * Foreign-data wrappers, servers and user mappings (FULL mode: they belong to the database, as
 * pg_dump dumps them only without -n/-t). Three queries, whatever their number. Returns the user
 * mappings whose options the exporting user may not read, to be named as not exported.
 */
export async function introspectForeignServers(ctx: IntrospectContext): Promise<NotExportedObject[]> {
  if (ctx.mode !== 'FULL') return [];
  const action = (what: string) => ({ action: `introspect ${what}` });
  const wrappers = await ctx.conn.query<Annotated & { handler: string | null; validator: string | null }>(
    `SELECT w.oid, w.fdwname AS name, pg_get_userbyid(w.fdwowner) AS owner,
            CASE WHEN w.fdwhandler <> 0 THEN w.fdwhandler::regproc::text END AS handler,
            CASE WHEN w.fdwvalidator <> 0 THEN w.fdwvalidator::regproc::text END AS validator,
            ${optionsJson('w.fdwoptions')} AS options, ${commentOf('w.oid', 'pg_foreign_data_wrapper')} AS comment,
            ${aclJson('w.fdwacl')} AS acl, ${aclJson("acldefault('F', w.fdwowner)")} AS defacl
       FROM pg_foreign_data_wrapper w
      WHERE ${notExtensionMember(PG_FOREIGN_CLASS.wrapper, 'w.oid')}
      ORDER BY w.fdwname`,
    [],
    action('foreign-data wrappers'),
  );
  for (const row of wrappers.rows) {
    const detail: PgForeignDataWrapperDetail = { handler: row.handler, validator: row.validator, options: row.options };
    const o = ctx.builder.add({ kind: 'FOREIGN_DATA_WRAPPER', schema: null, name: row.name, owner: row.owner, phase: 'pre-data', detail }, [[PG_FOREIGN_CLASS.wrapper, row.oid]]);
    annotate(ctx, o, 'FOREIGN DATA WRAPPER', 'FOREIGN DATA WRAPPER', row);
  }
  const servers = await ctx.conn.query<Annotated & { wrapper: string; wrapper_oid: number; type: string | null; version: string | null }>(
    `SELECT s.oid, s.srvname AS name, pg_get_userbyid(s.srvowner) AS owner, w.fdwname AS wrapper, w.oid AS wrapper_oid,
            s.srvtype AS type, s.srvversion AS version, ${optionsJson('s.srvoptions')} AS options,
            ${commentOf('s.oid', 'pg_foreign_server')} AS comment,
            ${aclJson('s.srvacl')} AS acl, ${aclJson("acldefault('S', s.srvowner)")} AS defacl
       FROM pg_foreign_server s JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw
      WHERE ${notExtensionMember(PG_FOREIGN_CLASS.server, 's.oid')}
      ORDER BY s.srvname`,
    [],
    action('foreign servers'),
  );
  for (const row of servers.rows) {
    const detail: PgServerDetail = { wrapper: row.wrapper, type: row.type, version: row.version, options: row.options };
    const wrapper = ctx.builder.lookup(PG_FOREIGN_CLASS.wrapper, row.wrapper_oid);
    const o = ctx.builder.add({ kind: 'SERVER', schema: null, name: row.name, owner: row.owner, phase: 'pre-data', detail, deps: wrapper === undefined ? [] : [refOf(wrapper)] }, [
      [PG_FOREIGN_CLASS.server, row.oid],
    ]);
    // COMMENT ON SERVER, but GRANT ... ON FOREIGN SERVER.
    annotate(ctx, o, 'SERVER', 'FOREIGN SERVER', row);
  }
  // pg_user_mappings shows the options to whom may see them (superusers, the server's owner, the
  // mapped user), as pg_dump reads them; \`readable\` is the view's own test. pg_dump writes a mapping
  // it may not read without its options; Sluice names it as not exported instead.
  const mappings = await ctx.conn.query<{ oid: number; server_oid: number; server: string; umuser: number; usename: string; options: PgOption[]; readable: boolean }>(
    `SELECT m.umid AS oid, m.srvid AS server_oid, m.srvname AS server, m.umuser, m.usename, ${optionsJson('m.umoptions')} AS options,
            coalesce((m.umuser <> 0 AND m.usename = current_user AND (pg_has_role(s.srvowner, 'USAGE') OR has_server_privilege(s.oid, 'USAGE')))
                     OR (m.umuser = 0 AND pg_has_role(s.srvowner, 'USAGE'))
                     OR (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user), false) AS readable
       FROM pg_user_mappings m JOIN pg_foreign_server s ON s.oid = m.srvid ORDER BY m.srvname, m.usename`,
    [],
    action('user mappings'),
  );
  const unreadable: NotExportedObject[] = [];
  for (const row of mappings.rows) {
    const server = ctx.builder.lookup(PG_FOREIGN_CLASS.server, row.server_oid);
    if (server === undefined) continue;
    const user = row.umuser === 0 ? 'PUBLIC' : row.usename;
    if (!row.readable) {
      unreadable.push({ kind: 'USER_MAPPING', schema: null, name: `${user} SERVER ${row.server}`, reason: "reading a user mapping's options takes a superuser or the server's owner" });
      continue;
    }
    const detail: PgUserMappingDetail = { user, server: row.server, options: row.options };
    ctx.builder.add({ kind: 'USER_MAPPING', schema: null, name: `${user} SERVER ${row.server}`, phase: 'pre-data', detail, deps: [refOf(server)] }, [[PG_FOREIGN_CLASS.userMapping, row.oid]]);
  }
  return unreadable;
}

function annotate(ctx: IntrospectContext, o: PendingObject, commentType: string, grantType: string, row: Annotated): void {
  if (row.comment !== null) addComment(ctx, o, { type: commentType, schema: null, name: row.name }, row.comment);
  if (row.acl !== null) addGrant(ctx, o, grantDetail({ type: grantType, schema: null, name: row.name }, row.acl, row.defacl));
}

interface ForeignTableRow {
  oid: number;
  schema: string;
  name: string;
  owner: string;
  server: string;
  server_oid: number;
  options: PgOption[];
  is_partition: boolean;
  bound: string | null;
  parents: TableRef[] | null;
  rowtype: number;
  comment: string | null;
  acl: AclItem[] | null;
  defacl: AclItem[] | null;
  checks: (PgInlineCheck & { oid: number })[] | null;
  column_options: { column: string; options: PgOption[] }[] | null;
  defaults: number[] | null;
}

/**
 * Foreign tables of the exported schemas (or TABLE mode's partitions), as TABLE objects of kind
 * `foreign` with no data to unload: their rows live on the foreign server (pg_dump leaves them out
 * too unless asked with --include-foreign-data).
 */
export async function introspectForeignTables(ctx: IntrospectContext): Promise<void> {
  const r = await ctx.conn.query<ForeignTableRow>(
    `SELECT c.oid, n.nspname AS schema, c.relname AS name, pg_get_userbyid(c.relowner) AS owner,
            s.srvname AS server, s.oid AS server_oid, ${optionsJson('ft.ftoptions')} AS options,
            c.relispartition AS is_partition, CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS bound,
            (SELECT json_agg(json_build_object('schema', pn.nspname, 'name', p.relname) ORDER BY i.inhseqno)
               FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
              WHERE i.inhrelid = c.oid) AS parents,
            c.reltype AS rowtype, ${commentOf('c.oid', 'pg_class')} AS comment,
            ${aclJson('c.relacl')} AS acl, ${aclJson("acldefault('r', c.relowner)")} AS defacl,
            (SELECT json_agg(json_build_object('oid', co.oid, 'name', co.conname, 'definition', pg_get_constraintdef(co.oid)) ORDER BY co.conname)
               FROM pg_constraint co WHERE co.conrelid = c.oid AND co.contype = 'c' AND co.convalidated AND co.conislocal) AS checks,
            (SELECT json_agg(json_build_object('column', a.attname, 'options', ${optionsJson('a.attfdwoptions')}) ORDER BY a.attnum)
               FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attfdwoptions IS NOT NULL) AS column_options,
            ARRAY(SELECT ad.oid FROM pg_attrdef ad WHERE ad.adrelid = c.oid) AS defaults
       FROM pg_foreign_table ft
       JOIN pg_class c ON c.oid = ft.ftrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_foreign_server s ON s.oid = ft.ftserver
      WHERE (c.relnamespace = ANY($1::oid[]) OR c.oid = ANY($2::oid[])) AND ${notExtensionMember(PG_CLASS.class, 'c.oid')}
      ORDER BY n.nspname, c.relname`,
    [ctx.schemaOids, ctx.tableOids],
    { action: 'introspect foreign tables' },
  );
  if (r.rows.length === 0) return;
  const columns = await introspectColumns(
    ctx,
    r.rows.map((t) => t.oid),
  );
  for (const row of r.rows) {
    const cols = columns.get(row.oid) ?? [];
    const parents = row.parents ?? [];
    const partitionParent = row.is_partition ? parents[0] : undefined;
    const detail: PgForeignTableDetail = {
      columns: cols.map((c) => c.column),
      keyColumns: [],
      tableKind: 'foreign',
      ...(partitionParent === undefined ? {} : { partitionOf: { parent: partitionParent, bound: row.bound ?? '' } }),
      tablespace: null,
      storageTablespace: null,
      ...(row.comment === null ? {} : { comment: row.comment }),
      hasData: false,
      inherits: row.is_partition ? [] : parents,
      checks: (row.checks ?? []).map((c) => ({ name: c.name, definition: c.definition })),
      ownedSequences: [],
      replicaIdentity: 'd',
      rowSecurity: false,
      forceRowSecurity: false,
      foreign: { server: row.server, options: row.options, columnOptions: row.column_options ?? [] },
    };
    const server = ctx.builder.lookup(PG_FOREIGN_CLASS.server, row.server_oid);
    const table = ctx.builder.add({ kind: 'TABLE', schema: row.schema, name: row.name, owner: row.owner, phase: 'pre-data', detail, deps: server === undefined ? [] : [refOf(server)] }, [
      [PG_CLASS.class, row.oid],
      [PG_CLASS.type, row.rowtype],
    ]);
    ctx.relationOids.push(row.oid);
    for (const c of row.checks ?? []) ctx.builder.alias(PG_CLASS.constraint, c.oid, table);
    for (const d of row.defaults ?? []) ctx.builder.alias(PG_CLASS.attrdef, d, table);
    const target = { type: 'FOREIGN TABLE', schema: row.schema, name: row.name, table: row.name };
    if (row.comment !== null) addComment(ctx, table, target, row.comment);
    for (const c of cols) {
      if (c.column.comment !== undefined) addComment(ctx, table, { type: 'COLUMN', schema: row.schema, name: c.column.name, table: row.name }, c.column.comment);
    }
    const columnGrants = cols.flatMap((c) => (c.acl ?? []).map((a) => ({ grantee: a.g, privilege: a.p, grantable: a.o, column: c.column.name })));
    if (row.acl !== null || columnGrants.length > 0) {
      addGrant(ctx, table, grantDetail({ type: 'TABLE', schema: row.schema, name: row.name, table: row.name }, row.acl, row.defacl, columnGrants));
    }
  }
}
