import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BufferReader } from './buffer-reader.js';
import { BufferWriter } from './buffer-writer.js';
import { crc32, crc32Js } from './checksum.js';
import { compressBlock, decompressBlock } from './compression.js';
import { planPieces } from './master-pieces.js';

describe('CRC-32', () => {
  it('native and JavaScript implementations agree, including continuation', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    // An empty buffer without a backing store must not reset a running CRC (zlib treats NULL as "start").
    const empty = createCipheriv('aes-128-gcm', randomBytes(16), randomBytes(12)).update(Buffer.alloc(0));
    expect(crc32(empty, 123)).toBe(123);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.uint8Array({ maxLength: 100 }), (a, b) => {
        expect(crc32(a)).toBe(crc32Js(a));
        expect(crc32(b, crc32(a))).toBe(crc32Js(Buffer.concat([a, b])));
      }),
      { numRuns: 100 },
    );
  });
});

describe('LZ4 blocks', () => {
  it('round trips, and refuses to "compress" what does not shrink', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), fc.nat(40), (bytes, repeat) => {
        const input = Buffer.concat(Array.from({ length: repeat + 1 }, () => Buffer.from(bytes)));
        const c = compressBlock(input);
        if (c === null) return;
        expect(c.length).toBeLessThan(input.length);
        expect(decompressBlock(c, input.length)!.equals(input)).toBe(true);
      }),
      { numRuns: 100 },
    );
    expect(compressBlock(randomBytes(10_000))).toBeNull();
    expect(compressBlock(Buffer.alloc(1))).toBeNull();
  });

  it('returns null instead of crashing on hostile blocks or wrong lengths', () => {
    const c = compressBlock(Buffer.alloc(10_000, 'abc'))!;
    expect(decompressBlock(c, 9_999)).toBeNull();
    expect(decompressBlock(c, 10_001)).toBeNull();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(5000), (bytes, n) => {
        const out = decompressBlock(bytes, n);
        if (out) expect(out.length).toBe(n);
      }),
      { numRuns: 300 },
    );
  });
});

describe('BufferReader / BufferWriter', () => {
  it('round trip every width and refuse to read past the end', () => {
    const w = new BufferWriter(1)
      .u8(0xab)
      .u16(0xbeef)
      .u32(0xdeadbeef)
      .u64(2 ** 53 - 1)
      .bytes(Buffer.from('hi'))
      .u32(0);
    w.patchU32(w.length - 4, 77);
    const r = new BufferReader(w.view());
    expect([r.u8(), r.u16(), r.u32(), r.u64(), r.utf8(2), r.u32()]).toEqual([0xab, 0xbeef, 0xdeadbeef, 2 ** 53 - 1, 'hi', 77]);
    expect(r.remaining).toBe(0);
    expect(() => r.u8()).toThrow(RangeError);
    expect(() => new BufferReader(Buffer.alloc(8, 0xff)).u64()).toThrow(RangeError);
  });
});

describe('master piece planning', () => {
  it('places every byte, never beyond a capacity, one piece per file', () => {
    fc.assert(
      fc.property(fc.nat(100_000), fc.array(fc.oneof(fc.nat(50_000), fc.constant(Infinity)), { minLength: 1, maxLength: 8 }), (total, caps) => {
        const plan = planPieces(total, caps);
        const room = caps.reduce((a, b) => a + b, 0);
        if (room < total) {
          expect(plan).toBeNull();
          return;
        }
        expect(plan).not.toBeNull();
        expect(plan!.length).toBe(caps.length);
        expect(plan!.reduce((a, b) => a + b, 0)).toBe(total);
        plan!.forEach((n, i) => {
          expect(n).toBeGreaterThanOrEqual(0);
          expect(n).toBeLessThanOrEqual(caps[i]!);
        });
      }),
      { numRuns: 300 },
    );
    expect(planPieces(10, [Infinity, Infinity, Infinity])).toEqual([4, 4, 2]);
  });
});
