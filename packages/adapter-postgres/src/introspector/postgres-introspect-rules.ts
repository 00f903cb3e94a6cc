import type { PgRuleDetail } from '../model/postgres-details.js';
import { notExtensionMember, PG_CLASS, commentOf } from './postgres-catalog-builder.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';
import { addRelationMember } from './postgres-introspect-relation-members.js';

/**
 * Rewrite rules on exported tables and views (RULE), such as the INSTEAD rules that make a view
 * updatable. A view's `_RETURN` rule is the view itself and is not one of them.
 */
export async function introspectRules(ctx: IntrospectContext): Promise<void> {
  const r = await ctx.conn.query<{ oid: number; relid: number; schema: string; table_name: string; name: string; definition: string; enabled: string; comment: string | null }>(
    `SELECT rw.oid, rw.ev_class AS relid, n.nspname AS schema, c.relname AS table_name, rw.rulename AS name,
            pg_get_ruledef(rw.oid) AS definition, rw.ev_enabled AS enabled, ${commentOf('rw.oid', 'pg_rewrite')} AS comment
       FROM pg_rewrite rw
       JOIN pg_class c ON c.oid = rw.ev_class
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE rw.ev_class = ANY($1::oid[]) AND rw.rulename <> '_RETURN' AND ${notExtensionMember(PG_CLASS.rewrite, 'rw.oid')}
      ORDER BY n.nspname, c.relname, rw.rulename`,
    [ctx.relationOids],
    { action: 'introspect rules' },
  );
  for (const row of r.rows) {
    const detail: PgRuleDetail = { name: row.name, table: row.table_name, definition: row.definition.trim().replace(/;$/, ''), enabled: row.enabled };
    addRelationMember(ctx, 'RULE', PG_CLASS.rewrite, row, detail);
  }
}
