import { randomBytes } from 'node:crypto';
import type { EngineName } from './servers.js';
import { testServer } from './sql-clients.js';

/**
 * The prefix of every name a test creates on the shared servers (databases, roles and users,
 * tablespaces, MariaDB server definitions), so that a run's leftovers can be found:
 * `SLUICE_TEST_DB_PREFIX`, default `sluice_t_`.
 */
export const TEST_DB_PREFIX: string = (() => {
  const prefix = process.env['SLUICE_TEST_DB_PREFIX'] ?? 'sluice_t_';
  // Names are written into SQL unquoted: lower-case letters, digits and underscores only.
  if (!/^[a-z][a-z0-9_]{0,23}$/.test(prefix)) throw new Error(`SLUICE_TEST_DB_PREFIX=${prefix} must be 1 to 24 lower-case letters, digits or underscores, starting with a letter (e.g. sluice_me_)`);
  return prefix;
})();

/** A new name for something a test creates: `<prefix><8 random hex digits>`, then `_<tag>` if given (e.g. `sluice_t_3fa9c2d1_reader`). */
export function scratchName(tag = ''): string {
  return `${TEST_DB_PREFIX}${randomBytes(4).toString('hex')}${tag === '' ? '' : `_${tag}`}`;
}

/** A database a test created on one server, and how to drop it. */
export interface ScratchDatabase {
  readonly engine: EngineName;
  readonly name: string;
  /** The database's URL, with the server's login. */
  readonly url: string;
  /** Drop the database (PostgreSQL: forcing out the sessions left in it; MariaDB: with the databases `<name>_*`, the test's other schemas). */
  drop(): Promise<void>;
}

/** Create a database named by `scratchName()` on an engine's test server (MariaDB: in `charset` if given). */
export async function createScratchDatabase(engine: EngineName, options: { readonly charset?: string } = {}): Promise<ScratchDatabase> {
  const server = testServer(engine);
  const name = scratchName();
  if (engine === 'mysql' && options.charset !== undefined) server.exec('', `CREATE DATABASE ${name} CHARACTER SET ${options.charset}`);
  else server.createDatabase(name);
  return { engine, name, url: server.url(name), drop: () => dropScratchDatabase(engine, name) };
}

/** Drop a scratch database (see `ScratchDatabase.drop`); nothing happens when it is gone already. */
export async function dropScratchDatabase(engine: EngineName, name: string): Promise<void> {
  const server = testServer(engine);
  if (engine === 'postgres') {
    server.dropDatabase(name);
    return;
  }
  const schemas = server.query('', `SELECT schema_name FROM information_schema.schemata WHERE schema_name = '${name}' OR schema_name LIKE '${name}\\_%'`);
  if (schemas.length > 0) server.exec('', schemas.map(([schema]) => `DROP DATABASE IF EXISTS \`${schema}\`;`).join('\n'));
}
