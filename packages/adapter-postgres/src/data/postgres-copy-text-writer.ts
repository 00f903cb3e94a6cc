import type { Row } from '@sluice/adapter-kit';

const FLUSH_AT = 256 * 1024;
/** Room past FLUSH_AT in a new buffer, so the row that crosses it rarely makes the buffer grow. */
const NEXT_ROOM = 64 * 1024;
const TAB = 0x09;
const NL = 0x0a;
const BACKSLASH = 0x5c;
const HEX = Buffer.from('0123456789abcdef', 'latin1');

/** For each ASCII code, the letter of its COPY text escape (`\n` ...), or 0 when it is written as it is. */
const ESCAPE = new Uint8Array(128);
ESCAPE[0x5c] = 0x5c;
ESCAPE[0x0a] = 0x6e; // n
ESCAPE[0x0d] = 0x72; // r
ESCAPE[0x09] = 0x74; // t
ESCAPE[0x08] = 0x62; // b
ESCAPE[0x0c] = 0x66; // f
ESCAPE[0x0b] = 0x76; // v

/**
 * Writes rows as COPY text straight into one growing buffer, the same bytes `encodeCopyRow` gives:
 * no string per value or per line. ASCII text is written and escaped character by character in one
 * pass; text with other characters is written as UTF-8 past the line and escaped back into place.
 * Hands out chunks of about 256 KiB.
 */
export class CopyTextWriter {
  private buf = Buffer.allocUnsafe(FLUSH_AT + NEXT_ROOM);
  private pos = 0;

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

  /** Append one row: `\N` for null, bytes as a hex bytea literal, text escaped; a newline ends it. */
  row(row: Row): void {
    const n = row.length;
    if (n === 0) {
      this.ensure(1);
      this.buf[this.pos++] = NL;
      return;
    }
    for (let i = 0; i < n; i++) {
      const v = row[i] ?? null;
      if (v === null) {
        this.ensure(3);
        this.buf[this.pos++] = BACKSLASH;
        this.buf[this.pos++] = 0x4e;
      } else if (typeof v === 'string') {
        this.text(v);
      } else {
        this.bytes(v);
      }
      this.buf[this.pos++] = i === n - 1 ? NL : TAB;
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
      const c = s.charCodeAt(j);
      if (c >= 0x80) {
        this.pos = start;
        this.wideText(s);
        return;
      }
      const e = ESCAPE[c] as number;
      if (e === 0) {
        buf[pos++] = c;
      } else {
        buf[pos++] = BACKSLASH;
        buf[pos++] = e;
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
    const buf = this.buf;
    const from = this.pos + 3 * n;
    const end = from + buf.write(s, from, 'utf8');
    let pos = this.pos;
    for (let j = from; j < end; j++) {
      const c = buf[j] as number;
      const e = c < 0x80 ? (ESCAPE[c] as number) : 0;
      if (e === 0) {
        buf[pos++] = c;
      } else {
        buf[pos++] = BACKSLASH;
        buf[pos++] = e;
      }
    }
    this.pos = pos;
  }

  /** Bytes as `\\x` and two hex digits a byte (bytea's hex input form, its backslash escaped). */
  private bytes(v: Uint8Array): void {
    this.ensure(2 * v.length + 4);
    const buf = this.buf;
    let pos = this.pos;
    buf[pos++] = BACKSLASH;
    buf[pos++] = BACKSLASH;
    buf[pos++] = 0x78;
    for (let j = 0; j < v.length; j++) {
      const b = v[j] as number;
      buf[pos++] = HEX[b >> 4] as number;
      buf[pos++] = HEX[b & 15] as number;
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
