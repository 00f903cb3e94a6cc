import { describe, expect, it } from 'vitest';
import type { CatalogObject } from '@sluice/adapter-kit';
import { generatePostgresDdl } from './postgres-ddl-generator.js';

function object(kind: CatalogObject['kind'], schema: string | null, name: string, detail: object, owner?: string): CatalogObject {
  return { kind, path: '', schema, name, phase: 'pre-data', dependsOn: [], ddl: '', detail: detail as Record<string, unknown>, ...(owner === undefined ? {} : { owner }) };
}

describe('large objects', () => {
  it('creates a large object with its oid, then its owner; comments and grants name it by number', () => {
    expect(generatePostgresDdl(object('LARGE_OBJECT', null, '91002', {}, 'Owner'))).toEqual(["SELECT pg_catalog.lo_create('91002')", 'ALTER LARGE OBJECT 91002 OWNER TO "Owner"']);
    expect(generatePostgresDdl(object('LARGE_OBJECT', null, '91002', {}, 'o'), { transforms: { omitOwner: true } })).toEqual(["SELECT pg_catalog.lo_create('91002')"]);
    const target = { type: 'LARGE OBJECT', schema: null, name: '91002' };
    expect(generatePostgresDdl(object('COMMENT', null, 'LARGE OBJECT 91002', { target, text: 'x' }))).toEqual(["COMMENT ON LARGE OBJECT 91002 IS 'x'"]);
    expect(generatePostgresDdl(object('GRANT', null, 'LARGE OBJECT 91002', { target, revokes: [], grants: [{ grantee: 'u', privilege: 'SELECT', grantable: false }] }))).toEqual([
      'GRANT SELECT ON LARGE OBJECT 91002 TO u',
    ]);
  });

  it('refuses a name that is not an oid, and writes nothing for the pseudo table of their data', () => {
    expect(() => generatePostgresDdl(object('LARGE_OBJECT', null, '1; DROP TABLE x', {}))).toThrow(RangeError);
    const data = { columns: [], keyColumns: [], tableKind: 'other', hasData: true, inherits: [], checks: [], ownedSequences: [], replicaIdentity: 'd', largeObjects: true };
    expect(generatePostgresDdl(object('TABLE', 'pg_catalog', 'pg_largeobject', data))).toEqual([]);
  });
});
