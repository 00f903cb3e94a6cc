import { isTableObject, refKey, type CatalogObject, type IntrospectScope, type ObjectKind, type ObjectRef, type TableRef, type UnloadOptions } from '@sluice/adapter-kit';
import { JobError } from '../errors.js';
import type { DataFilterSpec, JobDefinition } from '../job/job-definition.js';
import { DEFAULT_NAME_PATH, METADATA_FILTERS, sameTable, type MetadataFilterName } from './filter-specs.js';
import { normalizePath, pathNamesObject, pathPredicateCovers } from './object-path.js';
import { evaluatePredicate, parseNameList, parsePredicate, type Predicate } from './predicate.js';

/** A job's filters, compiled once: what to introspect, which objects to keep, which rows to move. */
export interface JobFilters {
  /** What an export (or network import) asks the source adapter to introspect; exact names only, the rest is filtered here. */
  introspectScope(userMetadata: boolean): IntrospectScope;
  /**
   * Apply the mode, SCHEMA_*, INCLUDE/EXCLUDE_PATH_* and NAME filters, and drop the dependents of
   * excluded objects. `selected` keeps the input order. `unmatched` lists NAME_LIST and
   * SCHEMA_LIST entries that matched nothing, as `<PATH> <name>` (e.g. `TABLE emp`, `SCHEMA hr`), for the log.
   */
  selectObjects(objects: readonly CatalogObject[]): { selected: CatalogObject[]; unmatched: string[] };
  /** INCLUDE_ROWS for a table (source name): the table's own filter, else the job's, else true. */
  includeRows(table: TableRef): boolean;
  /** QUERY (without a leading WHERE) and SAMPLE for a table (source name); the table's own filter wins. */
  unloadOptions(table: TableRef): UnloadOptions;
  /** PARTITION_LIST for a table (source name), or undefined for every partition. */
  partitions(table: TableRef): readonly string[] | undefined;
}

/** One compiled METADATA_FILTER. */
interface CompiledFilter {
  readonly name: MetadataFilterName;
  /** The value as a predicate (LIST filters become IN lists). */
  readonly predicate: Predicate;
  /** LIST filters: their names, for `unmatched`. */
  readonly list?: readonly string[];
  /** NAME filters: the object path they name objects of. */
  readonly path: string;
}

/** Objects that live on a table and go wherever it goes. */
const ATTACHED_KINDS: ReadonlySet<ObjectKind> = new Set(['INDEX', 'CONSTRAINT', 'REF_CONSTRAINT', 'TRIGGER', 'RULE', 'POLICY', 'STATISTICS', 'COMMENT', 'GRANT']);
/** Objects a table needs before it can be created; TABLE mode brings them along. */
const NEEDED_KINDS: ReadonlySet<ObjectKind> = new Set(['SEQUENCE', 'TYPE', 'DOMAIN']);

/** Compile a job's metadata and data filters. The definition's filters were validated when they were added. */
export function compileJobFilters(def: JobDefinition): JobFilters {
  const compiled = def.metadataFilters.map((f): CompiledFilter => {
    const name = f.name as MetadataFilterName;
    const isPath = name.includes('_PATH_');
    const upper = (v: string): string => (isPath ? normalizePath(v) : v);
    if (METADATA_FILTERS[name] === 'list') {
      const list = parseNameList(name, f.value).map(upper);
      return { name, predicate: { kind: 'in', values: list }, list, path: f.objectPath ?? DEFAULT_NAME_PATH };
    }
    const predicate = parsePredicate(name, f.value);
    return { name, predicate: isPath ? mapLiterals(predicate, upper) : predicate, path: f.objectPath ?? DEFAULT_NAME_PATH };
  });
  const of = (...names: MetadataFilterName[]): CompiledFilter[] => compiled.filter((f) => names.includes(f.name));
  const schemaFilters = of('SCHEMA_EXPR', 'SCHEMA_LIST');
  const includePaths = of('INCLUDE_PATH_EXPR', 'INCLUDE_PATH_LIST');
  const excludePaths = of('EXCLUDE_PATH_EXPR', 'EXCLUDE_PATH_LIST');
  const nameFilters = of('NAME_EXPR', 'NAME_LIST');
  const excludeNames = of('EXCLUDE_NAME_EXPR', 'EXCLUDE_NAME_LIST');
  const tablespaceFilters = of('TABLESPACE_EXPR', 'TABLESPACE_LIST');
  const userMetadata = def.parameters['USER_METADATA'] === undefined ? def.mode === 'FULL' : def.parameters['USER_METADATA'] === 1;

  const schemaOk = (schema: string): boolean => schemaFilters.every((f) => evaluatePredicate(f.predicate, schema));
  /**
   * Whether a table's tablespace passes the TABLESPACE filters. A table stored in no tablespace
   * (foreign, MyISAM, Aria) passes none; a partition is chosen with its table, never by its own.
   */
  const tablespaceOk = (t: CatalogObject): boolean => {
    if (tablespaceFilters.length === 0 || partitionParent(t) !== undefined) return true;
    const stored = isTableObject(t) ? t.detail.storageTablespace : undefined;
    if (stored === undefined) {
      throw new JobError(
        'INVALID_OPERATION',
        `${tablespaceFilters[0]?.name}: the tablespace of table "${t.schema}"."${t.name}" is not known, so it cannot be chosen by its tablespace: the dump file set was written before Sluice recorded tablespaces, or the database does not show it to this user (MariaDB and MySQL show InnoDB's tablespaces to users with the PROCESS privilege). Choose the tables by schema or name instead.`,
        { jobName: def.jobName },
      );
    }
    return stored !== null && tablespaceFilters.every((f) => evaluatePredicate(f.predicate, stored));
  };
  const exactSchemas = (): string[] | undefined => intersectExact(schemaFilters.map((f) => exactValues(f.predicate)));

  const dataFilter = (name: DataFilterSpec['name'], table: TableRef): DataFilterSpec | undefined =>
    def.dataFilters.find((f) => f.name === name && sameTable(f.table, table)) ?? def.dataFilters.find((f) => f.name === name && f.table === undefined);

  return {
    introspectScope(withUsers: boolean): IntrospectScope {
      const schemas = exactSchemas();
      if (def.mode === 'FULL' || schemas === undefined) return { mode: 'FULL', userMetadata: withUsers };
      // TABLE mode introspects the whole schema so names that match nothing are reported, not fatal.
      return { mode: 'SCHEMA', schemas, userMetadata: withUsers };
    },

    selectObjects(objects: readonly CatalogObject[]): { selected: CatalogObject[]; unmatched: string[] } {
      const inScope = objects.filter((o) => {
        const schema = schemaOf(o);
        if (schema === null) return def.mode === 'FULL' || userMetadata;
        return schemaOk(schema);
      });
      let candidates = inScope;
      if (def.mode === 'TABLE') candidates = tableModeObjects(inScope, (t) => nameFilters.every((f) => !pathNamesObject(f.path, t.path) || evaluatePredicate(f.predicate, t.name)));
      // TABLESPACE mode: the tables of the tablespaces, with what they need and what lives on them.
      if (def.mode === 'TABLESPACE') candidates = tableModeObjects(inScope, (t) => partitionParent(t) === undefined && tablespaceOk(t));

      const excluded = new Set<string>();
      const kept: CatalogObject[] = [];
      for (const o of candidates) {
        if (includePaths.length > 0 && !includePaths.some((f) => pathPredicateCovers(f.predicate, o.path, def.mode))) continue;
        const out =
          excludePaths.some((f) => pathPredicateCovers(f.predicate, o.path, def.mode)) ||
          // TABLE mode already chose its tables by name; partitions follow their table, whatever their name.
          (!(o.kind === 'TABLE' && (def.mode === 'TABLE' || partitionParent(o) !== undefined)) &&
            nameFilters.some((f) => pathNamesObject(f.path, o.path) && !evaluatePredicate(f.predicate, o.name))) ||
          excludeNames.some((f) => pathNamesObject(f.path, o.path) && evaluatePredicate(f.predicate, o.name)) ||
          (o.kind === 'TABLE' && !tablespaceOk(o));
        if (out) excluded.add(refKey(o));
        else kept.push(o);
      }
      const selected = dropDependents(kept, excluded);

      const unmatched: string[] = [];
      for (const f of schemaFilters) {
        for (const name of f.list ?? []) if (!objects.some((o) => schemaOf(o) === name)) unmatched.push(`SCHEMA ${name}`);
      }
      for (const f of tablespaceFilters) {
        for (const name of f.list ?? []) {
          if (!inScope.some((o) => isTableObject(o) && o.detail.storageTablespace === name)) unmatched.push(`TABLESPACE ${name}`);
        }
      }
      for (const f of nameFilters) {
        for (const name of f.list ?? []) {
          if (!inScope.some((o) => o.name === name && pathNamesObject(f.path, o.path))) unmatched.push(`${f.path} ${name}`);
        }
      }
      return { selected, unmatched };
    },

    includeRows(table: TableRef): boolean {
      return dataFilter('INCLUDE_ROWS', table)?.value !== 0;
    },

    unloadOptions(table: TableRef): UnloadOptions {
      const query = dataFilter('QUERY', table)?.value;
      const sample = dataFilter('SAMPLE', table)?.value;
      return {
        ...(typeof query === 'string' ? { query: query.replace(/^\s*WHERE\s+/i, '') } : {}),
        ...(typeof sample === 'number' ? { sample } : {}),
      };
    },

    partitions(table: TableRef): readonly string[] | undefined {
      const f = dataFilter('PARTITION_LIST', table);
      return typeof f?.value === 'string' ? parseNameList('PARTITION_LIST', f.value) : undefined;
    },
  };
}

/** The schema an object belongs to; a SCHEMA object belongs to itself. */
function schemaOf(o: CatalogObject): string | null {
  return o.kind === 'SCHEMA' ? (o.schema ?? o.name) : o.schema;
}

const tableKey = (schema: string | null, name: string): string => refKey({ kind: 'TABLE', schema, name });

/** For a partition: its parent table's key (from `partitionOf`, or the table it depends on). */
function partitionParent(o: CatalogObject): string | undefined {
  if (!isTableObject(o)) return undefined;
  const detail = o.detail;
  const parent = detail.partitionOf?.parent;
  if (parent !== undefined) return tableKey(parent.schema, parent.name);
  if (detail.tableKind !== 'partition') return undefined;
  const dep = o.dependsOn.find((d) => d.kind === 'TABLE');
  return dep === undefined ? undefined : refKey(dep);
}

/**
 * TABLE mode: the tables the NAME filters select, their partitions, everything attached to them
 * (indexes, constraints, triggers, rules, policies, statistics, comments, grants), the sequences
 * and types they need, and the tables' own counters (AUTO_INCREMENT, identity sequences) with their values.
 */
function tableModeObjects(objects: readonly CatalogObject[], tableSelected: (t: CatalogObject) => boolean): CatalogObject[] {
  const tables = new Set<string>();
  for (const o of objects) if (o.kind === 'TABLE' && tableSelected(o)) tables.add(refKey(o));
  // Partitions follow their parent (possibly several levels down).
  let grew = true;
  while (grew) {
    grew = false;
    for (const o of objects) {
      if (o.kind !== 'TABLE' || tables.has(refKey(o))) continue;
      const parent = partitionParent(o);
      if (parent !== undefined && tables.has(parent)) {
        tables.add(refKey(o));
        grew = true;
      }
    }
  }
  const needed = new Set<string>();
  for (const o of objects) {
    if (tables.has(refKey(o))) for (const d of o.dependsOn) if (NEEDED_KINDS.has(d.kind)) needed.add(refKey(d));
  }
  return objects.filter((o) => {
    const key = refKey(o);
    if (tables.has(key) || needed.has(key)) return true;
    // A table's own counter (MySQL's AUTO_INCREMENT, a PostgreSQL identity's sequence) belongs to the table.
    if (o.kind === 'SEQUENCE_VALUE') {
      if (o.table !== undefined && tables.has(tableKey(o.schema, o.table))) return true;
      return needed.has(refKey({ kind: 'SEQUENCE', schema: o.schema, name: o.name })) || o.dependsOn.some((d) => needed.has(refKey(d)) || tables.has(refKey(d)));
    }
    if (!ATTACHED_KINDS.has(o.kind)) return false;
    if (o.table !== undefined) return tables.has(tableKey(o.schema, o.table));
    // An object on a view (a view's rules) stays behind with the view, whatever tables it names.
    return o.dependsOn.some((d) => tables.has(refKey(d))) && !o.dependsOn.some((d) => d.kind === 'VIEW' || d.kind === 'MATERIALIZED_VIEW');
  });
}

/**
 * Drop every object that depends on an excluded one, transitively: by `dependsOn`, and by `table`
 * for objects that live on a table (an excluded table takes its indexes, constraints, triggers,
 * grants and comments with it).
 */
function dropDependents(kept: readonly CatalogObject[], excluded: Set<string>): CatalogObject[] {
  if (excluded.size === 0) return [...kept];
  const goes = (o: CatalogObject): boolean => {
    const parent = partitionParent(o);
    return (o.table !== undefined && excluded.has(tableKey(o.schema, o.table))) || (parent !== undefined && excluded.has(parent)) || o.dependsOn.some((d: ObjectRef) => excluded.has(refKey(d)));
  };
  let remaining = [...kept];
  for (;;) {
    const next = remaining.filter((o) => {
      if (!goes(o)) return true;
      excluded.add(refKey(o));
      return false;
    });
    if (next.length === remaining.length) return next;
    remaining = next;
  }
}

/** The exact values a predicate accepts, when it is an `=`, an IN list or an OR of those; else undefined. */
function exactValues(p: Predicate): string[] | undefined {
  switch (p.kind) {
    case 'eq':
      return [p.value];
    case 'in':
      return [...p.values];
    case 'or': {
      const parts = p.operands.map(exactValues);
      return parts.every((x) => x !== undefined) ? [...new Set(parts.flat() as string[])] : undefined;
    }
    case 'and': {
      const parts = p.operands.map(exactValues).filter((x) => x !== undefined);
      return parts.length === 0 ? undefined : intersectExact(parts);
    }
    default:
      return undefined;
  }
}

/** Intersect the exact sets that are known; undefined when none is. */
function intersectExact(sets: readonly (readonly string[] | undefined)[]): string[] | undefined {
  const known = sets.filter((s): s is readonly string[] => s !== undefined);
  if (known.length === 0) return undefined;
  const [first, ...rest] = known as [readonly string[], ...(readonly string[])[]];
  return first.filter((v, i) => first.indexOf(v) === i && rest.every((s) => s.includes(v)));
}

/** The predicate with every literal passed through `fn` (path filters compare in upper case). */
function mapLiterals(p: Predicate, fn: (v: string) => string): Predicate {
  switch (p.kind) {
    case 'eq':
      return { kind: 'eq', value: fn(p.value) };
    case 'in':
      return { kind: 'in', values: p.values.map(fn) };
    case 'like':
      return { ...p, pattern: p.pattern.toUpperCase() };
    case 'not':
      return { kind: 'not', operand: mapLiterals(p.operand, fn) };
    case 'and':
    case 'or':
      return { kind: p.kind, operands: p.operands.map((o) => mapLiterals(o, fn)) };
  }
}
