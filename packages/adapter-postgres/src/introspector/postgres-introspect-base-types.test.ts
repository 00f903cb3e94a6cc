import { describe, expect, it } from 'vitest';
import { CatalogBuilder } from './postgres-catalog-builder.js';
import { breakTypeFunctionLoops } from './postgres-introspect-base-types.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';

const ref = (kind: 'TYPE' | 'SHELL_TYPE' | 'FUNCTION', name: string) => ({ kind, schema: 's', name });

describe('breakTypeFunctionLoops', () => {
  const routine = { definition: '', identityArguments: '' };
  function build(withFunctions: boolean): CatalogBuilder {
    const builder = new CatalogBuilder();
    builder.add({ kind: 'SHELL_TYPE', schema: 's', name: 'w', phase: 'pre-data', detail: { name: 'w' } });
    const fns = withFunctions ? ['w_in(cstring)', 'w_out(s.w)'] : [];
    builder.add({ kind: 'TYPE', schema: 's', name: 'w', phase: 'pre-data', detail: { typeKind: 'base' }, deps: [ref('SHELL_TYPE', 'w'), ...fns.map((f) => ref('FUNCTION', f))] });
    for (const f of fns) builder.add({ kind: 'FUNCTION', schema: 's', name: f, phase: 'pre-data', detail: routine, deps: [ref('TYPE', 'w')] });
    // A function using the type that the type is not made of keeps depending on the full type.
    builder.add({ kind: 'FUNCTION', schema: 's', name: 'w_len(s.w)', phase: 'pre-data', detail: routine, deps: [ref('TYPE', 'w')] });
    return builder;
  }

  it("points the type's I/O functions at its shell, and other functions at the type", () => {
    const builder = build(true);
    breakTypeFunctionLoops({ builder } as unknown as IntrospectContext);
    const deps = (name: string) => builder.objects.find((o) => o.kind === 'FUNCTION' && o.name === name)?.deps;
    expect(deps('w_in(cstring)')).toEqual([ref('SHELL_TYPE', 'w')]);
    expect(deps('w_out(s.w)')).toEqual([ref('SHELL_TYPE', 'w')]);
    expect(deps('w_len(s.w)')).toEqual([ref('TYPE', 'w')]);
  });

  it('leaves the shell out when none of the functions is exported, as pg_dump does', () => {
    const builder = build(false);
    breakTypeFunctionLoops({ builder } as unknown as IntrospectContext);
    expect(builder.objects.map((o) => o.kind)).toEqual(['TYPE', 'FUNCTION']);
    expect(builder.objects[0]?.deps).toEqual([]);
  });
});
