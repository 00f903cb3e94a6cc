import { randomBytes } from 'node:crypto';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hkdf } from '@noble/hashes/hkdf.js';
import { scrypt } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { deriveSetKeys, keyCheckMatches, normalizeKdf, passwordSecret, readKeyFile } from './kdf.js';

describe('key derivation', () => {
  it('scrypt and HKDF match the @noble/hashes reference', async () => {
    const salt = randomBytes(16);
    const guid = randomBytes(16);
    const password = 'Ünïcödé pässwörd'; // NFKC-normalised before use
    const secret = await passwordSecret(password, salt, 10, 8, 1);
    expect(Buffer.from(scrypt(password.normalize('NFKC'), salt, { N: 1024, r: 8, p: 1, dkLen: 32 })).equals(secret)).toBe(true);
    for (const algorithm of ['AES128', 'AES192', 'AES256'] as const) {
      const { frameKey, keyCheck } = deriveSetKeys(secret, guid, algorithm);
      const len = { AES128: 16, AES192: 24, AES256: 32 }[algorithm];
      expect(Buffer.from(hkdf(sha256, secret, guid, Buffer.from('sluice dump-format 1 frame key'), len)).equals(frameKey)).toBe(true);
      expect(Buffer.from(hkdf(sha256, secret, guid, Buffer.from('sluice dump-format 1 key check'), 16)).equals(keyCheck)).toBe(true);
    }
  });

  it('different GUIDs give different keys for the same secret; key checks compare exactly', () => {
    const secret = randomBytes(32);
    const a = deriveSetKeys(secret, Buffer.alloc(16, 1), 'AES256');
    const b = deriveSetKeys(secret, Buffer.alloc(16, 2), 'AES256');
    expect(a.frameKey.equals(b.frameKey)).toBe(false);
    expect(keyCheckMatches(a.keyCheck, a.keyCheck)).toBe(true);
    expect(keyCheckMatches(a.keyCheck, b.keyCheck)).toBe(false);
    expect(keyCheckMatches(a.keyCheck, a.keyCheck.subarray(0, 8))).toBe(false);
  });

  it('validates KDF cost parameters', () => {
    expect(normalizeKdf(undefined)).toEqual({ log2N: 15, r: 8, p: 1 });
    expect(normalizeKdf({ N: 16, r: 1, p: 1 })).toEqual({ log2N: 4, r: 1, p: 1 });
    for (const bad of [{ N: 1000 }, { N: 2 ** 21 }, { r: 0 }, { p: 17 }, { N: 2 ** 20, r: 32 }]) {
      expect(() => normalizeKdf(bad)).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT' }));
    }
  });

  it('reads key files as raw bytes or hex, and never prints the key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-kdf-'));
    try {
      const key = randomBytes(24);
      await writeFile(join(dir, 'raw'), key);
      await writeFile(join(dir, 'hex'), ` ${key.toString('hex').toUpperCase()}\n`);
      expect((await readKeyFile(join(dir, 'raw'), 'AES192')).equals(key)).toBe(true);
      expect((await readKeyFile(join(dir, 'hex'), 'AES192')).equals(key)).toBe(true);
      const e = await readKeyFile(join(dir, 'hex'), 'AES256').catch((x: unknown) => x as Error & { code: string });
      expect(e).toMatchObject({ code: 'BAD_KEY' });
      expect((e as Error).message).not.toContain(key.toString('hex').slice(0, 8));
      await expect(readKeyFile(join(dir, 'absent'), 'AES128')).rejects.toMatchObject({ code: 'BAD_KEY' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
