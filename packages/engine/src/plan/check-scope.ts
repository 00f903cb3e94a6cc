import type { Adapter, AdapterConnection } from '@sluice/adapter-kit';
import { JobError } from '../errors.js';
import { COMMAND_LINE_WORDS, type ParameterWords } from './parameter-words.js';
import type { JobPlan } from './plan-types.js';

/**
 * Check that the schemas and tables a plan names exist on the database it reads, before a job (and
 * its master table) is created: a typo is one message, and nothing is left behind. `database` is how
 * the message names the database (a URL without password, or a configured name); `on`, a connection
 * to use instead of one of its own.
 */
export async function checkScope(adapter: Adapter, database: string, plan: Pick<JobPlan, 'schemas' | 'tables'>, words: ParameterWords = COMMAND_LINE_WORDS, on?: AdapterConnection): Promise<void> {
  if (plan.schemas.length === 0 && plan.tables.length === 0) return;
  // A caller's connection (the one that checked the login) is used and left open.
  const conn = on ?? (await adapter.connector.connect('sluice scope check'));
  try {
    const kind = adapter.introspector.supportsSchemas ? 'Schema' : 'Database (schema)';
    const fail = (parameter: string, message: string): JobError => new JobError('INVALID_ARGVAL', `${words.name(parameter)}: ${message}`, { parameter });
    for (const schema of plan.schemas) {
      if (!(await adapter.introspector.schemaExists(conn, schema))) {
        throw fail('SCHEMAS', `${kind} ${schema} does not exist in ${database}. Check the name (names are case-sensitive) and the database in the URL.`);
      }
    }
    for (const t of plan.tables) {
      if (t.schema === undefined || t.name.includes('%')) continue;
      if (!(await adapter.introspector.schemaExists(conn, t.schema))) {
        throw fail('TABLES', `${kind} ${t.schema} (of table ${t.schema}.${t.name}) does not exist in ${database}. Check the name (names are case-sensitive).`);
      }
      if (!(await adapter.introspector.tableExists(conn, { schema: t.schema, name: t.name }))) {
        throw fail('TABLES', `table ${t.schema}.${t.name} does not exist in ${database}. Check the name (names are case-sensitive).`);
      }
    }
  } finally {
    if (on === undefined) await conn.close().catch(() => undefined);
  }
}
