import { describe, expect, it } from 'vitest';
import { headerLine, parseHeader, TsvParser, TsvWriter, unescapeField } from './mysql-tsv-format.js';

const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

/** A value as the text protocol sends it: a length-coded integer, or 0xfb for NULL, then the bytes. */
function lengthCoded(v: Buffer | null): Buffer {
  if (v === null) return Buffer.from([0xfb]);
  const n = v.length;
  const head =
    n < 0xfb
      ? Buffer.from([n])
      : n < 0x10000
        ? Buffer.from([0xfc, n & 0xff, n >> 8])
        : n < 0x1000000
          ? Buffer.from([0xfd, n & 0xff, (n >> 8) & 0xff, n >> 16])
          : Buffer.concat([Buffer.from([0xfe]), Buffer.from(new BigUint64Array([BigInt(n)]).buffer)]);
  return Buffer.concat([head, v]);
}

function encode(rows: (Buffer | null)[][]): Buffer {
  const w = new TsvWriter();
  for (const r of rows) w.row(r);
  return w.take();
}

describe('mysql-tsv values', () => {
  const rows: (Buffer | null)[][] = [
    [allBytes, null, Buffer.alloc(0)],
    [Buffer.from('\\N'), Buffer.from('a\tb\nc\\d\0e'), Buffer.from('N')],
    [Buffer.from('\r\n\x1a'), Buffer.from([0x5c]), null],
  ];

  it('escapes only NUL, TAB, LF and backslash, and writes NULL as \\N', () => {
    expect(encode([[Buffer.from('a\tb\nc\\d\0e'), null, Buffer.alloc(0)]]).toString('latin1')).toBe('a\\tb\\nc\\\\d\\0e\t\\N\t\n');
  });

  it('gives back every byte value, NULL apart from empty and from the text \\N, split at every offset', () => {
    const bytes = encode(rows);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const p = new TsvParser();
      const got = [...p.push(bytes.subarray(0, cut)), ...p.push(bytes.subarray(cut)), ...p.end()];
      expect(got.map((r) => r.map((v) => (v === null ? null : v.toString('hex'))))).toEqual(rows.map((r) => r.map((v) => (v === null ? null : v.toString('hex')))));
    }
  });

  it('writes a text-protocol row packet exactly as the same values', () => {
    const values: (Buffer | null)[] = [Buffer.from('42'), null, allBytes, Buffer.alloc(70000, 0x09), Buffer.alloc(0), Buffer.alloc(0x1000001, 0x5c)];
    const packet = Buffer.concat([Buffer.from([1, 2, 3, 4]), ...values.map(lengthCoded)]);
    const plain = [true, false, false, false, false, false];
    const a = new TsvWriter();
    a.packetRow(packet, 4, values.length, plain);
    const b = new TsvWriter();
    b.row(values, plain);
    expect(a.take().equals(b.take())).toBe(true);
  });

  it('writes many row packets of one buffer as their values, whatever bytes and lengths they hold', () => {
    // Lengths 0, 9, 10 and 92 make length bytes that look like bytes to escape; every fourth value
    // of a text column holds one for real; NULLs and long values break the runs of plain copies.
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pick = [0, 1, 9, 10, 30, 92, 250, 251, 300, 70000];
    const columns = 7;
    const plain = [true, false, false, true, false, false, false];
    const rows: (Buffer | null)[][] = [];
    for (let r = 0; r < 400; r++) {
      rows.push(
        Array.from({ length: columns }, (_, c) => {
          if (rand(8) === 0) return null;
          const len = pick[rand(r % 50 === 0 ? pick.length : pick.length - 1)] as number;
          if (plain[c] === true) return Buffer.alloc(len, 0x31 + (c % 9));
          const v = Buffer.alloc(len, 0x61 + rand(26));
          if (len > 0 && rand(4) === 0) v[rand(len)] = [0x00, 0x09, 0x0a, 0x5c][rand(4)] as number;
          return v;
        }),
      );
    }
    const offsets: number[] = [];
    const parts: Buffer[] = [];
    let at = 0;
    for (const row of rows) {
      const packet = Buffer.concat([Buffer.from([0x0a, 0x09, 0x00, 0x5c]), ...row.map(lengthCoded)]);
      offsets.push(at + 4);
      parts.push(packet);
      at += packet.length;
    }
    const all = Buffer.concat(parts);
    const a = new TsvWriter();
    const b = new TsvWriter();
    rows.forEach((row, i) => {
      a.packetRow(all, offsets[i] as number, columns, plain);
      b.row(row, plain);
    });
    expect(a.take().equals(b.take())).toBe(true);
  });

  it('writes one empty line per row when no column is asked for, from a packet as from values', () => {
    const a = new TsvWriter();
    a.packetRow(Buffer.from([1, 2, 3, 4, 1, 0x31]), 4, 0, []);
    a.packetRow(Buffer.from([1, 2, 3, 4, 1, 0x31]), 4, 0, []);
    const b = new TsvWriter();
    b.row([]);
    b.row([]);
    expect(a.take().toString()).toBe('\n\n');
    expect(b.take().toString()).toBe('\n\n');
  });

  it('undoes the escapes LOAD DATA knows', () => {
    expect(unescapeField(Buffer.from('\\b\\r\\Z\\x'))?.toString('latin1')).toBe('\b\r\x1ax');
    expect(unescapeField(Buffer.from('\\N'))).toBeNull();
    expect(unescapeField(Buffer.from('\\\\N'))?.toString()).toBe('\\N');
  });
});

describe('mysql-tsv header', () => {
  it('round-trips the column list and refuses other streams', () => {
    const h = {
      columns: [
        { name: 'a\tb', charset: 'latin1' },
        { name: 'c', charset: null },
      ],
    };
    const line = headerLine(h);
    expect(line.indexOf(0x0a)).toBe(line.length - 1);
    expect(parseHeader(line.subarray(0, -1))).toEqual(h);
    expect(() => parseHeader(Buffer.from('PGCOPY\n'))).toThrow(/Not a mysql-tsv v1 stream/);
    expect(() => parseHeader(Buffer.from('SLUICE-MYSQL-TSV 1 {broken'))).toThrow(/header is damaged/);
  });
});
