import type { Adapter } from '@sluice/adapter-kit';
import { CliError } from '../cli-error.js';
import type { JobPlan } from '../job/job-plan.js';
import type { DatabaseUrl } from './connection-url.js';

/**
 * Check that the schemas and tables a job names exist on the database it reads, before a job (and
 * its master table) is created: a typo is one message, and nothing is left behind.
 */
export async function checkScope(adapter: Adapter, db: DatabaseUrl, plan: JobPlan): Promise<void> {
  if (plan.schemas.length === 0 && plan.tables.length === 0) return;
  const conn = await adapter.connect('sluice scope check');
  try {
    const kind = adapter.capabilities.schemas ? 'Schema' : 'Database (schema)';
    for (const schema of plan.schemas) {
      if (!(await adapter.schemaExists(conn, schema))) {
        throw new CliError('BAD_PARAMETER', `SCHEMAS: ${kind} ${schema} does not exist in ${db.display}. Check the name (names are case-sensitive) and the database in the URL.`);
      }
    }
    for (const t of plan.tables) {
      if (t.schema === undefined || t.name.includes('%')) continue;
      if (!(await adapter.schemaExists(conn, t.schema))) {
        throw new CliError('BAD_PARAMETER', `TABLES: ${kind} ${t.schema} (of table ${t.schema}.${t.name}) does not exist in ${db.display}. Check the name (names are case-sensitive).`);
      }
      if (!(await adapter.tableExists(conn, { schema: t.schema, name: t.name }))) {
        throw new CliError('BAD_PARAMETER', `TABLES: table ${t.schema}.${t.name} does not exist in ${db.display}. Check the name (names are case-sensitive).`);
      }
    }
  } finally {
    await conn.close().catch(() => undefined);
  }
}
