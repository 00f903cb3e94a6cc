import type { MysqlConnection } from '../mysql-connection.js';
import { qualify, quoteIdent } from '../sql/mysql-quote.js';

/** Whether a view statement holds a character-set introducer (`_binary'...'`, `_latin1'...'`). */
export function hasIntroducer(text: string): boolean {
  return /(^|[^\w`$])_[A-Za-z0-9]+\s*[xXbB]?'/.test(text);
}

const QUOTE = 0x27;
const BACKSLASH = 0x5c;
const BACKTICK = 0x60;
const DOUBLE = 0x22;

/** Backslash escapes the server writes in a string literal, and the byte each stands for. */
const ESCAPES: Readonly<Record<number, number>> = { 0x30: 0x00, 0x6e: 0x0a, 0x72: 0x0d, 0x5a: 0x1a, 0x74: 0x09, 0x62: 0x08 };

const isWord = (b: number | undefined): boolean => b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f || b === 0x24);

/** The end (exclusive) of the quoted run starting at `start` (on its opening quote), backslash escapes honoured for strings. */
function quotedEnd(bytes: Uint8Array, start: number, quote: number): number {
  let i = start + 1;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b === BACKSLASH && quote !== BACKTICK) {
      i += 2;
      continue;
    }
    if (b === quote) {
      if (bytes[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return bytes.length;
}

/** The bytes a string literal's text (between its quotes) stands for. */
function unescape(text: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const b = text[i] as number;
    if (b === BACKSLASH && i + 1 < text.length) {
      const next = text[++i] as number;
      out.push(ESCAPES[next] ?? next);
    } else if (b === QUOTE && text[i + 1] === QUOTE) {
      out.push(QUOTE);
      i++;
    } else {
      out.push(b);
    }
  }
  return Uint8Array.from(out);
}

const validUtf8 = (bytes: Uint8Array): boolean => Buffer.from(Buffer.from(bytes).toString('utf8'), 'utf8').equals(Buffer.from(bytes));

/**
 * A view body as the server keeps it (raw bytes: a literal after an introducer holds bytes of its own
 * character set) made into text that creates the very same view: each introduced literal whose bytes
 * are not UTF-8 is written as a hex literal (`_latin1'\xE9'` as `_latin1 X'E9'`), which the server
 * stores and prints as the same bytes. Undefined when some other part of the body is not UTF-8.
 */
export function bodyText(bytes: Uint8Array): string | undefined {
  const parts: string[] = [];
  let copied = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b === BACKTICK || b === DOUBLE || b === QUOTE) {
      i = quotedEnd(bytes, i, b);
      continue;
    }
    if (b === 0x5f && !isWord(bytes[i - 1])) {
      let j = i + 1;
      while (isWord(bytes[j]) && bytes[j] !== 0x5f) j++;
      if (j > i + 1 && bytes[j] === QUOTE) {
        const end = quotedEnd(bytes, j, QUOTE);
        const content = unescape(bytes.subarray(j + 1, end - 1));
        if (!validUtf8(bytes.subarray(j + 1, end - 1))) {
          parts.push(Buffer.from(bytes.subarray(copied, j)).toString('utf8'), ` X'${Buffer.from(content).toString('hex').toUpperCase()}'`);
          copied = end;
        }
        i = end;
        continue;
      }
      i = j;
      continue;
    }
    i++;
  }
  const rest = bytes.subarray(copied);
  if (!validUtf8(rest) || parts.some((p) => p.includes('\ufffd'))) return undefined;
  parts.push(Buffer.from(rest).toString('utf8'));
  return parts.join('');
}

/**
 * The body of a view from SHOW CREATE VIEW, read as raw bytes with every name qualified (from
 * information_schema as the current database, so no name is left relative to it): information_schema
 * prints view bodies without their character-set introducers (`_binary'abc'` as `'abc'`), which changes
 * the view's column types. Undefined when it cannot be read exactly.
 */
export async function viewBodyWithIntroducers(conn: MysqlConnection, schema: string, name: string, checkOption: string): Promise<string | undefined> {
  const current = (await conn.textRow('SELECT DATABASE() AS db'))?.['db'] ?? null;
  await conn.useResultCharset('binary');
  await conn.run('USE information_schema');
  let raw: Buffer | undefined;
  try {
    const { rows } = await conn.run(`SHOW CREATE VIEW ${qualify(schema, name)}`, undefined, { typeCast: false, rowsAsArray: true });
    raw = (rows as (Buffer | null)[][])[0]?.[1] ?? undefined;
  } finally {
    if (current !== null) await conn.run(`USE ${quoteIdent(current)}`);
  }
  if (raw === undefined) return undefined;
  const head = Buffer.from(` VIEW ${qualify(schema, name)} AS `, 'utf8');
  const at = raw.indexOf(head);
  if (at < 0) return undefined;
  let body = raw.subarray(at + head.length);
  const tail = checkOption === 'NONE' || checkOption === '' ? null : Buffer.from(` WITH ${checkOption} CHECK OPTION`, 'utf8');
  if (tail !== null && body.subarray(body.length - tail.length).equals(tail)) body = body.subarray(0, body.length - tail.length);
  return bodyText(body);
}
