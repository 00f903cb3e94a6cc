import { refKey, type CatalogObject, type ObjectKind } from '@sluice/adapter-kit';

/** Priority of all table data: every chunk of every table may load at once. */
export const DATA_PRIORITY = 2_000_000;
/** Pre-data objects run in dependency order from here: one at a time, or in stages (PRE_PARALLEL). */
const PRE_DATA_BASE = 1_000;
/**
 * Pre-data kinds whose objects of one run (consecutive in dependency order, same kind rank) may be
 * created at once: each waits only for what it depends on in the run (a partition for its parent, a
 * view for the views it reads). Thousands of tables then share a few priorities, so every worker
 * can claim one, and a claim finds the next item where the last one was.
 */
const PRE_PARALLEL: ReadonlySet<ObjectKind> = new Set<ObjectKind>(['TABLE', 'VIEW', 'SEQUENCE']);
/** Post-data groups run after the data, one group after another. */
const POST_DATA_BASE = 3_000_000;
const POST_GROUP = 1_000_000;

/** Pre-data creation order by kind (DESIGN: schemas, types, sequences, ..., tables). */
const PRE_RANK: Partial<Record<ObjectKind, number>> = {
  USER: 0,
  ROLE: 0,
  SCHEMA: 1,
  EXTENSION: 2,
  TYPE: 3,
  DOMAIN: 3,
  SEQUENCE: 4,
  FUNCTION: 5,
  PROCEDURE: 5,
  AGGREGATE: 5,
  PACKAGE: 5,
  PACKAGE_BODY: 5,
  TABLE: 6,
  VIEW: 7,
  MATERIALIZED_VIEW: 7,
  COMMENT: 8,
  GRANT: 9,
  // Definitions (PostgreSQL): as pg_dump orders them, their dependencies deciding the rest.
  PROCEDURAL_LANGUAGE: 2,
  ACCESS_METHOD: 2,
  COLLATION: 3,
  SHELL_TYPE: 3,
  CONVERSION: 5,
  OPERATOR: 5,
  OPERATOR_FAMILY: 5,
  OPERATOR_CLASS: 5,
  CAST: 5,
  TRANSFORM: 5,
  TEXT_SEARCH_PARSER: 5,
  TEXT_SEARCH_TEMPLATE: 5,
  TEXT_SEARCH_DICTIONARY: 5,
  TEXT_SEARCH_CONFIGURATION: 5,
};

/**
 * Post-data groups in order: indexes (built in parallel), constraints, foreign keys, triggers, then
 * the rest. `true`: the group's objects may run at once; `false`: one at a time in dependency order;
 * `'per-table'`: the objects of one table one at a time in source order, different tables at once
 * (MySQL fires triggers of one table and event in the order they were created).
 */
const POST_GROUPS: readonly { readonly kinds: readonly ObjectKind[]; readonly parallel: boolean | 'per-table' }[] = [
  { kinds: ['INDEX'], parallel: true },
  { kinds: ['CONSTRAINT'], parallel: true },
  { kinds: ['REF_CONSTRAINT'], parallel: true },
  { kinds: ['TRIGGER'], parallel: 'per-table' },
  { kinds: ['FUNCTION', 'PROCEDURE', 'AGGREGATE', 'VIEW', 'MATERIALIZED_VIEW', 'EVENT', 'TYPE', 'DOMAIN', 'SEQUENCE', 'TABLE', 'USER', 'ROLE', 'SCHEMA', 'EXTENSION'], parallel: false },
  { kinds: ['SEQUENCE_VALUE'], parallel: true },
  { kinds: ['COMMENT'], parallel: true },
  { kinds: ['GRANT'], parallel: true },
  // Last of all, as pg_dump restores them: an event trigger must not fire on the import's own DDL.
  { kinds: ['EVENT_TRIGGER'], parallel: false },
];

/**
 * Grants on a schema (or database) come before the other grants, which run at once after them: a
 * grant made as another role than the owner (`SET ROLE grantor; GRANT ... ON s.t`) needs that role's
 * USAGE on the schema, which may be one of the schema's grants.
 */
function grantStage(object: CatalogObject): number {
  if (object.kind !== 'GRANT') return 0;
  return /^(SCHEMA|DATABASE) /.test(object.name) ? 0 : 1;
}

/** The post-data groups that add keys to a table. */
const KEY_KINDS: ReadonlySet<ObjectKind> = new Set(['INDEX', 'CONSTRAINT']);

/** An object with its position in the source catalog. */
export interface OrderedObject {
  readonly object: CatalogObject;
  readonly order: number;
}

/**
 * The import priority of every object: pre-data in dependency order (kind rank, then the catalog's
 * order, never before what it depends on), tables, views and sequences in stages, the rest one at a
 * time; post-data in groups. `orderedKeys` (the target shows a table's keys in the order they were
 * added): the key groups run per table, in source order. Returns priorities in the order of `objects`.
 */
export function importPriorities(objects: readonly OrderedObject[], options: { readonly orderedKeys?: boolean } = {}): number[] {
  const result = new Array<number>(objects.length).fill(0);
  const pre = objects.map((o, i) => ({ ...o, i })).filter((o) => o.object.phase !== 'post-data');
  const post = objects.map((o, i) => ({ ...o, i })).filter((o) => o.object.phase === 'post-data');

  const rank = (o: OrderedObject): number => PRE_RANK[o.object.kind] ?? 8;
  const preSorted = [...pre].sort((a, b) => rank(a) - rank(b) || a.order - b.order);
  const ordered = topological(preSorted);
  const stages = preStages(ordered, rank);
  ordered.forEach((o, n) => (result[o.i] = PRE_DATA_BASE + (stages[n] as number)));

  const groupOf = (kind: ObjectKind): number => {
    const g = POST_GROUPS.findIndex((grp) => grp.kinds.includes(kind));
    return g < 0 ? 4 : g;
  };
  for (let g = 0; g < POST_GROUPS.length; g++) {
    const members = post.filter((o) => groupOf(o.object.kind) === g).sort((a, b) => a.order - b.order);
    const base = POST_DATA_BASE + g * POST_GROUP;
    const declared = POST_GROUPS[g]?.parallel;
    const parallel = declared === true && options.orderedKeys === true && KEY_KINDS.has(POST_GROUPS[g]?.kinds[0] as ObjectKind) ? 'per-table' : declared;
    if (parallel === 'per-table') {
      // The n-th object of each table runs at base + n: the first of every table together, then the second...
      const seen = new Map<string, number>();
      for (const o of members) {
        const table = JSON.stringify([o.object.schema, o.object.table ?? null]);
        const n = seen.get(table) ?? 0;
        seen.set(table, n + 1);
        result[o.i] = base + n;
      }
    } else if (parallel) for (const o of members) result[o.i] = base + grantStage(o.object);
    else topological(members).forEach((o, n) => (result[o.i] = base + n));
  }
  afterPostDependencies(post, result);
  return result;
}

/**
 * Post-data objects that depend on other post-data objects come after them, whatever their groups:
 * a partition's index is attached to its parent's index (which must exist first), an index on a
 * materialized view needs the view. Only raises priorities; a cycle is cut where it is found.
 */
function afterPostDependencies(post: readonly (OrderedObject & { i: number })[], result: number[]): void {
  // Keys may repeat (MySQL names indexes per table): a dependency on such a key waits for all of them.
  const byKey = new Map<string, (OrderedObject & { i: number })[]>();
  for (const o of post) {
    const k = refKey(o.object);
    const same = byKey.get(k);
    if (same === undefined) byKey.set(k, [o]);
    else same.push(o);
  }
  const settled = new Set<number>();
  const visiting = new Set<number>();
  const settle = (o: OrderedObject & { i: number }): number => {
    if (settled.has(o.i) || visiting.has(o.i)) return result[o.i] as number;
    visiting.add(o.i);
    let p = result[o.i] as number;
    for (const dep of o.object.dependsOn) for (const d of byKey.get(refKey(dep)) ?? []) if (d !== o) p = Math.max(p, settle(d) + 1);
    visiting.delete(o.i);
    settled.add(o.i);
    result[o.i] = p;
    return p;
  };
  for (const o of post) settle(o);
}

/**
 * The stage of each pre-data object, `ordered` being in dependency order: one stage per object,
 * except in a run of PRE_PARALLEL objects of one kind rank, where an object goes to the first stage
 * of the run after the run's objects it depends on. Every object's stage is above its dependencies'.
 */
function preStages<T extends OrderedObject>(ordered: readonly T[], rank: (o: OrderedObject) => number): number[] {
  const stages: number[] = [];
  // Stages of the current run's objects by key (keys may repeat: the highest counts).
  let run = new Map<string, number>();
  let runRank: number | undefined;
  let runStart = 0;
  let top = -1;
  for (const o of ordered) {
    const parallel = PRE_PARALLEL.has(o.object.kind);
    if (!parallel || rank(o) !== runRank) {
      run = new Map();
      runRank = parallel ? rank(o) : undefined;
      runStart = top + 1;
    }
    let stage = parallel ? runStart : top + 1;
    if (parallel) for (const dep of o.object.dependsOn) stage = Math.max(stage, (run.get(refKey(dep)) ?? -1) + 1);
    if (parallel) run.set(refKey(o.object), Math.max(stage, run.get(refKey(o.object)) ?? -1));
    stages.push(stage);
    top = Math.max(top, stage);
  }
  return stages;
}

/** Order `items` so each comes after what it depends on among them, otherwise keeping their order. */
function topological<T extends OrderedObject>(items: readonly T[]): T[] {
  const byKey = new Map(items.map((o) => [refKey(o.object), o]));
  // Identity, not key: MySQL names indexes and constraints per table, so keys may repeat.
  const done = new Set<T>();
  const visiting = new Set<T>();
  const out: T[] = [];
  const visit = (o: T): void => {
    if (done.has(o) || visiting.has(o)) return; // a cycle is broken where it is found
    visiting.add(o);
    for (const dep of o.object.dependsOn) {
      const d = byKey.get(refKey(dep));
      if (d !== undefined && d !== o) visit(d);
    }
    visiting.delete(o);
    done.add(o);
    out.push(o);
  };
  for (const o of items) visit(o);
  return out;
}

/**
 * Load levels of tables by foreign key, for loads into tables whose constraints already exist
 * (CONTENT=DATA_ONLY, TABLE_EXISTS_ACTION=APPEND/TRUNCATE): a table loads after the tables it
 * references. Keys are `JSON.stringify([schema, name])`; cycles are cut where found.
 */
export function foreignKeyLevels(objects: readonly CatalogObject[]): Map<string, number> {
  const key = (schema: string | null, name: string): string => JSON.stringify([schema, name]);
  const parents = new Map<string, Set<string>>();
  for (const o of objects) {
    if (o.kind !== 'REF_CONSTRAINT' || o.table === undefined) continue;
    const child = key(o.schema, o.table);
    const set = parents.get(child) ?? new Set<string>();
    for (const d of o.dependsOn) if (d.kind === 'TABLE' && key(d.schema, d.name) !== child) set.add(key(d.schema, d.name));
    // Adapters also describe the referenced table in the constraint's detail.
    const ref = (o.detail as { references?: { table?: { schema?: string; name?: string } } }).references?.table;
    if (ref?.name !== undefined) {
      const parent = key(ref.schema ?? o.schema, ref.name);
      if (parent !== child) set.add(parent);
    }
    parents.set(child, set);
  }
  const levels = new Map<string, number>();
  const visiting = new Set<string>();
  const level = (t: string): number => {
    const known = levels.get(t);
    if (known !== undefined) return known;
    if (visiting.has(t)) return 0;
    visiting.add(t);
    let n = 0;
    for (const p of parents.get(t) ?? []) n = Math.max(n, level(p) + 1);
    visiting.delete(t);
    levels.set(t, n);
    return n;
  };
  for (const t of parents.keys()) level(t);
  return levels;
}
