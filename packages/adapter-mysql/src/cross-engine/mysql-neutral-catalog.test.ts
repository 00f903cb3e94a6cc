import type { CatalogObject } from '@sluice/adapter-kit';
import { describe, expect, it } from 'vitest';
import { mysqlNeutralCatalog, mysqlNeutralDefault } from './mysql-neutral-catalog.js';
import { mysqlIdentifierProblem, mysqlNeutralLosses } from './mysql-neutral-ddl.js';

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

describe('what a MySQL table has that the move does not carry', () => {
  const col = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    name,
    ordinal: 1,
    type: { kind: 'datetime' },
    nativeType: 'datetime',
    nullable: true,
    default: null,
    ...extra,
  });
  const table = (columns: Record<string, unknown>[], more: Record<string, unknown> = {}): CatalogObject => ({
    kind: 'TABLE',
    path: 'TABLE',
    schema: 'shop',
    name: 't',
    phase: 'pre-data',
    dependsOn: [],
    ddl: '',
    detail: { columns, keyColumns: [], tableKind: 'regular', primaryKey: null, createKeys: [], partitioning: null, autoIncrement: null, ...more },
  });

  it('names ON UPDATE, generated columns, column CHECKs (not json_valid), expression defaults and partitioning', () => {
    const [t] = mysqlNeutralCatalog([
      table(
        [
          col('changed', { onUpdate: 'current_timestamp()' }),
          col('total', { generated: { expression: '`a` + 1', stored: true } }),
          col('doc', { check: 'json_valid(`doc`)' }),
          col('qty', { check: '`qty` > 0' }),
          col('code', { default: 'uuid()' }),
        ],
        { partitioning: { method: 'HASH', expression: '`id`', defaultNames: true, subDefaultNames: true, partitions: [] } },
      ),
    ]);
    expect(t?.kind === 'table' ? t.notCarried : undefined).toEqual([
      { column: 'changed', what: 'ON UPDATE CURRENT_TIMESTAMP()', advice: expect.stringContaining('BEFORE UPDATE trigger') },
      { column: 'total', what: 'the generated column (AS (`a` + 1) STORED)', advice: expect.any(String) },
      { column: 'qty', what: 'CHECK (`qty` > 0)', advice: expect.any(String) },
      { column: 'code', what: 'DEFAULT uuid()', advice: expect.stringContaining('without a default') },
      { what: 'PARTITION BY HASH (`id`)', advice: expect.stringContaining('unpartitioned') },
    ]);
  });

  it('MariaDB as a target names a CHECK on the AUTO_INCREMENT column, which it leaves out', () => {
    const losses = mysqlNeutralLosses({
      kind: 'table',
      schema: 's',
      name: 't',
      primaryKey: null,
      columns: [
        { name: 'id', type: { kind: 'integer', bytes: 4 }, nullable: false, default: null, identity: {} },
        { name: 'n', type: { kind: 'integer', bytes: 4 }, nullable: true, default: null },
      ],
      checks: [
        { name: 'id_pos', clause: '("id" > 0)', quote: '"' },
        { name: 'n_pos', clause: '(n > 0)', quote: '"' },
      ],
    });
    expect(losses).toEqual([{ column: 'id', what: 'CONSTRAINT id_pos CHECK (("id" > 0))', advice: expect.stringContaining('MariaDB refuses a CHECK on an AUTO_INCREMENT column') }]);
  });
});
