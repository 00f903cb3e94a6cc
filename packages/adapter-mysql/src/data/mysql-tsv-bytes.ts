import type { Row, RowValue } from '@sluice/adapter-kit';
import { decoderFor } from './mysql-text-decoders.js';
import { unescapeField, type TsvColumn } from './mysql-tsv-format.js';

// How a column's field becomes a row value, when it holds no escape.
/** ASCII forms of numbers and dates: the Latin-1 text is the value. */
const ASCII_FORM = 0;
/** Text in a character set whose bytes below 0x80 are ASCII: the Latin-1 text is the value when it is all ASCII. */
const ASCII_SUPERSET = 1;
/** Bytes: copied out. */
const BYTES = 2;
/** Text in UTF-16 or UTF-32: always decoded from its bytes. */
const WIDE = 3;

/** Character sets whose characters are never ASCII bytes alone. */
const WIDE_CHARSETS = new Set(['ucs2', 'utf16', 'utf16le', 'utf32']);

function kindOf(charset: string | null): number {
  if (charset === null) return ASCII_FORM;
  if (charset === 'binary') return BYTES;
  return WIDE_CHARSETS.has(charset) ? WIDE : ASCII_SUPERSET;
}

/** The first character past ASCII (a byte of 0x80 or more, read as Latin-1). */
const HIGH = /[\u0080-\u00ff]/g;

/**
 * The rows of a mysql-tsv stream with a bytes column or text in another character set than UTF-8,
 * read from whole lines: the bytes are read once as Latin-1 text (one character per byte, so text
 * positions are byte positions) and cut at tabs, backslashes and bytes of 0x80 and up found by
 * native scans kept from field to field. A field of ASCII text or of an ASCII form is that text; a
 * bytes field is copied out; any other field (an escape, a byte past ASCII, UTF-16 or UTF-32 text)
 * is decoded from its bytes exactly as the field-by-field reader does (`unescapeField`, `decoderFor`).
 */
export class TsvByteLines {
  private readonly text: string;
  private readonly kinds: Uint8Array;
  private readonly decoders: ((b: Buffer) => RowValue)[];
  private nextTab = -1;
  private nextBackslash = -1;
  private nextHigh = -1;
  private at = 0;

  /** `bytes` holds whole lines joined by LF, the last one's LF left off. */
  constructor(
    private readonly bytes: Buffer,
    private readonly columns: readonly TsvColumn[],
  ) {
    this.text = bytes.toString('latin1');
    this.kinds = Uint8Array.from(columns, (c) => kindOf(c.charset));
    this.decoders = columns.map((c) => decoderFor(c.charset));
  }

  /** The next row, or undefined at the end of the bytes. */
  next(): Row | undefined {
    const text = this.text;
    // One more line after each LF, empty ones too.
    if (this.at > text.length) return undefined;
    let end = text.indexOf('\n', this.at);
    if (end < 0) end = text.length;
    const width = this.columns.length;
    const row: RowValue[] = new Array(width);
    let f = this.at;
    let i = 0;
    this.at = end + 1;
    for (;;) {
      if (this.nextTab < f) {
        this.nextTab = text.indexOf('\t', f);
        if (this.nextTab < 0) this.nextTab = text.length;
      }
      if (this.nextBackslash < f) {
        this.nextBackslash = text.indexOf('\\', f);
        if (this.nextBackslash < 0) this.nextBackslash = text.length;
      }
      const t = Math.min(this.nextTab, end);
      row[i] = this.value(i, f, t);
      i++;
      if (t >= end) break;
      f = t + 1;
    }
    // A line with another number of fields than the header's columns keeps its own count.
    if (i !== row.length) row.length = i;
    return row;
  }

  /** The value of column `i`, bytes `f` to `t`. */
  private value(i: number, f: number, t: number): RowValue {
    // A field past the header's columns is UTF-8 text, as the field-by-field reader takes it.
    const kind = i < this.kinds.length ? (this.kinds[i] as number) : ASCII_SUPERSET;
    if (this.nextBackslash < t) {
      const field = unescapeField(this.bytes.subarray(f, t));
      if (field === null) return null;
      return i < this.decoders.length ? (this.decoders[i] as (b: Buffer) => RowValue)(field) : field.toString('utf8');
    }
    switch (kind) {
      case ASCII_FORM:
        return this.text.slice(f, t);
      case BYTES:
        return new Uint8Array(this.bytes.buffer.slice(this.bytes.byteOffset + f, this.bytes.byteOffset + t));
      case ASCII_SUPERSET: {
        if (this.nextHigh < f) {
          HIGH.lastIndex = f;
          this.nextHigh = HIGH.exec(this.text)?.index ?? this.text.length;
        }
        if (this.nextHigh >= t) return this.text.slice(f, t);
        break;
      }
    }
    const field = this.bytes.subarray(f, t);
    return i < this.decoders.length ? (this.decoders[i] as (b: Buffer) => RowValue)(field) : field.toString('utf8');
  }
}
