import type { Catalog } from '@sluice/adapter-kit';
import { quotedTable } from '../log/index.js';
import type { RunContext } from './run-context.js';

/**
 * Objects in scope the source adapter cannot carry: each is named in the log and counted as an
 * error, so the job ends "completed with errors" (exit 5), never silently short of them. The master
 * table's run state lists them beside the exported objects.
 */
export async function reportNotExported(ctx: RunContext, catalog: Catalog): Promise<void> {
  const listed = catalog.notExported ?? [];
  // Set, not appended: a plan started again reports them again.
  if (listed.length > 0) await ctx.store.updateRunState({ notExported: listed.map((o) => ({ kind: o.kind, schema: o.schema, name: o.name })) });
  for (const o of listed) {
    const name = o.schema === null ? `"${o.name}"` : quotedTable(o.schema, o.name);
    await ctx.countError(`Object type ${o.kind} ${name} was not exported: ${o.reason}.`);
  }
}
