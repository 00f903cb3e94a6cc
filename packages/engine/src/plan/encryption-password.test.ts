import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JobError } from '../errors.js';
import { resolveEncryptionPassword } from './encryption-password.js';

const folder = mkdtempSync(join(tmpdir(), 'sluice-password-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function failure(promise: Promise<unknown>): Promise<JobError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof JobError) return error;
  throw new Error(`expected a JobError, got ${String(error)}`);
}

describe('resolveEncryptionPassword', () => {
  const required = { required: true, reason: 'The dump file set is to be encrypted with a password' };

  it('takes the password, else the first line of the file, else asks, else the fallback', async () => {
    const file = join(folder, 'pw');
    writeFileSync(file, 'from-file\nsecond line\n');
    expect(await resolveEncryptionPassword({ password: 'given', fallback: 'env' }, required)).toBe('given');
    expect(await resolveEncryptionPassword({ passwordFile: file, fallback: 'env' }, required)).toBe('from-file');
    expect(await resolveEncryptionPassword({}, { ...required, ask: () => Promise.resolve('asked') })).toBe('asked');
    // A fallback is there: no need to ask unless asked to.
    expect(await resolveEncryptionPassword({ fallback: 'env' }, { ...required, ask: () => Promise.resolve('asked') })).toBe('env');
    expect(await resolveEncryptionPassword({ prompt: true, fallback: 'env' }, { ...required, ask: () => Promise.resolve('asked') })).toBe('asked');
    expect(await resolveEncryptionPassword({}, { required: false, reason: '' })).toBeUndefined();
  });

  it('refuses two sources, a missing file, and no password when one is required', async () => {
    const two = await failure(resolveEncryptionPassword({ password: 'a', passwordFile: '/x' }, required));
    expect(two.code).toBe('INCONSISTENT_ARGS');
    expect(two.message).toBe('ENCRYPTION_PASSWORD and ENCRYPTION_PASSWORD_FILE both give the encryption password. Give only one of them.');
    const missing = await failure(resolveEncryptionPassword({ passwordFile: join(folder, 'none') }, required));
    expect(missing.parameter).toBe('ENCRYPTION_PASSWORD_FILE');
    expect(missing.message).toContain('does not exist. Give a file whose first line is the password.');
    const none = await failure(resolveEncryptionPassword({}, { ...required, help: 'Give "encryption_password".' }));
    expect(none.message).toBe('The dump file set is to be encrypted with a password, and no encryption password was given. Give "encryption_password".');
    expect(none.parameter).toBe('ENCRYPTION_PASSWORD');
  });
});
