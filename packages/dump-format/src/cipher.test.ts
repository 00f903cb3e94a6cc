import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { aesGcmOpen, aesGcmSeal, FrameCipher } from './cipher.js';

describe('AES-GCM', () => {
  it('noble and node:crypto produce identical ciphertext and tag for the same key and nonce', () => {
    for (const keyLength of [16, 24, 32]) {
      fc.assert(
        fc.property(
          fc.uint8Array({ minLength: keyLength, maxLength: keyLength }),
          fc.uint8Array({ minLength: 12, maxLength: 12 }),
          fc.uint8Array({ maxLength: 3000 }),
          fc.uint8Array({ maxLength: 64 }),
          (key, nonce, plain, aad) => {
            const node = aesGcmSeal(key, nonce, plain, aad, 'node');
            const noble = aesGcmSeal(key, nonce, plain, aad, 'noble');
            expect(Buffer.from(noble).equals(Buffer.from(node))).toBe(true);
            expect(Buffer.from(aesGcmOpen(key, nonce, node, aad, 'noble')!).equals(Buffer.from(plain))).toBe(true);
            expect(Buffer.from(aesGcmOpen(key, nonce, noble, aad, 'node')!).equals(Buffer.from(plain))).toBe(true);
          },
        ),
        { numRuns: 40 },
      );
    }
  });

  it('matches a known NIST GCM vector (test case 4, AES-128)', () => {
    const key = Buffer.from('feffe9928665731c6d6a8f9467308308', 'hex');
    const iv = Buffer.from('cafebabefacedbaddecaf888', 'hex');
    const pt = Buffer.from('d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39', 'hex');
    const aad = Buffer.from('feedfacedeadbeeffeedfacedeadbeefabaddad2', 'hex');
    const ct = '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091';
    const tag = '5bc94fbc3221a5db94fae95ae7121a47';
    for (const backend of ['node', 'noble'] as const) expect(Buffer.from(aesGcmSeal(key, iv, pt, aad, backend)).toString('hex')).toBe(ct + tag);
  });

  it('FrameCipher backends agree and reject tampering', () => {
    const key = randomBytes(32);
    const nonce = randomBytes(12);
    const aad = Buffer.from('header+guid+file');
    const plain = randomBytes(1000);
    const a = new FrameCipher(key, 'node');
    const b = new FrameCipher(key, 'noble');
    const [ct, tag] = a.seal(nonce, aad, plain);
    const [ct2, tag2] = b.seal(nonce, aad, plain);
    expect(Buffer.from(ct).equals(Buffer.from(ct2)) && Buffer.from(tag).equals(Buffer.from(tag2))).toBe(true);
    expect(b.open(nonce, aad, ct, tag)!.equals(plain)).toBe(true);
    const flipped = Buffer.from(ct);
    flipped[5]! ^= 1;
    expect(a.open(nonce, aad, flipped, tag)).toBeNull();
    expect(b.open(nonce, aad, flipped, tag)).toBeNull();
    expect(a.open(nonce, Buffer.from('other aad'), ct, tag)).toBeNull();
    a.destroy();
    b.destroy();
    // sanity: the node backend really is AES-GCM
    const c = createCipheriv('aes-256-gcm', key, nonce);
    c.setAAD(aad);
    expect(Buffer.concat([c.update(plain), c.final()]).equals(Buffer.from(ct))).toBe(true);
  });

  it('checks inputs at the boundary: TypeError for wrong types, RangeError for wrong lengths', () => {
    const key = randomBytes(16);
    const nonce = randomBytes(12);
    expect(() => aesGcmSeal(null as never, nonce, Buffer.alloc(1), Buffer.alloc(0))).toThrow(TypeError);
    expect(() => aesGcmSeal('key' as never, nonce, Buffer.alloc(1), Buffer.alloc(0))).toThrow(TypeError);
    expect(() => aesGcmSeal(key, nonce, NaN as never, Buffer.alloc(0))).toThrow(TypeError);
    expect(() => aesGcmSeal(randomBytes(15), nonce, Buffer.alloc(1), Buffer.alloc(0))).toThrow(RangeError);
    expect(() => aesGcmSeal(randomBytes(33), nonce, Buffer.alloc(1), Buffer.alloc(0))).toThrow(RangeError);
    expect(() => aesGcmSeal(key, randomBytes(8), Buffer.alloc(1), Buffer.alloc(0))).toThrow(RangeError);
    expect(() => aesGcmOpen(key, nonce, Buffer.alloc(3), Buffer.alloc(0))).toThrow(RangeError);
    expect(() => aesGcmSeal(key, nonce, Buffer.alloc(1), Buffer.alloc(0), 'openssl' as never)).toThrow(TypeError);
    expect(() => new FrameCipher(randomBytes(20))).toThrow(RangeError);
  });
});
