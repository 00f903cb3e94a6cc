import { readFileSync } from 'node:fs';
import { JobError } from '../errors.js';
import { COMMAND_LINE_WORDS, type ParameterWords } from './parameter-words.js';

/** The places an encryption password may come from, as the caller found them. */
export interface PasswordSources {
  /** ENCRYPTION_PASSWORD, given as a value. */
  readonly password?: string;
  /** ENCRYPTION_PASSWORD_FILE: a file whose first line is the password. */
  readonly passwordFile?: string;
  /** ENCRYPTION_PWD_PROMPT=Y: ask, even when not required. */
  readonly prompt?: boolean;
  /** A fallback the caller has at hand (the CLI's SLUICE_ENCRYPTION_PASSWORD, a server-side secret). */
  readonly fallback?: string;
}

/** Options of `resolveEncryptionPassword`. */
export interface PasswordOptions {
  /** Whether the job cannot run without one (export with encryption, import of an encrypted set). */
  readonly required: boolean;
  /** Why it is needed, for the message when it cannot be had. */
  readonly reason: string;
  /** Where it can be given, said when none was (e.g. `Set SLUICE_ENCRYPTION_PASSWORD, ...`). */
  readonly help?: string;
  /** Ask the user (a terminal prompt); only callers that can ask pass it. */
  readonly ask?: () => Promise<string>;
  /** How messages name parameters (the command line's by default). */
  readonly words?: ParameterWords;
}

function fromFile(path: string, w: ParameterWords): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new JobError(
      'INVALID_ARGVAL',
      `${w.given('ENCRYPTION_PASSWORD_FILE', path)} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`}. Give a file whose first line is the password.`,
      { parameter: 'ENCRYPTION_PASSWORD_FILE', cause: error },
    );
  }
  const first = text.split(/\r?\n/)[0] ?? '';
  if (first === '')
    throw new JobError('INVALID_ARGVAL', `${w.given('ENCRYPTION_PASSWORD_FILE', path)}: the first line is empty. Put the password on the first line.`, { parameter: 'ENCRYPTION_PASSWORD_FILE' });
  return first;
}

/**
 * The encryption password, from (in this order) ENCRYPTION_PASSWORD, ENCRYPTION_PASSWORD_FILE, asking
 * (when asked to, or when one is required, no fallback is there and the caller can ask) or the fallback.
 * Two sources given at once, or none when one is required, is a JobError naming them.
 */
export async function resolveEncryptionPassword(sources: PasswordSources, options: PasswordOptions): Promise<string | undefined> {
  const w = options.words ?? COMMAND_LINE_WORDS;
  const given = [
    sources.password === undefined ? undefined : 'ENCRYPTION_PASSWORD',
    sources.passwordFile === undefined ? undefined : 'ENCRYPTION_PASSWORD_FILE',
    sources.prompt === true ? 'ENCRYPTION_PWD_PROMPT' : undefined,
  ].filter((n): n is string => n !== undefined);
  if (given.length > 1) {
    throw new JobError('INCONSISTENT_ARGS', `${given.map((n) => w.name(n)).join(' and ')} both give the encryption password. Give only one of them.`, { parameter: given[1]! });
  }
  let password: string | undefined;
  if (sources.password !== undefined) password = sources.password;
  else if (sources.passwordFile !== undefined) password = fromFile(sources.passwordFile, w);
  else if (options.ask !== undefined && (sources.prompt === true || (options.required && sources.fallback === undefined))) password = await options.ask();
  else if (sources.fallback !== undefined && sources.fallback !== '') password = sources.fallback;
  if (password === undefined && options.required) {
    throw new JobError('INVALID_ARGVAL', `${options.reason}, and no encryption password was given.${options.help === undefined ? '' : ` ${options.help}`}`, { parameter: 'ENCRYPTION_PASSWORD' });
  }
  return password;
}
