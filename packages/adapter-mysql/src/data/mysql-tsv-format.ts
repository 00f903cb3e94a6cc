import { AdapterError, type DataEncoding, type RowValue } from '@sluice/adapter-kit';

/**
 * The adapter's bulk encoding: what `mysql --batch` prints and LOAD DATA reads by default
 * (tab-separated, lines end in LF, `\` escapes, `\N` for NULL), preceded by one header line.
 *
 * Values are the column's own bytes (read with character_set_results = binary), so text in any
 * character set, binary data with every byte value, BIT and spatial values come back identical.
 * The header names each column with its character set so a loader can convert when the target
 * column's differs, and decodeRows can turn bytes back into text.
 */
export const MYSQL_TSV: DataEncoding = { name: 'mysql-tsv', version: 1 };

/** The magic that starts a header line. */
export const TSV_MAGIC = 'SLUICE-MYSQL-TSV 1 ';

/** One column of a stream: its name and the character set of its bytes. */
export interface TsvColumn {
  /** Absent when rows were encoded without column information (the loader then uses the table's columns). */
  readonly name?: string;
  /**
   * `binary` for raw bytes (BLOB, VARBINARY, BIT, spatial), null for ASCII forms of numbers and
   * temporal values, otherwise the character set the text is in (e.g. `utf8mb4`, `latin1`).
   */
  readonly charset: string | null;
}

/** The header line's content. */
export interface TsvHeader {
  /** The stream's columns, or null when unknown (rows written without column information). */
  readonly columns: readonly TsvColumn[] | null;
}

/** The header line, ending in LF. */
export function headerLine(header: TsvHeader): Buffer {
  return Buffer.from(`${TSV_MAGIC}${JSON.stringify(header)}\n`, 'utf8');
}

/** Parse a header line (without its LF). */
export function parseHeader(line: Buffer): TsvHeader {
  const text = line.toString('utf8');
  if (!text.startsWith(TSV_MAGIC)) {
    throw new AdapterError('BAD_ARGUMENT', `Not a ${MYSQL_TSV.name} v${MYSQL_TSV.version} stream: it starts with ${JSON.stringify(text.slice(0, 24))}`);
  }
  try {
    const parsed = JSON.parse(text.slice(TSV_MAGIC.length)) as TsvHeader;
    if (parsed.columns !== null && !Array.isArray(parsed.columns)) throw new Error('columns is not a list');
    return { columns: parsed.columns };
  } catch (cause) {
    throw new AdapterError('BAD_ARGUMENT', `The ${MYSQL_TSV.name} header is damaged: ${(cause as Error).message}`, { cause });
  }
}

const FLUSH_AT = 256 * 1024;
/** Room past FLUSH_AT in a new buffer, so the row that crosses it rarely makes the buffer grow. */
const NEXT_ROOM = 64 * 1024;

// packetRow's value kinds.
const VERBATIM = 0;
const ESCAPED = 1;
const NULL_VALUE = 2;

/** The bytes LOAD DATA's default format escapes: NUL, TAB, LF and backslash. */
const ESCAPED_BYTES = [0x00, 0x09, 0x0a, 0x5c] as const;

/**
 * Finds the next byte to escape in a buffer with native scans (Buffer.indexOf), remembering each
 * byte's next position so the rows of one network chunk, read front to back, scan it only once.
 */
class EscapeScanner {
  private owner: Uint8Array | null = null;
  private view: Buffer = Buffer.alloc(0);
  private last = 0;
  private readonly next = new Float64Array(ESCAPED_BYTES.length);

  /** The first position at or after `at` in `src` holding a byte to escape, or Infinity. */
  first(src: Uint8Array, at: number): number {
    if (src !== this.owner || at < this.last) {
      this.owner = src;
      this.view = Buffer.isBuffer(src) ? src : Buffer.from(src.buffer, src.byteOffset, src.byteLength);
      this.next.fill(-1);
    }
    this.last = at;
    let min = Infinity;
    for (let k = 0; k < ESCAPED_BYTES.length; k++) {
      let p = this.next[k] as number;
      if (p < at) {
        p = this.view.indexOf(ESCAPED_BYTES[k] as number, at);
        if (p < 0) p = Infinity;
        this.next[k] = p;
      }
      if (p < min) min = p;
    }
    return min;
  }
}

/**
 * Escapes values into LOAD DATA's default format, straight into one growing buffer; hands out
 * chunks of about 256 KiB so a stream carries thousands of rows per chunk, not one.
 */
export class TsvWriter {
  private buf = Buffer.allocUnsafe(FLUSH_AT * 2);
  private pos = 0;
  // packetRow's per-row layout, reused from row to row.
  private starts = new Int32Array(16);
  private lens = new Int32Array(16);
  private kinds = new Uint8Array(16);
  private readonly scanner = new EscapeScanner();

  /** Bytes waiting to be taken. */
  get pending(): number {
    return this.pos;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /**
   * Append one row of raw values (null is SQL NULL). `plain[i]` marks columns whose values never
   * hold a byte that needs escaping (numbers and dates in their ASCII form): those are copied as is.
   */
  row(values: readonly (Uint8Array | null)[], plain?: readonly boolean[]): void {
    const n = values.length;
    for (let i = 0; i < n; i++) {
      const v = values[i] ?? null;
      if (v === null) this.nullValue();
      else if (plain?.[i] === true) this.copy(v, 0, v.length);
      else this.escape(v, 0, v.length);
      this.buf[this.pos++] = i === n - 1 ? 0x0a : 0x09;
    }
    if (n === 0) {
      this.ensure(1);
      this.buf[this.pos++] = 0x0a;
    }
  }

  /**
   * Append one row straight from a text-protocol row packet: `n` length-coded values from
   * `offset` in `src` (each a length-coded integer, 0xfb for NULL, then the bytes). No value is
   * sliced out and no byte goes through JavaScript one at a time in the usual case: the bytes that
   * need escaping are found by native scans over the packet's buffer, and runs of values that need
   * none are copied in one piece, their length bytes overwritten by the separators.
   */
  packetRow(src: Uint8Array, offset: number, n: number, plain: readonly boolean[]): void {
    if (n === 0) {
      // No columns asked for (the SELECT reads a constant): still one line per row, as row() writes.
      this.ensure(1);
      this.buf[this.pos++] = 0x0a;
      return;
    }
    if (this.starts.length < n) {
      this.starts = new Int32Array(n);
      this.lens = new Int32Array(n);
      this.kinds = new Uint8Array(n);
    }
    const { starts, lens, kinds } = this;
    // 1. Where each value's bytes are.
    let off = offset;
    for (let i = 0; i < n; i++) {
      const b = src[off] as number;
      let len: number;
      if (b < 0xfb) {
        len = b;
        off += 1;
      } else if (b === 0xfb) {
        off += 1;
        starts[i] = off;
        lens[i] = 0;
        kinds[i] = NULL_VALUE;
        continue;
      } else if (b === 0xfc) {
        len = (src[off + 1] as number) | ((src[off + 2] as number) << 8);
        off += 3;
      } else if (b === 0xfd) {
        len = (src[off + 1] as number) | ((src[off + 2] as number) << 8) | ((src[off + 3] as number) << 16);
        off += 4;
      } else {
        len = 0;
        for (let k = 8; k >= 1; k--) len = len * 256 + (src[off + k] as number);
        off += 9;
      }
      starts[i] = off;
      lens[i] = len;
      kinds[i] = VERBATIM;
      off += len;
    }
    const rowEnd = off;
    // 2. Which values hold a byte to escape. A hit may also be a length byte or inside a value that
    // cannot hold one (numbers, dates): those are passed over.
    let v = 0;
    let hit = this.scanner.first(src, offset);
    while (hit < rowEnd) {
      while ((starts[v] as number) + (lens[v] as number) <= hit) v++;
      const start = starts[v] as number;
      if (hit >= start && plain[v] !== true) kinds[v] = ESCAPED;
      hit = this.scanner.first(src, hit >= start ? start + (lens[v] as number) : hit + 1);
    }
    // 3. The line.
    this.ensure((rowEnd - offset) * 2 + 2 * n + 1);
    const buf = this.buf;
    for (let i = 0; i < n; ) {
      const kind = kinds[i] as number;
      if (kind === NULL_VALUE) {
        buf[this.pos++] = 0x5c;
        buf[this.pos++] = 0x4e;
        buf[this.pos++] = i === n - 1 ? 0x0a : 0x09;
        i += 1;
        continue;
      }
      const start = starts[i] as number;
      if (kind === ESCAPED) {
        this.escape(src, start, start + (lens[i] as number));
        buf[this.pos++] = i === n - 1 ? 0x0a : 0x09;
        i += 1;
        continue;
      }
      // A run of verbatim values, each after a one-byte length: one copy, then the separators.
      let j = i;
      while (j + 1 < n && kinds[j + 1] === VERBATIM && starts[j + 1] === (starts[j] as number) + (lens[j] as number) + 1) j++;
      const end = (starts[j] as number) + (lens[j] as number);
      const at = this.pos;
      this.copy(src, start, end);
      for (let k = i + 1; k <= j; k++) buf[at + (starts[k] as number) - 1 - start] = 0x09;
      buf[this.pos++] = j === n - 1 ? 0x0a : 0x09;
      i = j + 1;
    }
  }

  /**
   * Append one row of row values: text written as UTF-8 and escaped in the same pass (ASCII text
   * character by character; other text as UTF-8 past the line, escaped back into place), bytes
   * escaped, null as `\N`. The same bytes as `row()` of each value's UTF-8, with no Buffer per value.
   */
  textRow(values: readonly RowValue[]): void {
    const n = values.length;
    if (n === 0) {
      this.ensure(1);
      this.buf[this.pos++] = 0x0a;
      return;
    }
    for (let i = 0; i < n; i++) {
      const v = values[i] ?? null;
      if (v === null) this.nullValue();
      else if (typeof v === 'string') this.text(v);
      else this.escape(v, 0, v.length);
      this.buf[this.pos++] = i === n - 1 ? 0x0a : 0x09;
    }
  }

  /** Text, escaped; room for the separator after it is made too. */
  private text(s: string): void {
    const n = s.length;
    // A UTF-16 unit is at most 3 bytes of UTF-8; escapes only double ASCII characters.
    this.ensure(3 * n + 1);
    const buf = this.buf;
    const start = this.pos;
    let pos = start;
    for (let j = 0; j < n; j++) {
      const x = s.charCodeAt(j);
      if (x > 0x5c || (x > 0x0a && x !== 0x5c)) {
        if (x >= 0x80) {
          this.pos = start;
          this.wideText(s);
          return;
        }
        buf[pos++] = x;
      } else {
        pos = escapeByte(buf, pos, x);
      }
    }
    this.pos = pos;
  }

  /**
   * Text with characters past ASCII: its UTF-8 bytes are written 3 bytes per character further on,
   * then escaped forward into place (the write position never passes the read position: at byte i
   * it is at most 2i past the start, the bytes are 3n >= i past it).
   */
  private wideText(s: string): void {
    const n = s.length;
    this.ensure(6 * n + 1);
    const from = this.pos + 3 * n;
    const end = from + this.buf.write(s, from, 'utf8');
    this.escape(this.buf, from, end);
  }

  private nullValue(): void {
    this.ensure(3);
    this.buf[this.pos++] = 0x5c;
    this.buf[this.pos++] = 0x4e;
  }

  private copy(src: Uint8Array, start: number, end: number): void {
    const len = end - start;
    this.ensure(len + 1);
    if (len > 32) {
      // A plain Uint8Array view: Buffer's subarray costs a FastBuffer per value.
      this.buf.set(new Uint8Array(src.buffer, src.byteOffset + start, len), this.pos);
      this.pos += len;
      return;
    }
    const buf = this.buf;
    let pos = this.pos;
    for (let j = start; j < end; j++) buf[pos++] = src[j] as number;
    this.pos = pos;
  }

  private escape(src: Uint8Array, start: number, end: number): void {
    this.ensure((end - start) * 2 + 1);
    const buf = this.buf;
    let pos = this.pos;
    for (let j = start; j < end; j++) {
      const x = src[j] as number;
      // Only NUL, TAB, LF and backslash need escaping; everything above 0x5c or between them passes.
      if (x > 0x5c || (x > 0x0a && x !== 0x5c)) buf[pos++] = x;
      else pos = escapeByte(buf, pos, x);
    }
    this.pos = pos;
  }

  /** The buffered bytes if there are enough for a chunk, else null. */
  takeIfFull(): Buffer | null {
    return this.pos >= FLUSH_AT ? this.take() : null;
  }

  /** Everything buffered, handed over as it is (no copy); the writer goes on in a new buffer. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(FLUSH_AT + NEXT_ROOM);
    this.pos = 0;
    return out;
  }
}

/** Write byte `x` (at most 0x5c) at `pos`, escaped if LOAD DATA needs it; the position after it. */
function escapeByte(buf: Buffer, pos: number, x: number): number {
  if (x === 0x5c) {
    buf[pos++] = 0x5c;
    buf[pos++] = 0x5c;
  } else if (x === 0x09) {
    buf[pos++] = 0x5c;
    buf[pos++] = 0x74;
  } else if (x === 0x0a) {
    buf[pos++] = 0x5c;
    buf[pos++] = 0x6e;
  } else if (x === 0x00) {
    buf[pos++] = 0x5c;
    buf[pos++] = 0x30;
  } else {
    buf[pos++] = x;
  }
  return pos;
}

/** Undo LOAD DATA escapes in one field; `\N` alone is NULL. */
export function unescapeField(field: Buffer): Buffer | null {
  if (field.length === 2 && field[0] === 0x5c && field[1] === 0x4e) return null;
  if (field.indexOf(0x5c) < 0) return field;
  const out = Buffer.allocUnsafe(field.length);
  let pos = 0;
  for (let i = 0; i < field.length; i++) {
    const c = field[i] as number;
    if (c !== 0x5c || i === field.length - 1) {
      out[pos++] = c;
      continue;
    }
    const e = field[++i] as number;
    switch (e) {
      case 0x30: // 0
        out[pos++] = 0x00;
        break;
      case 0x62: // b
        out[pos++] = 0x08;
        break;
      case 0x6e: // n
        out[pos++] = 0x0a;
        break;
      case 0x72: // r
        out[pos++] = 0x0d;
        break;
      case 0x74: // t
        out[pos++] = 0x09;
        break;
      case 0x5a: // Z
        out[pos++] = 0x1a;
        break;
      default:
        out[pos++] = e;
    }
  }
  return out.subarray(0, pos);
}

/**
 * Splits a byte stream into rows of unescaped fields, across chunk boundaries. Rows end at a raw
 * LF and fields at a raw TAB (the writer escapes both inside values).
 */
export class TsvParser {
  private rest: Buffer | null = null;

  /** Feed a chunk; returns the rows it completed. */
  push(chunk: Buffer): (Buffer | null)[][] {
    const data = this.rest === null ? chunk : Buffer.concat([this.rest, chunk]);
    const rows: (Buffer | null)[][] = [];
    let start = 0;
    for (;;) {
      const nl = data.indexOf(0x0a, start);
      if (nl < 0) break;
      rows.push(splitFields(data.subarray(start, nl)));
      start = nl + 1;
    }
    this.rest = start < data.length ? Buffer.from(data.subarray(start)) : null;
    return rows;
  }

  /** Call at the end of the stream; a last row without LF is accepted. */
  end(): (Buffer | null)[][] {
    const rest = this.rest;
    this.rest = null;
    return rest === null || rest.length === 0 ? [] : [splitFields(rest)];
  }
}

function splitFields(line: Buffer): (Buffer | null)[] {
  const fields: (Buffer | null)[] = [];
  let start = 0;
  for (;;) {
    const tab = line.indexOf(0x09, start);
    if (tab < 0) {
      fields.push(unescapeField(line.subarray(start)));
      return fields;
    }
    fields.push(unescapeField(line.subarray(start, tab)));
    start = tab + 1;
  }
}
