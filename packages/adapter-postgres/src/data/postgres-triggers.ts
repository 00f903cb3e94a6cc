import { AdapterError, tableLabel, type TableRef, type TableTrigger } from '@sluice/adapter-kit';
import type { PostgresConnection } from '../postgres-connection.js';
import { qualify, quoteIdent } from '../sql/postgres-quote.js';

/** pg_trigger.tgenabled values that fire in an ordinary session: O (origin, the default) and A (always). */
const FIRING = ['O', 'A'];

/** The table's enabled user triggers (not the internal ones behind foreign keys). */
export async function loadTriggers(c: PostgresConnection, table: TableRef): Promise<TableTrigger[]> {
  const r = await c.query<{ name: string; enabled: string }>(
    `SELECT t.tgname AS name, t.tgenabled AS enabled
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND NOT t.tgisinternal AND t.tgenabled = ANY($3::"char"[])
      ORDER BY t.tgname`,
    [table.schema, table.name, FIRING],
    { action: 'list triggers of', object: tableLabel(table) },
  );
  return r.rows.map((row) => ({ name: row.name, enabled: row.enabled }));
}

/** ALTER TABLE ... DISABLE TRIGGER needs the table's ownership (or membership in its owner role, or superuser). */
export async function mayDisableTriggers(c: PostgresConnection, table: TableRef): Promise<boolean> {
  const r = await c.query<{ owns: boolean }>(
    `SELECT pg_has_role(current_user, c.relowner, 'USAGE') AS owns
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`,
    [table.schema, table.name],
    { action: 'check the owner of', object: tableLabel(table) },
  );
  return r.rows[0]?.owns === true;
}

/**
 * Turn the triggers off, or on again as they were, inside the caller's transaction: the change is
 * DDL, transactional here, so a rollback or a dead session leaves them as they were. It takes a
 * SHARE ROW EXCLUSIVE lock on the table until the transaction ends (readers go on, writers wait), so
 * chunks of one table load one after the other while its triggers are off.
 */
export async function setTriggers(c: PostgresConnection, table: TableRef, triggers: readonly TableTrigger[], on: boolean): Promise<void> {
  const context = { action: on ? 'enable triggers of' : 'disable triggers of', object: tableLabel(table) };
  if (!c.inTransaction)
    throw new AdapterError('BAD_ARGUMENT', `${context.action} ${context.object}: needs a transaction open on the connection, so that a failure turns them on again`, { object: context.object });
  for (const t of triggers) {
    const mode = !on ? 'DISABLE' : t.enabled === 'A' ? 'ENABLE ALWAYS' : 'ENABLE';
    await c.query(`ALTER TABLE ${qualify(table.schema, table.name)} ${mode} TRIGGER ${quoteIdent(t.name)}`, [], context);
  }
}
