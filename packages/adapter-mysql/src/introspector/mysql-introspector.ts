import {
  OBJECT_PATHS,
  refKey,
  type Catalog,
  type CatalogObject,
  type IntrospectScope,
  type NotExportedObject,
  type ObjectKind,
  type ObjectPhase,
  type ObjectRef,
  type ServerInfo,
} from '@sluice/adapter-kit';
import type { MysqlConnection } from '../mysql-connection.js';
import type { MysqlSchemaDetail } from '../model/mysql-details.js';
import type { MysqlDetailOf, MysqlObjectKind, MysqlObjectOf } from '../model/mysql-object.js';
import { qualify, quoteAccount, quoteIdent } from '../sql/mysql-quote.js';
import { qualifiedNames, tokenize } from '../sql/mysql-sql-lexer.js';
import { introspectChecks } from './mysql-introspect-checks.js';
import { introspectEvents } from './mysql-introspect-events.js';
import { introspectForeignKeys } from './mysql-introspect-foreign-keys.js';
import { introspectKeys } from './mysql-introspect-keys.js';
import { introspectPackages } from './mysql-introspect-packages.js';
import { introspectRoutines } from './mysql-introspect-routines.js';
import { introspectSequences } from './mysql-introspect-sequences.js';
import { introspectUnsupported } from './mysql-introspect-unsupported.js';
import { introspectLostHistory } from './mysql-introspect-history.js';
import { resolveScope } from './mysql-introspect-scope.js';
import { introspectTables } from './mysql-introspect-tables.js';
import { introspectTriggers } from './mysql-introspect-triggers.js';
import { connectionServer, introspectServers } from './mysql-introspect-servers.js';
import { introspectUsers } from './mysql-introspect-users.js';
import { introspectViews, type ViewFacts } from './mysql-introspect-views.js';

/** Renders an object's DDL for the catalog's `ddl` field when the server has no SHOW CREATE for it. */
export type DdlRenderer = (object: CatalogObject) => string[];

/** Build one catalog object, with the detail its kind has. */
function objectOf<K extends MysqlObjectKind>(
  kind: K,
  schema: string | null,
  name: string,
  phase: ObjectPhase,
  detail: MysqlDetailOf[K],
  deps: ObjectRef[],
  extra: { table?: string; owner?: string | null; ddl?: string } = {},
): MysqlObjectOf<K> {
  return {
    kind,
    path: OBJECT_PATHS[kind],
    schema,
    name,
    ...(extra.table === undefined ? {} : { table: extra.table }),
    ...(extra.owner === undefined || extra.owner === null ? {} : { owner: extra.owner }),
    phase,
    dependsOn: deps,
    ddl: extra.ddl ?? '',
    detail,
  };
}

const ref = (kind: ObjectKind, schema: string | null, name: string): ObjectRef => ({ kind, schema, name });

/**
 * Introspect the scope into catalog objects in dependency order: databases, accounts, sequences,
 * routines, tables (with their CHECKs), views (referenced views first); then, post-data, keys,
 * foreign keys, triggers, AUTO_INCREMENT counters and sequence positions, events and grants.
 * Sequences are schema objects: SCHEMA and FULL modes carry them, TABLE mode does not.
 */
export async function introspectCatalog(conn: MysqlConnection, scope: IntrospectScope, server: ServerInfo, render: DdlRenderer): Promise<Catalog> {
  const resolved = await resolveScope(conn, scope);
  const schemas = resolved.schemas;
  const pre: CatalogObject[] = [];
  const post: CatalogObject[] = [];
  const withDdl = (o: CatalogObject): CatalogObject => (o.ddl !== '' ? o : { ...o, ddl: render(o).join(';\n') });
  if (schemas.length === 0) return { server, objects: [] };

  if (resolved.includesSchemaObjects) pre.push(...(await schemaObjects(conn, schemas)));

  const users = resolved.userMetadata ? await introspectUsers(conn, resolved) : { users: [], grants: [], roles: [] };
  for (const u of users.users) pre.push(objectOf('USER', null, quoteAccount(u.user, u.host), 'pre-data', u, [], { ddl: u.createUser }));

  const sequences = resolved.includesSchemaObjects ? await introspectSequences(conn, schemas) : [];
  const sequenceValues: CatalogObject[] = [];
  for (const q of sequences) {
    const sequenceRef = ref('SEQUENCE', q.schema, q.name);
    pre.push(objectOf('SEQUENCE', q.schema, q.name, 'pre-data', q.detail, [ref('SCHEMA', null, q.schema)], { ddl: q.ddl }));
    sequenceValues.push(withDdl(objectOf('SEQUENCE_VALUE', q.schema, q.name, 'post-data', q.value, [sequenceRef])));
  }

  if (resolved.includesSchemaObjects) {
    // A package body needs its specification; views calling a package's functions need both.
    for (const p of await introspectPackages(conn, schemas)) {
      const kind = p.detail.packageType === 'PACKAGE' ? 'PACKAGE' : 'PACKAGE_BODY';
      const deps = [ref('SCHEMA', null, p.schema), ...(kind === 'PACKAGE_BODY' ? [ref('PACKAGE', p.schema, p.name)] : [])];
      pre.push(objectOf(kind, p.schema, p.name, 'pre-data', p.detail, deps, { owner: p.detail.definer, ddl: p.ddl }));
    }
    for (const r of await introspectRoutines(conn, schemas)) {
      pre.push(objectOf(r.detail.routineType, r.schema, r.name, 'pre-data', r.detail, [ref('SCHEMA', null, r.schema)], { owner: r.detail.definer, ddl: r.ddl }));
    }
  }

  const checks = await introspectChecks(conn, schemas);
  const keys = await introspectKeys(conn, schemas);
  const tables = await introspectTables(conn, resolved, keys, checks);
  // Server definitions are global, as users are: a FULL export carries them all, a narrower one those
  // its tables name (CONNECTION='server/table'). Their passwords are masked in the master table.
  const servers = await introspectServers(conn, resolved.mode === 'FULL' ? undefined : tables.map((t) => connectionServer(t.ddl)).filter((n) => n !== undefined));
  for (const v of servers.servers) pre.push(withDdl(objectOf('SERVER', null, v.name, 'pre-data', v.detail, [])));
  const serverNamed = new Map(servers.servers.map((v) => [v.name.toLowerCase(), v.name]));
  const postKeys: CatalogObject[] = [];
  const autoIncrements: CatalogObject[] = [];
  for (const t of tables) {
    const tableRef = ref('TABLE', t.schema, t.name);
    const drawsFrom = sequencesInDefaults(t.detail.columns, sequences);
    const server = serverNamed.get(connectionServer(t.ddl)?.toLowerCase() ?? '');
    const deps = [ref('SCHEMA', null, t.schema), ...drawsFrom, ...(server === undefined ? [] : [ref('SERVER', null, server)])];
    pre.push(objectOf('TABLE', t.schema, t.name, 'pre-data', t.detail, deps, { ddl: t.ddl }));
    for (const c of t.checks) {
      pre.push(withDdl(objectOf('CONSTRAINT', t.schema, c.name, 'pre-data', { table: t.name, name: c.name, clause: c.clause }, [tableRef], { table: t.name })));
    }
    for (const k of t.secondaryKeys) {
      const kind = k.kind === 'UNIQUE' ? 'CONSTRAINT' : 'INDEX';
      postKeys.push(withDdl(objectOf(kind, t.schema, k.name, 'post-data', { ...k, table: t.name }, [tableRef], { table: t.name })));
    }
    if (t.detail.autoIncrement !== null) {
      autoIncrements.push(withDdl(objectOf('SEQUENCE_VALUE', t.schema, t.name, 'post-data', { table: t.name, value: t.detail.autoIncrement }, [tableRef], { table: t.name })));
    }
  }

  const views = await introspectViews(conn, resolved);
  const known = new Map(pre.map((o) => [refKey(o), o]));
  for (const v of orderViews(views, schemas)) {
    const deps = [ref('SCHEMA', null, v.schema), ...viewDependencies(v, schemas, known, views)];
    const view = objectOf('VIEW', v.schema, v.name, 'pre-data', v.detail, deps, { owner: v.detail.definer, ddl: v.ddl });
    pre.push(view);
    known.set(refKey(view), view);
  }

  post.push(...postKeys);
  for (const fk of await introspectForeignKeys(conn, schemas)) {
    if (!resolved.includesTable(fk.schema, fk.table)) continue;
    const { schema, ...detail } = fk;
    post.push(withDdl(objectOf('REF_CONSTRAINT', schema, fk.name, 'post-data', detail, [ref('TABLE', schema, fk.table), ref('TABLE', fk.refSchema, fk.refTable)], { table: fk.table })));
  }
  for (const tr of await introspectTriggers(conn, resolved)) {
    post.push(objectOf('TRIGGER', tr.schema, tr.name, 'post-data', tr.detail, [ref('TABLE', tr.schema, tr.detail.table)], { table: tr.detail.table, owner: tr.detail.definer, ddl: tr.ddl }));
  }
  post.push(...autoIncrements, ...sequenceValues);
  if (resolved.includesSchemaObjects) {
    for (const e of await introspectEvents(conn, schemas)) {
      post.push(objectOf('EVENT', e.schema, e.name, 'post-data', e.detail, [ref('SCHEMA', null, e.schema)], { owner: e.detail.definer, ddl: e.ddl }));
    }
  }
  for (const g of users.grants) {
    const target = g.level === 'SCHEMA' ? `${quoteIdent(g.schema)}.*` : `${g.level === 'TABLE' ? '' : `${g.level} `}${qualify(g.schema, g.object ?? '')}`;
    const deps: ObjectRef[] = [ref('USER', null, quoteAccount(g.user, g.host))];
    if (g.level === 'TABLE' && g.object !== null) deps.push(ref('TABLE', g.schema, g.object));
    if ((g.level === 'FUNCTION' || g.level === 'PROCEDURE') && g.object !== null) deps.push(ref(g.level, g.schema, g.object));
    if (g.level === 'SCHEMA') deps.push(ref('SCHEMA', null, g.schema));
    post.push(withDdl(objectOf('GRANT', g.schema, `${target} TO ${quoteAccount(g.user, g.host)}`, 'post-data', g, deps, g.level === 'TABLE' && g.object !== null ? { table: g.object } : {})));
  }
  const notExported = [...(await introspectUnsupported(conn, resolved, tables)), ...(await introspectLostHistory(conn, tables)), ...users.roles.map(rolesNotExported), ...servers.notExported];
  return { server, objects: [...pre, ...post], ...(notExported.length === 0 ? {} : { notExported }) };
}

async function schemaObjects(conn: MysqlConnection, schemas: readonly string[]): Promise<CatalogObject[]> {
  const comment = conn.features.supportsSchemaComments ? ', SCHEMA_COMMENT AS comment' : '';
  const rows = await conn.textRows(
    `SELECT SCHEMA_NAME AS s, DEFAULT_CHARACTER_SET_NAME AS cs, DEFAULT_COLLATION_NAME AS coll${comment}
       FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (?) ORDER BY SCHEMA_NAME`,
    [schemas],
  );
  const out: CatalogObject[] = [];
  for (const r of rows) {
    const name = r['s'] as string;
    const detail: MysqlSchemaDetail = { charset: r['cs'] ?? 'utf8mb4', collation: r['coll'] ?? '', ...(r['comment'] ? { comment: r['comment'] } : {}) };
    const show = await conn.textRow(`SHOW CREATE DATABASE ${qualify(null, name)}`);
    out.push(objectOf('SCHEMA', null, name, 'pre-data', detail, [], { ddl: show?.['Create Database'] ?? '' }));
  }
  return out;
}

/** The exported sequences a table's column defaults draw from (`nextval(`db`.`s`)`). */
function sequencesInDefaults(columns: readonly { readonly default: string | null }[], sequences: readonly { schema: string; name: string }[]): ObjectRef[] {
  const out = new Map<string, ObjectRef>();
  for (const c of columns) {
    if (c.default === null || !/\bnextval\s*\(/i.test(c.default)) continue;
    for (const q of qualifiedNames(tokenize(c.default))) {
      const [schema, name] = q.parts;
      if (q.parts.length === 2 && sequences.some((s) => s.schema === schema && s.name === name)) out.set(`${schema}\0${name}`, ref('SEQUENCE', schema as string, name as string));
    }
  }
  return [...out.values()];
}

/** Dotted names in a view body that are tables, views or functions of the exported databases. */
function referencedNames(body: string, schemas: readonly string[]): { schema: string; name: string; call: boolean }[] {
  const out: { schema: string; name: string; call: boolean }[] = [];
  for (const q of qualifiedNames(tokenize(body))) {
    const [schema, name] = q.parts;
    if (schema !== undefined && name !== undefined && schemas.includes(schema)) out.push({ schema, name, call: q.call && q.parts.length === 2 });
  }
  return out;
}

function viewDependencies(v: ViewFacts, schemas: readonly string[], known: ReadonlyMap<string, CatalogObject>, views: readonly ViewFacts[]): ObjectRef[] {
  const deps = new Map<string, ObjectRef>();
  for (const r of referencedNames(v.detail.body, schemas)) {
    const candidates: ObjectKind[] = r.call ? ['FUNCTION'] : ['TABLE', 'VIEW'];
    for (const kind of candidates) {
      const rr = ref(kind, r.schema, r.name);
      const isView = kind === 'VIEW' && views.some((w) => w.schema === r.schema && w.name === r.name && w !== v);
      if (known.has(refKey(rr)) || isView) deps.set(refKey(rr), rr);
    }
  }
  return [...deps.values()];
}

/** Views ordered so that each comes after the views it selects from. */
function orderViews(views: readonly ViewFacts[], schemas: readonly string[]): ViewFacts[] {
  const byKey = new Map(views.map((v) => [`${v.schema}\0${v.name}`, v]));
  const done = new Set<ViewFacts>();
  const visiting = new Set<ViewFacts>();
  const out: ViewFacts[] = [];
  const visit = (v: ViewFacts): void => {
    if (done.has(v) || visiting.has(v)) return;
    visiting.add(v);
    for (const r of referencedNames(v.detail.body, schemas)) {
      const w = byKey.get(`${r.schema}\0${r.name}`);
      if (w !== undefined && w !== v) visit(w);
    }
    visiting.delete(v);
    done.add(v);
    out.push(v);
  };
  for (const v of views) visit(v);
  return out;
}

/** A MariaDB role holding privileges in the exported databases: named in the log, never dropped in silence. */
function rolesNotExported(role: string): NotExportedObject {
  return { kind: 'ROLE', schema: null, name: role, reason: 'roles and the privileges granted to them are not exported yet; create the role and grant its privileges on the target' };
}
