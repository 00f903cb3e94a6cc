import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Row } from '@sluice/adapter-kit';
import { decodeRowStream } from './mysql-rows.js';
import { decoderFor } from './mysql-text-decoders.js';
import { headerLine, TsvParser, TsvWriter, type TsvColumn } from './mysql-tsv-format.js';

// Streams with a bytes column or text in another character set than UTF-8 (a MariaDB dump of a table
// with a BLOB or a latin1 column) are read from whole lines; every value must be the one the
// field-by-field reader (TsvParser, then each column's decoder) gives, for any bytes.

async function decode(pieces: Buffer[]): Promise<Row[]> {
  const out: Row[] = [];
  for await (const batch of decodeRowStream(Readable.from(pieces))) out.push(...batch);
  return out;
}

/** What the field-by-field reader makes of a stream body. */
function fieldByField(body: Buffer, columns: readonly TsvColumn[]): Row[] {
  const parser = new TsvParser();
  const decoders = columns.map((c) => decoderFor(c.charset));
  return [...parser.push(body), ...parser.end()].map((fields) => fields.map((f, i) => (f === null ? null : (decoders[i]?.(f) ?? f.toString('utf8')))));
}

/** Bytes leaning on the ones that matter here: escapes, \N, ASCII, 0x80-0x9f (where windows-1252 is not Latin-1), UTF-8 lead bytes. */
const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x00, 0x09, 0x0a, 0x5c, 0x4e, 0x41, 0x80, 0x81, 0x9f, 0xa0, 0xc3, 0xa9, 0xe9, 0xf0, 0xff));
const bytes = fc.array(byte, { maxLength: 12 }).map((a) => Uint8Array.from(a));
const ascii = fc.string({ unit: fc.constantFrom('a', 'Z', '0', '9', '-', ':', ' ', '.'), maxLength: 10 }).map((s) => Uint8Array.from(Buffer.from(s, 'latin1')));
const charsets: (string | null)[] = ['binary', 'latin1', 'utf8mb4', null, 'utf8mb3', 'cp1251', 'sjis', 'utf16', 'ucs2', 'gbk', 'koi8r', 'no_such_charset'];

describe('decoderFor', () => {
  it('reads latin1 as MySQL does, windows-1252 (Node reads that label as ISO-8859-1)', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const c1 = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';
    expect(decoderFor('latin1')(all)).toBe(all.toString('latin1').slice(0, 0x80) + c1 + all.toString('latin1').slice(0xa0));
    expect(decoderFor('latin1')(Buffer.from('café', 'latin1'))).toBe('café');
  });

  it('reads sjis and cp932 bytes 0x00-0x7f as ASCII, as MySQL does (Node swaps 0x1a, 0x1c and 0x7f)', () => {
    const ascii = Buffer.from(Array.from({ length: 128 }, (_, i) => i));
    for (const cs of ['sjis', 'cp932']) {
      expect(decoderFor(cs)(ascii)).toBe(ascii.toString('latin1'));
      expect(decoderFor(cs)(Buffer.from([0x82, 0xa0, 0x7f, 0x1a, 0x1c]))).toBe('あ\x7f\x1a\x1c');
    }
  });
});

describe('mysql-tsv streams with bytes or other character sets, read by whole lines', () => {
  it('gives every value the field-by-field reader gives, for random bytes in random columns, split anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...charsets), { minLength: 1, maxLength: 6 }).filter((cs) => cs.some((c) => c !== null && !c.startsWith('utf8'))),
        fc.array(fc.array(fc.oneof(fc.constant(null), bytes, ascii), { minLength: 6, maxLength: 6 }), { maxLength: 8 }),
        fc.nat(),
        async (cs, rows, cut) => {
          const columns = cs.map((charset) => ({ charset }));
          const writer = new TsvWriter();
          for (const row of rows) writer.row(row.slice(0, columns.length));
          const body = writer.take();
          const wanted = fieldByField(body, columns);
          const stream = Buffer.concat([headerLine({ columns }), body]);
          const at = cut % (stream.length + 1);
          expect(await decode([stream.subarray(0, at), stream.subarray(at)])).toEqual(wanted);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads any line (escapes, \\N, stray backslashes, more or fewer fields than columns) as the field-by-field reader does', async () => {
    const unit = fc.constantFrom('\\\\', '\\t', '\\n', '\\0', '\\Z', '\\N', '\\b', '\\r', '\\q', '\\', '\t', 'x', 'N', '\xe9', '\x80', '\xff', '\xc3\xa9');
    const columns = [{ charset: 'binary' }, { charset: 'latin1' }, { charset: null }];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit, maxLength: 8 }), { minLength: 1, maxLength: 6 }), fc.nat(), async (lines, cut) => {
        const body = Buffer.from(`${lines.join('\n')}\n`, 'latin1');
        const stream = Buffer.concat([headerLine({ columns }), body]);
        const at = cut % (stream.length + 1);
        expect(await decode([stream.subarray(0, at), stream.subarray(at)])).toEqual(fieldByField(body, columns));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every byte value of a BLOB, and latin1 text as MySQL reads it (windows-1252)', async () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const columns = [{ charset: 'binary' }, { charset: 'latin1' }, { charset: 'utf8mb4' }, { charset: null }];
    const writer = new TsvWriter();
    writer.row([all, Buffer.from([0x43, 0x80, 0xe9, 0x5c, 0x09]), Buffer.from('a\tb\\N é😀', 'utf8'), Buffer.from('2024-01-01 00:00:00')]);
    writer.row([new Uint8Array(0), Buffer.alloc(0), null, Buffer.from('42')]);
    writer.row([Buffer.from('\\N'), Buffer.from('\\N'), Buffer.from('\\N'), null]);
    const rows = await decode([Buffer.concat([headerLine({ columns }), writer.take()])]);
    expect(rows).toEqual([
      [all, 'C€é\\\t', 'a\tb\\N é😀', '2024-01-01 00:00:00'],
      [new Uint8Array(0), '', null, '42'],
      [new Uint8Array(Buffer.from('\\N')), '\\N', '\\N', null],
    ]);
    // A bytes value is a copy, not a view of the stream's buffer.
    expect((rows[0]![0] as Uint8Array).byteLength).toBe(256);
    expect((rows[0]![0] as Uint8Array).buffer.byteLength).toBe(256);
  });
});
