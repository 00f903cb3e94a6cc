import type { PgDefaultPrivilegesDetail } from '../model/postgres-details.js';
import { quoteIdent } from '../sql/postgres-quote.js';
import type { PostgresRemapper } from '../sql/postgres-remapper.js';

/** ALTER DEFAULT PRIVILEGES FOR ROLE r [IN SCHEMA s] REVOKE / GRANT ..., as pg_dump writes them. */
export function defaultPrivilegesDdl(d: PgDefaultPrivilegesDetail, r: PostgresRemapper): string[] {
  if (r.transforms.omitGrants) return [];
  const f = d.defaultsFor;
  const head = `ALTER DEFAULT PRIVILEGES FOR ROLE ${quoteIdent(f.role)}${f.schema === null ? '' : ` IN SCHEMA ${quoteIdent(r.schema(f.schema))}`}`;
  const grantee = (g: string): string => (g === 'PUBLIC' ? 'PUBLIC' : quoteIdent(g));
  const out = d.revokes.map((g) => `${head} REVOKE ALL ON ${f.objects} FROM ${grantee(g)}`);
  // Consecutive privileges for the same grantee and grant option share a statement.
  const groups: (typeof d.grants)[number][][] = [];
  for (const p of d.grants) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last[0]!.grantee === p.grantee && last[0]!.grantable === p.grantable) last.push(p);
    else groups.push([p]);
  }
  for (const g of groups) {
    const first = g[0]!;
    out.push(`${head} GRANT ${g.map((p) => p.privilege).join(', ')} ON ${f.objects} TO ${grantee(first.grantee)}${first.grantable ? ' WITH GRANT OPTION' : ''}`);
  }
  return out;
}
