import { hkdfSync, scrypt, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { KEY_LENGTH } from './constants.js';
import { DumpFormatError } from './errors.js';
import type { EncryptionAlgorithm } from './cipher.js';

/** scrypt cost parameters; N must be a power of two. */
export interface KdfOptions {
  N?: number;
  r?: number;
  p?: number;
}

/** Default scrypt cost: N=2^15, r=8, p=1 (32 MiB, ~100 ms), the usual interactive-login setting. */
export const DEFAULT_KDF = { log2N: 15, r: 8, p: 1 } as const;

/** Largest scrypt cost a reader accepts from a header, so a hostile file cannot make it allocate gigabytes. */
export const MAX_KDF = { log2N: 20, r: 32, p: 16, memory: 1024 * 1024 * 1024 } as const;

const FRAME_KEY_INFO = Buffer.from('sluice dump-format 1 frame key');
const KEY_CHECK_INFO = Buffer.from('sluice dump-format 1 key check');

/** Validates KDF options and returns them as stored in the header (log2 N). */
export function normalizeKdf(kdf: KdfOptions | undefined): { log2N: number; r: number; p: number } {
  const N = kdf?.N ?? 2 ** DEFAULT_KDF.log2N;
  const r = kdf?.r ?? DEFAULT_KDF.r;
  const p = kdf?.p ?? DEFAULT_KDF.p;
  const log2N = Math.log2(N);
  if (!Number.isInteger(log2N) || log2N < 1 || log2N > MAX_KDF.log2N) {
    throw new DumpFormatError('BAD_ARGUMENT', `kdf.N must be a power of two between 2 and 2^${MAX_KDF.log2N}, got ${N}`);
  }
  if (!Number.isInteger(r) || r < 1 || r > MAX_KDF.r) throw new DumpFormatError('BAD_ARGUMENT', `kdf.r must be an integer between 1 and ${MAX_KDF.r}, got ${r}`);
  if (!Number.isInteger(p) || p < 1 || p > MAX_KDF.p) throw new DumpFormatError('BAD_ARGUMENT', `kdf.p must be an integer between 1 and ${MAX_KDF.p}, got ${p}`);
  if (128 * N * r > MAX_KDF.memory) throw new DumpFormatError('BAD_ARGUMENT', `kdf N*r needs more than ${MAX_KDF.memory} bytes of memory; lower N or r`);
  return { log2N, r, p };
}

/** The 32-byte secret scrypt derives from a password (NFKC-normalised UTF-8) and the set's salt. */
export function passwordSecret(password: string, salt: Uint8Array, log2N: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** log2N;
  return new Promise((resolve, reject) => {
    scrypt(Buffer.from(password.normalize('NFKC'), 'utf8'), salt, 32, { N, r, p, maxmem: 128 * N * r * 2 + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/**
 * Reads a key file: raw key bytes, or the key as hex text (32, 48 or 64 hex digits, surrounding
 * whitespace ignored). The key must have the length `algorithm` needs. Errors never show key bytes.
 */
export async function readKeyFile(path: string, algorithm: EncryptionAlgorithm): Promise<Buffer> {
  let content: Buffer;
  try {
    content = await readFile(path);
  } catch (e) {
    throw new DumpFormatError('BAD_KEY', `cannot read the key file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}; check ENCRYPTION key file path and permissions`, { cause: e });
  }
  const text = content.toString('latin1').trim();
  const key = /^[0-9a-fA-F]+$/.test(text) && [32, 48, 64].includes(text.length) ? Buffer.from(text, 'hex') : Buffer.from(content);
  content.fill(0);
  const need = KEY_LENGTH[algorithm];
  if (key.length !== need) {
    const got = key.length;
    key.fill(0);
    throw new DumpFormatError('BAD_KEY', `the key file ${path} holds a ${got}-byte key, but ${algorithm} needs ${need} bytes (raw, or ${need * 2} hex digits)`);
  }
  return key;
}

/** Derives the frame key and the 16-byte key-check value of one set from its secret (HKDF-SHA256, salt = job GUID). */
export function deriveSetKeys(secret: Uint8Array, guid: Uint8Array, algorithm: EncryptionAlgorithm): { frameKey: Buffer; keyCheck: Buffer } {
  const frameKey = Buffer.from(hkdfSync('sha256', secret, guid, FRAME_KEY_INFO, KEY_LENGTH[algorithm]));
  const keyCheck = Buffer.from(hkdfSync('sha256', secret, guid, KEY_CHECK_INFO, 16));
  return { frameKey, keyCheck };
}

/** Constant-time comparison of two key-check values. */
export function keyCheckMatches(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
