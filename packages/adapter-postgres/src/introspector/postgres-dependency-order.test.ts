import { describe, expect, it } from 'vitest';
import type { ObjectKind, ObjectPhase, ObjectRef } from '@sluice/adapter-kit';
import type { PendingObject } from './postgres-catalog-builder.js';
import { orderObjects } from './postgres-dependency-order.js';

const ref = (kind: ObjectKind, name: string): ObjectRef => ({ kind, schema: 's', name });
const obj = (kind: ObjectKind, name: string, phase: ObjectPhase, deps: ObjectRef[] = []): PendingObject => ({ kind, schema: 's', name, phase, detail: {}, deps });

describe('orderObjects', () => {
  it('puts dependencies first, pre-data before post-data, kinds in creation order', () => {
    const out = orderObjects([
      obj('INDEX', 'i', 'post-data', [ref('TABLE', 't')]),
      obj('VIEW', 'v', 'pre-data', [ref('TABLE', 't'), ref('FUNCTION', 'f()')]),
      obj('TABLE', 't', 'pre-data', [ref('TYPE', 'ty'), ref('TABLE', 'missing')]),
      obj('FUNCTION', 'f()', 'pre-data', [ref('TABLE', 't')]),
      obj('TYPE', 'ty', 'pre-data'),
      obj('SCHEMA', 's', 'pre-data'),
    ]);
    expect(out.map((o) => o.object.name)).toEqual(['s', 'ty', 't', 'f()', 'v', 'i']);
    // Dependencies outside the catalog are dropped.
    expect(out[2]!.dependsOn).toEqual([ref('TYPE', 'ty')]);
  });

  it('makes an object post-data when it depends on a post-data one', () => {
    const out = orderObjects([obj('VIEW', 'v', 'pre-data', [ref('MATERIALIZED_VIEW', 'mv')]), obj('MATERIALIZED_VIEW', 'mv', 'post-data')]);
    expect(out.map((o) => [o.object.name, o.object.phase])).toEqual([
      ['mv', 'post-data'],
      ['v', 'post-data'],
    ]);
  });

  it('breaks a cycle instead of losing objects', () => {
    const out = orderObjects([obj('TABLE', 'a', 'pre-data', [ref('FUNCTION', 'b()')]), obj('FUNCTION', 'b()', 'pre-data', [ref('TABLE', 'a')])]);
    expect(out.map((o) => o.object.name).sort()).toEqual(['a', 'b()']);
  });
});
