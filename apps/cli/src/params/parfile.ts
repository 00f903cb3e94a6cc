import { readFileSync } from 'node:fs';
import { CliError } from '../cli-error.js';

/** One `NAME=value` read from a parameter file, with its line number. */
export interface ParfileEntry {
  readonly name: string;
  readonly value: string;
  readonly line: number;
}

/**
 * Join physical lines into logical ones: a trailing `\` continues a line, as does a trailing comma
 * (a list going on) or a quote left open (a long QUERY clause). `#` starts a comment outside quotes.
 */
function logicalLines(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  // The logical line being built, and what joins the next physical line to it.
  let pending: { text: string; line: number; glue: string } | undefined;
  const physical = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < physical.length; i++) {
    let line = stripComment(physical[i]!, pending?.text ?? '');
    if (pending !== undefined && pending.glue === '') line = line.trimStart();
    const text = pending === undefined ? line : pending.text + pending.glue + line;
    const startLine = pending?.line ?? i + 1;
    const trimmed = text.trimEnd();
    if (openQuote(text) !== undefined) pending = { text, line: startLine, glue: '\n' };
    else if (trimmed.endsWith('\\')) pending = { text: trimmed.slice(0, -1), line: startLine, glue: '' };
    else if (trimmed.endsWith(',')) pending = { text: trimmed, line: startLine, glue: '' };
    else {
      pending = undefined;
      if (text.trim() !== '') out.push({ text, line: startLine });
    }
  }
  if (pending !== undefined) {
    const quote = openQuote(pending.text);
    if (quote !== undefined) throw new CliError('BAD_PARAMETER', `the quote ${quote} opened on line ${pending.line} is never closed`);
    if (pending.text.trim() !== '') out.push(pending);
  }
  return out;
}

/** The quote left open at the end of `text`, if any. */
function openQuote(text: string): '"' | "'" | undefined {
  let quote: '"' | "'" | undefined;
  for (const c of text) {
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
  }
  return quote;
}

/** The line without a `#` comment, where `before` is the text of the logical line so far (for open quotes). */
function stripComment(line: string, before: string): string {
  let quote = openQuote(before);
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i);
  }
  return line;
}

/** Split a logical line into `NAME=value` entries; values end at whitespace outside quotes and parentheses. */
function entries(text: string, line: number, file: string): ParfileEntry[] {
  const out: ParfileEntry[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  for (;;) {
    skipSpace();
    if (i >= text.length) return out;
    const nameMatch = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i));
    if (nameMatch === null) {
      throw new CliError('BAD_PARAMETER', `${file} line ${line}: expected NAME=value at ${JSON.stringify(text.slice(i, i + 20))}`);
    }
    i += nameMatch[0].length;
    skipSpace();
    if (text[i] !== '=') {
      throw new CliError('BAD_PARAMETER', `${file} line ${line}: ${nameMatch[0]} has no value; write ${nameMatch[0].toUpperCase()}=value`);
    }
    i++;
    skipSpace();
    const start = i;
    let quote: string | undefined;
    let depth = 0;
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (quote !== undefined) {
        if (c === quote) quote = undefined;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '(') depth++;
      else if (c === ')') depth = Math.max(0, depth - 1);
      else if (/\s/.test(c) && depth === 0) break;
    }
    out.push({ name: nameMatch[0], value: text.slice(start, i), line });
  }
}

/** Read a parameter file: one or more `NAME=value` per line, `#` comments, continuation lines. */
export function readParfile(path: string): ParfileEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError('FILE_NOT_FOUND', `PARFILE=${path}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? 'error'})`}. Give the path of an existing parameter file.`, {
      cause: error,
    });
  }
  return parseParfileText(text, path);
}

/** Parse the text of a parameter file (see `readParfile`). */
export function parseParfileText(text: string, file = 'parfile'): ParfileEntry[] {
  try {
    return logicalLines(text).flatMap((l) => entries(l.text, l.line, file));
  } catch (error) {
    if (error instanceof CliError && !error.message.startsWith(file)) throw new CliError(error.code, `PARFILE=${file}: ${error.message}`);
    throw error;
  }
}
