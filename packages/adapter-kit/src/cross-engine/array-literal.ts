/** One element of an array literal: text, NULL, or a nested array. */
export type ArrayElement = string | null | readonly ArrayElement[];

/**
 * Parse an SQL array literal in its text form (`{1,2,NULL}`, `{"a b","c\"d"}`, `{{1,2},{3,4}}`,
 * `[0:1]={a,b}`): elements as text (unquoted, escapes undone), the unquoted word NULL as null.
 * Lower bounds are dropped. Throws a RangeError on malformed input.
 */
export function parseArrayLiteral(text: string, delimiter = ','): ArrayElement[] {
  let i = 0;
  if (text.startsWith('[')) {
    const eq = text.indexOf('=');
    if (eq < 0) throw new RangeError(`malformed array literal ${JSON.stringify(text)}`);
    i = eq + 1;
  }
  const parseArray = (): ArrayElement[] => {
    if (text[i] !== '{') throw new RangeError(`malformed array literal ${JSON.stringify(text)}: "{" expected at ${i}`);
    i++;
    const out: ArrayElement[] = [];
    if (text[i] === '}') {
      i++;
      return out;
    }
    for (;;) {
      while (text[i] === ' ') i++;
      if (text[i] === '{') out.push(parseArray());
      else if (text[i] === '"') {
        i++;
        let value = '';
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\') i++;
          value += text[i] ?? '';
          i++;
        }
        if (text[i] !== '"') throw new RangeError(`malformed array literal ${JSON.stringify(text)}: unterminated quote`);
        i++;
        out.push(value);
      } else {
        let value = '';
        while (i < text.length && text[i] !== delimiter && text[i] !== '}') {
          if (text[i] === '\\') i++;
          value += text[i] ?? '';
          i++;
        }
        value = value.trim();
        out.push(value.toUpperCase() === 'NULL' ? null : value);
      }
      while (text[i] === ' ') i++;
      if (text[i] === delimiter) {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return out;
      }
      throw new RangeError(`malformed array literal ${JSON.stringify(text)}: "," or "}" expected at ${i}`);
    }
  };
  const result = parseArray();
  if (i !== text.length) throw new RangeError(`malformed array literal ${JSON.stringify(text)}: text after the closing "}"`);
  return result;
}
