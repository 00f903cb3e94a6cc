import type { Adapter, AdapterConnection, TableRef, TableTrigger } from '@sluice/adapter-kit';
import { JobError } from '../errors.js';
import { quotedTable } from '../log/index.js';
import { remapTableRef } from '../remap/index.js';
import { loadTable, type SourceChunk } from './import-plan.js';
import type { RunContext } from './run-context.js';

/** Whether the import loads rows into tables that already exist on the target (TABLE_EXISTS_ACTION, CONTENT). */
export function loadsIntoExistingTables(ctx: RunContext): boolean {
  const action = ctx.params.tableExistsAction;
  return ctx.params.includeMetadata ? action === 'APPEND' || action === 'TRUNCATE' : action !== 'SKIP';
}

/**
 * DATA_OPTIONS=DISABLE_TRIGGERS, checked before anything is loaded: every existing target table the
 * plan loads into whose user triggers would fire must be one whose triggers this target can turn off
 * and this user may turn off. Otherwise the job stops here, naming the table and the way out.
 */
export async function checkDisableTriggers(ctx: RunContext, target: Adapter, chunks: readonly SourceChunk[]): Promise<void> {
  if (!ctx.params.disableTriggers || !loadsIntoExistingTables(ctx)) return;
  const tables = new Map<string, TableRef>();
  for (const chunk of chunks) {
    const ref = remapTableRef(ctx.def, loadTable(chunk));
    tables.set(JSON.stringify([ref.schema, ref.name]), ref);
  }
  if (tables.size === 0) return;
  const conn = await target.connector.connect(`sluice ${ctx.def.jobName} trigger check`);
  try {
    for (const ref of tables.values()) {
      if (!(await target.introspector.tableExists(conn, ref))) continue;
      const triggers = await target.data.loadTriggers(conn, ref);
      if (triggers.length === 0) continue;
      const label = quotedTable(ref.schema, ref.name);
      if (!target.data.supportsDisableTriggers) {
        throw new JobError(
          'INVALID_OPERATION',
          `DATA_OPTIONS=DISABLE_TRIGGERS: table ${label} has triggers (${names(triggers)}), and the target database (${target.name}) has no way to turn a trigger off for a load. Load without DISABLE_TRIGGERS (the triggers then fire for every row), or drop the triggers before the import and create them again after it`,
          { jobName: ctx.def.jobName },
        );
      }
      if (!(await target.data.mayDisableTriggers(conn, ref))) {
        throw new JobError(
          'PRIVILEGE_ERROR',
          `DATA_OPTIONS=DISABLE_TRIGGERS: the user may not turn off the triggers (${names(triggers)}) of table ${label}: that needs ownership of the table (ALTER TABLE ... DISABLE TRIGGER). Run the import as the table's owner, or load without DISABLE_TRIGGERS (the triggers then fire for every row)`,
          { jobName: ctx.def.jobName },
        );
      }
    }
  } finally {
    await conn.close().catch(() => undefined);
  }
}

/** The log line for an existing table with enabled user triggers, said once when the import decides to load into it. */
export async function logTableTriggers(ctx: RunContext, target: Adapter, conn: AdapterConnection, ref: TableRef, worker: number): Promise<void> {
  const triggers = await target.data.loadTriggers(conn, ref);
  if (triggers.length === 0) return;
  const label = quotedTable(ref.schema, ref.name);
  ctx.log.worker(
    worker,
    ctx.params.disableTriggers
      ? `Table ${label} has enabled triggers ${names(triggers)}: they are turned off while its rows load (DATA_OPTIONS=DISABLE_TRIGGERS) and on again after`
      : `Table ${label} has enabled triggers ${names(triggers)}, which fire for every row loaded and may change it; DATA_OPTIONS=DISABLE_TRIGGERS loads without them`,
  );
}

/**
 * DATA_OPTIONS=DISABLE_TRIGGERS for one chunk: the table's enabled user triggers are turned off inside
 * the chunk's transaction (`conn` has it open), and `triggersOn` turns the same ones on again before
 * it commits; a failure, a rollback or a dead process leaves them as they were.
 */
export async function triggersOff(ctx: RunContext, target: Adapter, conn: AdapterConnection, ref: TableRef): Promise<readonly TableTrigger[]> {
  if (!ctx.params.disableTriggers) return [];
  const triggers = await target.data.loadTriggers(conn, ref);
  if (triggers.length > 0) await target.data.disableTriggers(conn, ref, triggers);
  return triggers;
}

/** Turn on again what `triggersOff` turned off, in the same transaction. */
export async function triggersOn(target: Adapter, conn: AdapterConnection, ref: TableRef, triggers: readonly TableTrigger[]): Promise<void> {
  if (triggers.length > 0) await target.data.enableTriggers(conn, ref, triggers);
}

function names(triggers: readonly TableTrigger[]): string {
  return triggers.map((t) => `"${t.name}"`).join(', ');
}
