import { describe, expect, it } from 'vitest';
import type { CatalogObject } from '@sluice/adapter-kit';
import type { PgGrantDetail } from '../model/postgres-details.js';
import { grantDetail } from '../introspector/postgres-acl.js';
import { generatePostgresDdl } from './postgres-ddl-generator.js';

const target = { type: 'TABLE', schema: 'app', name: 't', table: 't' };
const grant = (detail: PgGrantDetail): CatalogObject => ({ kind: 'GRANT', path: 'GRANT', schema: 'app', name: 'TABLE t', table: 't', phase: 'post-data', dependsOn: [], ddl: '', detail });

describe('GRANT: privileges granted by another role than the owner', () => {
  // As acldefault and aclexplode report them: the owner's own privileges, granted by the owner.
  const defaults = [{ g: 'owner', p: 'SELECT', o: false, r: 'owner' }];
  const acl = [
    { g: 'owner', p: 'SELECT', o: false, r: 'owner' },
    { g: 'lead', p: 'SELECT', o: true, r: 'owner' },
    { g: 'PUBLIC', p: 'SELECT', o: false, r: 'lead' },
  ];

  it("keeps the grantor, and grants as that role after the owner's grants, inside SET ROLE / RESET ROLE", () => {
    const detail = grantDetail(target, acl, defaults)!;
    expect(detail.grants).toEqual([
      { grantee: 'lead', privilege: 'SELECT', grantable: true },
      { grantee: 'PUBLIC', privilege: 'SELECT', grantable: false, grantor: 'lead' },
    ]);
    expect(generatePostgresDdl(grant(detail))).toEqual(['GRANT SELECT ON TABLE app.t TO lead WITH GRANT OPTION', 'SET ROLE lead', 'GRANT SELECT ON TABLE app.t TO PUBLIC', 'RESET ROLE']);
  });

  it('grants as the importing user when owners are omitted, and reads ACLs stored without grantors as before', () => {
    expect(generatePostgresDdl(grant(grantDetail(target, acl, defaults)!), { transforms: { omitOwner: true } })).toEqual([
      'GRANT SELECT ON TABLE app.t TO lead WITH GRANT OPTION',
      'GRANT SELECT ON TABLE app.t TO PUBLIC',
    ]);
    const old = grantDetail(
      target,
      acl.map(({ g, p, o }) => ({ g, p, o })),
      defaults.map(({ g, p, o }) => ({ g, p, o })),
    )!;
    expect(old.grants.every((g) => g.grantor === undefined)).toBe(true);
  });
});

describe('GRANT: column privileges of a built-in relation', () => {
  it('revokes the column privileges initdb gave that the source took away, then grants the new ones', () => {
    const on = { type: 'TABLE', schema: 'pg_catalog', name: 'pg_subscription', table: 'pg_subscription' };
    const detail: PgGrantDetail = {
      target: on,
      revokes: [],
      grants: [{ grantee: 'reader', privilege: 'SELECT', grantable: false, column: 'subname' }],
      columnRevokes: [{ grantee: 'PUBLIC', privilege: 'SELECT', grantable: false, column: 'subslotname' }],
    };
    expect(generatePostgresDdl(grant(detail))).toEqual([
      'REVOKE SELECT(subslotname) ON TABLE pg_catalog.pg_subscription FROM PUBLIC',
      'GRANT SELECT(subname) ON TABLE pg_catalog.pg_subscription TO reader',
    ]);
  });
});
