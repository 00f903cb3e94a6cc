import { refKey, type ObjectKind, type ObjectRef } from '@sluice/adapter-kit';
import type { PendingObject } from './postgres-catalog-builder.js';

/** Creation order of kinds within a phase when dependencies leave a choice (close to pg_dump's). */
const KIND_ORDER: Partial<Record<ObjectKind, number>> = {
  SCHEMA: 0,
  EXTENSION: 1,
  TYPE: 2,
  DOMAIN: 3,
  FUNCTION: 4,
  PROCEDURE: 4,
  AGGREGATE: 5,
  SEQUENCE: 6,
  TABLE: 7,
  VIEW: 8,
  MATERIALIZED_VIEW: 9,
  SEQUENCE_VALUE: 10,
  CONSTRAINT: 11,
  INDEX: 12,
  REF_CONSTRAINT: 13,
  TRIGGER: 14,
  RULE: 14,
  POLICY: 14,
  STATISTICS: 12,
  COMMENT: 15,
  GRANT: 16,
  PROCEDURAL_LANGUAGE: 1,
  ACCESS_METHOD: 1,
  COLLATION: 2,
  SHELL_TYPE: 2,
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

/** An ordered object with its resolved dependencies. */
export interface OrderedObject {
  readonly object: PendingObject;
  readonly dependsOn: ObjectRef[];
}

/**
 * Order objects so that each comes after everything it depends on, pre-data before post-data.
 * An object depending on a post-data object becomes post-data itself. Dependencies on objects
 * outside the catalog are dropped; a cycle (rare: pg_dump breaks them the same way) is broken at the
 * object that would come first.
 */
export function orderObjects(objects: readonly PendingObject[]): OrderedObject[] {
  const byKey = new Map<string, number>();
  objects.forEach((o, i) => {
    if (!byKey.has(refKey(o))) byKey.set(refKey(o), i);
  });
  const deps: number[][] = objects.map((o, i) => {
    const seen = new Set<number>();
    for (const d of o.deps) {
      const j = byKey.get(refKey(d));
      if (j !== undefined && j !== i) seen.add(j);
    }
    return [...seen];
  });
  // Phase propagation to a fixed point.
  let changed = true;
  while (changed) {
    changed = false;
    objects.forEach((o, i) => {
      if (o.phase === 'pre-data' && deps[i]!.some((j) => objects[j]!.phase === 'post-data')) {
        o.phase = 'post-data';
        changed = true;
      }
    });
  }
  const rank = (i: number): [number, number, number] => {
    const o = objects[i]!;
    return [o.phase === 'pre-data' ? 0 : 1, KIND_ORDER[o.kind] ?? 20, i];
  };
  const less = (a: number, b: number): boolean => {
    const ra = rank(a);
    const rb = rank(b);
    return ra[0] !== rb[0] ? ra[0] < rb[0] : ra[1] !== rb[1] ? ra[1] < rb[1] : ra[2] < rb[2];
  };
  const waiting = deps.map((d) => d.length);
  const dependents: number[][] = objects.map(() => []);
  deps.forEach((d, i) => d.forEach((j) => dependents[j]!.push(i)));
  const heap = new MinHeap(less);
  waiting.forEach((w, i) => {
    if (w === 0) heap.push(i);
  });
  const done = new Array<boolean>(objects.length).fill(false);
  const out: OrderedObject[] = [];
  while (out.length < objects.length) {
    let next = heap.pop();
    if (next === undefined) {
      // A cycle: take the best remaining object and forget its unmet dependencies.
      next = [...objects.keys()].filter((i) => !done[i]).reduce((a, b) => (less(a, b) ? a : b));
      deps[next] = deps[next]!.filter((j) => done[j]);
    }
    if (done[next]) continue;
    done[next] = true;
    const o = objects[next]!;
    out.push({ object: o, dependsOn: deps[next]!.map((j) => ({ kind: objects[j]!.kind, schema: objects[j]!.schema, name: objects[j]!.name })) });
    for (const k of dependents[next]!) {
      waiting[k]!--;
      if (waiting[k] === 0 && !done[k]) heap.push(k);
    }
  }
  return out;
}

/** A small binary heap of indexes. */
class MinHeap {
  private readonly items: number[] = [];
  constructor(private readonly less: (a: number, b: number) => boolean) {}

  push(v: number): void {
    const a = this.items;
    a.push(v);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  pop(): number | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!)) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
