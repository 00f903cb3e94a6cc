import type { PgCollationDetail, PgConversionDetail } from '../model/postgres-definition-details.js';
import { notExtensionMember, commentOf } from './postgres-catalog-builder.js';
import { addDefinition, DEFINITION_CLASS as C } from './postgres-introspect-definition.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';

/**
 * Collations (libc and ICU) and encoding conversions of the exported schemas. A collation's row is
 * read as JSON so that the columns that differ between server versions (colliculocale, colllocale,
 * collicurules) are taken when they are there.
 */
export async function introspectCollations(ctx: IntrospectContext): Promise<void> {
  if (ctx.schemaOids.length === 0) return;
  const collations = await ctx.conn.query<{ oid: number; schema: string; owner: string; c: Record<string, unknown>; comment: string | null }>(
    `SELECT c.oid, n.nspname AS schema, pg_get_userbyid(c.collowner) AS owner, to_jsonb(c) AS c, ${commentOf('c.oid', 'pg_collation')} AS comment
       FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace
      WHERE c.collnamespace = ANY($1::oid[]) AND c.collprovider <> 'd' AND ${notExtensionMember(C.collation, 'c.oid')}
      ORDER BY n.nspname, c.collname`,
    [ctx.schemaOids],
    { action: 'introspect collations' },
  );
  for (const row of collations.rows) {
    const c = row.c;
    const text = (key: string): string | null => (typeof c[key] === 'string' ? (c[key] as string) : null);
    const rules = text('collicurules');
    const detail: PgCollationDetail = {
      name: String(c['collname']),
      provider: String(c['collprovider']),
      deterministic: c['collisdeterministic'] !== false,
      collate: text('collcollate'),
      ctype: text('collctype'),
      locale: text('colllocale') ?? text('colliculocale'),
      ...(rules === null ? {} : { icuRules: rules }),
    };
    addDefinition(ctx, {
      kind: 'COLLATION',
      schema: row.schema,
      name: detail.name,
      owner: row.owner,
      detail,
      classId: C.collation,
      oid: row.oid,
      target: { type: 'COLLATION', schema: row.schema, name: detail.name },
      comment: row.comment,
    });
  }

  const conversions = await ctx.conn.query<{ oid: number; schema: string; name: string; owner: string; from: string; to: string; function: string; is_default: boolean; comment: string | null }>(
    `SELECT c.oid, n.nspname AS schema, c.conname AS name, pg_get_userbyid(c.conowner) AS owner,
            pg_encoding_to_char(c.conforencoding) AS from, pg_encoding_to_char(c.contoencoding) AS to,
            c.conproc::regproc::text AS function, c.condefault AS is_default, ${commentOf('c.oid', 'pg_conversion')} AS comment
       FROM pg_conversion c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.connamespace = ANY($1::oid[]) AND ${notExtensionMember(C.conversion, 'c.oid')}
      ORDER BY n.nspname, c.conname`,
    [ctx.schemaOids],
    { action: 'introspect conversions' },
  );
  for (const row of conversions.rows) {
    const detail: PgConversionDetail = { name: row.name, from: row.from, to: row.to, function: row.function, default: row.is_default };
    addDefinition(ctx, {
      kind: 'CONVERSION',
      schema: row.schema,
      name: row.name,
      owner: row.owner,
      detail,
      classId: C.conversion,
      oid: row.oid,
      target: { type: 'CONVERSION', schema: row.schema, name: row.name },
      comment: row.comment,
    });
  }
}
