import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test/job-error-of.js';
import { evaluatePredicate, likeMatches, parseNameList, parsePredicate } from './predicate.js';

const matches = (expr: string, subject: string): boolean => evaluatePredicate(parsePredicate('NAME_EXPR', expr), subject);

describe('parsePredicate', () => {
  it('parses the comparison forms into the AST', () => {
    expect(parsePredicate('NAME_EXPR', "IN ('A','B')")).toEqual({ kind: 'in', values: ['A', 'B'] });
    expect(parsePredicate('NAME_EXPR', "= 'X'")).toEqual({ kind: 'eq', value: 'X' });
    expect(parsePredicate('NAME_EXPR', "!= 'X'")).toEqual({ kind: 'not', operand: { kind: 'eq', value: 'X' } });
    expect(parsePredicate('NAME_EXPR', "<> 'X'")).toEqual({ kind: 'not', operand: { kind: 'eq', value: 'X' } });
    expect(parsePredicate('NAME_EXPR', "like 'EMP%'")).toEqual({ kind: 'like', pattern: 'EMP%' });
    expect(parsePredicate('NAME_EXPR', "NOT LIKE 'A!_%' ESCAPE '!'")).toEqual({ kind: 'not', operand: { kind: 'like', pattern: 'A!_%', escape: '!' } });
    expect(parsePredicate('NAME_EXPR', "NOT IN ('it''s')")).toEqual({ kind: 'not', operand: { kind: 'in', values: ["it's"] } });
  });

  it('gives AND precedence over OR, and honours NOT and parentheses', () => {
    expect(parsePredicate('NAME_EXPR', "= 'A' OR = 'B' AND = 'C'")).toEqual({
      kind: 'or',
      operands: [
        { kind: 'eq', value: 'A' },
        {
          kind: 'and',
          operands: [
            { kind: 'eq', value: 'B' },
            { kind: 'eq', value: 'C' },
          ],
        },
      ],
    });
    expect(parsePredicate('NAME_EXPR', "NOT (= 'A' OR = 'B')")).toEqual({
      kind: 'not',
      operand: {
        kind: 'or',
        operands: [
          { kind: 'eq', value: 'A' },
          { kind: 'eq', value: 'B' },
        ],
      },
    });
  });

  it('reports bad syntax as INVALID_ARGVAL naming the filter and the position', () => {
    const cases: [string, string][] = [
      ["IN ('A'", "NAME_EXPR \"IN ('A'\" is not valid at position 8: expected ',' or ')' but the text ends"],
      ["IN ('A' 'B')", "NAME_EXPR \"IN ('A' 'B')\" is not valid at position 9: expected ',' or ')' but found 'B'"],
      ["= 'A", 'is not valid at position 3: the quoted string is not closed'],
      ['= X', 'is not valid at position 3: expected a quoted name after \'=\' but found "X"'],
      ["LIKE 'A%' AND", 'is not valid at position 14: expected IN, LIKE'],
      ["= 'A' 'B'", 'is not valid at position 7: expected AND, OR or the end of the expression'],
      ["(= 'A'", "is not valid at position 7: expected ')' but the text ends"],
      ["= 'A'; DROP TABLE x", 'is not valid at position 6: unexpected character ";"'],
      ['= "A"', 'is not valid at position 3: names are written in single quotes'],
      ['', 'is not valid at position 1: the expression is empty'],
      ["LIKE 'A' ESCAPE 'xy'", 'is not valid at position 17: ESCAPE takes exactly one character'],
    ];
    for (const [text, message] of cases) {
      const e = errorOf(() => parsePredicate('NAME_EXPR', text));
      expect(e.code).toBe('INVALID_ARGVAL');
      expect(e.message).toContain(message);
      expect(e.message).toContain("write it as IN ('A','B')");
    }
  });
});

describe('evaluatePredicate', () => {
  it('evaluates comparisons exactly and case-sensitively, as SQL does', () => {
    expect(matches("IN ('emp','dept')", 'emp')).toBe(true);
    expect(matches("IN ('emp','dept')", 'EMP')).toBe(false);
    expect(matches("NOT IN ('emp')", 'dept')).toBe(true);
    expect(matches("= 'x'", 'x')).toBe(true);
    expect(matches("!= 'x'", 'x')).toBe(false);
  });

  it('evaluates LIKE with %, _ and ESCAPE', () => {
    expect(matches("LIKE 'EMP%'", 'EMPLOYEES')).toBe(true);
    expect(matches("LIKE 'EMP%'", 'DEPT')).toBe(false);
    expect(matches("NOT LIKE 'EMP%'", 'DEPT')).toBe(true);
    expect(matches("LIKE 'E_P'", 'EMP')).toBe(true);
    expect(matches("LIKE 'E_P'", 'EMMP')).toBe(false);
    expect(matches("LIKE '%\\_log' ESCAPE '\\'", 'audit_log')).toBe(true);
    expect(matches("LIKE '%\\_log' ESCAPE '\\'", 'auditxlog')).toBe(false);
    expect(likeMatches('%', '')).toBe(true);
    expect(likeMatches('a%b%c', 'aXXbYYc')).toBe(true);
    expect(likeMatches('a%b%c', 'aXXbYY')).toBe(false);
    // Linear matching: a pathological pattern on a long subject answers at once.
    expect(likeMatches('%a%a%a%a%a%a%a%a%b', 'a'.repeat(5000))).toBe(false);
  });

  it('combines with AND, OR, NOT and parentheses', () => {
    const expr = "LIKE 'EMP%' AND NOT IN ('EMP_OLD') OR = 'DEPT'";
    expect(matches(expr, 'EMP_NEW')).toBe(true);
    expect(matches(expr, 'EMP_OLD')).toBe(false);
    expect(matches(expr, 'DEPT')).toBe(true);
    expect(matches(expr, 'SALGRADE')).toBe(false);
    expect(matches("NOT (LIKE 'A%' OR LIKE 'B%')", 'CAT')).toBe(true);
    expect(matches("NOT (LIKE 'A%' OR LIKE 'B%')", 'BAT')).toBe(false);
  });

  it('treats SQL in a name as a name, never as SQL', () => {
    expect(matches("= 'x'' OR ''1''=''1'", "x' OR '1'='1")).toBe(true);
    expect(matches("= 'x'' OR ''1''=''1'", 'anything')).toBe(false);
  });
});

describe('parseNameList', () => {
  it('reads quoted and plain names', () => {
    expect(parseNameList('NAME_LIST', "'EMP','DEPT'")).toEqual(['EMP', 'DEPT']);
    expect(parseNameList('NAME_LIST', "  'a b' , 'it''s' ")).toEqual(['a b', "it's"]);
    expect(parseNameList('SCHEMA_LIST', 'hr, sales')).toEqual(['hr', 'sales']);
  });

  it('reports bad lists with the position', () => {
    expect(errorOf(() => parseNameList('NAME_LIST', "'EMP',")).message).toContain('NAME_LIST "\'EMP\'," is not valid at position 7: a name is missing');
    expect(errorOf(() => parseNameList('NAME_LIST', "'EMP' 'DEPT'")).message).toContain("position 7: expected ',' between names");
    expect(errorOf(() => parseNameList('NAME_LIST', "'EMP")).message).toContain('position 1: the quoted name is not closed');
    expect(errorOf(() => parseNameList('NAME_LIST', '')).code).toBe('INVALID_ARGVAL');
  });
});
