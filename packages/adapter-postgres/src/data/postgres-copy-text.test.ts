import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Row } from '@sluice/adapter-kit';
import { decodeCopyText, encodeCopyRow, escapeCopyText } from './postgres-copy-text.js';

async function decode(pieces: (Buffer | string)[], binary?: boolean[]): Promise<Row[]> {
  const out: Row[] = [];
  for await (const batch of decodeCopyText(Readable.from(pieces), binary, 3)) out.push(...batch);
  return out;
}

const value = fc.oneof(
  fc.constant(null),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: fc.constantFrom('\\', '\t', '\n', '\r', 'N', '.', 'x', '\b', '\f', '\v', 'é', '😀') }),
);

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
    const rows: Row[] = [['a\tb', null, ''], ['\\N', 'ünï😀', '\\'], ['x\ny', '\r', '.']];
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
});
