import type { CatalogObject } from '@sluice/adapter-kit';
import { describe, expect, it } from 'vitest';
import { neutralDefault, postgresNeutralCatalog } from './postgres-neutral-catalog.js';
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

describe('what a PostgreSQL table has that the move does not carry', () => {
  const object = (kind: string, name: string, detail: Record<string, unknown>): CatalogObject => ({ kind, path: kind, schema: 'app', name, phase: 'PRE_DATA', dependsOn: [], ddl: '', detail }) as unknown as CatalogObject;
  const col = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ name, ordinal: 1, type: { kind: 'integer', bytes: 4 }, nativeType: 'integer', nullable: true, default: null, local: true, inherited: false, ...extra });

  it("names a domain's CHECK, row-level security, generated columns, expression defaults and a column's collation; carries the domain's NOT NULL and default", () => {
    const domain = object('DOMAIN', 'posint', { baseType: 'integer', default: '1', notNull: true, constraints: [{ name: 'posint_check', definition: 'CHECK ((VALUE > 0))' }] });
    const table = object('TABLE', 't', {
      columns: [
        col('dm', { type: { kind: 'user', type: { kind: 'DOMAIN', schema: 'app', name: 'posint' } }, nativeType: 'app.posint' }),
        col('twice', { generated: { expression: '(dm * 2)', stored: true } }),
        col('day', { default: "date_trunc('day'::text, now())" }),
        col('name', { type: { kind: 'text' }, nativeType: 'text', collation: 'pg_catalog."C"' }),
      ],
      keyColumns: [],
      tableKind: 'regular',
      inherits: [],
      checks: [],
      ownedSequences: [],
      replicaIdentity: 'd',
      rowSecurity: true,
      forceRowSecurity: true,
    });
    const [, t] = postgresNeutralCatalog([domain, table]);
    if (t?.kind !== 'table') throw new Error('not a table');
    expect(t.columns.map((c) => c.name)).toEqual(['dm', 'day', 'name']);
    expect(t.columns[0]).toMatchObject({ type: { kind: 'integer', bytes: 4 }, nullable: false, default: { kind: 'number', value: '1' } });
    expect(t.notCarried).toEqual([
      { column: 'dm', what: 'the CHECK of domain app.posint (posint_check CHECK ((VALUE > 0)))', advice: expect.stringContaining("the domain's base type") },
      { column: 'twice', what: 'the generated column (GENERATED ALWAYS AS ((dm * 2)) STORED)', advice: expect.any(String) },
      { column: 'day', what: "DEFAULT date_trunc('day'::text, now())", advice: expect.stringContaining('without a default') },
      { column: 'name', what: 'COLLATE pg_catalog."C"', advice: expect.any(String) },
      { what: 'ENABLE and FORCE ROW LEVEL SECURITY', advice: expect.stringContaining('no row-level security') },
    ]);
  });

  it("gives an identity's options that differ from the default, its next value one increment past the last, and a serial's sequence options; the value as a counter", () => {
    const table = object('TABLE', 't', {
      columns: [
        col('id', { identity: { generation: 'ALWAYS', start: '10', increment: '5', minValue: '1', maxValue: '1000', cache: '1', cycle: true }, identitySequence: { schema: 'app', name: 't_id_seq' } }),
        col('n', { default: "nextval('app.t_n_seq'::regclass)" }),
      ],
      keyColumns: [],
      tableKind: 'unlogged',
      inherits: [{ schema: 'app', name: 'parent' }],
      checks: [],
      ownedSequences: [{ sequence: { schema: 'app', name: 't_n_seq' }, column: 'n' }],
      replicaIdentity: 'd',
      rowSecurity: false,
      forceRowSecurity: false,
    });
    const serial = object('SEQUENCE', 't_n_seq', { dataType: 'integer', start: '1', increment: '1', minValue: '1', maxValue: '2147483647', cache: '1', cycle: false, unlogged: false });
    const value = object('SEQUENCE_VALUE', 't_id_seq', { sequence: { schema: 'app', name: 't_id_seq' }, lastValue: '15', isCalled: true });
    const [t, , v] = postgresNeutralCatalog([table, serial, value]);
    if (t?.kind !== 'table') throw new Error('not a table');
    expect(t.columns.map((c) => c.identity)).toEqual([{ next: '20', always: true, options: ['INCREMENT BY 5', 'MAXVALUE 1000', 'CYCLE'] }, {}]);
    expect(t.notCarried).toEqual([
      { what: 'UNLOGGED', advice: expect.stringContaining('ordinary') },
      { what: 'INHERITS ("app"."parent")', advice: expect.stringContaining('standing alone') },
    ]);
    expect(v).toEqual({ kind: 'counter', schema: 'app', table: 't', column: 'id', next: '20' });
  });
});
