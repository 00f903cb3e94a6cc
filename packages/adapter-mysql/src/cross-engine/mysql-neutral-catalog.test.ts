import { describe, expect, it } from 'vitest';
import { mysqlNeutralDefault } from './mysql-neutral-catalog.js';
import { mysqlIdentifierProblem } from './mysql-neutral-ddl.js';

describe('MySQL defaults in neutral terms', () => {
  it('keeps literals with their escapes undone, numbers, NULL and the current time; other expressions are named as such', () => {
    expect(mysqlNeutralDefault("'it''s a \\\\ b'")).toEqual({ kind: 'literal', value: "it's a \\ b" });
    expect(mysqlNeutralDefault('4.99')).toEqual({ kind: 'number', value: '4.99' });
    expect(mysqlNeutralDefault('NULL')).toEqual({ kind: 'null' });
    expect(mysqlNeutralDefault('current_timestamp(6)')).toEqual({ kind: 'current-timestamp' });
    expect(mysqlNeutralDefault('curdate()')).toEqual({ kind: 'current-date' });
    expect(mysqlNeutralDefault('uuid()')).toEqual({ kind: 'expression', sql: 'uuid()' });
  });
});

describe('MySQL identifier rules', () => {
  it('takes 64 characters (not bytes) and no trailing space', () => {
    expect(mysqlIdentifierProblem('é'.repeat(64))).toBeUndefined();
    expect(mysqlIdentifierProblem('a'.repeat(65))).toBe("it is longer than MySQL's 64 characters");
    expect(mysqlIdentifierProblem('name ')).toBe('MySQL names cannot end with a space');
  });
});
