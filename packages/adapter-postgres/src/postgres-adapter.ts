import type { Adapter, ConnectionOptions } from '@sluice/adapter-kit';
import { PostgresCrossEngine } from './cross-engine/postgres-cross-engine.js';
import { PostgresDataMover } from './data/postgres-data-mover.js';
import { PostgresDdl } from './ddl/postgres-ddl.js';
import { PostgresIntrospection } from './introspector/postgres-introspection.js';
import { postgresMasterDialect, type PostgresMasterDialect } from './master-table/postgres-master-dialect.js';
import { PostgresConnector } from './postgres-connector.js';

export { PG_COPY_TEXT } from './data/postgres-data-mover.js';

/**
 * The PostgreSQL adapter: `pg` sessions, COPY streams through `pg-copy-streams`, introspection from
 * the system catalogs. It only wires the parts; one instance is bound to one database, and every
 * session its connector opens is closed by `close()` at the latest.
 */
export class PostgresAdapter implements Adapter {
  readonly name = 'postgres';
  readonly connector: PostgresConnector;
  readonly introspector: PostgresIntrospection;
  readonly ddl = new PostgresDdl();
  readonly data = new PostgresDataMover();
  readonly masterTable: PostgresMasterDialect = postgresMasterDialect;
  readonly crossEngine = new PostgresCrossEngine();

  constructor(options: ConnectionOptions) {
    this.connector = new PostgresConnector(options);
    this.introspector = new PostgresIntrospection(this.connector);
  }

  close(): Promise<void> {
    return this.connector.close();
  }

  /** The URL without its password, for messages. */
  get displayUrl(): string {
    return this.connector.displayUrl;
  }
}

/** The adapter factory (an AdapterFactory): `createPostgresAdapter({ url: 'postgres://user@host/db' })`. */
export function createPostgresAdapter(options: ConnectionOptions): Adapter {
  return new PostgresAdapter(options);
}
