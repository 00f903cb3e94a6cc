import { AdapterError } from '@sluice/adapter-kit';
import { tokenizeSql } from '../sql/postgres-sql-lexer.js';

/**
 * Check a QUERY clause before it is pasted into `WHERE (...)`: it must be one expression, so no
 * top-level semicolon, balanced parentheses, and no unterminated string or comment that could swallow
 * the rest of the statement. It then runs in a read-only transaction.
 */
export function checkQueryClause(clause: string): string {
  // A trailing newline stays a token of its own unless an unterminated quote or comment swallows it.
  const tokens = tokenizeSql(`${clause}\n`);
  if (tokens[tokens.length - 1]?.kind !== 'space') throw bad(clause, 'a quote or comment is not closed');
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'punct' && t.text === ';') throw bad(clause, 'it contains a semicolon');
    if (t.kind === 'punct' && t.text === '(') depth++;
    if (t.kind === 'punct' && t.text === ')' && --depth < 0) throw bad(clause, 'it closes a parenthesis it did not open');
    if (t.kind === 'comment') throw bad(clause, 'it contains a comment');
  }
  if (depth !== 0) throw bad(clause, 'a parenthesis is not closed');
  if (clause.trim() === '') throw bad(clause, 'it is empty');
  return clause;
}

function bad(clause: string, why: string): AdapterError {
  return new AdapterError('BAD_ARGUMENT', `QUERY clause refused because ${why}: ${clause.slice(0, 200)}. Give one boolean expression, as after WHERE.`);
}

/** Check a SAMPLE percentage. */
export function checkSample(sample: number): number {
  if (!Number.isFinite(sample) || sample <= 0 || sample > 100) {
    throw new AdapterError('BAD_ARGUMENT', `SAMPLE must be a percentage greater than 0 and at most 100, got ${sample}.`);
  }
  return sample;
}
