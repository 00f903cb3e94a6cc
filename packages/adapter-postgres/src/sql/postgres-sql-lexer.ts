/** One lexical token of PostgreSQL SQL text. `text` is the exact source slice; `value` its meaning. */
export interface SqlToken {
  readonly kind: 'space' | 'comment' | 'string' | 'dollar' | 'qident' | 'ident' | 'number' | 'param' | 'punct' | 'op';
  readonly text: string;
  /** ident: folded to lower case; qident: unquoted name; string: the literal's content; otherwise the text. */
  readonly value: string;
}

const OP_CHARS = '+-*/<>=~!@#%^&|`?';
const IDENT_START = /[A-Za-z_\u0080-\uffff]/;
const IDENT_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

/**
 * Split SQL text into tokens, so that rewriting (schema remaps, finding a clause) never looks inside
 * string literals, dollar-quoted bodies, quoted identifiers or comments. Joining every token's
 * `text` gives back the input exactly.
 */
export function tokenizeSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  const n = sql.length;
  const push = (kind: SqlToken['kind'], end: number, value?: string): void => {
    const text = sql.slice(i, end);
    tokens.push({ kind, text, value: value ?? text });
    i = end;
  };
  while (i < n) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    if (/\s/.test(c)) {
      let j = i + 1;
      while (j < n && /\s/.test(sql[j] as string)) j++;
      push('space', j);
    } else if (c === '-' && next === '-') {
      let j = sql.indexOf('\n', i);
      if (j < 0) j = n;
      push('comment', j);
    } else if (c === '/' && next === '*') {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (sql[j] === '/' && sql[j + 1] === '*') {
          depth++;
          j += 2;
        } else if (sql[j] === '*' && sql[j + 1] === '/') {
          depth--;
          j += 2;
        } else j++;
      }
      push('comment', j);
    } else if (c === "'") {
      const [end, value] = readQuoted(sql, i, "'", false);
      push('string', end, value);
    } else if ((c === 'E' || c === 'e') && next === "'") {
      const [end, value] = readQuoted(sql, i + 1, "'", true);
      push('string', end, value);
    } else if (/[BbXxNn]/.test(c) && next === "'") {
      const [end, value] = readQuoted(sql, i + 1, "'", false);
      push('string', end, value);
    } else if ((c === 'U' || c === 'u') && next === '&' && (sql[i + 2] === "'" || sql[i + 2] === '"')) {
      const q = sql[i + 2] as string;
      const [end, value] = readQuoted(sql, i + 2, q, false);
      push(q === "'" ? 'string' : 'qident', end, value);
    } else if (c === '"') {
      const [end, value] = readQuoted(sql, i, '"', false);
      push('qident', end, value);
    } else if (c === '$') {
      const param = /^\$\d+/.exec(sql.slice(i, i + 12));
      const tag = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(sql.slice(i, i + 200));
      if (param) {
        push('param', i + param[0].length);
      } else if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        const end = close < 0 ? n : close + tag[0].length;
        push('dollar', end, sql.slice(i + tag[0].length, close < 0 ? n : close));
      } else {
        push('op', i + 1);
      }
    } else if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < n && IDENT_PART.test(sql[j] as string)) j++;
      push(
        'ident',
        j,
        sql.slice(i, j).replace(/[A-Z]+/g, (m) => m.toLowerCase()),
      );
    } else if (/[0-9]/.test(c) || (c === '.' && next !== undefined && /[0-9]/.test(next))) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(sql.slice(i, i + 400));
      push('number', i + (m ? m[0].length : 1));
    } else if (c === ':' && next === ':') {
      push('punct', i + 2);
    } else if ('().,;[]:'.includes(c)) {
      push('punct', i + 1);
    } else if (OP_CHARS.includes(c)) {
      let j = i + 1;
      while (j < n && OP_CHARS.includes(sql[j] as string)) j++;
      push('op', j);
    } else {
      push('op', i + 1);
    }
  }
  return tokens;
}

/** Read a quoted string or identifier starting at `start` (the opening quote); doubled quotes escape. */
function readQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): [number, string] {
  let j = start + 1;
  let value = '';
  while (j < sql.length) {
    const ch = sql[j] as string;
    if (backslashEscapes && ch === '\\' && j + 1 < sql.length) {
      value += sql[j + 1];
      j += 2;
    } else if (ch === quote) {
      if (sql[j + 1] === quote) {
        value += quote;
        j += 2;
      } else {
        return [j + 1, value];
      }
    } else {
      value += ch;
      j++;
    }
  }
  return [j, value];
}

/** True for an identifier token (quoted or not). */
export function isIdentToken(t: SqlToken | undefined): t is SqlToken {
  return t !== undefined && (t.kind === 'ident' || t.kind === 'qident');
}

/** True for an unquoted keyword token with this (lower-case) value. */
export function isKeyword(t: SqlToken | undefined, word: string): boolean {
  return t !== undefined && t.kind === 'ident' && t.value === word;
}

/** The index of the punct token closing the parenthesis opened at `open`, or -1. */
export function matchingParen(tokens: readonly SqlToken[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k] as SqlToken;
    if (t.kind !== 'punct') continue;
    if (t.text === '(' || t.text === '[') depth++;
    else if (t.text === ')' || t.text === ']') {
      depth--;
      if (depth === 0) return k;
    }
  }
  return -1;
}
