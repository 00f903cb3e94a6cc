import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter, AdapterConnection, CatalogObject } from '@sluice/adapter-kit';
import { createPostgresAdapter } from '@sluice/adapter-postgres';
import { createScratchDatabase, querySql, runSql, type ScratchDatabase } from './support/scratch-database.js';

/** pg_default_acl as a comparable list. */
async function defaultAcls(database: string): Promise<unknown[]> {
  return querySql(
    database,
    `SELECT pg_get_userbyid(d.defaclrole) AS role, coalesce(n.nspname, '') AS schema, d.defaclobjtype AS objects, d.defaclacl::text AS acl
       FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace ORDER BY 1, 2, 3 LIMIT 100`,
  );
}

// Issue 10, item 13: ALTER DEFAULT PRIVILEGES, in a schema and (FULL mode) database-wide.
describe('PostgreSQL default privileges', () => {
  let source: ScratchDatabase;
  let adapter: Adapter;
  let conn: AdapterConnection;
  const targets: ScratchDatabase[] = [];
  let user = '';

  beforeAll(async () => {
    source = await createScratchDatabase();
    await runSql(source.name, [
      'CREATE SCHEMA app',
      'ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC',
      'ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO PUBLIC',
      'ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT INSERT, UPDATE ON TABLES TO PUBLIC',
      'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO PUBLIC',
    ]);
    adapter = createPostgresAdapter({ url: source.url });
    conn = await adapter.connector.connect('export');
    user = String((await querySql(source.name, 'SELECT current_user AS u'))[0]?.['u']);
  });

  afterAll(async () => {
    await conn?.close();
    await adapter?.close();
    for (const db of [source, ...targets]) await db?.drop();
  });

  const defaults = (objects: readonly CatalogObject[]): CatalogObject[] => objects.filter((o) => o.kind === 'GRANT' && o.name.startsWith('DEFAULT PRIVILEGES'));

  async function replay(objects: readonly CatalogObject[], options = {}): Promise<string> {
    const target = await createScratchDatabase();
    targets.push(target);
    await runSql(target.name, ['CREATE SCHEMA app', 'CREATE SCHEMA app_copy', ...objects.flatMap((o) => adapter.ddl.generateDdl(o, options))]);
    return target.name;
  }

  it("a SCHEMA export carries the schema's own, written after everything else and remapped with the schema", async () => {
    const catalog = await adapter.introspector.introspect(conn, { mode: 'SCHEMA', schemas: ['app'] });
    const found = defaults(catalog.objects);
    expect(found.map((o) => [o.schema, o.name, o.phase])).toEqual([['app', `DEFAULT PRIVILEGES FOR TABLES ${user}`, 'post-data']]);
    const target = await replay(found, { remapSchema: new Map([['app', 'app_copy']]) });
    expect(await defaultAcls(target)).toEqual([{ role: user, schema: 'app_copy', objects: 'r', acl: `{=aw/${user}}` }]);
  });

  it('a FULL export carries the database-wide ones too, as changes from the built-in defaults', async () => {
    const catalog = await adapter.introspector.introspect(conn, { mode: 'FULL' });
    const found = defaults(catalog.objects);
    expect(found.map((o) => o.ddl)).toEqual([
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${user} REVOKE ALL ON FUNCTIONS FROM PUBLIC;`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${user} GRANT SELECT ON TABLES TO PUBLIC;`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${user} IN SCHEMA app GRANT INSERT, UPDATE ON TABLES TO PUBLIC;`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${user} IN SCHEMA public GRANT USAGE ON SEQUENCES TO PUBLIC;`,
    ]);
    expect(await defaultAcls(await replay(found))).toEqual(await defaultAcls(source.name));
  });
});
