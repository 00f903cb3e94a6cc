import { FrameCipher, type EncryptionAlgorithm } from './cipher.js';
import { DumpFormatError } from './errors.js';
import type { DumpfileHeader } from './header.js';
import { deriveSetKeys, keyCheckMatches, MAX_KDF, passwordSecret, readKeyFile } from './kdf.js';

/** The secret a user gives: a password or a key file path. */
export interface SecretSource {
  encryptionPassword?: string | undefined;
  keyFile?: string | undefined;
}

/** The cipher and key-check value of a set, derived from its secret. */
export interface SetKeys {
  readonly cipher: FrameCipher;
  readonly keyCheck: Buffer;
}

/** Derives a set's keys for writing (mode, algorithm, salt and KDF already chosen). */
export async function deriveKeys(
  mode: 'PASSWORD' | 'KEY_FILE',
  algorithm: EncryptionAlgorithm,
  guid: Buffer,
  source: SecretSource,
  kdf: { log2N: number; r: number; p: number; salt: Buffer } | null,
): Promise<SetKeys> {
  let secret: Buffer;
  if (mode === 'PASSWORD') {
    if (typeof source.encryptionPassword !== 'string' || source.encryptionPassword.length === 0 || !kdf) {
      throw new DumpFormatError('PASSWORD_REQUIRED', 'ENCRYPTION_MODE=PASSWORD needs a non-empty ENCRYPTION_PASSWORD');
    }
    secret = await passwordSecret(source.encryptionPassword, kdf.salt, kdf.log2N, kdf.r, kdf.p);
  } else {
    if (typeof source.keyFile !== 'string' || source.keyFile.length === 0) {
      throw new DumpFormatError('PASSWORD_REQUIRED', 'ENCRYPTION_MODE=KEY_FILE needs the path of a key file');
    }
    secret = await readKeyFile(source.keyFile, algorithm);
  }
  const { frameKey, keyCheck } = deriveSetKeys(secret, guid, algorithm);
  secret.fill(0);
  const cipher = new FrameCipher(frameKey);
  frameKey.fill(0);
  return { cipher, keyCheck };
}

/**
 * Derives the keys of an existing set from its header and checks them against the header's key-check
 * value, so a wrong password is WRONG_PASSWORD before any frame is read. Null for an unencrypted set.
 */
export async function unlockSet(header: DumpfileHeader, file: string, source: SecretSource): Promise<SetKeys | null> {
  if (header.encryptionMode === 'NONE' || header.encryptionAlgorithm === 'NONE') return null;
  const mode = header.encryptionMode;
  if (mode === 'PASSWORD' && !source.encryptionPassword) {
    throw new DumpFormatError('PASSWORD_REQUIRED', `${file} is encrypted with a password; supply ENCRYPTION_PASSWORD`, { file });
  }
  if (mode === 'KEY_FILE' && !source.keyFile) {
    throw new DumpFormatError('PASSWORD_REQUIRED', `${file} is encrypted with a key file; supply the key file`, { file });
  }
  if (mode === 'PASSWORD') {
    const k = header.kdf;
    if (!k) throw new DumpFormatError('BAD_HEADER', `${file}: password-encrypted but the header has no KDF parameters; the file is damaged`, { file, offset: 0 });
    if (k.log2N < 1 || k.log2N > MAX_KDF.log2N || k.r < 1 || k.r > MAX_KDF.r || k.p < 1 || k.p > MAX_KDF.p || 128 * 2 ** k.log2N * k.r > MAX_KDF.memory) {
      throw new DumpFormatError('BAD_HEADER', `${file}: KDF cost N=2^${k.log2N} r=${k.r} p=${k.p} is beyond what this reader accepts; the file is damaged or hostile`, { file, offset: 0 });
    }
  }
  const keys = await deriveKeys(mode, header.encryptionAlgorithm, header.guid, source, header.kdf);
  if (!keyCheckMatches(keys.keyCheck, header.keyCheck)) {
    keys.cipher.destroy();
    throw new DumpFormatError(
      'WRONG_PASSWORD',
      mode === 'PASSWORD'
        ? `the ENCRYPTION_PASSWORD is not the one ${file} was written with (key check failed); supply the export's password`
        : `the key file does not hold the key ${file} was written with (key check failed); supply the export's key file`,
      { file },
    );
  }
  return keys;
}
