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

/** Parse one COPY text line (without its newline) into values; `binary[i]` turns a bytea's `\x..` text into bytes. */
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
        row.push(new Uint8Array(Buffer.from(bytes.subarray(2).toString('latin1'), 'hex')));
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

/** Decode a COPY text byte stream into batches of rows. */
export async function* decodeCopyText(
  data: AsyncIterable<Buffer | string>,
  binary?: readonly boolean[],
  batchRows = 1000,
): AsyncGenerator<Row[]> {
  let rest: Buffer = Buffer.alloc(0);
  let batch: Row[] = [];
  for await (const piece of data) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    const buf = rest.length === 0 ? chunk : Buffer.concat([rest, chunk]);
    let lineStart = 0;
    for (let nl = buf.indexOf(NL, lineStart); nl >= 0; nl = buf.indexOf(NL, lineStart)) {
      if (!(nl - lineStart === 2 && buf[lineStart] === BACKSLASH && buf[lineStart + 1] === 0x2e)) {
        batch.push(parseCopyLine(buf, lineStart, nl, binary));
      }
      lineStart = nl + 1;
      if (batch.length >= batchRows) {
        yield batch;
        batch = [];
      }
    }
    rest = buf.subarray(lineStart);
  }
  if (rest.length > 0) batch.push(parseCopyLine(rest, 0, rest.length, binary));
  if (batch.length > 0) yield batch;
}
