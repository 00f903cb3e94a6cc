import { OBJECT_PATHS } from '@sluice/adapter-kit';
import type { JobMode } from '../job/job-definition.js';
import { evaluatePredicate, type Predicate } from './predicate.js';

/** The prefixes Data Pump puts before object paths by mode; filters may name paths with or without them. */
const MODE_PREFIXES = ['DATABASE_EXPORT/', 'FULL_EXPORT/', 'SCHEMA_EXPORT/', 'TABLE_EXPORT/'];

/** A filter's path in canonical form: upper case, no mode prefix, no stray slashes. */
export function normalizePath(path: string): string {
  let p = path
    .trim()
    .toUpperCase()
    .replace(/\/+/g, '/')
    .replace(/^\/|\/$/g, '');
  for (const prefix of MODE_PREFIXES) if (p.startsWith(prefix)) p = p.slice(prefix.length);
  return p;
}

/**
 * The names an object path answers to, as Data Pump's *_EXPORT_OBJECTS views list them: the full
 * path and each trailing part (`TABLE/INDEX` is also `INDEX`), plus the full path under the mode's
 * prefix (`SCHEMA_EXPORT/TABLE/INDEX`).
 */
export function pathNames(path: string, mode?: JobMode): string[] {
  const segments = normalizePath(path).split('/');
  const names = segments.map((_, i) => segments.slice(i).join('/'));
  if (mode !== undefined) names.push(`${mode === 'FULL' ? 'DATABASE' : mode}_EXPORT/${segments.join('/')}`);
  return names;
}

/** The path itself and every ancestor, nearest last: `TABLE/CONSTRAINT/REF_CONSTRAINT` → `TABLE`, `TABLE/CONSTRAINT`, itself. */
function pathAncestry(path: string): string[] {
  const segments = normalizePath(path).split('/');
  return segments.map((_, i) => segments.slice(0, i + 1).join('/'));
}

/**
 * Whether a filter naming `filterPath` covers an object at `objectPath`, the way Data Pump matches
 * paths: the object's path or one of its ancestors answers to that name. So `TABLE` covers
 * `TABLE/INDEX` (an index goes with its table), `INDEX` covers `TABLE/INDEX`, and `CONSTRAINT`
 * covers `TABLE/CONSTRAINT/REF_CONSTRAINT`.
 */
export function pathCovers(filterPath: string, objectPath: string): boolean {
  const wanted = normalizePath(filterPath);
  return pathAncestry(objectPath).some((p) => pathNames(p).includes(wanted));
}

/** Whether a path predicate (INCLUDE_PATH_EXPR / EXCLUDE_PATH_EXPR) covers an object at `objectPath`. */
export function pathPredicateCovers(predicate: Predicate, objectPath: string, mode: JobMode): boolean {
  return pathAncestry(objectPath).some((p) => pathNames(p, mode).some((name) => evaluatePredicate(predicate, name)));
}

/** Whether a path given to a filter or transform names at least one object path objects are filed under. */
export function isKnownPath(path: string): boolean {
  return Object.values(OBJECT_PATHS).some((objectPath) => pathCovers(path, objectPath));
}

/** Whether a NAME filter for `filterPath` applies to an object at `objectPath`: the object's own path answers to it (ancestors do not). */
export function pathNamesObject(filterPath: string, objectPath: string): boolean {
  return pathNames(objectPath).includes(normalizePath(filterPath));
}

/** The object paths, for messages. */
export function knownPaths(): string {
  return [...new Set(Object.values(OBJECT_PATHS))].join(', ');
}
