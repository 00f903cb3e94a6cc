import type { PgPolicyDetail } from '../model/postgres-details.js';
import { PG_CLASS, commentOf } from './postgres-catalog-builder.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';
import { addRelationMember } from './postgres-introspect-relation-members.js';

/** polcmd to the command CREATE POLICY names. */
const COMMANDS: Readonly<Record<string, string>> = { '*': 'ALL', r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE' };

/** Row-level security policies on exported tables (POLICY); the table itself carries ENABLE / FORCE ROW LEVEL SECURITY. */
export async function introspectPolicies(ctx: IntrospectContext): Promise<void> {
  const r = await ctx.conn.query<{
    oid: number;
    relid: number;
    schema: string;
    table_name: string;
    name: string;
    permissive: boolean;
    cmd: string;
    roles: string[];
    using_expr: string | null;
    check_expr: string | null;
    comment: string | null;
  }>(
    `SELECT p.oid, p.polrelid AS relid, n.nspname AS schema, c.relname AS table_name, p.polname AS name,
            p.polpermissive AS permissive, p.polcmd AS cmd,
            ARRAY(SELECT (CASE WHEN x.role = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(x.role) END)::text
                    FROM unnest(p.polroles) WITH ORDINALITY AS x(role, i) ORDER BY x.i) AS roles,
            pg_get_expr(p.polqual, p.polrelid) AS using_expr, pg_get_expr(p.polwithcheck, p.polrelid) AS check_expr,
            ${commentOf('p.oid', 'pg_policy')} AS comment
       FROM pg_policy p
       JOIN pg_class c ON c.oid = p.polrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE p.polrelid = ANY($1::oid[])
      ORDER BY n.nspname, c.relname, p.polname`,
    [ctx.relationOids],
    { action: 'introspect row security policies' },
  );
  for (const row of r.rows) {
    const detail: PgPolicyDetail = {
      name: row.name,
      table: row.table_name,
      permissive: row.permissive,
      command: COMMANDS[row.cmd] ?? 'ALL',
      roles: row.roles,
      using: row.using_expr,
      withCheck: row.check_expr,
    };
    // Only tables have policies, so each is named with its table.
    addRelationMember(ctx, 'POLICY', PG_CLASS.policy, row, detail);
  }
}
