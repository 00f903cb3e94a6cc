import type { PgEventTriggerDetail } from '../model/postgres-global-details.js';
import { notExtensionMember, commentOf } from './postgres-catalog-builder.js';
import { addComment } from './postgres-introspect-annotations.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';

/** The catalog class oid of event triggers. */
const PG_EVENT_TRIGGER = 3466;

/**
 * Event triggers (FULL mode: they belong to the database), with their tag filter and enabled state.
 * Their function comes from pg_depend; they are post-data and the import creates them last, so they
 * never fire on the import's own DDL.
 */
export async function introspectEventTriggers(ctx: IntrospectContext): Promise<void> {
  if (ctx.mode !== 'FULL') return;
  const r = await ctx.conn.query<{ oid: number; name: string; owner: string; event: string; fn: string; enabled: string; tags: string[] | null; comment: string | null }>(
    `SELECT e.oid, e.evtname AS name, pg_get_userbyid(e.evtowner) AS owner, e.evtevent AS event, e.evtfoid::regproc::text AS fn,
            e.evtenabled AS enabled, e.evttags::text[] AS tags, ${commentOf('e.oid', 'pg_event_trigger')} AS comment
       FROM pg_event_trigger e
      WHERE ${notExtensionMember(PG_EVENT_TRIGGER, 'e.oid')}
      ORDER BY e.evtname`,
    [],
    { action: 'introspect event triggers' },
  );
  for (const row of r.rows) {
    const detail: PgEventTriggerDetail = { event: row.event, tags: row.tags, function: row.fn, enabled: row.enabled };
    const o = ctx.builder.add({ kind: 'EVENT_TRIGGER', schema: null, name: row.name, owner: row.owner, phase: 'post-data', detail }, [[PG_EVENT_TRIGGER, row.oid]]);
    if (row.comment !== null) addComment(ctx, o, { type: 'EVENT TRIGGER', schema: null, name: row.name }, row.comment);
  }
}
