import type { Catalog, CatalogObject, IntrospectScope, ServerInfo } from '@sluice/adapter-kit';
import { ddlText, generatePostgresDdl } from '../ddl/postgres-ddl-generator.js';
import type { PostgresConnection } from '../postgres-connection.js';
import { CatalogBuilder, pathOf } from './postgres-catalog-builder.js';
import { orderObjects, type OrderedObject } from './postgres-dependency-order.js';
import { introspectConstraints } from './postgres-introspect-constraints.js';
import { introspectDefaultPrivileges } from './postgres-introspect-default-privileges.js';
import { resolveDependencies } from './postgres-introspect-dependencies.js';
import { introspectIndexes } from './postgres-introspect-indexes.js';
import { introspectRoutines } from './postgres-introspect-routines.js';
import { introspectExtensions, introspectSchemas } from './postgres-introspect-schemas.js';
import { resolveScope, type IntrospectContext } from './postgres-introspect-scope.js';
import { introspectSequences, introspectSequenceValues } from './postgres-introspect-sequences.js';
import { introspectTables } from './postgres-introspect-tables.js';
import { introspectPolicies } from './postgres-introspect-policies.js';
import { introspectRules } from './postgres-introspect-rules.js';
import { introspectStatistics } from './postgres-introspect-statistics.js';
import { introspectTriggers } from './postgres-introspect-triggers.js';
import { introspectTypes } from './postgres-introspect-types.js';
import { introspectViews } from './postgres-introspect-views.js';
import { breakTypeFunctionLoops, introspectBaseTypes } from './postgres-introspect-base-types.js';
import { introspectCollations } from './postgres-introspect-collations.js';
import { introspectDatabaseObjects } from './postgres-introspect-database-objects.js';
import { introspectOperators } from './postgres-introspect-operators.js';
import { introspectTextSearch } from './postgres-introspect-text-search.js';
import { introspectForeignServers, introspectForeignTables } from './postgres-introspect-foreign.js';
import { introspectPublications, introspectSubscriptions } from './postgres-introspect-publications.js';
import { introspectEventTriggers } from './postgres-introspect-event-triggers.js';
import { introspectInitialPrivileges } from './postgres-introspect-initial-privileges.js';
import { introspectLargeObjects } from './postgres-introspect-large-objects.js';

/**
 * Read the scope into the neutral catalog, objects in dependency order. Runs with an empty
 * search_path (restored afterwards) so that every SQL fragment the server prints (types, defaults,
 * view and function definitions, index keys) names user objects with their schema, which is what
 * lets REMAP_SCHEMA rewrite them reliably.
 */
export async function introspectPostgres(conn: PostgresConnection, scope: IntrospectScope, server: ServerInfo): Promise<Catalog> {
  const saved = await conn.query<{ path: string }>("SELECT current_setting('search_path') AS path", [], { action: 'introspect' });
  await conn.query("SELECT set_config('search_path', '', false)", [], { action: 'introspect' });
  try {
    const { schemaOids, tableOids } = await resolveScope(conn, scope);
    const ctx: IntrospectContext = { conn, builder: new CatalogBuilder(), mode: scope.mode, version: server.versionNumber, schemaOids, tableOids, relationOids: [] };
    const extensions = await introspectExtensions(ctx);
    await introspectSchemas(ctx);
    await introspectDatabaseObjects(ctx);
    await introspectCollations(ctx);
    await introspectTypes(ctx);
    await introspectBaseTypes(ctx);
    const sequences = await introspectSequences(ctx);
    const unreadableMappings = await introspectForeignServers(ctx);
    await introspectTables(ctx, sequences);
    await introspectForeignTables(ctx);
    await introspectViews(ctx);
    await introspectRoutines(ctx);
    await introspectOperators(ctx);
    await introspectTextSearch(ctx);
    await introspectConstraints(ctx);
    await introspectIndexes(ctx);
    await introspectTriggers(ctx);
    await introspectRules(ctx);
    await introspectPolicies(ctx);
    await introspectStatistics(ctx);
    await introspectSequenceValues(ctx, sequences);
    await introspectDefaultPrivileges(ctx);
    await introspectPublications(ctx);
    const unreadable = await introspectSubscriptions(ctx);
    await introspectEventTriggers(ctx);
    await introspectInitialPrivileges(ctx);
    await introspectLargeObjects(ctx);
    await resolveDependencies(ctx, extensions);
    breakTypeFunctionLoops(ctx);
    // Every kind in scope is carried; what the export's user cannot read (subscriptions' connections
    // without superuser, user mappings' options without owning the server) is named as not exported.
    const notExported = [...unreadableMappings, ...unreadable];
    const ordered: (OrderedObject | undefined)[] = orderObjects(ctx.builder.objects);
    // The builder's objects and its index of catalog rows go before the final objects are made:
    // with tens of thousands of objects both would otherwise be held at once.
    ctx.builder.clear();
    const objects: CatalogObject[] = [];
    for (let i = 0; i < ordered.length; i++) {
      // Thousands of DDL texts are made here: between them the event loop runs (a caller's timers,
      // such as a heap governor's), as it does between the catalog queries.
      if (i % 2_000 === 1_999) await new Promise<void>((resolve) => setImmediate(resolve));
      const { object: o, dependsOn } = ordered[i] as OrderedObject;
      ordered[i] = undefined;
      const base: CatalogObject = {
        kind: o.kind,
        path: pathOf(o.kind),
        schema: o.schema,
        name: o.name,
        ...(o.table === undefined ? {} : { table: o.table }),
        ...(o.owner === undefined ? {} : { owner: o.owner }),
        phase: o.phase,
        dependsOn,
        ddl: '',
        detail: o.detail,
      };
      objects.push({ ...base, ddl: ddlText(generatePostgresDdl(base)) });
    }
    return { server, objects, ...(notExported.length === 0 ? {} : { notExported }) };
  } finally {
    // In a failed transaction this cannot run; the transaction's end restores the setting anyway.
    await conn.query("SELECT set_config('search_path', $1, false)", [saved.rows[0]?.path ?? ''], { action: 'introspect' }).catch(() => undefined);
  }
}
