import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Row } from '@sluice/adapter-kit';
import { decodeCopyText, encodeCopyRow, escapeCopyText, parseCopyLine } from './postgres-copy-text.js';

async function decode(pieces: (Buffer | string)[], binary?: boolean[]): Promise<Row[]> {
  const out: Row[] = [];
  for await (const batch of decodeCopyText(Readable.from(pieces), binary, 3)) out.push(...batch);
  return out;
}

const value = fc.oneof(fc.constant(null), fc.string({ unit: 'grapheme' }), fc.string({ unit: fc.constantFrom('\\', '\t', '\n', '\r', 'N', '.', 'x', '\b', '\f', '\v', 'é', '😀') }));

describe('COPY text encoding', () => {
  it('decodes what it encodes, whatever the text, split anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(value, { minLength: 1, maxLength: 4 }), { maxLength: 5 }), fc.nat(), async (rows, cut) => {
        const bytes = Buffer.from(rows.map(encodeCopyRow).join(''), 'utf8');
        const at = bytes.length === 0 ? 0 : cut % bytes.length;
        expect(await decode([bytes.subarray(0, at), bytes.subarray(at)])).toEqual(rows);
      }),
    );
  });

  it('reads the same rows when the stream is split at every byte', async () => {
    const rows: Row[] = [
      ['a\tb', null, ''],
      ['\\N', 'ünï😀', '\\'],
      ['x\ny', '\r', '.'],
    ];
    const bytes = Buffer.from(rows.map(encodeCopyRow).join(''), 'utf8');
    for (let i = 0; i <= bytes.length; i++) expect(await decode([bytes.subarray(0, i), bytes.subarray(i)])).toEqual(rows);
  });

  it('writes NULL as \\N and escapes the characters COPY treats specially', () => {
    expect(encodeCopyRow([null, '', '\\N', 'a\tb\nc\\d\re'])).toBe('\\N\t\t\\\\N\ta\\tb\\nc\\\\d\\re\n');
    expect(escapeCopyText('\b\f\v')).toBe('\\b\\f\\v');
  });

  it('reads octal and hex escapes and every byte of a bytea column', async () => {
    expect(await decode(['\\101\\x42\\7\\q\n'])).toEqual([['AB\u0007q']]);
    const all = new Uint8Array(256).map((_, i) => i);
    expect(encodeCopyRow([all])).toBe(`\\\\x${Buffer.from(all).toString('hex')}\n`);
    expect(await decode([encodeCopyRow([all, 'text'])], [true, false])).toEqual([[all, 'text']]);
  });

  it('ignores an end-of-data marker line', async () => {
    expect(await decode(['1\n\\.\n'])).toEqual([['1']]);
  });

  it('reads any line as the byte-by-byte parser does, escapes of every kind included', async () => {
    // Pieces of COPY text: escapes (backslash, tab, newline, octal and hex bytes, unknown), a backslash
    // before a raw tab, a lone trailing backslash, raw characters.
    const unit = fc.constantFrom('\\\\', '\\t', '\\n', '\\r', '\\N', '\\.', '\\x', '\\xe9', '\\303\\251', '\\7', '\\q', '\\\t', '\\', 'x', 'N', '.', 'é', '😀', '\r', '\t');
    const line = fc.string({ unit, maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 6 }), fc.array(fc.boolean(), { maxLength: 4 }), fc.nat(), async (lines, binary, cut) => {
        const bytes = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
        const wanted = lines
          .filter((l) => l !== '\\.')
          .map((l) => {
            const b = Buffer.from(l, 'utf8');
            return parseCopyLine(b, 0, b.length, binary);
          });
        const at = cut % (bytes.length + 1);
        const out: Row[] = [];
        for await (const batch of decodeCopyText(Readable.from([bytes.subarray(0, at), bytes.subarray(at)]), binary, 2)) out.push(...batch);
        expect(out).toEqual(wanted);
      }),
      { numRuns: 300 },
    );
  });

  it('takes a backslash before a tab as an escaped tab, and octal and hex escapes as bytes of UTF-8', async () => {
    expect(await decode(['a\\\tb\tc\n'])).toEqual([['a\tb', 'c']]);
    expect(await decode(['\\303\\251\t\\xc3\\xa9\t\\\\x\n'])).toEqual([['é', 'é', '\\x']]);
    // In a bytea column `\\x..` is the hex form; a single backslash is a COPY escape (`\x41` is "A").
    expect(await decode(['\\\\x4142\t\\x4142\t\\\\x\n'], [true, true, true])).toEqual([[new Uint8Array([0x41, 0x42]), 'A42', new Uint8Array(0)]]);
  });

  it('reads empty lines as rows of one empty value, and a last line without its newline', async () => {
    expect(await decode(['\n\n', 'a\tb'])).toEqual([[''], [''], ['a', 'b']]);
  });
});
