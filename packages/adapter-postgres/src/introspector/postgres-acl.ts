import type { ObjectTarget, PgGrantDetail, PgPrivilege } from '../model/postgres-details.js';

/** One exploded ACL item, as `aclJson` returns it. */
export interface AclItem {
  readonly g: string;
  readonly p: string;
  readonly o: boolean;
  /** The grantor (absent in ACLs read before it was recorded). */
  readonly r?: string;
}

/**
 * What differs between an object's ACL and the default ACL for its owner, as pg_dump computes it:
 * grantees whose default privileges are gone are revoked (and re-granted what they still have);
 * privileges beyond the defaults are granted. Returns null when the ACL is the default.
 */
export function grantDetail(target: ObjectTarget, acl: readonly AclItem[] | null, defaults: readonly AclItem[] | null, columnGrants: readonly PgPrivilege[] = []): PgGrantDetail | null {
  const grants: PgPrivilege[] = [];
  const revokes: string[] = [];
  if (acl !== null) {
    const key = (i: AclItem): string => `${i.g}\u0000${i.p}\u0000${i.o}`;
    const actual = new Set(acl.map(key));
    const base = new Set((defaults ?? []).map(key));
    for (const d of defaults ?? []) {
      if (!actual.has(key(d)) && !revokes.includes(d.g)) revokes.push(d.g);
    }
    // The owner grants the defaults; a privilege another role granted is granted again by that role, as pg_dump does.
    const owner = defaults?.[0]?.r;
    for (const item of acl) {
      if (revokes.includes(item.g) || !base.has(key(item))) {
        const byOther = item.r !== undefined && owner !== undefined && item.r !== owner;
        grants.push({ grantee: item.g, privilege: item.p, grantable: item.o, ...(byOther ? { grantor: item.r } : {}) });
      }
    }
  }
  grants.push(...columnGrants);
  if (revokes.length === 0 && grants.length === 0) return null;
  return { target, revokes, grants };
}

/** A column's privileges as grants of its relation's GRANT, each with its grantor when not the relation's owner. */
export function columnPrivileges(column: string, acl: readonly AclItem[] | null, owner: string): PgPrivilege[] {
  return (acl ?? []).map((a) => ({ grantee: a.g, privilege: a.p, grantable: a.o, column, ...(a.r !== undefined && a.r !== owner ? { grantor: a.r } : {}) }));
}
