import type { Catalog } from '@sluice/adapter-kit';
import { quotedTable } from '../log/index.js';
import type { RunContext } from './run-context.js';

/**
 * Objects in scope the source adapter cannot carry: each is named in the log, listed in the job row
 * (`run.notExported`) and counted as an error, so the job ends "completed with errors" (exit 5),
 * never silently short of them.
 */
export async function reportNotExported(ctx: RunContext, catalog: Catalog): Promise<void> {
  const missing = catalog.notExported ?? [];
  // Kept in the job row as well, so the master table accounts for every object in scope (set, not appended: a restart introspects again).
  if (missing.length > 0) await ctx.store.updateRunState({ notExported: missing.map(({ kind, schema, name }) => ({ kind, schema, name })) });
  for (const o of missing) {
    const name = o.schema === null ? `"${o.name}"` : quotedTable(o.schema, o.name);
    await ctx.countError(`Object type ${o.kind} ${name} was not exported: ${o.reason}.`);
  }
}
