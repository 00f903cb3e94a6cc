import { gcm } from '@noble/ciphers/aes.js';
import { createCipheriv, createDecipheriv, createSecretKey, getCiphers, type KeyObject } from 'node:crypto';
import { assertBytes, assertOneOf } from './assert.js';
import { KEY_LENGTH, NONCE_SIZE, TAG_SIZE } from './constants.js';

/** An AES-GCM key size, by its Data Pump name. */
export type EncryptionAlgorithm = keyof typeof KEY_LENGTH;

/** Which AES-GCM implementation does the work: node:crypto (AES-NI, bulk) or @noble/ciphers (the reference). */
export type CipherBackend = 'node' | 'noble';

const nodeName = { AES128: 'aes-128-gcm', AES192: 'aes-192-gcm', AES256: 'aes-256-gcm' } as const;

/** True when this Node build offers AES-GCM of the given size (FIPS or trimmed builds may not). */
export function nodeHasGcm(algorithm: EncryptionAlgorithm): boolean {
  return getCiphers().includes(nodeName[algorithm]);
}

/**
 * One-shot AES-GCM encryption: returns ciphertext || 16-byte tag. Exposed so the two backends can be
 * compared byte for byte; frames go through FrameCipher.
 */
export function aesGcmSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array, backend: CipherBackend = 'node'): Uint8Array {
  assertGcmInputs(key, nonce, plaintext, aad);
  assertOneOf(backend, 'backend', ['node', 'noble'] as const);
  if (backend === 'noble') return gcm(key, nonce, aad).encrypt(plaintext);
  const c = createCipheriv(nodeName[algorithmFor(key.length)], key, nonce);
  c.setAAD(aad);
  return Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
}

/** One-shot AES-GCM decryption of ciphertext || tag; null when the tag does not verify. */
export function aesGcmOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array, backend: CipherBackend = 'node'): Uint8Array | null {
  assertGcmInputs(key, nonce, sealed, aad);
  if (sealed.length < TAG_SIZE) throw new RangeError(`sealed input must be at least ${TAG_SIZE} bytes, got ${sealed.length}`);
  assertOneOf(backend, 'backend', ['node', 'noble'] as const);
  if (backend === 'noble') {
    try {
      return gcm(key, nonce, aad).decrypt(sealed);
    } catch {
      return null;
    }
  }
  const d = createDecipheriv(nodeName[algorithmFor(key.length)], key, nonce);
  d.setAAD(aad);
  d.setAuthTag(sealed.subarray(sealed.length - TAG_SIZE));
  const out = d.update(sealed.subarray(0, sealed.length - TAG_SIZE));
  try {
    return Buffer.concat([out, d.final()]);
  } catch {
    return null;
  }
}

/** The AES-GCM key of one dump file set, held as a node KeyObject (or raw bytes for the noble backend). */
export class FrameCipher {
  readonly algorithm: EncryptionAlgorithm;
  readonly backend: CipherBackend;
  #keyObject: KeyObject | null = null;
  #raw: Uint8Array | null = null;

  /** Takes a copy of `key`; the caller should wipe its own. */
  constructor(key: Uint8Array, backend?: CipherBackend) {
    assertBytes(key, 'key');
    this.algorithm = algorithmFor(key.length);
    this.backend = backend ?? (nodeHasGcm(this.algorithm) ? 'node' : 'noble');
    if (this.backend === 'node') {
      const copy = Buffer.from(key); // the KeyObject keeps its own copy of the key material
      this.#keyObject = createSecretKey(copy);
      copy.fill(0);
    } else this.#raw = Uint8Array.from(key);
  }

  /** Encrypts `plain`: returns [ciphertext, tag]. */
  seal(nonce: Uint8Array, aad: Uint8Array, plain: Uint8Array): [Uint8Array, Uint8Array] {
    if (this.#raw) {
      const sealed = gcm(this.#raw, nonce, aad).encrypt(plain);
      return [sealed.subarray(0, sealed.length - TAG_SIZE), sealed.subarray(sealed.length - TAG_SIZE)];
    }
    const c = createCipheriv(nodeName[this.algorithm], this.#key(), nonce);
    c.setAAD(aad);
    const ct = c.update(plain);
    c.final();
    return [ct, c.getAuthTag()];
  }

  /** Decrypts; null when the tag does not verify (wrong key, or the frame was altered, moved or spliced). */
  open(nonce: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array): Buffer | null {
    if (this.#raw) {
      try {
        const sealed = new Uint8Array(ciphertext.length + TAG_SIZE);
        sealed.set(ciphertext);
        sealed.set(tag, ciphertext.length);
        const p = gcm(this.#raw, nonce, aad).decrypt(sealed);
        return Buffer.from(p.buffer, p.byteOffset, p.byteLength);
      } catch {
        return null;
      }
    }
    const d = createDecipheriv(nodeName[this.algorithm], this.#key(), nonce);
    d.setAAD(aad);
    d.setAuthTag(tag);
    const out = d.update(ciphertext);
    try {
      d.final();
    } catch {
      return null;
    }
    return out;
  }

  /** Drops the key. */
  destroy(): void {
    this.#raw?.fill(0);
    this.#raw = null;
    this.#keyObject = null;
  }

  #key(): KeyObject {
    if (!this.#keyObject) throw new Error('FrameCipher used after destroy()');
    return this.#keyObject;
  }
}

/** The algorithm whose key is `length` bytes; RangeError otherwise. */
export function algorithmFor(length: number): EncryptionAlgorithm {
  for (const [name, len] of Object.entries(KEY_LENGTH)) if (len === length) return name as EncryptionAlgorithm;
  throw new RangeError(`an AES key must be 16, 24 or 32 bytes long, got ${length}`);
}

function assertGcmInputs(key: unknown, nonce: unknown, data: unknown, aad: unknown): void {
  assertBytes(key, 'key');
  algorithmFor(key.length);
  assertBytes(nonce, 'nonce', NONCE_SIZE);
  assertBytes(data, 'data');
  assertBytes(aad, 'aad');
}
