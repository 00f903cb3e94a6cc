import type { PgTriggerDetail } from '../model/postgres-details.js';
import { PG_CLASS, refOf, commentOf } from './postgres-catalog-builder.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';
import { addRelationMember } from './postgres-introspect-relation-members.js';

/** User triggers on exported tables and views (TRIGGER); clones on partitions come back with the parent's. */
export async function introspectTriggers(ctx: IntrospectContext): Promise<void> {
  const r = await ctx.conn.query<{ oid: number; relid: number; schema: string; table_name: string; name: string; definition: string; enabled: string; comment: string | null }>(
    `SELECT tg.oid, tg.tgrelid AS relid, n.nspname AS schema, c.relname AS table_name, tg.tgname AS name,
            pg_get_triggerdef(tg.oid) AS definition, tg.tgenabled AS enabled, ${commentOf('tg.oid', 'pg_trigger')} AS comment
       FROM pg_trigger tg
       JOIN pg_class c ON c.oid = tg.tgrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE tg.tgrelid = ANY($1::oid[]) AND NOT tg.tgisinternal AND tg.tgparentid = 0
      ORDER BY n.nspname, c.relname, tg.tgname`,
    [ctx.relationOids],
    { action: 'introspect triggers' },
  );
  for (const row of r.rows) {
    const detail: PgTriggerDetail = { name: row.name, table: row.table_name, definition: row.definition, enabled: row.enabled };
    addRelationMember(ctx, 'TRIGGER', PG_CLASS.trigger, row, detail);
  }
  await introspectChangedClones(ctx);
}

/**
 * Clones of partitioned tables' triggers on exported partitions whose enabled state differs from
 * their parent trigger's, as pg_dump compares them: each a TRIGGER object of its partition that only
 * sets that state (ALTER TABLE partition DISABLE TRIGGER t), after the trigger it was cloned from
 * (pg_depend adds the clone it was cloned from when that one is altered too, a level up).
 */
async function introspectChangedClones(ctx: IntrospectContext): Promise<void> {
  const r = await ctx.conn.query<{ oid: number; relid: number; root: number; schema: string; table_name: string; name: string; definition: string; enabled: string }>(
    `WITH RECURSIVE up AS (
       SELECT tg.oid AS clone, tg.tgparentid AS ancestor, 1 AS depth FROM pg_trigger tg WHERE tg.tgrelid = ANY($1::oid[]) AND tg.tgparentid <> 0
       UNION ALL
       SELECT up.clone, p.tgparentid, up.depth + 1 FROM up JOIN pg_trigger p ON p.oid = up.ancestor WHERE p.tgparentid <> 0 AND up.depth < 100
     )
     SELECT tg.oid, tg.tgrelid AS relid, up.ancestor AS root, n.nspname AS schema, c.relname AS table_name, tg.tgname AS name,
            pg_get_triggerdef(tg.oid) AS definition, tg.tgenabled AS enabled
       FROM up
       JOIN pg_trigger root ON root.oid = up.ancestor AND root.tgparentid = 0
       JOIN pg_trigger tg ON tg.oid = up.clone
       JOIN pg_trigger parent ON parent.oid = tg.tgparentid
       JOIN pg_class c ON c.oid = tg.tgrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE tg.tgenabled <> parent.tgenabled
      ORDER BY up.depth, n.nspname, c.relname, tg.tgname`,
    [ctx.relationOids],
    { action: 'introspect trigger clones' },
  );
  for (const row of r.rows) {
    const table = ctx.builder.lookup(PG_CLASS.class, row.relid);
    const root = ctx.builder.lookup(PG_CLASS.trigger, row.root);
    if (table === undefined || table.kind !== 'TABLE' || root === undefined) continue;
    const detail: PgTriggerDetail = { name: row.name, table: row.table_name, definition: row.definition, enabled: row.enabled, clone: true };
    ctx.builder.add({ kind: 'TRIGGER', schema: row.schema, name: `${row.table_name} ${row.name}`, table: row.table_name, phase: 'post-data', detail, deps: [refOf(table), refOf(root)] }, [
      [PG_CLASS.trigger, row.oid],
    ]);
  }
}
