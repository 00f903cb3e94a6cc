import type { CatalogObject, ObjectKind } from '@sluice/adapter-kit';
import { describe, expect, it } from 'vitest';
import { DATA_PRIORITY, importPriorities } from './object-order.js';

const obj = (kind: ObjectKind, name: string, phase: 'pre-data' | 'post-data', deps: [ObjectKind, string][] = [], table?: string): CatalogObject => ({
  kind,
  path: kind,
  schema: 's',
  name,
  phase,
  dependsOn: deps.map(([k, n]) => ({ kind: k, schema: 's', name: n })),
  ddl: '',
  detail: {},
  ...(table ? { table } : {}),
});

describe('importPriorities', () => {
  it('orders pre-data by kind then dependencies, data in between, post-data in groups', () => {
    const objects = [
      obj('TABLE', 't1', 'pre-data', [['SEQUENCE', 'q']]),
      obj('VIEW', 'v2', 'pre-data', [['VIEW', 'v1']]),
      obj('VIEW', 'v1', 'pre-data', [['TABLE', 't1']]),
      obj('SEQUENCE', 'q', 'pre-data'),
      obj('SCHEMA', 's', 'pre-data'),
      obj('REF_CONSTRAINT', 'fk', 'post-data', [], 't1'),
      obj('INDEX', 'i1', 'post-data', [], 't1'),
      obj('INDEX', 'i1', 'post-data', [], 't2'),
      obj('CONSTRAINT', 'pk', 'post-data', [], 't1'),
    ].map((object, order) => ({ object, order }));
    const p = importPriorities(objects);
    const at = (name: string, n = 0): number => p[objects.filter((o) => o.object.name === name)[n]!.order]!;
    expect(at('s')).toBeLessThan(at('q'));
    expect(at('q')).toBeLessThan(at('t1'));
    expect(at('t1')).toBeLessThan(at('v1'));
    expect(at('v1')).toBeLessThan(at('v2'));
    expect(at('v2')).toBeLessThan(DATA_PRIORITY);
    expect(at('i1')).toBeGreaterThan(DATA_PRIORITY);
    expect(at('i1')).toBe(at('i1', 1)); // indexes build in parallel
    expect(at('i1')).toBeLessThan(at('pk'));
    expect(at('pk')).toBeLessThan(at('fk'));
    expect(new Set(p.slice(0, 5)).size).toBe(5); // pre-data one at a time
  });

  it("grants on schemas before the other grants (a grant made as another role needs that role's USAGE on the schema)", () => {
    const objects = [
      obj('GRANT', 'TABLE s.t', 'post-data', [], 't'),
      obj('GRANT', 'SCHEMA s', 'post-data'),
      obj('GRANT', 'FUNCTION s.f()', 'post-data'),
      obj('COMMENT', 'TABLE s.t', 'post-data', [], 't'),
    ].map((object, order) => ({ object, order }));
    const p = importPriorities(objects);
    expect(p[1]).toBeGreaterThan(p[3]!);
    expect(p[1]).toBeLessThan(p[0]!);
    expect(p[0]).toBe(p[2]);
  });

  it('creates the triggers of one table one at a time in source order, those of different tables together', () => {
    const objects = [
      obj('TRIGGER', 'a_first', 'post-data', [], 'a'),
      obj('TRIGGER', 'b_only', 'post-data', [], 'b'),
      obj('TRIGGER', 'a_second', 'post-data', [], 'a'),
      obj('TRIGGER', 'a_third', 'post-data', [], 'a'),
      obj('INDEX', 'i', 'post-data', [], 'a'),
      obj('VIEW', 'v', 'post-data'),
    ].map((object, order) => ({ object, order }));
    const p = importPriorities(objects);
    const at = (name: string): number => p[objects.findIndex((o) => o.object.name === name)]!;
    expect(at('i')).toBeLessThan(at('a_first'));
    expect(at('a_first')).toBe(at('b_only'));
    expect(at('a_first')).toBeLessThan(at('a_second'));
    expect(at('a_second')).toBeLessThan(at('a_third'));
    expect(at('a_third')).toBeLessThan(at('v'));
  });

  it('with orderedKeys, builds the keys of one table one at a time in source order, those of different tables together', () => {
    const objects = [
      obj('INDEX', 'a_first', 'post-data', [], 'a'),
      obj('INDEX', 'b_only', 'post-data', [], 'b'),
      obj('INDEX', 'a_second', 'post-data', [], 'a'),
      obj('CONSTRAINT', 'a_u1', 'post-data', [], 'a'),
      obj('CONSTRAINT', 'a_u2', 'post-data', [], 'a'),
      obj('CONSTRAINT', 'b_u', 'post-data', [], 'b'),
      obj('REF_CONSTRAINT', 'a_fk', 'post-data', [], 'a'),
      obj('REF_CONSTRAINT', 'a_fk2', 'post-data', [], 'a'),
    ].map((object, order) => ({ object, order }));
    const p = importPriorities(objects, { orderedKeys: true });
    const at = (name: string): number => p[objects.findIndex((o) => o.object.name === name)]!;
    expect(at('a_first')).toBe(at('b_only'));
    expect(at('a_first')).toBeLessThan(at('a_second'));
    expect(at('a_second')).toBeLessThan(at('a_u1'));
    expect(at('a_u1')).toBe(at('b_u'));
    expect(at('a_u1')).toBeLessThan(at('a_u2'));
    expect(at('a_u2')).toBeLessThan(at('a_fk'));
    expect(at('a_fk')).toBe(at('a_fk2')); // foreign keys add no key of their own order
    expect(importPriorities(objects)[2]).toBe(importPriorities(objects)[0]); // without it, all at once
  });

  it('puts a post-data object after the post-data objects it depends on, across groups and inside a parallel one', () => {
    const objects = [
      obj('TABLE', 'parent', 'pre-data'),
      obj('INDEX', 'parent_idx', 'post-data', [], 'parent'),
      obj('INDEX', 'part_idx', 'post-data', [['INDEX', 'parent_idx']], 'part'),
      obj('INDEX', 'other_idx', 'post-data', [], 'other'),
      obj('CONSTRAINT', 'parent_pkey', 'post-data', [], 'parent'),
      obj('CONSTRAINT', 'part_pkey', 'post-data', [['CONSTRAINT', 'parent_pkey']], 'part'),
      obj('MATERIALIZED_VIEW', 'mv', 'post-data', [['TABLE', 'parent']]),
      obj('INDEX', 'mv_idx', 'post-data', [['MATERIALIZED_VIEW', 'mv']]),
      obj('INDEX', 'a', 'post-data', [['INDEX', 'b']], 'x'),
      obj('INDEX', 'b', 'post-data', [['INDEX', 'a']], 'x'),
    ].map((object, order) => ({ object, order }));
    const p = importPriorities(objects);
    const at = (name: string): number => p[objects.findIndex((o) => o.object.name === name)]!;
    expect(at('part_idx')).toBeGreaterThan(at('parent_idx'));
    expect(at('other_idx')).toBe(at('parent_idx')); // unrelated indexes still build together
    expect(at('part_pkey')).toBeGreaterThan(at('parent_pkey'));
    expect(at('mv_idx')).toBeGreaterThan(at('mv'));
    expect(at('a')).not.toBe(at('b')); // a cycle is cut, not looped on
  });

  it('creates independent tables together, a partition after its parent and a view after the views it reads', () => {
    const objects = [
      obj('SCHEMA', 's', 'pre-data'),
      obj('TABLE', 'a', 'pre-data', [['SCHEMA', 's']]),
      obj('TABLE', 'b', 'pre-data', [['SCHEMA', 's']]),
      obj('TABLE', 'part', 'pre-data', [['TABLE', 'a']]),
      obj('TABLE', 'c', 'pre-data'),
      obj('FUNCTION', 'f', 'pre-data', [['TABLE', 'c']]),
      obj('VIEW', 'v1', 'pre-data', [['TABLE', 'a']]),
      obj('VIEW', 'v2', 'pre-data', [['TABLE', 'b']]),
      obj('VIEW', 'v3', 'pre-data', [['VIEW', 'v1']]),
    ].map((object, order) => ({ object, order }));
    const p = importPriorities(objects);
    const at = (name: string): number => p[objects.findIndex((o) => o.object.name === name)]!;
    expect(at('s')).toBeLessThan(at('a'));
    expect(at('a')).toBe(at('b'));
    expect(at('part')).toBeGreaterThan(at('a'));
    // c is pulled ahead of the function that needs it; the function comes before the other tables' run.
    expect(at('c')).toBeLessThan(at('f'));
    expect(at('f')).toBeLessThan(at('a'));
    expect(at('v1')).toBe(at('v2'));
    expect(at('v1')).toBeGreaterThan(at('part'));
    expect(at('v3')).toBeGreaterThan(at('v1'));
    expect(at('v3')).toBeLessThan(DATA_PRIORITY);
  });
});
