import { describe, expect, it } from 'vitest';
import type { CatalogObject } from '@sluice/adapter-kit';
import type { PgConstraintDetail, PgIndexDetail, PgTableDetail } from '../model/postgres-details.js';
import { PostgresDdl } from './postgres-ddl.js';

function object(kind: CatalogObject['kind'], name: string, detail: object, extra: Partial<CatalogObject> = {}): CatalogObject {
  return { kind, path: '', schema: 'app', name, phase: 'pre-data', dependsOn: [], ddl: '', detail: detail as Record<string, unknown>, ...extra };
}

const table: PgTableDetail = {
  columns: [
    { name: 'id', ordinal: 1, type: { kind: 'integer', bits: 32 }, nativeType: 'integer', nullable: false, default: null, local: true, inherited: false },
    { name: 'code', ordinal: 2, type: { kind: 'text' }, nativeType: 'text', nullable: true, default: null, local: true, inherited: false },
  ] as unknown as PgTableDetail['columns'],
  keyColumns: ['id'],
  tableKind: 'regular',
  hasData: true,
  inherits: [],
  checks: [],
  ownedSequences: [],
  replicaIdentity: 'd',
  rowSecurity: false,
  forceRowSecurity: false,
};
const pkey: PgConstraintDetail = {
  name: 'orders_pkey',
  table: 'orders',
  type: 'p',
  columns: ['id'],
  include: [],
  nullsNotDistinct: false,
  definition: 'PRIMARY KEY (id)',
  options: {},
  tablespace: null,
  deferrable: false,
  deferred: false,
  validated: true,
  only: true,
};
const index: PgIndexDetail = {
  table: 'orders',
  unique: false,
  method: 'btree',
  keys: 'code',
  include: [],
  nullsNotDistinct: false,
  predicate: null,
  options: {},
  tablespace: null,
  only: false,
  clustered: false,
  replicaIdentity: false,
};
const orders = object('TABLE', 'orders', table);
const key = object('CONSTRAINT', 'orders orders_pkey', pkey, { table: 'orders', phase: 'post-data' });
const byCode = object('INDEX', 'orders_code', index, { table: 'orders', phase: 'post-data' });

describe('PostgreSQL keys at create (a small table made with its keys, before its rows)', () => {
  const ddl = new PostgresDdl();

  it("runs the table's statements, then each key's, as each would run alone, remapped alike", () => {
    const options = { remapSchema: new Map([['app', 'dst']]) };
    const alone = [...ddl.generateDdl(orders, options), ...ddl.generateDdl(key, options), ...ddl.generateDdl(byCode, options)];
    const folded = ddl.generateDdl(ddl.withKeysAtCreate(orders, [key, byCode]), options);
    expect(folded).toEqual(alone);
    expect(folded.slice(-2)).toEqual(['ALTER TABLE ONLY dst.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id)', 'CREATE INDEX orders_code ON dst.orders USING btree (code)']);
  });

  it('takes the keys of a plain table only, and never a NOT VALID constraint', () => {
    expect(ddl.supportsKeysAtCreate).toBe(true);
    expect(ddl.takesKeyAtCreate(orders, key)).toBe(true);
    expect(ddl.takesKeyAtCreate(orders, byCode)).toBe(true);
    expect(ddl.takesKeyAtCreate(object('TABLE', 'u', { ...table, tableKind: 'unlogged' }), byCode)).toBe(true);
    // Indexes of partitioned tables and of partitions attach to one another: they stay after the data.
    expect(ddl.takesKeyAtCreate(object('TABLE', 'p', { ...table, tableKind: 'partitioned', partitionKey: 'RANGE (id)' }), byCode)).toBe(false);
    expect(ddl.takesKeyAtCreate(object('TABLE', 'p1', { ...table, tableKind: 'partition', partitionOf: { parent: { schema: 'app', name: 'p' }, bound: 'DEFAULT' } }), byCode)).toBe(false);
    expect(ddl.takesKeyAtCreate(object('TABLE', 'f', { ...table, tableKind: 'foreign' }), byCode)).toBe(false);
    const notValid = object(
      'CONSTRAINT',
      'orders positive',
      { ...pkey, name: 'positive', type: 'c', definition: 'CHECK (id > 0) NOT VALID', validated: false },
      { table: 'orders', phase: 'post-data' },
    );
    expect(ddl.takesKeyAtCreate(orders, notValid)).toBe(false);
    // The planning view of one keeps only the flag.
    expect(ddl.takesKeyAtCreate(orders, { ...notValid, detail: { validated: false } })).toBe(false);
  });

  it('refuses to fold keys into anything but a table', () => {
    expect(() => ddl.withKeysAtCreate(byCode, [key])).toThrow(/is not a table/);
  });
});
