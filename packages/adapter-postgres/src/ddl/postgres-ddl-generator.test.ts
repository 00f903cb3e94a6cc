import { describe, expect, it } from 'vitest';
import type { CatalogObject } from '@sluice/adapter-kit';
import type { PgConstraintDetail, PgIndexDetail, PgMaterializedViewDetail } from '../model/postgres-details.js';
import { generatePostgresDdl } from './postgres-ddl-generator.js';

function object(kind: CatalogObject['kind'], name: string, detail: object, extra: Partial<CatalogObject> = {}): CatalogObject {
  return { kind, path: '', schema: 'app', name, phase: 'pre-data', dependsOn: [], ddl: '', detail: detail as Record<string, unknown>, ...extra };
}

const index: PgIndexDetail = {
  table: 'orders',
  unique: true,
  method: 'btree',
  keys: 'lower(note), id DESC',
  include: ['amount'],
  nullsNotDistinct: true,
  predicate: '(amount > 0)',
  options: { fillfactor: '80' },
  tablespace: 'fast',
  only: false,
  clustered: true,
  replicaIdentity: false,
};
const key: PgConstraintDetail = {
  name: 'orders_pkey',
  table: 'orders',
  type: 'p',
  columns: ['id'],
  include: [],
  nullsNotDistinct: false,
  definition: 'PRIMARY KEY (id)',
  options: { fillfactor: '90' },
  tablespace: 'fast',
  deferrable: false,
  deferred: false,
  validated: true,
  only: true,
};
const exclusion: PgConstraintDetail = {
  ...key,
  name: 'no_overlap',
  type: 'x',
  definition: "EXCLUDE USING gist (during WITH &&) WITH (fillfactor='70') USING INDEX TABLESPACE fast WHERE ((note <> 'USING INDEX TABLESPACE x'::text))",
};
const mview: PgMaterializedViewDetail = { definition: 'SELECT 1 AS one', populated: true, tablespace: 'fast', options: { fillfactor: '50' } };

describe('generatePostgresDdl', () => {
  it('builds an index from its parts', () => {
    expect(generatePostgresDdl(object('INDEX', 'orders_note', index, { table: 'orders' }))).toEqual([
      `CREATE UNIQUE INDEX orders_note ON app.orders USING btree (lower(note), id DESC) INCLUDE (amount) NULLS NOT DISTINCT WITH (fillfactor='80') TABLESPACE fast WHERE (amount > 0)`,
      'ALTER TABLE app.orders CLUSTER ON orders_note',
    ]);
  });

  it('remaps or leaves out tablespaces and storage parameters (REMAP_TABLESPACE, SEGMENT_ATTRIBUTES, STORAGE)', () => {
    const remapped = { remapTablespace: new Map([['fast', 'slow']]) };
    const omitted = { transforms: { omitTablespace: true, omitStorage: true } };
    expect(generatePostgresDdl(object('CONSTRAINT', 'orders orders_pkey', key, { table: 'orders' }), remapped)).toEqual([
      `ALTER TABLE ONLY app.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id) WITH (fillfactor='90') USING INDEX TABLESPACE slow`,
    ]);
    expect(generatePostgresDdl(object('CONSTRAINT', 'orders orders_pkey', key, { table: 'orders' }), omitted)).toEqual(['ALTER TABLE ONLY app.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id)']);
    expect(generatePostgresDdl(object('CONSTRAINT', 'orders no_overlap', exclusion, { table: 'orders' }), remapped)[0]).toBe(
      `ALTER TABLE ONLY app.orders ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&) WITH (fillfactor='70') USING INDEX TABLESPACE slow WHERE ((note <> 'USING INDEX TABLESPACE x'::text))`,
    );
    expect(generatePostgresDdl(object('CONSTRAINT', 'orders no_overlap', exclusion, { table: 'orders' }), omitted)[0]).toBe(
      `ALTER TABLE ONLY app.orders ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&) WHERE ((note <> 'USING INDEX TABLESPACE x'::text))`,
    );
    expect(generatePostgresDdl(object('MATERIALIZED_VIEW', 'mv', mview, { owner: 'alice' }), { ...remapped, transforms: { omitOwner: true } })).toEqual([
      `CREATE MATERIALIZED VIEW app.mv WITH (fillfactor='50') TABLESPACE slow AS\nSELECT 1 AS one\nWITH DATA`,
    ]);
  });

  it('writes owners unless told not to, and quotes names that need it', () => {
    const seq = object(
      'SEQUENCE',
      'Order No',
      { dataType: 'bigint', start: '1', increment: '1', minValue: '1', maxValue: '9', cache: '1', cycle: false, unlogged: false },
      { owner: 'Big Boss', schema: 'select' },
    );
    expect(generatePostgresDdl(seq)).toEqual([
      'CREATE SEQUENCE "select"."Order No" AS bigint START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 9 CACHE 1',
      'ALTER SEQUENCE "select"."Order No" OWNER TO "Big Boss"',
    ]);
    expect(generatePostgresDdl(seq, { transforms: { omitOwner: true } })).toHaveLength(1);
  });

  it('groups grants per grantee and leaves them out when told', () => {
    const grant = object('GRANT', 'TABLE t', {
      target: { type: 'TABLE', schema: 'app', name: 't', table: 't' },
      revokes: ['PUBLIC'],
      grants: [
        { grantee: 'reader', privilege: 'SELECT', grantable: false },
        { grantee: 'reader', privilege: 'INSERT', grantable: false },
        { grantee: 'boss', privilege: 'UPDATE', grantable: true },
        { grantee: 'reader', privilege: 'UPDATE', grantable: false, column: 'Note' },
      ],
    });
    expect(generatePostgresDdl(grant, { remapTable: new Map([['t', 'u']]) })).toEqual([
      'REVOKE ALL ON TABLE app.u FROM PUBLIC',
      'GRANT SELECT, INSERT ON TABLE app.u TO reader',
      'GRANT UPDATE ON TABLE app.u TO boss WITH GRANT OPTION',
      'GRANT UPDATE("Note") ON TABLE app.u TO reader',
    ]);
    expect(generatePostgresDdl(grant, { transforms: { omitGrants: true } })).toEqual([]);
  });

  it('refuses kinds PostgreSQL does not have', () => {
    expect(() => generatePostgresDdl(object('EVENT', 'nightly', {}))).toThrow(/cannot create EVENT/);
  });
});
