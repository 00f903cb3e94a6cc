/** One token of MySQL SQL text; concatenating every token's `text` gives the input back. */
export interface SqlToken {
  readonly type: 'space' | 'comment' | 'string' | 'ident' | 'word' | 'number' | 'punct';
  readonly text: string;
  /** For `ident` (backquoted) and `word`: the identifier's value. */
  readonly value?: string;
}

const WORD = /[A-Za-z0-9_$\u0080-\uffff]/;

/**
 * Split MySQL SQL into tokens, enough to find and rewrite qualified names in view, routine and
 * trigger bodies without touching string literals or comments.
 */
export function tokenize(sql: string): SqlToken[] {
  const out: SqlToken[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i] as string;
    const start = i;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      while (i < n && /\s/.test(sql[i] as string)) i++;
      out.push({ type: 'space', text: sql.slice(start, i) });
    } else if (c === '#' || (c === '-' && sql[i + 1] === '-' && (i + 2 >= n || /\s/.test(sql[i + 2] as string)))) {
      while (i < n && sql[i] !== '\n') i++;
      out.push({ type: 'comment', text: sql.slice(start, i) });
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      out.push({ type: 'comment', text: sql.slice(start, i) });
    } else if (c === "'" || c === '"') {
      i++;
      while (i < n) {
        const d = sql[i];
        if (d === '\\') i += 2;
        else if (d === c && sql[i + 1] === c) i += 2;
        else if (d === c) {
          i++;
          break;
        } else i++;
      }
      out.push({ type: 'string', text: sql.slice(start, i) });
    } else if (c === '`') {
      i++;
      let value = '';
      while (i < n) {
        const d = sql[i];
        if (d === '`' && sql[i + 1] === '`') {
          value += '`';
          i += 2;
        } else if (d === '`') {
          i++;
          break;
        } else {
          value += d;
          i++;
        }
      }
      out.push({ type: 'ident', text: sql.slice(start, i), value });
    } else if (/[0-9]/.test(c)) {
      while (i < n && WORD.test(sql[i] as string)) i++;
      const text = sql.slice(start, i);
      out.push(/^[0-9]+$/.test(text) || /^0x[0-9a-f]+$/i.test(text) || !/[A-Za-z_$]/.test(text) ? { type: 'number', text } : { type: 'word', text, value: text });
    } else if (WORD.test(c)) {
      while (i < n && WORD.test(sql[i] as string)) i++;
      const text = sql.slice(start, i);
      out.push({ type: 'word', text, value: text });
    } else {
      i++;
      out.push({ type: 'punct', text: c });
    }
  }
  return out;
}

/** A dotted name found in SQL: `a`.`b`.`c`, with the indexes of its name tokens. */
export interface QualifiedName {
  readonly parts: readonly string[];
  readonly tokenIndexes: readonly number[];
  /** Followed by `(`: a function call. */
  readonly call: boolean;
}

function isName(t: SqlToken | undefined): boolean {
  return t !== undefined && (t.type === 'ident' || t.type === 'word');
}

/** Every dotted name of two or more parts, in order (a `.` with no space either side joins parts). */
export function qualifiedNames(tokens: readonly SqlToken[]): QualifiedName[] {
  const out: QualifiedName[] = [];
  let i = 0;
  while (i < tokens.length) {
    const prev = tokens[i - 1];
    if (!isName(tokens[i]) || (prev !== undefined && prev.type === 'punct' && prev.text === '.')) {
      i++;
      continue;
    }
    const idx = [i];
    let j = i;
    while (tokens[j + 1]?.type === 'punct' && tokens[j + 1]?.text === '.' && isName(tokens[j + 2])) {
      j += 2;
      idx.push(j);
    }
    if (idx.length >= 2) {
      let k = j + 1;
      while (tokens[k]?.type === 'space') k++;
      out.push({ parts: idx.map((x) => tokens[x]?.value as string), tokenIndexes: idx, call: tokens[k]?.text === '(' });
    }
    i = j + 1;
  }
  return out;
}
