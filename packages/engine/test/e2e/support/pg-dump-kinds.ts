import { execFileSync } from 'node:child_process';

/** One entry of pg_dump's table of contents, as its plain output heads it (`-- Name: N; Type: K; Schema: S; Owner: O`), with its SQL. */
export interface DumpEntry {
  readonly kind: string;
  /** `-` for objects that belong to no schema. */
  readonly schema: string;
  readonly name: string;
  readonly body: string;
}

/**
 * Every entry of a database's plain pg_dump. The whole dump is read (the corpus is small), because
 * `--schema-only` leaves large objects out; data entries are accounted for like any other kind.
 */
export function dumpEntries(url: string): DumpEntry[] {
  const text = execFileSync('pg_dump', ['-d', url], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const heads = [...text.matchAll(/^-- (?:Data for )?Name: (.*); Type: (.*); Schema: (.*); Owner: .*$/gm)];
  return heads.map((m, i) => ({
    name: m[1] as string,
    kind: m[2] as string,
    schema: m[3] as string,
    body: text.slice((m.index ?? 0) + m[0].length, heads[i + 1]?.index ?? text.length),
  }));
}

/** How a pg_dump kind is accounted for in Sluice's terms. */
type Accounting =
  /** Counted: objects of this pg_dump kind are Sluice objects of `group` (exported, or named as not exported). */
  | { readonly group: string }
  /** Carried inside another object (a column default inside its table, a partition's bound inside the partition...), never an object of its own. */
  | { readonly within: string }
  /** A comment or ACL: counted as COMMENT / GRANT, unless its object is one Sluice names as not exported (it goes with it). */
  | { readonly on: 'COMMENT' | 'GRANT' }
  /** A setting of the dump itself, not an object. */
  | { readonly setting: true };

/**
 * Every kind pg_dump writes (PostgreSQL 15), mapped to how Sluice accounts for it. Sluice kinds are
 * compared with `_` read as a space, so `MATERIALIZED_VIEW` is the group `MATERIALIZED VIEW`. A few
 * entries of a kind are carried differently, by their SQL (see `accountingOf`).
 */
export const PG_DUMP_KINDS: Readonly<Record<string, Accounting>> = {
  'ACCESS METHOD': { group: 'ACCESS METHOD' },
  ACL: { on: 'GRANT' },
  AGGREGATE: { group: 'AGGREGATE' },
  BLOB: { group: 'LARGE OBJECT' },
  // The data of every large object, which Sluice moves as the rows of the pseudo table pg_catalog.pg_largeobject.
  BLOBS: { group: 'TABLE' },
  CAST: { group: 'CAST' },
  'CHECK CONSTRAINT': { group: 'CONSTRAINT' },
  COLLATION: { group: 'COLLATION' },
  COMMENT: { on: 'COMMENT' },
  CONSTRAINT: { group: 'CONSTRAINT' },
  CONVERSION: { group: 'CONVERSION' },
  DATABASE: { setting: true },
  'DATABASE PROPERTIES': { setting: true },
  DEFAULT: { within: 'TABLE' },
  'DEFAULT ACL': { group: 'GRANT' },
  DOMAIN: { group: 'DOMAIN' },
  ENCODING: { setting: true },
  'EVENT TRIGGER': { group: 'EVENT TRIGGER' },
  EXTENSION: { group: 'EXTENSION' },
  'FK CONSTRAINT': { group: 'REF CONSTRAINT' },
  'FOREIGN DATA WRAPPER': { group: 'FOREIGN DATA WRAPPER' },
  'FOREIGN TABLE': { group: 'TABLE' },
  FUNCTION: { group: 'FUNCTION' },
  INDEX: { group: 'INDEX' },
  'INDEX ATTACH': { within: 'INDEX' },
  'MATERIALIZED VIEW': { group: 'MATERIALIZED VIEW' },
  'MATERIALIZED VIEW DATA': { within: 'MATERIALIZED VIEW' },
  OPERATOR: { group: 'OPERATOR' },
  'OPERATOR CLASS': { group: 'OPERATOR CLASS' },
  'OPERATOR FAMILY': { group: 'OPERATOR FAMILY' },
  POLICY: { group: 'POLICY' },
  'PROCEDURAL LANGUAGE': { group: 'PROCEDURAL LANGUAGE' },
  PROCEDURE: { group: 'PROCEDURE' },
  PUBLICATION: { group: 'PUBLICATION' },
  'PUBLICATION TABLE': { group: 'PUBLICATION TABLE' },
  'PUBLICATION TABLES IN SCHEMA': { group: 'PUBLICATION TABLE' },
  'ROW SECURITY': { within: 'TABLE' },
  RULE: { group: 'RULE' },
  SCHEMA: { group: 'SCHEMA' },
  SEARCHPATH: { setting: true },
  'SECURITY LABEL': { group: 'SECURITY LABEL' },
  SEQUENCE: { group: 'SEQUENCE' },
  'SEQUENCE OWNED BY': { within: 'SEQUENCE' },
  'SEQUENCE SET': { group: 'SEQUENCE VALUE' },
  SERVER: { group: 'SERVER' },
  'SHELL TYPE': { group: 'SHELL TYPE' },
  STATISTICS: { group: 'STATISTICS' },
  STDSTRINGS: { setting: true },
  SUBSCRIPTION: { group: 'SUBSCRIPTION' },
  TABLE: { group: 'TABLE' },
  'TABLE ATTACH': { within: 'TABLE' },
  'TABLE DATA': { within: 'TABLE' },
  'TEXT SEARCH CONFIGURATION': { group: 'TEXT SEARCH CONFIGURATION' },
  'TEXT SEARCH DICTIONARY': { group: 'TEXT SEARCH DICTIONARY' },
  'TEXT SEARCH PARSER': { group: 'TEXT SEARCH PARSER' },
  'TEXT SEARCH TEMPLATE': { group: 'TEXT SEARCH TEMPLATE' },
  TRANSFORM: { group: 'TRANSFORM' },
  TRIGGER: { group: 'TRIGGER' },
  TYPE: { group: 'TYPE' },
  'USER MAPPING': { group: 'USER MAPPING' },
  VIEW: { group: 'VIEW' },
};

/**
 * The group a kind Sluice names as not exported counts in: a base or shell type is a TYPE that did
 * not come across, a changed privilege of a built-in object a GRANT; a typed table's lost OF clause is
 * a property of a TABLE that is counted as exported (null: no count of its own).
 */
export function notExportedGroup(kind: string): string | null {
  if (kind === 'TYPE (base)' || kind === 'TYPE (shell)') return 'TYPE';
  if (kind === 'GRANT (built-in object)') return 'GRANT';
  if (kind === 'TABLE (OF type)') return null;
  return kind.replaceAll('_', ' ');
}

/** An object Sluice named as not exported, as the job row of the master table lists it. */
export interface NotExported {
  readonly kind: string;
  readonly schema: string | null;
  readonly name: string;
}

const squeeze = (s: string): string => s.replace(/["()\s]/g, '');

/** The not-exported object a COMMENT or ACL entry is about, if any (names compared without quotes, parentheses and spaces). */
function aboutNotExported(e: DumpEntry, notExported: readonly NotExported[]): NotExported | undefined {
  const target = squeeze(e.name.replace(/^(?:[A-Z]+ )+/, ''));
  return notExported.find((o) => {
    // A typed table's lost OF clause leaves the table itself exported, with its comments and grants.
    if (notExportedGroup(o.kind) === null || (o.schema ?? '-') !== e.schema) return false;
    const name = squeeze(o.name);
    return squeeze(e.name) === name || target === name || target.startsWith(`${name}USING`);
  });
}

/** The group one entry counts in, or null when it is carried inside another object or is no object at all. */
export function accountingOf(e: DumpEntry, notExported: readonly NotExported[]): string | null {
  const a = PG_DUMP_KINDS[e.kind];
  if (a === undefined) throw new Error(`pg_dump kind ${e.kind} (${e.schema} ${e.name}) is not in PG_DUMP_KINDS: say how Sluice carries it`);
  if ('within' in a || 'setting' in a) return null;
  // An identity column's sequence is created by its table; a view's _RETURN rule is the view; a domain's NOT VALID check is part of the domain.
  if (e.kind === 'SEQUENCE' && /ADD GENERATED (ALWAYS|BY DEFAULT) AS IDENTITY/.test(e.body)) return null;
  if (e.kind === 'RULE' && e.name.endsWith(' _RETURN')) return null;
  if (e.kind === 'CHECK CONSTRAINT' && /^\s*ALTER DOMAIN /m.test(e.body)) return null;
  // A shell type never defined is a TYPE entry for pg_dump (`CREATE TYPE s.t;`), a SHELL_TYPE for Sluice.
  if (e.kind === 'TYPE' && /^\s*CREATE TYPE [^\s(]+;\s*$/m.test(e.body)) return 'SHELL TYPE';
  if ('on' in a) {
    // A column's privileges are part of its table's GRANT (counted once per table by accountFor).
    if (a.on === 'GRANT' && e.name.startsWith('COLUMN ')) return null;
    const about = aboutNotExported(e, notExported);
    if (about === undefined) return a.on;
    return about.kind === 'GRANT (built-in object)' ? 'GRANT' : null;
  }
  return a.group;
}

/** Count pg_dump's entries and Sluice's objects (exported and named as not exported) by group; equal maps mean nothing vanished. */
export function accountFor(entries: readonly DumpEntry[], exportedKinds: readonly string[], notExported: readonly NotExported[]): { pgDump: Record<string, number>; sluice: Record<string, number> } {
  const pgDump: Record<string, number> = {};
  const sluice: Record<string, number> = {};
  const add = (to: Record<string, number>, group: string | null): void => {
    if (group !== null) to[group] = (to[group] ?? 0) + 1;
  };
  for (const e of entries) add(pgDump, accountingOf(e, notExported));
  // Sluice keeps a relation's column privileges in its GRANT: one for a table or view that has only column privileges.
  const relation = (schema: string, name: string): string => `${schema}\u0000${name}`;
  const withTableAcl = new Set(entries.filter((e) => e.kind === 'ACL' && e.name.startsWith('TABLE ')).map((e) => relation(e.schema, e.name.slice(6))));
  const columnOnly = new Set<string>();
  for (const e of entries) {
    const table = e.kind === 'ACL' ? /^COLUMN ((?:"(?:[^"]|"")*"|[^."]+))\./.exec(e.name)?.[1] : undefined;
    if (table !== undefined && !withTableAcl.has(relation(e.schema, table))) columnOnly.add(relation(e.schema, table));
  }
  if (columnOnly.size > 0) pgDump['GRANT'] = (pgDump['GRANT'] ?? 0) + columnOnly.size;
  for (const k of exportedKinds) add(sluice, k.replaceAll('_', ' '));
  for (const o of notExported) add(sluice, notExportedGroup(o.kind));
  return { pgDump: sorted(pgDump), sluice: sorted(sluice) };
}

function sorted(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
}
