export { createPostgresAdapter, PostgresAdapter, PG_COPY_TEXT } from './postgres-adapter.js';
export { PostgresConnection, SESSION_SETTINGS } from './postgres-connection.js';
export { postgresMasterDialect } from './master-table/postgres-master-dialect.js';
export type * from './model/postgres-details.js';
export { POSTGRES_OBJECT_KINDS } from './postgres-object-kinds.js';
