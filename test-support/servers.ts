// The one place the test suite and the benchmarks learn where the database servers are
// (shared/SERVICES.md), and which engines a run covers.

/** One engine the suite runs against. */
export type EngineName = 'postgres' | 'mysql';

/** A server a test run needs: its engine, its name in messages, and the environment variable overriding its URL. */
export interface TestServerConfig {
  readonly engine: EngineName;
  readonly name: string;
  readonly env: 'SLUICE_PG_URL' | 'SLUICE_MYSQL_URL';
  readonly url: string;
}

const DEFAULTS: readonly TestServerConfig[] = [
  { engine: 'postgres', name: 'PostgreSQL', env: 'SLUICE_PG_URL', url: 'postgres://postgres@127.0.0.1:5432/postgres' },
  { engine: 'mysql', name: 'MariaDB', env: 'SLUICE_MYSQL_URL', url: 'mysql://root@127.0.0.1:3306/test' },
];

/** Every server, with the environment's URL overrides applied. */
export const SERVERS: readonly TestServerConfig[] = DEFAULTS.map((s) => ({ ...s, url: process.env[s.env] ?? s.url }));

/** The PostgreSQL server's URL (`SLUICE_PG_URL`, default `postgres://postgres@127.0.0.1:5432/postgres`). */
export const PG_URL: string = SERVERS[0]!.url;
/** The MariaDB server's URL (`SLUICE_MYSQL_URL`, default `mysql://root@127.0.0.1:3306/test`). */
export const MYSQL_URL: string = SERVERS[1]!.url;

/** The URL of an engine's test server as configured (its maintenance database: `postgres`, `test`). */
export function serverUrl(engine: EngineName): string {
  return engine === 'postgres' ? PG_URL : MYSQL_URL;
}

/** The URL of another database on an engine's test server, with the same login. */
export function databaseUrl(engine: EngineName, database: string): string {
  const u = new URL(serverUrl(engine));
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * The engines a run covers: both, unless `SLUICE_ENGINES` narrows them (`SLUICE_ENGINES=postgres`),
 * so a developer with one server can run that engine's tests. CI sets nothing and runs both.
 */
export const ENGINES: readonly EngineName[] = (() => {
  const wanted = process.env['SLUICE_ENGINES'];
  if (!wanted) return ['postgres', 'mysql'];
  const names = wanted
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => n !== 'postgres' && n !== 'mysql');
  if (unknown.length > 0) throw new Error(`SLUICE_ENGINES names unknown engines (${unknown.join(', ')}); use postgres, mysql or both, comma-separated`);
  return names as EngineName[];
})();
