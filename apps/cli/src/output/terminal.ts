import { redact } from '../secrets/redact.js';

/** Where the CLI writes: every line passes through `redact`, so a secret can never be printed. */
export interface Terminal {
  /** A line on stdout. */
  out(line: string): void;
  /** A line on stderr. */
  err(line: string): void;
  /** Whether stdout is a terminal (live progress) or not (plain log lines). */
  readonly interactive: boolean;
}

/** The process's own stdout and stderr. */
export const processTerminal: Terminal = {
  out: (line) => void process.stdout.write(`${redact(line)}\n`),
  err: (line) => void process.stderr.write(`${redact(line)}\n`),
  get interactive() {
    return process.stdout.isTTY === true;
  },
};
