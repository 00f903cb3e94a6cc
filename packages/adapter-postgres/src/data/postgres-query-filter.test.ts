import { describe, expect, it } from 'vitest';
import { checkQueryClause, checkSample } from './postgres-query-filter.js';

describe('QUERY and SAMPLE checks', () => {
  it('accepts one boolean expression, whatever its quotes hold', () => {
    for (const q of ["name = 'a;b'", 'id IN (1, 2) AND (x OR y)', `"odd;name" > 0`, "note LIKE '%(%'", 'v = $$)$$']) expect(checkQueryClause(q)).toBe(q);
  });

  it('refuses anything that could end the statement or swallow the rest', () => {
    for (const q of ['1 = 1; DROP TABLE t', '1 = 1) TO STDOUT', "a = 'open", '(a', 'a -- rest', 'a /* x */', '$$open', ' ']) {
      expect(() => checkQueryClause(q), q).toThrow(/QUERY clause refused/);
    }
  });

  it('accepts percentages in (0, 100]', () => {
    expect(checkSample(0.5)).toBe(0.5);
    for (const s of [0, -1, 101, Number.NaN]) expect(() => checkSample(s)).toThrow(/SAMPLE/);
  });
});
