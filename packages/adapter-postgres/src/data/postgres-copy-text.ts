import type { Row, RowValue } from '@sluice/adapter-kit';

// COPY text format (https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.2): one
// line per row, fields separated by a tab, `\N` for NULL, and backslash escapes for backslash,
// newline, carriage return, tab and the other control characters. Bytes 0x09, 0x0A and 0x5C never
// occur inside a multi-byte UTF-8 character, so splitting works on bytes.

const TAB = 0x09;
const NL = 0x0a;
const BACKSLASH = 0x5c;
const ESCAPES: Record<number, number> = { 0x62: 8, 0x66: 12, 0x6e: 10, 0x72: 13, 0x74: 9, 0x76: 11 };

/** Escape one text value for COPY text. */
export function escapeCopyText(value: string): string {
  return value.replace(/[\\\n\r\t\b\f\v]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      case '\b':
        return '\\b';
      case '\f':
        return '\\f';
      default:
        return '\\v';
    }
  });
}

/** One value in COPY text: `\N` for null, bytes as a hex bytea literal, text escaped. */
export function encodeCopyValue(v: RowValue): string {
  if (v === null) return '\\N';
  if (typeof v === 'string') return escapeCopyText(v);
  // `\x...` is bytea's hex input form; its backslash is itself escaped in COPY text.
  return `\\\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
}

/** One row as a COPY text line, newline included. */
export function encodeCopyRow(row: Row): string {
  let line = '';
  for (let i = 0; i < row.length; i++) {
    if (i > 0) line += '\t';
    line += encodeCopyValue(row[i] ?? null);
  }
  return `${line}\n`;
}

/** Undo COPY text escapes in one field (bytes), giving the value's bytes. */
function unescapeField(buf: Buffer, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(end - start);
  let o = 0;
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if (b !== BACKSLASH || i + 1 >= end) {
      out[o++] = b;
      continue;
    }
    const c = buf[++i]!;
    const simple = ESCAPES[c];
    if (simple !== undefined) {
      out[o++] = simple;
    } else if (c >= 0x30 && c <= 0x37) {
      let v = c - 0x30;
      for (let k = 0; k < 2 && i + 1 < end && buf[i + 1]! >= 0x30 && buf[i + 1]! <= 0x37; k++) v = v * 8 + (buf[++i]! - 0x30);
      out[o++] = v & 0xff;
    } else if (c === 0x78 && i + 1 < end && isHex(buf[i + 1]!)) {
      let v = hexValue(buf[++i]!);
      if (i + 1 < end && isHex(buf[i + 1]!)) v = v * 16 + hexValue(buf[++i]!);
      out[o++] = v;
    } else {
      out[o++] = c;
    }
  }
  return out.subarray(0, o);
}

function isHex(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
}

function hexValue(b: number): number {
  return b <= 0x39 ? b - 0x30 : (b | 0x20) - 0x61 + 10;
}

/**
 * Parse one COPY text line (without its newline) into values; `binary[i]` turns a bytea's `\x..` text
 * into bytes. Works on bytes, one field at a time: the general path, for lines `decodeCopyText` does
 * not take as text.
 */
export function parseCopyLine(buf: Buffer, start: number, end: number, binary?: readonly boolean[]): RowValue[] {
  const row: RowValue[] = [];
  let fieldStart = start;
  let i = start;
  for (;;) {
    while (i < end && buf[i] !== TAB) i += buf[i] === BACKSLASH ? 2 : 1;
    const f = Math.min(i, end);
    if (f - fieldStart === 2 && buf[fieldStart] === BACKSLASH && buf[fieldStart + 1] === 0x4e) {
      row.push(null);
    } else {
      const bytes = unescapeField(buf, fieldStart, f);
      if (binary?.[row.length] && bytes.length >= 2 && bytes[0] === BACKSLASH && bytes[1] === 0x78) {
        row.push(hexBytes(bytes.toString('latin1', 2)));
      } else {
        row.push(bytes.toString('utf8'));
      }
    }
    if (i >= end) break;
    i++;
    fieldStart = i;
  }
  return row;
}

/** A bytea's hex digits as bytes of their own (not a slice of Buffer's shared pool). */
function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  return out.subarray(0, Buffer.from(out.buffer, out.byteOffset, out.byteLength).write(hex, 'hex'));
}

const TAB_CHAR = '\t';
const BACKSLASH_CHAR = '\\';
/** An escape that stands for a byte (octal or hex): such fields are unescaped as bytes. */
const BYTE_ESCAPE = /\\[0-7x]/;
const SIMPLE_ESCAPE = /\\([\s\S]?)/g;
const SIMPLE: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '': '\\' };

/** Undo COPY text escapes in one field of text. */
function unescapeText(field: string): string {
  if (BYTE_ESCAPE.test(field)) {
    const bytes = Buffer.from(field, 'utf8');
    return unescapeField(bytes, 0, bytes.length).toString('utf8');
  }
  return field.replace(SIMPLE_ESCAPE, (_, c: string) => SIMPLE[c] ?? c);
}

/**
 * The rows of `text`, whole COPY lines joined by newlines (the last one's newline left off).
 * Fields are cut out of the text with the next tab and backslash found by native scans, kept from
 * field to field, so the usual field (no escape) costs one slice: no Buffer and no decode of its own.
 */
class CopyTextLines {
  private nextTab = -1;
  private nextBackslash = -1;
  at = 0;

  constructor(
    private readonly text: string,
    private readonly binary: readonly boolean[] | undefined,
  ) {}

  /** The next row, or undefined at the end of the text; the end-of-data marker line is passed over. */
  next(): Row | undefined {
    const text = this.text;
    for (;;) {
      // The text is whole lines joined by newlines: one more line after each newline, empty ones too.
      if (this.at > text.length) return undefined;
      let end = text.indexOf('\n', this.at);
      if (end < 0) end = text.length;
      const start = this.at;
      this.at = end + 1;
      if (end - start === 2 && text.charCodeAt(start) === BACKSLASH && text.charCodeAt(start + 1) === 0x2e) continue;
      return this.line(start, end);
    }
  }

  private line(start: number, end: number): Row {
    const text = this.text;
    const binary = this.binary;
    const row: RowValue[] = [];
    let f = start;
    for (;;) {
      if (this.nextTab < f) {
        this.nextTab = text.indexOf(TAB_CHAR, f);
        if (this.nextTab < 0) this.nextTab = text.length;
      }
      if (this.nextBackslash < f) {
        this.nextBackslash = text.indexOf(BACKSLASH_CHAR, f);
        if (this.nextBackslash < 0) this.nextBackslash = text.length;
      }
      let t = Math.min(this.nextTab, end);
      const escaped = this.nextBackslash < t;
      if (escaped) {
        // A backslash takes the character after it, a tab too.
        let i = f;
        while (i < end && text.charCodeAt(i) !== TAB) i += text.charCodeAt(i) === BACKSLASH ? 2 : 1;
        t = Math.min(i, end);
      }
      if (!escaped) {
        row.push(text.slice(f, t));
      } else if (t - f === 2 && text.charCodeAt(f + 1) === 0x4e && text.charCodeAt(f) === BACKSLASH) {
        row.push(null);
      } else if (
        binary?.[row.length] === true &&
        text.charCodeAt(f) === BACKSLASH &&
        text.charCodeAt(f + 1) === BACKSLASH &&
        text.charCodeAt(f + 2) === 0x78 &&
        text.lastIndexOf(BACKSLASH_CHAR, t - 1) === f + 1
      ) {
        row.push(hexBytes(text.slice(f + 3, t)));
      } else {
        const value = unescapeText(text.slice(f, t));
        row.push(binary?.[row.length] === true && value.startsWith('\\x') ? hexBytes(value.slice(2)) : value);
      }
      if (t >= end) return row;
      f = t + 1;
    }
  }
}

/**
 * Decode a COPY text byte stream into batches of rows. Each piece's complete lines are decoded as
 * UTF-8 in one go (a newline is never part of a multi-byte character) and split as text.
 */
export async function* decodeCopyText(data: AsyncIterable<Buffer | string>, binary?: readonly boolean[], batchRows = 1000): AsyncGenerator<Row[]> {
  let rest: Buffer | null = null;
  let batch: Row[] = [];
  for await (const piece of data) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    const buf: Buffer = rest === null ? chunk : Buffer.concat([rest, chunk]);
    const last = buf.lastIndexOf(NL);
    if (last < 0) {
      rest = buf;
      continue;
    }
    rest = last + 1 < buf.length ? buf.subarray(last + 1) : null;
    const lines = new CopyTextLines(buf.toString('utf8', 0, last), binary);
    for (let row = lines.next(); row !== undefined; row = lines.next()) {
      batch.push(row);
      if (batch.length >= batchRows) {
        yield batch;
        batch = [];
      }
    }
  }
  if (rest !== null && rest.length > 0) batch.push(parseCopyLine(rest, 0, rest.length, binary));
  if (batch.length > 0) yield batch;
}
