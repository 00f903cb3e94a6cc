import { PG_CLASS, refOf } from './postgres-catalog-builder.js';
import type { IntrospectContext } from './postgres-introspect-scope.js';
import { addExtension, type ExtensionInfo } from './postgres-introspect-schemas.js';

/**
 * Dependencies between the objects found, from pg_depend: a view on the tables its query reads, a
 * table on the types and sequences its columns use, a foreign key on the key it references, any
 * object on the extension that provides something it uses (adding that EXTENSION when its schema
 * is not exported).
 */
export async function resolveDependencies(ctx: IntrospectContext, extensions: ReadonlyMap<number, ExtensionInfo>): Promise<void> {
  const members = await ctx.conn.query<{ classid: number; objid: number; ext: number }>(
    `SELECT d.classid, d.objid, d.refobjid AS ext FROM pg_depend d WHERE d.deptype = 'e' AND d.refclassid = 3079
     UNION ALL
     SELECT 1247, t.typarray, d.refobjid FROM pg_depend d JOIN pg_type t ON d.classid = 1247 AND t.oid = d.objid
      WHERE d.deptype = 'e' AND d.refclassid = 3079 AND t.typarray <> 0`,
    [],
    { action: 'introspect extension members' },
  );
  const memberOf = new Map(members.rows.map((m) => [`${m.classid}:${m.objid}`, m.ext]));
  const edges = await ctx.conn.query<{ classid: number; objid: number; refclassid: number; refobjid: number; deptype: string }>(
    `SELECT classid, objid, refclassid, refobjid, deptype FROM pg_depend WHERE objid = ANY($1::oid[]) AND deptype IN ('n', 'a', 'P', 'S')`,
    [ctx.builder.allOids()],
    { action: 'introspect dependencies' },
  );
  for (const e of edges.rows) {
    const from = ctx.builder.lookup(e.classid, e.objid);
    if (from === undefined) continue;
    let to = ctx.builder.lookup(e.refclassid, e.refobjid);
    if (to === undefined) {
      const ext = memberOf.get(`${e.refclassid}:${e.refobjid}`) ?? (e.refclassid === PG_CLASS.extension ? e.refobjid : undefined);
      const info = ext === undefined ? undefined : extensions.get(ext);
      if (ext === undefined || info === undefined) continue;
      to = addExtension(ctx, ext, info);
    }
    if (to === from) continue;
    // A serial column's sequence is "owned by" its table, but must exist before the table's default uses it.
    if (from.kind === 'SEQUENCE' && to.kind === 'TABLE' && e.deptype === 'a') continue;
    from.deps.push(refOf(to));
  }
  for (const o of ctx.builder.objects) {
    if (o.kind !== 'EXTENSION' || o.schema === null) continue;
    const schema = ctx.builder.objects.find((s) => s.kind === 'SCHEMA' && s.name === o.schema);
    if (schema !== undefined) o.deps.push(refOf(schema));
  }
}
