import { POSTGRES_RESERVED_WORDS } from './postgres-keywords.js';

/** Quote an identifier the way `quote_ident` does: only when it is not a plain lower-case word. */
export function quoteIdent(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name) && !POSTGRES_RESERVED_WORDS.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/** Always quote an identifier (for names built into SQL we compare textually). */
export function forceQuoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `schema.name`, each part quoted as needed. */
export function qualify(schema: string | null, name: string): string {
  return schema === null ? quoteIdent(name) : `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/**
 * A string literal. Connections always run with standard_conforming_strings on, so only quotes are
 * doubled; a backslash is an ordinary character.
 */
export function quoteLiteral(value: string): string {
  if (value.includes('\u0000')) throw new RangeError('PostgreSQL text cannot contain a NUL character');
  return `'${value.replace(/'/g, "''")}'`;
}

/** A comma-separated list of quoted identifiers. */
export function identList(names: readonly string[]): string {
  return names.map(quoteIdent).join(', ');
}

/** A COPY or INSERT column list, ` ("a", "b")`; none at all for a table with no columns (`()` is a syntax error). */
export function columnListClause(names: readonly string[]): string {
  return names.length === 0 ? '' : ` (${identList(names)})`;
}
