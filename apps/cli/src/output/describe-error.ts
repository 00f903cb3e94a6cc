import { redact } from '../secrets/redact.js';

/** An error as the CLI reports it: one message, and the stack when asked for. */
export interface ErrorReport {
  readonly message: string;
  readonly details: readonly string[];
}

interface CodedError {
  readonly name: string;
  readonly code: string;
  readonly message: string;
}

function coded(error: unknown): CodedError | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? (error as Error & CodedError) : undefined;
}

/** The errors of our packages carry a code and a message that says what to do; others are unexpected. */
const KNOWN = new Set(['CliError', 'JobError', 'AdapterError', 'DumpFormatError']);

/** One clear line for any error; with `debug`, the stack and the chain of causes. */
export function describeError(error: unknown, debug: boolean): ErrorReport {
  const c = coded(error);
  let message: string;
  if (c !== undefined && KNOWN.has(c.name)) {
    message = c.message;
  } else if (error instanceof Error) {
    message = `Unexpected error: ${error.message}${debug ? '' : ' (run again with --debug to see where, and report it)'}`;
  } else {
    message = `Unexpected error: ${String(error)}`;
  }
  const details: string[] = [];
  if (debug) {
    let e: unknown = error;
    for (let depth = 0; e !== undefined && depth < 8; depth++) {
      if (e instanceof Error) details.push(`${depth === 0 ? '' : 'Caused by: '}${e.stack ?? `${e.name}: ${e.message}`}`);
      else details.push(`Caused by: ${String(e)}`);
      e = e instanceof Error ? e.cause : undefined;
    }
  }
  return { message: redact(message), details: details.map(redact) };
}
