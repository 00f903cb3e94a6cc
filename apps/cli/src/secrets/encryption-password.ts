import { readFileSync } from 'node:fs';
import { CliError } from '../cli-error.js';
import type { ParameterValues } from '../params/parameter-values.js';
import { canPrompt, promptSecret } from './prompt.js';
import { registerSecret } from './redact.js';

/** The environment variable the encryption password may come from. */
export const ENCRYPTION_PASSWORD_VARIABLE = 'SLUICE_ENCRYPTION_PASSWORD';

/** Where an encryption password may come from, in order of precedence. */
export interface PasswordSourceOptions {
  /** Whether the job cannot run without one (export with encryption, import of an encrypted set). */
  readonly required: boolean;
  /** Ask twice on the terminal (export: a typo would make the set unreadable). */
  readonly confirm: boolean;
  /** Why it is needed, for the message when it cannot be had. */
  readonly reason: string;
}

function fromFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError('FILE_NOT_FOUND', `ENCRYPTION_PASSWORD_FILE=${path} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`}. Give a file whose first line is the password.`, { cause: error });
  }
  const first = text.split(/\r?\n/)[0] ?? '';
  if (first === '') throw new CliError('BAD_PARAMETER', `ENCRYPTION_PASSWORD_FILE=${path}: the first line is empty. Put the password on the first line.`);
  return first;
}

/**
 * The encryption password from ENCRYPTION_PASSWORD, ENCRYPTION_PASSWORD_FILE, the terminal
 * (ENCRYPTION_PWD_PROMPT=Y, or when one is required and a terminal is there) or
 * SLUICE_ENCRYPTION_PASSWORD. Every value found is registered for redaction.
 */
export async function resolveEncryptionPassword(params: ParameterValues, options: PasswordSourceOptions): Promise<string | undefined> {
  const given = ['ENCRYPTION_PASSWORD', 'ENCRYPTION_PASSWORD_FILE', 'ENCRYPTION_PWD_PROMPT'].filter((n) => (n === 'ENCRYPTION_PWD_PROMPT' ? params.bool(n) : params.has(n)));
  if (given.length > 1) {
    throw new CliError('CONFLICTING_PARAMETERS', `${given.join(' and ')} both give the encryption password. Give only one of them.`);
  }
  let password: string | undefined;
  if (params.has('ENCRYPTION_PASSWORD')) password = params.text('ENCRYPTION_PASSWORD');
  else if (params.has('ENCRYPTION_PASSWORD_FILE')) password = fromFile(params.text('ENCRYPTION_PASSWORD_FILE')!);
  else if (params.bool('ENCRYPTION_PWD_PROMPT') || (options.required && process.env[ENCRYPTION_PASSWORD_VARIABLE] === undefined && canPrompt())) {
    password = await promptSecret('Encryption Password: ');
    if (options.confirm) {
      const again = await promptSecret('Re-enter Encryption Password: ');
      if (again !== password) throw new CliError('BAD_PARAMETER', 'The two encryption passwords differ. Run the command again and type the same password twice.');
    }
    if (password === '') throw new CliError('BAD_PARAMETER', 'The encryption password is empty. Give a password.');
  } else if (process.env[ENCRYPTION_PASSWORD_VARIABLE] !== undefined && process.env[ENCRYPTION_PASSWORD_VARIABLE] !== '') {
    password = process.env[ENCRYPTION_PASSWORD_VARIABLE];
  }
  if (password === undefined && options.required) {
    throw new CliError(
      'NO_PASSWORD',
      `${options.reason}, and no encryption password was given. Set ${ENCRYPTION_PASSWORD_VARIABLE}, give ENCRYPTION_PASSWORD_FILE=path, or run on a terminal with ENCRYPTION_PWD_PROMPT=Y.`,
    );
  }
  registerSecret(password);
  return password;
}
