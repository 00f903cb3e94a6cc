import type { CatalogObject, ObjectKind } from '@sluice/adapter-kit';
import { describe, expect, it } from 'vitest';
import { neutralDefault, nextvalSequence, postgresNeutralCatalog } from './postgres-neutral-catalog.js';
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
  const object = (kind: ObjectKind, name: string, detail: object): CatalogObject => ({ kind, path: kind, schema: 'app', name, phase: 'pre-data', dependsOn: [], ddl: '', detail });
  const col = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    name,
    ordinal: 1,
    type: { kind: 'integer', bytes: 4 },
    nativeType: 'integer',
    nullable: true,
    default: null,
    local: true,
    inherited: false,
    ...extra,
  });

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

  const plain = (name: string, columns: Record<string, unknown>[], extra: Record<string, unknown> = {}): CatalogObject =>
    object('TABLE', name, { columns, keyColumns: [], tableKind: 'regular', inherits: [], checks: [], ownedSequences: [], replicaIdentity: 'd', rowSecurity: false, forceRowSecurity: false, ...extra });
  const sequence = (name: string): CatalogObject =>
    object('SEQUENCE', name, { dataType: 'integer', start: '1', increment: '1', minValue: '1', maxValue: '2147483647', cache: '1', cycle: false, unlogged: false });
  const value = (name: string, lastValue: string): CatalogObject => object('SEQUENCE_VALUE', name, { sequence: { schema: 'app', name }, lastValue, isCalled: true });

  it('a sequence no column owns (no OWNED BY, as in Pagila) feeds the one column whose default takes it: a counter, not an error', () => {
    const actor = plain('actor', [col('actor_id', { default: "nextval('app.actor_actor_id_seq'::regclass)" })]);
    // Two tables taking one sequence: neither is its owner, and the sequence stays untranslated.
    const a = plain('a', [col('id', { default: "nextval('shared_seq'::regclass)" })]);
    const b = plain('b', [col('id', { default: "nextval('shared_seq'::regclass)" })]);
    const out = postgresNeutralCatalog([sequence('actor_actor_id_seq'), sequence('shared_seq'), actor, a, b, value('actor_actor_id_seq', '200'), value('shared_seq', '7')]);
    expect(out[0]).toEqual({ kind: 'absorbed', reason: expect.stringContaining('actor.actor_id') });
    expect(out[1]).toEqual({ kind: 'not-translated', reason: 'a sequence of its own is not translated' });
    expect(out[2]).toMatchObject({ kind: 'table', columns: [{ name: 'actor_id', identity: { next: '201' } }] });
    expect(out[5]).toEqual({ kind: 'counter', schema: 'app', table: 'actor', column: 'actor_id', next: '201' });
    expect(out[6]).toEqual({ kind: 'not-translated', reason: 'a sequence of its own is not translated' });
    expect(nextvalSequence(`nextval('"My Schema"."Seq''s"'::regclass)`, 'x')).toEqual({ schema: 'My Schema', name: "Seq's" });
    expect(nextvalSequence("nextval('Seq'::regclass)", 'x')).toEqual({ schema: 'x', name: 'seq' });
  });

  it('a partitioned table and its partitions are tables, each naming what PARTITION_OPTIONS leaves behind; an index of a materialized view is not translated', () => {
    const parent = plain('payment', [col('id', { default: "nextval('app.payment_id_seq'::regclass)" })], { tableKind: 'partitioned', partitionKey: 'RANGE (id)', hasData: false });
    const part = plain('payment_p1', [col('id', { default: "nextval('app.payment_id_seq'::regclass)" })], {
      tableKind: 'partition',
      partitionOf: { parent: { schema: 'app', name: 'payment' }, bound: 'FOR VALUES FROM (1) TO (100)' },
    });
    const index = object('INDEX', 'mv_ix', { table: 'mv', unique: true, method: 'btree', keys: 'a', predicate: null });
    const [s, p, q, i, v] = postgresNeutralCatalog([sequence('payment_id_seq'), parent, part, index, value('payment_id_seq', '41')]);
    expect(s).toMatchObject({ kind: 'absorbed' });
    expect(p).toMatchObject({ kind: 'table', name: 'payment', notCarried: [{ what: 'PARTITION BY RANGE (id)', advice: expect.stringContaining('PARTITION_OPTIONS=MERGE') }] });
    expect(q).toMatchObject({
      kind: 'table',
      name: 'payment_p1',
      notCarried: [{ what: 'PARTITION OF "app"."payment" FOR VALUES FROM (1) TO (100)', advice: expect.stringContaining('PARTITION_OPTIONS=DEPARTITION') }],
    });
    expect(i).toEqual({ kind: 'not-translated', reason: 'it indexes mv, which is not a table' });
    expect(v).toEqual({ kind: 'counter', schema: 'app', table: 'payment', column: 'id', next: '42' });
  });
});
