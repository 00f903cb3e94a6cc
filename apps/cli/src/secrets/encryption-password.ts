import { resolveEncryptionPassword as resolvePassword } from '@sluice/engine';
import { CliError } from '../cli-error.js';
import type { ParameterValues } from '../params/parameter-values.js';
import { canPrompt, promptSecret } from './prompt.js';
import { registerSecret } from './redact.js';

/** The environment variable the encryption password may come from. */
export const ENCRYPTION_PASSWORD_VARIABLE = 'SLUICE_ENCRYPTION_PASSWORD';

/** Where the command line can take a password from, said when one is missing or wrong. */
export const PASSWORD_HELP = {
  missing: `Set ${ENCRYPTION_PASSWORD_VARIABLE}, give ENCRYPTION_PASSWORD_FILE=path, or ENCRYPTION_PWD_PROMPT=Y.`,
  wrong: `(${ENCRYPTION_PASSWORD_VARIABLE}, ENCRYPTION_PASSWORD_FILE= or ENCRYPTION_PWD_PROMPT=Y)`,
} as const;

/** What the command needs the password for. */
export interface PasswordSourceOptions {
  /** Whether the job cannot run without one (export with encryption, import of an encrypted set). */
  readonly required: boolean;
  /** Ask twice on the terminal (export: a typo would make the set unreadable). */
  readonly confirm: boolean;
  /** Why it is needed, for the message when it cannot be had. */
  readonly reason: string;
}

/** The terminal prompt, asked twice when `confirm`. */
async function askOnTerminal(confirm: boolean): Promise<string> {
  const password = await promptSecret('Encryption Password: ');
  if (confirm) {
    const again = await promptSecret('Re-enter Encryption Password: ');
    if (again !== password) throw new CliError('BAD_PARAMETER', 'The two encryption passwords differ. Run the command again and type the same password twice.');
  }
  if (password === '') throw new CliError('BAD_PARAMETER', 'The encryption password is empty. Give a password.');
  return password;
}

/**
 * The encryption password from ENCRYPTION_PASSWORD, ENCRYPTION_PASSWORD_FILE, the terminal
 * (ENCRYPTION_PWD_PROMPT=Y, or when one is required and a terminal is there) or
 * SLUICE_ENCRYPTION_PASSWORD: the engine's rules, with the terminal as the way to ask. Every value
 * found is registered for redaction.
 */
export async function resolveEncryptionPassword(params: ParameterValues, options: PasswordSourceOptions): Promise<string | undefined> {
  const prompt = params.bool('ENCRYPTION_PWD_PROMPT');
  const password = await resolvePassword(
    {
      ...(params.has('ENCRYPTION_PASSWORD') ? { password: params.text('ENCRYPTION_PASSWORD') ?? '' } : {}),
      ...(params.has('ENCRYPTION_PASSWORD_FILE') ? { passwordFile: params.text('ENCRYPTION_PASSWORD_FILE') ?? '' } : {}),
      prompt,
      ...(process.env[ENCRYPTION_PASSWORD_VARIABLE] === undefined ? {} : { fallback: process.env[ENCRYPTION_PASSWORD_VARIABLE] }),
    },
    {
      required: options.required,
      reason: options.reason,
      help: `Set ${ENCRYPTION_PASSWORD_VARIABLE}, give ENCRYPTION_PASSWORD_FILE=path, or run on a terminal with ENCRYPTION_PWD_PROMPT=Y.`,
      ...(prompt || canPrompt() ? { ask: () => askOnTerminal(options.confirm) } : {}),
    },
  );
  registerSecret(password);
  return password;
}
