import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchingParen, tokenizeSql } from './postgres-sql-lexer.js';

const kinds = (sql: string): string[] =>
  tokenizeSql(sql)
    .filter((t) => t.kind !== 'space')
    .map((t) => `${t.kind}:${t.value}`);

describe('tokenizeSql', () => {
  it('gives back the input exactly when the tokens are joined, whatever the input', () => {
    // Characters that start or end tokens, so that every half-open construct comes up.
    const unit = fc.constantFrom("'", '"', '$', '-', '/', '*', '\n', ' ', 'a', 'E', 'U', '&', 'é', '_', '1', '.', '(', ')', ';', ':', '\\', 'f', '😀');
    fc.assert(
      fc.property(
        fc.string({ unit, maxLength: 40 }),
        (s) =>
          tokenizeSql(s)
            .map((t) => t.text)
            .join('') === s,
      ),
      { numRuns: 500 },
    );
  });

  it('keeps string literals, dollar bodies, quoted names and comments whole', () => {
    expect(kinds(`SELECT 'a''b', E'c\\'d', $f$ app.x $f$, "My ""T""", app.t -- app.y\n/* app.z /* nested */ */`)).toEqual([
      'ident:select',
      "string:a'b",
      'punct:,',
      "string:c'd",
      'punct:,',
      'dollar: app.x ',
      'punct:,',
      'qident:My "T"',
      'punct:,',
      'ident:app',
      'punct:.',
      'ident:t',
      'comment:-- app.y',
      'comment:/* app.z /* nested */ */',
    ]);
  });

  it('tells parameters, casts, numbers and operators apart', () => {
    expect(kinds('$1::int >= 1.5e3 AND x <> .5')).toEqual(['param:$1', 'punct:::', 'ident:int', 'op:>=', 'number:1.5e3', 'ident:and', 'ident:x', 'op:<>', 'number:.5']);
  });

  it('finds the parenthesis that closes one', () => {
    const tokens = tokenizeSql('f(a, (b), c[1]) + 1');
    expect(tokens[matchingParen(tokens, 1)]!.text).toBe(')');
    expect(matchingParen(tokens, 1)).toBe(tokens.findIndex((t, i) => i > 8 && t.text === ')'));
  });
});
