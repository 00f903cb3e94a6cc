import { AdapterError, type IntrospectScope } from '@sluice/adapter-kit';
import type { MysqlConnection } from '../mysql-connection.js';

/** Databases that belong to the server, never exported in FULL mode. */
export const SYSTEM_SCHEMAS: ReadonlySet<string> = new Set(['mysql', 'information_schema', 'performance_schema', 'sys']);

/** The scope resolved against the server: which databases, and (TABLE mode) which tables. */
export class ResolvedScope {
  readonly mode: IntrospectScope['mode'];
  readonly schemas: readonly string[];
  readonly userMetadata: boolean;
  private readonly tables: ReadonlyMap<string, ReadonlySet<string>> | null;

  constructor(mode: IntrospectScope['mode'], schemas: readonly string[], tables: ReadonlyMap<string, ReadonlySet<string>> | null, userMetadata: boolean) {
    this.mode = mode;
    this.schemas = schemas;
    this.tables = tables;
    this.userMetadata = userMetadata;
  }

  /** Whether a table or view is in scope. */
  includesTable(schema: string, name: string): boolean {
    if (this.tables === null) return this.schemas.includes(schema);
    return this.tables.get(schema)?.has(name) ?? false;
  }

  /** Whether schema-level objects (the database itself, routines, events) are exported. */
  get includesSchemaObjects(): boolean {
    return this.mode !== 'TABLE';
  }
}

/** Check the scope's names against the server; unknown ones are NO_SUCH_SCHEMA / NO_SUCH_TABLE. */
export async function resolveScope(conn: MysqlConnection, scope: IntrospectScope): Promise<ResolvedScope> {
  const all = (await conn.textRows('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME')).map((r) => r['name'] as string);
  const userMetadata = scope.userMetadata === true;
  switch (scope.mode) {
    case 'FULL':
      return new ResolvedScope(
        'FULL',
        all.filter((s) => !SYSTEM_SCHEMAS.has(s)),
        null,
        userMetadata,
      );
    case 'SCHEMA': {
      const schemas = [...new Set(scope.schemas ?? [])];
      if (schemas.length === 0) throw new AdapterError('BAD_ARGUMENT', 'SCHEMA mode needs at least one schema (database) name');
      for (const s of schemas) {
        if (!all.includes(s)) throw new AdapterError('NO_SUCH_SCHEMA', `Database "${s}" does not exist on this server; check the SCHEMAS list`, { object: `"${s}"` });
      }
      return new ResolvedScope('SCHEMA', schemas, null, userMetadata);
    }
    case 'TABLE': {
      const refs = scope.tables ?? [];
      if (refs.length === 0) throw new AdapterError('BAD_ARGUMENT', 'TABLE mode needs at least one table');
      const tables = new Map<string, Set<string>>();
      for (const t of refs) {
        if (!all.includes(t.schema)) throw new AdapterError('NO_SUCH_SCHEMA', `Database "${t.schema}" does not exist on this server`, { object: `"${t.schema}"` });
        const row = await conn.textRow('SELECT 1 AS x FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [t.schema, t.name]);
        if (row === undefined) throw new AdapterError('NO_SUCH_TABLE', `Table "${t.schema}"."${t.name}" does not exist`, { object: `"${t.schema}"."${t.name}"` });
        let set = tables.get(t.schema);
        if (set === undefined) tables.set(t.schema, (set = new Set()));
        set.add(t.name);
      }
      return new ResolvedScope('TABLE', [...tables.keys()], tables, userMetadata);
    }
  }
}
