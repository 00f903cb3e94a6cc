/** A range value: empty, or two bounds (null: unbounded) and whether each is included. */
export type RangeValue =
  | { readonly empty: true }
  | { readonly empty?: undefined; readonly lower: string | null; readonly upper: string | null; readonly lowerInc: boolean; readonly upperInc: boolean };

/**
 * Parse a composite value in PostgreSQL's text form (`(1,"a ""b""",)`): its fields as text (quotes
 * and escapes undone), an empty unquoted field as null. Throws a RangeError on malformed input.
 */
export function parseCompositeLiteral(text: string): (string | null)[] {
  if (text[0] !== '(') throw new RangeError(`malformed composite literal ${JSON.stringify(text)}: "(" expected`);
  const r = fields(text, 1, ')');
  if (r.next !== text.length) throw new RangeError(`malformed composite literal ${JSON.stringify(text)}: text after the closing ")"`);
  return r.fields;
}

/** Parse a range in PostgreSQL's text form (`[1,5)`, `(,)`, `empty`, `["2024-01-01 00:00:00",)`). Throws a RangeError on malformed input. */
export function parseRangeLiteral(text: string): RangeValue {
  const r = rangeAt(text, 0);
  if (r.next !== text.length) throw new RangeError(`malformed range literal ${JSON.stringify(text)}: text after the range`);
  return r.range;
}

/** Parse a multirange in PostgreSQL's text form (`{}`, `{[1,3),[5,7)}`). Throws a RangeError on malformed input. */
export function parseMultirangeLiteral(text: string): RangeValue[] {
  if (text[0] !== '{') throw new RangeError(`malformed multirange literal ${JSON.stringify(text)}: "{" expected`);
  const out: RangeValue[] = [];
  let i = 1;
  while (text[i] === ' ') i++;
  if (text[i] === '}' && i === text.length - 1) return out;
  for (;;) {
    while (text[i] === ' ') i++;
    const r = rangeAt(text, i);
    out.push(r.range);
    i = r.next;
    while (text[i] === ' ') i++;
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === '}' && i === text.length - 1) return out;
    throw new RangeError(`malformed multirange literal ${JSON.stringify(text)}: "," or "}" expected at ${i}`);
  }
}

function rangeAt(text: string, at: number): { range: RangeValue; next: number } {
  if (text.slice(at, at + 5).toLowerCase() === 'empty') return { range: { empty: true }, next: at + 5 };
  const open = text[at];
  if (open !== '[' && open !== '(') throw new RangeError(`malformed range literal ${JSON.stringify(text)}: "[" or "(" expected at ${at}`);
  const r = fields(text, at + 1, ')]');
  if (r.fields.length !== 2) throw new RangeError(`malformed range literal ${JSON.stringify(text)}: two bounds expected`);
  return { range: { lower: r.fields[0] ?? null, upper: r.fields[1] ?? null, lowerInc: open === '[', upperInc: text[r.next - 1] === ']' }, next: r.next };
}

/**
 * The comma-separated fields from `start` up to one of the `close` characters: double quotes group
 * (a doubled quote inside is one quote), a backslash takes the next character as it is.
 */
function fields(text: string, start: number, close: string): { fields: (string | null)[]; next: number } {
  const out: (string | null)[] = [];
  let i = start;
  for (;;) {
    let value = '';
    let quoted = false;
    while (i < text.length && text[i] !== ',' && !close.includes(text[i] as string)) {
      const ch = text[i] as string;
      if (ch === '"') {
        quoted = true;
        i++;
        for (;;) {
          if (i >= text.length) throw new RangeError(`malformed literal ${JSON.stringify(text)}: unterminated quote`);
          if (text[i] === '"') {
            if (text[i + 1] !== '"') break;
            i++;
          } else if (text[i] === '\\') i++;
          value += text[i] ?? '';
          i++;
        }
        i++;
      } else if (ch === '\\') {
        quoted = true;
        value += text[i + 1] ?? '';
        i += 2;
      } else {
        value += ch;
        i++;
      }
    }
    out.push(!quoted && value === '' ? null : value);
    if (i >= text.length) throw new RangeError(`malformed literal ${JSON.stringify(text)}: "${close[0]}" expected at the end`);
    i++;
    if (text[i - 1] !== ',') return { fields: out, next: i };
  }
}
