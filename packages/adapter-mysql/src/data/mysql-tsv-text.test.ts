import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Row } from '@sluice/adapter-kit';
import { packetValues } from './mysql-packet-values.js';
import { decodeRowStream, encodeRowStream } from './mysql-rows.js';
import { headerLine, TsvParser, TsvWriter } from './mysql-tsv-format.js';

const text = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: fc.constantFrom('\\', '\t', '\n', '\r', '\0', '\x1a', 'N', '0', 'Z', 'é', '😀', '\ud800') }));

async function decode(pieces: Buffer[]): Promise<Row[]> {
  const out: Row[] = [];
  for await (const batch of decodeRowStream(Readable.from(pieces))) out.push(...batch);
  return out;
}

async function encode(rows: readonly Row[], charsets: (string | null)[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  const batches = async function* (): AsyncGenerator<Row[]> {
    yield [...rows];
  };
  for await (const b of encodeRowStream(
    batches(),
    charsets.map((charset) => ({ charset })),
  ))
    parts.push(b as Buffer);
  return Buffer.concat(parts);
}

describe('mysql-tsv rows as text', () => {
  it('textRow writes the bytes row() writes of the values as UTF-8', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(fc.constant(null), text, fc.uint8Array({ maxLength: 20 })), { maxLength: 5 }), { maxLength: 6 }), (rows) => {
        const a = new TsvWriter();
        const b = new TsvWriter();
        for (const row of rows) {
          a.textRow(row);
          b.row(row.map((v) => (typeof v === 'string' ? Buffer.from(v, 'utf8') : v)));
        }
        expect(a.take().equals(b.take())).toBe(true);
      }),
    );
  });

  it('gives back NULL, empty, \\N, unicode, tabs, newlines, backslashes and NUL of UTF-8 columns, split anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.oneof(fc.constant(null), text), fc.oneof(fc.constant(null), text)), { maxLength: 6 }), fc.nat(), async (rows, cut) => {
        // Lone surrogates are not text UTF-8 can carry: they come back as U+FFFD.
        const wanted = rows.map((r) => r.map((v) => (v === null ? null : Buffer.from(v, 'utf8').toString('utf8'))));
        const bytes = await encode(rows, ['utf8mb4', null]);
        const at = cut % (bytes.length + 1);
        expect(await decode([bytes.subarray(0, at), bytes.subarray(at)])).toEqual(wanted);
      }),
    );
  });

  it('reads any line of UTF-8 columns as the field-by-field parser does', async () => {
    const unit = fc.constantFrom('\\\\', '\\t', '\\n', '\\0', '\\Z', '\\N', '\\b', '\\r', '\\q', '\\', '\t', 'x', 'N', 'é', '😀');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit, maxLength: 8 }), { minLength: 1, maxLength: 6 }), fc.nat(), async (lines, cut) => {
        const body = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
        const parser = new TsvParser();
        const wanted = [...parser.push(body), ...parser.end()].map((r) => r.map((v) => (v === null ? null : v.toString('utf8'))));
        const bytes = Buffer.concat([headerLine({ columns: [{ charset: 'utf8mb4' }, { charset: 'utf8mb4' }] }), body]);
        const at = cut % (bytes.length + 1);
        expect(await decode([bytes.subarray(0, at), bytes.subarray(at)])).toEqual(wanted);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every byte value of a bytes column beside text (read field by field)', async () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const rows: Row[] = [
      [all, 'a\tb\\N', null],
      [new Uint8Array(0), '', '\\'],
    ];
    expect(await decode([await encode(rows, ['binary', 'utf8mb4', 'utf8mb4'])])).toEqual(rows);
  });
});

describe('text-protocol row packets as row values', () => {
  it('reads NULL, empty, text, bytes and every length coding in place', () => {
    const lengthCoded = (v: Buffer | null): Buffer => {
      if (v === null) return Buffer.from([0xfb]);
      const n = v.length;
      const head = n < 0xfb ? Buffer.from([n]) : n < 0x10000 ? Buffer.from([0xfc, n & 0xff, n >> 8]) : Buffer.from([0xfd, n & 0xff, (n >> 8) & 0xff, n >> 16]);
      return Buffer.concat([head, v]);
    };
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const values = [Buffer.from('42'), null, Buffer.alloc(0), Buffer.from('é😀\t\\'), all, Buffer.from('y'.repeat(300)), Buffer.from('z'.repeat(70000))];
    const packet = Buffer.concat([Buffer.from([9, 9, 9, 9]), ...values.map(lengthCoded)]);
    const bytesAt = [false, false, false, false, true, false, true];
    expect(packetValues(packet, 4, bytesAt)).toEqual(['42', null, '', 'é😀\t\\', new Uint8Array(all), 'y'.repeat(300), new Uint8Array(Buffer.from('z'.repeat(70000)))]);
  });
});
