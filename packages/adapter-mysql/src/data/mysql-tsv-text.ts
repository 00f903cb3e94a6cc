import type { Row, RowValue } from '@sluice/adapter-kit';
import type { TsvColumn } from './mysql-tsv-format.js';

/** Character sets whose bytes are UTF-8 (null: ASCII forms of numbers and dates). */
const UTF8 = new Set<string | null>([null, 'utf8', 'utf8mb3', 'utf8mb4']);

/**
 * Whether a stream's lines can be decoded as UTF-8 text whole and split as text: every column's
 * bytes are UTF-8 (no bytes column, no other character set). Tabs, newlines and backslashes are never
 * part of a multi-byte character, so splitting the text is splitting the bytes.
 */
export function isUtf8Stream(columns: readonly TsvColumn[] | null): columns is readonly TsvColumn[] {
  return columns?.every((c) => UTF8.has(c.charset)) === true;
}

const ESCAPE = /\\([\s\S]?)/g;
const ESCAPED: Record<string, string> = { '0': '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a', '': '\\' };

/** Undo LOAD DATA escapes in a field of text (as `unescapeField` does on bytes). */
function unescapeText(field: string): string {
  return field.replace(ESCAPE, (_, c: string) => ESCAPED[c] ?? c);
}

/**
 * The rows of `text`, whole mysql-tsv lines joined by LF (the last one's LF left off), as row
 * values. Fields are cut out with the next tab and backslash found by native scans, kept from field
 * to field, so the usual field (no escape) costs one slice: no Buffer and no decode of its own.
 */
export class TsvTextLines {
  private nextTab = -1;
  private nextBackslash = -1;
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly width: number,
  ) {}

  /** The next row, or undefined at the end of the text. */
  next(): Row | undefined {
    const text = this.text;
    // One more line after each LF, empty ones too.
    if (this.at > text.length) return undefined;
    let end = text.indexOf('\n', this.at);
    if (end < 0) end = text.length;
    const row: RowValue[] = new Array(this.width);
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
      if (this.nextBackslash >= t) row[i] = text.slice(f, t);
      else if (t - f === 2 && text.charCodeAt(f + 1) === 0x4e) row[i] = null;
      else row[i] = unescapeText(text.slice(f, t));
      i++;
      if (t >= end) break;
      f = t + 1;
    }
    // A line with another number of fields than the header's columns keeps its own count.
    if (i !== row.length) row.length = i;
    return row;
  }
}
