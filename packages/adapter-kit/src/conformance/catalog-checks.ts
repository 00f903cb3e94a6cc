import type { CatalogObject } from '../catalog/catalog-object.js';
import { OBJECT_KINDS } from '../catalog/object-kind.js';
import { OBJECT_PATHS } from '../catalog/object-paths.js';
import { refKey } from '../catalog/object-ref.js';

/**
 * What is wrong with a catalog's shape: unknown kinds, paths that are not OBJECT_PATHS[kind],
 * duplicate references, objects listed before something they depend on, pre-data after post-data.
 * Empty when the catalog is well formed. Dependencies on objects outside the catalog are allowed.
 */
export function catalogProblems(objects: readonly CatalogObject[]): string[] {
  const problems: string[] = [];
  const position = new Map<string, number>();
  objects.forEach((o, i) => {
    const key = refKey(o);
    if (position.has(key)) problems.push(`${key} is listed twice`);
    else position.set(key, i);
  });
  let seenPostData = false;
  objects.forEach((o, i) => {
    const key = refKey(o);
    if (!(OBJECT_KINDS as readonly string[]).includes(o.kind)) problems.push(`${key} has an unknown kind`);
    else if (o.path !== OBJECT_PATHS[o.kind]) problems.push(`${key} has path ${o.path}, expected ${OBJECT_PATHS[o.kind]}`);
    if (o.phase === 'post-data') seenPostData = true;
    else if (seenPostData) problems.push(`${key} is pre-data but listed after post-data objects`);
    for (const d of o.dependsOn) {
      const at = position.get(refKey(d));
      if (at !== undefined && at >= i) problems.push(`${key} is listed before ${refKey(d)}, which it depends on`);
    }
  });
  return problems;
}

/**
 * A catalog reduced to what must survive a DDL round trip, keyed and sorted for comparison: the
 * source schema's name is replaced by the target's everywhere (the only difference a remap makes),
 * dependencies are sorted.
 */
export function normaliseCatalog(objects: readonly CatalogObject[], fromSchema: string, toSchema: string): unknown[] {
  const swap = (v: unknown): unknown => {
    if (typeof v === 'string') return fromSchema === toSchema ? v : v.split(fromSchema).join(toSchema);
    if (Array.isArray(v)) return v.map(swap);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)]));
    return v;
  };
  return objects.map((o) => swap({ ...o, dependsOn: [...o.dependsOn].map(refKey).sort() }) as CatalogObject).sort((a, b) => (refKey(a) < refKey(b) ? -1 : refKey(a) > refKey(b) ? 1 : 0));
}
