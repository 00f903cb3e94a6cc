import { randomBytes } from 'node:crypto';
import type { Adapter, AdapterFactory } from '@sluice/adapter-kit';
import { createMysqlAdapter } from '@sluice/adapter-mysql';
import { createPostgresAdapter } from '@sluice/adapter-postgres';

import { MYSQL_URL, PG_URL } from '../../../../test-support/servers.js';

/** Run one statement through the adapter's master-table dialect (the adapter contract's one generic SQL door). */
export async function sql(adapter: Adapter, text: string, params: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
  const conn = await adapter.connector.connect('sluice api test');
  try {
    return (await adapter.masterTable.query(conn, text, params)).rows;
  } finally {
    await conn.close();
  }
}

/** A scratch database `sluice_t_<random>` on one engine, dropped by `drop`. */
export interface Scratch {
  readonly engine: 'postgres' | 'mysql';
  readonly database: string;
  /** A new adapter on the scratch database; `drop` closes it. */
  adapter(): Adapter;
  drop(): Promise<void>;
}

/** The adapter factory of each engine; both adapters are real, and a server that is down fails the run. */
const FACTORIES: Record<'postgres' | 'mysql', AdapterFactory> = {
  postgres: createPostgresAdapter,
  mysql: createMysqlAdapter,
};

/** Create a scratch database on `engine`. */
export async function createScratch(engine: 'postgres' | 'mysql'): Promise<Scratch> {
  const create = FACTORIES[engine];
  const database = `sluice_t_${randomBytes(4).toString('hex')}`;
  const serverUrl = engine === 'postgres' ? PG_URL : MYSQL_URL;
  const admin = create({ url: serverUrl });
  await sql(admin, `CREATE DATABASE ${database}`);
  await admin.close();
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const made: Adapter[] = [];
  return {
    engine,
    database,
    adapter() {
      const a = create({ url: url.toString() });
      made.push(a);
      return a;
    },
    async drop() {
      await Promise.all(made.map((a) => a.close().catch(() => undefined)));
      const a = create({ url: serverUrl });
      await sql(a, engine === 'postgres' ? `DROP DATABASE IF EXISTS ${database} WITH (FORCE)` : `DROP DATABASE IF EXISTS ${database}`);
      await a.close();
    },
  };
}

/** Create a schema (MySQL: a database named `<scratch>_<name>`) holding table `items(id, label)` with `rows` rows; returns the schema's name. */
export async function seedSchema(scratch: Scratch, name: string, rows: number): Promise<string> {
  const a = scratch.adapter();
  const pg = scratch.engine === 'postgres';
  const schema = pg ? name : `${scratch.database}_${name}`;
  const q = (n: string): string => (pg ? `"${n}"` : `\`${n}\``);
  await sql(a, pg ? `CREATE SCHEMA ${q(schema)}` : `CREATE DATABASE ${q(schema)}`);
  await sql(a, `CREATE TABLE ${q(schema)}.${q('items')} (id integer PRIMARY KEY, label varchar(40) NOT NULL)`);
  await sql(a, `CREATE TABLE ${q(schema)}.${q('notes')} (id integer PRIMARY KEY, body varchar(40))`);
  for (let start = 1; start <= rows; start += 5000) {
    const values: string[] = [];
    for (let i = start; i < Math.min(rows + 1, start + 5000); i++) values.push(`(${i}, 'item ${i}')`);
    await sql(a, `INSERT INTO ${q(schema)}.${q('items')} (id, label) VALUES ${values.join(', ')}`);
  }
  await sql(a, `INSERT INTO ${q(schema)}.${q('notes')} (id, body) VALUES (1, 'one'), (2, 'two')`);
  return schema;
}

/** Drop what seedSchema made (MySQL databases outlive the scratch database otherwise). */
export async function dropSchema(scratch: Scratch, schema: string): Promise<void> {
  const a = scratch.adapter();
  await sql(a, scratch.engine === 'postgres' ? `DROP SCHEMA IF EXISTS "${schema}" CASCADE` : `DROP DATABASE IF EXISTS \`${schema}\``);
}
