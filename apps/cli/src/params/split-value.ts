import { CliError } from '../cli-error.js';

/**
 * Split `text` at every `separator` that is outside double quotes, single quotes and parentheses,
 * the way expdp reads `EXCLUDE=TABLE:"IN ('A','B')",INDEX`. Throws on an unclosed quote.
 */
export function splitOutside(text: string, separator: string, parameter: string, limit = Infinity): string[] {
  const parts: string[] = [];
  let quote: '"' | "'" | undefined;
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === separator && depth === 0 && parts.length < limit - 1) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (quote !== undefined) {
    throw new CliError('BAD_PARAMETER', `${parameter}: the quote ${quote} in ${JSON.stringify(text)} is never closed. Close it, or escape it from the shell (\\${quote}).`);
  }
  parts.push(text.slice(start));
  return parts;
}

/** The text without one pair of surrounding double quotes, if it has them. */
export function unquote(text: string): string {
  const t = text.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

/** A comma-separated list, each item trimmed and unquoted; empty items are an error. */
export function splitList(text: string, parameter: string): string[] {
  const items = splitOutside(text, ',', parameter).map((s) => unquote(s));
  if (items.some((s) => s === '')) {
    throw new CliError('BAD_PARAMETER', `${parameter}: ${JSON.stringify(text)} has an empty item. Separate names with single commas, e.g. ${parameter}=a,b.`);
  }
  return items;
}

/**
 * A dotted name such as `hr.emp` or `"My.Schema"."T"` split into its parts (quotes keep dots and
 * commas inside a name; names are otherwise taken as written, with no case folding).
 */
export function splitDotted(text: string, parameter: string): string[] {
  return splitOutside(text.trim(), '.', parameter).map((s) => unquote(s));
}
