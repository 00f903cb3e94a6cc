import type { NotExportedObject } from '@sluice/adapter-kit';
import { notExtensionMember } from './postgres-catalog-builder.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';

/** Why an object of each kind is not carried (the log names the object and this reason). */
const REASONS: Readonly<Record<string, string>> = {
  'FOREIGN TABLE': 'foreign tables are not exported yet',
};
const DEFAULT_REASON = 'Sluice does not export this kind of object yet';

/**
 * Objects in the export's scope that the catalog does not carry. They are reported, never dropped in
 * silence: the engine names each in the log and counts it as an error. Schema-level kinds are looked
 * for in the exported schemas and database-wide ones (wrappers, publications...) in FULL mode only.
 */
export async function introspectUnsupported(ctx: IntrospectContext): Promise<NotExportedObject[]> {
  const inSchemas = (column: string): string => `${column} = ANY($1::oid[])`;
  const parts = [
    `SELECT 'FOREIGN TABLE', n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'f' AND ${inSchemas('c.relnamespace')} AND ${notExtensionMember(1259, 'c.oid')}`,
  ];
  if (ctx.mode === 'FULL') {
    // Database-wide objects a FULL export owes the target (pg_dump carries them with the database).
    parts.push(
      `SELECT 'FOREIGN DATA WRAPPER', NULL, w.fdwname FROM pg_foreign_data_wrapper w WHERE ${notExtensionMember(2328, 'w.oid')}`,
      `SELECT 'SERVER', NULL, s.srvname FROM pg_foreign_server s`,
      `SELECT 'USER MAPPING', NULL, pg_get_userbyid(u.umuser) || ' SERVER ' || s.srvname FROM pg_user_mapping u JOIN pg_foreign_server s ON s.oid = u.umserver`,
      `SELECT 'PUBLICATION', NULL, p.pubname FROM pg_publication p`,
      `SELECT 'SUBSCRIPTION', NULL, s.subname FROM pg_subscription s WHERE s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      `SELECT 'EVENT TRIGGER', NULL, e.evtname FROM pg_event_trigger e WHERE ${notExtensionMember(3466, 'e.oid')}`,
      `SELECT 'LARGE OBJECT', NULL, m.oid::text FROM pg_largeobject_metadata m`,
    );
  }
  const sql = `SELECT kind, schema, name FROM (${parts.map((p) => `(${p})`).join('\nUNION ALL\n')}) AS x(kind, schema, name) ORDER BY kind, schema, name LIMIT 10000`;
  const r = await ctx.conn.query<{ kind: string; schema: string | null; name: string }>(sql, [ctx.schemaOids], { action: 'introspect objects not exported' });
  return r.rows.map((row) => ({
    kind: row.kind,
    schema: row.schema,
    name: row.name,
    reason: REASONS[row.kind] ?? DEFAULT_REASON,
  }));
}
