import { describe, expect, it } from 'vitest';
import { neutralDefault } from './postgres-neutral-catalog.js';
import { postgresIdentifierProblem } from './postgres-neutral-ddl.js';

describe('PostgreSQL defaults in neutral terms', () => {
  it('keeps literals without their casts, numbers, booleans, NULL and the current time; other expressions are named as such', () => {
    expect(neutralDefault("'it''s'::character varying")).toEqual({ kind: 'literal', value: "it's" });
    expect(neutralDefault("'G'::public.mpaa_rating")).toEqual({ kind: 'literal', value: 'G' });
    expect(neutralDefault('4.99')).toEqual({ kind: 'number', value: '4.99' });
    expect(neutralDefault("'-1'::integer")).toEqual({ kind: 'literal', value: '-1' });
    expect(neutralDefault('(-1)')).toEqual({ kind: 'number', value: '-1' });
    expect(neutralDefault('true')).toEqual({ kind: 'boolean', value: true });
    expect(neutralDefault('NULL::text')).toEqual({ kind: 'null' });
    expect(neutralDefault('now()')).toEqual({ kind: 'current-timestamp' });
    expect(neutralDefault('CURRENT_DATE')).toEqual({ kind: 'current-date' });
    expect(neutralDefault("(date_trunc('day'::text, now()))")).toEqual({ kind: 'expression', sql: "(date_trunc('day'::text, now()))" });
    expect(neutralDefault(null)).toBeNull();
  });
});

describe('PostgreSQL identifier rules', () => {
  it('takes 63 bytes, counted in UTF-8', () => {
    expect(postgresIdentifierProblem('a'.repeat(63))).toBeUndefined();
    expect(postgresIdentifierProblem('a'.repeat(64))).toBe("it is longer than PostgreSQL's 63 bytes");
    expect(postgresIdentifierProblem('é'.repeat(32))).toBe("it is longer than PostgreSQL's 63 bytes");
    expect(postgresIdentifierProblem('Select "Mixed" Case')).toBeUndefined();
  });
});
