import { JobError } from '../errors.js';

/**
 * A filter expression parsed into a small predicate language over one implicit subject (an object
 * name, a schema name or an object path). Evaluated in JavaScript; never turned into SQL text.
 */
export type Predicate =
  | { readonly kind: 'eq'; readonly value: string }
  | { readonly kind: 'in'; readonly values: readonly string[] }
  | { readonly kind: 'like'; readonly pattern: string; readonly escape?: string }
  | { readonly kind: 'not'; readonly operand: Predicate }
  | { readonly kind: 'and'; readonly operands: readonly Predicate[] }
  | { readonly kind: 'or'; readonly operands: readonly Predicate[] };

type Token =
  | { readonly kind: 'string'; readonly value: string; readonly pos: number }
  | { readonly kind: 'word'; readonly value: string; readonly pos: number }
  | { readonly kind: 'punct'; readonly value: '(' | ')' | ',' | '=' | '!=' | '<>'; readonly pos: number }
  | { readonly kind: 'end'; readonly pos: number };

const GRAMMAR = `write it as IN ('A','B'), NOT IN (...), = 'X', != 'X', LIKE 'EMP%' [ESCAPE '\\'], NOT LIKE '...', combined with AND, OR, NOT and parentheses`;

/** A syntax error: which filter, at which 1-based position, and what was expected. */
function syntaxError(filter: string, text: string, pos: number, problem: string): JobError {
  return new JobError('INVALID_ARGVAL', `${filter} ${JSON.stringify(text)} is not valid at position ${pos + 1}: ${problem}; ${GRAMMAR}`);
}

function tokenize(filter: string, text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'") {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw syntaxError(filter, text, start, 'the quoted string is not closed');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ kind: 'string', value, pos: start });
    } else if (ch === '(' || ch === ')' || ch === ',' || ch === '=') {
      tokens.push({ kind: 'punct', value: ch, pos: i });
      i++;
    } else if (ch === '!' && text[i + 1] === '=') {
      tokens.push({ kind: 'punct', value: '!=', pos: i });
      i += 2;
    } else if (ch === '<' && text[i + 1] === '>') {
      tokens.push({ kind: 'punct', value: '<>', pos: i });
      i += 2;
    } else if (/[A-Za-z]/.test(ch)) {
      const start = i;
      while (i < text.length && /[A-Za-z_]/.test(text[i] as string)) i++;
      tokens.push({ kind: 'word', value: text.slice(start, i).toUpperCase(), pos: start });
    } else if (ch === '"') {
      throw syntaxError(filter, text, i, 'names are written in single quotes, not double quotes');
    } else {
      throw syntaxError(filter, text, i, `unexpected character ${JSON.stringify(ch)}`);
    }
  }
  tokens.push({ kind: 'end', pos: text.length });
  return tokens;
}

/** Parse a filter expression; bad syntax is JobError INVALID_ARGVAL naming the filter and the position. */
export function parsePredicate(filter: string, text: string): Predicate {
  const tokens = tokenize(filter, text);
  let at = 0;
  const peek = (): Token => tokens[at] as Token;
  const next = (): Token => tokens[at++] as Token;
  const isWord = (t: Token, w: string): boolean => t.kind === 'word' && t.value === w;
  const describeToken = (t: Token): string => (t.kind === 'end' ? 'the text ends' : t.kind === 'string' ? `found '${t.value}'` : `found ${JSON.stringify(t.value)}`);
  const expected = (what: string, t: Token): JobError => syntaxError(filter, text, t.pos, `expected ${what} but ${describeToken(t)}`);

  const string = (what: string): string => {
    const t = next();
    if (t.kind !== 'string') throw expected(what, t);
    return t.value;
  };

  const list = (): string[] => {
    const open = next();
    if (open.kind !== 'punct' || open.value !== '(') throw expected("'(' after IN", open);
    const values = [string('a quoted name')];
    for (;;) {
      const t = next();
      if (t.kind === 'punct' && t.value === ')') return values;
      if (t.kind === 'punct' && t.value === ',') {
        values.push(string('a quoted name after ","'));
        continue;
      }
      throw expected("',' or ')'", t);
    }
  };

  const comparison = (): Predicate => {
    const t = next();
    if (t.kind === 'punct' && t.value === '=') return { kind: 'eq', value: string("a quoted name after '='") };
    if (t.kind === 'punct' && (t.value === '!=' || t.value === '<>')) {
      return { kind: 'not', operand: { kind: 'eq', value: string(`a quoted name after '${t.value}'`) } };
    }
    if (isWord(t, 'IN')) return { kind: 'in', values: list() };
    if (isWord(t, 'LIKE')) {
      const pattern = string('a quoted pattern after LIKE');
      if (!isWord(peek(), 'ESCAPE')) return { kind: 'like', pattern };
      next();
      const escapeToken = peek();
      const escape = string('a quoted character after ESCAPE');
      if ([...escape].length !== 1) throw syntaxError(filter, text, escapeToken.pos, 'ESCAPE takes exactly one character');
      return { kind: 'like', pattern, escape };
    }
    throw expected("IN, LIKE, '=', '!=', NOT or '('", t);
  };

  const primary = (): Predicate => {
    const t = peek();
    if (isWord(t, 'NOT')) {
      next();
      return { kind: 'not', operand: primary() };
    }
    if (t.kind === 'punct' && t.value === '(') {
      next();
      const inner = or();
      const close = next();
      if (close.kind !== 'punct' || close.value !== ')') throw expected("')'", close);
      return inner;
    }
    return comparison();
  };

  const and = (): Predicate => {
    const operands = [primary()];
    while (isWord(peek(), 'AND')) {
      next();
      operands.push(primary());
    }
    return operands.length === 1 ? (operands[0] as Predicate) : { kind: 'and', operands };
  };

  const or = (): Predicate => {
    const operands = [and()];
    while (isWord(peek(), 'OR')) {
      next();
      operands.push(and());
    }
    return operands.length === 1 ? (operands[0] as Predicate) : { kind: 'or', operands };
  };

  if (peek().kind === 'end') throw syntaxError(filter, text, 0, 'the expression is empty');
  const result = or();
  const rest = peek();
  if (rest.kind !== 'end') throw expected('AND, OR or the end of the expression', rest);
  return result;
}

/** Whether `subject` satisfies the predicate. Comparisons are exact (case-sensitive), as SQL's are. */
export function evaluatePredicate(predicate: Predicate, subject: string): boolean {
  switch (predicate.kind) {
    case 'eq':
      return subject === predicate.value;
    case 'in':
      return predicate.values.includes(subject);
    case 'like':
      return likeMatches(predicate.pattern, subject, predicate.escape);
    case 'not':
      return !evaluatePredicate(predicate.operand, subject);
    case 'and':
      return predicate.operands.every((p) => evaluatePredicate(p, subject));
    case 'or':
      return predicate.operands.some((p) => evaluatePredicate(p, subject));
  }
}

type LikePart = { readonly kind: 'any' } | { readonly kind: 'one' } | { readonly kind: 'char'; readonly ch: string };

/**
 * SQL LIKE: `%` any run of characters, `_` exactly one, the escape character makes the next one
 * literal. Matched with the linear wildcard algorithm (no regular expression, no backtracking blow-up).
 */
export function likeMatches(pattern: string, subject: string, escape?: string): boolean {
  const parts: LikePart[] = [];
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (escape !== undefined && ch === escape && i + 1 < chars.length) {
      parts.push({ kind: 'char', ch: chars[++i] as string });
    } else if (ch === '%') {
      parts.push({ kind: 'any' });
    } else if (ch === '_') {
      parts.push({ kind: 'one' });
    } else {
      parts.push({ kind: 'char', ch });
    }
  }
  const s = [...subject];
  let p = 0;
  let i = 0;
  let starP = -1;
  let starI = 0;
  while (i < s.length) {
    const part = parts[p];
    if (part !== undefined && (part.kind === 'one' || (part.kind === 'char' && part.ch === s[i]))) {
      p++;
      i++;
    } else if (part !== undefined && part.kind === 'any') {
      starP = p++;
      starI = i;
    } else if (starP >= 0) {
      p = starP + 1;
      i = ++starI;
    } else {
      return false;
    }
  }
  while (parts[p]?.kind === 'any') p++;
  return p === parts.length;
}

/**
 * Parse a LIST filter's value: names in single quotes separated by commas (`'EMP','DEPT'`); plain
 * words without quotes are accepted too (`EMP, DEPT`). INVALID_ARGVAL naming the filter and position.
 */
export function parseNameList(filter: string, text: string): string[] {
  const names: string[] = [];
  let i = 0;
  const fail = (pos: number, problem: string): JobError =>
    new JobError('INVALID_ARGVAL', `${filter} ${JSON.stringify(text)} is not valid at position ${pos + 1}: ${problem}; write names in single quotes separated by commas, e.g. 'EMP','DEPT'`);
  const skipSpace = (): void => {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
  };
  skipSpace();
  if (i >= text.length) throw fail(0, 'the list is empty');
  for (;;) {
    skipSpace();
    const start = i;
    let name = '';
    if (text[i] === "'") {
      i++;
      for (;;) {
        if (i >= text.length) throw fail(start, 'the quoted name is not closed');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            name += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        name += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && !/\s/.test(text[i] as string)) {
        if (text[i] === "'" || text[i] === '"' || text[i] === '(' || text[i] === ')') throw fail(i, `unexpected ${JSON.stringify(text[i])} in an unquoted name`);
        name += text[i++];
      }
    }
    if (name === '') throw fail(start, 'a name is missing');
    names.push(name);
    skipSpace();
    if (i >= text.length) return names;
    if (text[i] !== ',') throw fail(i, `expected ',' between names but found ${JSON.stringify(text[i])}`);
    i++;
  }
}
