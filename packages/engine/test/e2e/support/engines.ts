import type { Adapter, AdapterFactory } from '@sluice/adapter-kit';
import { createMysqlAdapter } from '@sluice/adapter-mysql';
import { createPostgresAdapter } from '@sluice/adapter-postgres';
import { createScratchDatabase } from '../../../../../test-support/scratch.js';
import { ENGINES, type EngineName, MYSQL_URL, PG_URL } from '../../../../../test-support/servers.js';
import { testServer } from '../../../../../test-support/sql-clients.js';

export { ENGINES, MYSQL_URL, PG_URL };

const FACTORIES: Record<EngineName, AdapterFactory> = { postgres: createPostgresAdapter, mysql: createMysqlAdapter };

/**
 * One engine under test, with a scratch area of its own (test-support/scratch.ts): PostgreSQL gets a
 * database whose schemas the tests use; MySQL (where a schema is a database) gets a database `<name>`
 * (home, for master tables) and one database `<name>_<schema>` for each test schema.
 */
export interface Scratch {
  readonly engine: EngineName;
  /** The scratch home database. */
  readonly database: string;
  /** A new adapter on the scratch home database (`drop` closes it). */
  adapter(): Adapter;
  /** The engine-level name of a test schema. */
  schema(name: string): string;
  /** Create a test schema (drops it first). */
  createSchema(name: string): Promise<void>;
  /** Close the adapters made here and drop everything the scratch area holds. */
  drop(): Promise<void>;
  /** The URL of the scratch database, for psql / mariadb. */
  readonly url: string;
  /** Quote an identifier for this engine. */
  q(name: string): string;
}

/** Create a scratch area on `engine`. */
export async function createScratch(engine: EngineName): Promise<Scratch> {
  const database = await createScratchDatabase(engine);
  const create = FACTORIES[engine];
  const server = testServer(engine);
  const pg = engine === 'postgres';
  const made: Adapter[] = [];
  const q = (name: string): string => (pg ? `"${name}"` : `\`${name}\``);
  const schema = (name: string): string => (pg ? name : `${database.name}_${name}`);
  return {
    engine,
    database: database.name,
    url: database.url,
    adapter: () => {
      const a = create({ url: database.url });
      made.push(a);
      return a;
    },
    schema,
    q,
    async createSchema(name) {
      server.exec(database.name, pg ? `DROP SCHEMA IF EXISTS ${q(name)} CASCADE; CREATE SCHEMA ${q(name)};` : `DROP DATABASE IF EXISTS ${q(schema(name))}; CREATE DATABASE ${q(schema(name))};`);
    },
    async drop() {
      await Promise.all(made.map((a) => a.close().catch(() => undefined)));
      await database.drop();
    },
  };
}
