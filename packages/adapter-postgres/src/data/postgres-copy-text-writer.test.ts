import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Row } from '@sluice/adapter-kit';
import { decodeCopyText, encodeCopyRow } from './postgres-copy-text.js';
import { CopyTextWriter } from './postgres-copy-text-writer.js';

function write(rows: readonly Row[]): Buffer {
  const w = new CopyTextWriter();
  const parts: Buffer[] = [];
  for (const row of rows) {
    w.row(row);
    const full = w.takeIfFull();
    if (full !== null) parts.push(full);
  }
  parts.push(w.take());
  return Buffer.concat(parts);
}

async function decode(bytes: Buffer, binary?: boolean[]): Promise<Row[]> {
  const out: Row[] = [];
  for await (const batch of decodeCopyText(Readable.from([bytes]), binary)) out.push(...batch);
  return out;
}

const text = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('\\', '\t', '\n', '\r', '\b', '\f', '\v', '\u0001', '\u007f', 'N', '.', 'x', 'é', '😀', '\ud800') }),
);
const value = fc.oneof(fc.constant(null), text, fc.uint8Array({ maxLength: 40 }));

describe('COPY text writer', () => {
  it('writes the bytes encodeCopyRow gives, whatever the values', () => {
    fc.assert(
      fc.property(fc.array(fc.array(value, { maxLength: 5 }), { maxLength: 8 }), (rows) => {
        expect(write(rows).equals(Buffer.from(rows.map(encodeCopyRow).join(''), 'utf8'))).toBe(true);
      }),
    );
  });

  it('keeps NULL, empty, unicode, control characters, backslashes and every byte value through decoding', async () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const rows: Row[] = [
      [null, '', '\\N', all],
      ['a\tb\nc\r\\d\b\f\v', 'ünï😀 \\x41', '\u0001\u001f\u007f', new Uint8Array(0)],
      ['\\.', '.', 'é'.repeat(1000), null],
    ];
    expect(await decode(write(rows), [false, false, false, true])).toEqual(rows);
  });

  it('hands out chunks of about 256 KiB and grows for a value larger than that', async () => {
    const big = 'é\t'.repeat(200_000);
    const rows: Row[] = Array.from({ length: 3000 }, (_, i): Row => [String(i), i === 1500 ? big : 'x'.repeat(200)]);
    const w = new CopyTextWriter();
    const parts: Buffer[] = [];
    for (const row of rows) {
      w.row(row);
      const full = w.takeIfFull();
      if (full !== null) parts.push(full);
    }
    parts.push(w.take());
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.slice(0, -1).every((p) => p.length >= 256 * 1024)).toBe(true);
    expect(await decode(Buffer.concat(parts))).toEqual(rows);
  });

  it('writes an empty line for a row of no columns', () => {
    expect(write([[], []]).toString()).toBe('\n\n');
  });
});
