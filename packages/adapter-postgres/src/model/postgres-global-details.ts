import type { TableRef } from '@sluice/adapter-kit';
import type { PgTableDetail } from './postgres-details.js';

// Detail models of the database-wide objects (foreign-data wrappers, servers, user mappings,
// publications, subscriptions, event triggers) and of foreign tables.

/** A generic option (`OPTIONS (name 'value', ...)`), in the catalog's order. */
export type PgOption = readonly [name: string, value: string];

/** FOREIGN_DATA_WRAPPER detail. */
export interface PgForeignDataWrapperDetail {
  /** The handler function, schema-qualified where it is not in pg_catalog; null for none. */
  readonly handler: string | null;
  readonly validator: string | null;
  readonly options: readonly PgOption[];
}

/** SERVER detail. */
export interface PgServerDetail {
  readonly wrapper: string;
  readonly type: string | null;
  readonly version: string | null;
  readonly options: readonly PgOption[];
}

/**
 * USER_MAPPING detail. Its options may hold a password: carried into the target as pg_dump does,
 * it never appears in a log line or an error (the engine masks `password '...'` there).
 */
export interface PgUserMappingDetail {
  /** A role name, or `PUBLIC`. */
  readonly user: string;
  readonly server: string;
  readonly options: readonly PgOption[];
}

/** TABLE detail of a foreign table (`tableKind: 'foreign'`): what CREATE FOREIGN TABLE adds. */
export interface PgForeignTableDetail extends PgTableDetail {
  readonly foreign: {
    readonly server: string;
    readonly options: readonly PgOption[];
    /** Per-column options, `ALTER FOREIGN TABLE ... ALTER COLUMN c OPTIONS (...)`. */
    readonly columnOptions: readonly { readonly column: string; readonly options: readonly PgOption[] }[];
  };
}

/** PUBLICATION detail (its tables and schemas are PUBLICATION_TABLE objects). */
export interface PgPublicationDetail {
  readonly allTables: boolean;
  /** The operations published: insert, update, delete, truncate. */
  readonly publish: readonly string[];
  readonly viaPartitionRoot: boolean;
}

/** PUBLICATION_TABLE detail: one table (with its column list and row filter) or one schema of a publication. */
export interface PgPublicationTableDetail {
  readonly publication: string;
  readonly table?: TableRef;
  /** The published columns, when the publication lists them. */
  readonly columns?: readonly string[];
  /** The row filter (`WHERE (...)`), as the server prints it. */
  readonly where?: string;
  /** FOR TABLES IN SCHEMA: the schema. */
  readonly schema?: string;
}

/**
 * SUBSCRIPTION detail. Created as pg_dump creates it: without connecting, disabled, with the same
 * slot name. The connection string may hold a password: same rule as user mappings.
 */
export interface PgSubscriptionDetail {
  readonly conninfo: string;
  readonly publications: readonly string[];
  readonly slotName: string | null;
  readonly binary: boolean;
  /** substream: f(alse), t(rue) or p(arallel). */
  readonly streaming: string;
  readonly twoPhase: boolean;
  readonly disableOnError: boolean;
  readonly synchronousCommit: string;
}

/** EVENT_TRIGGER detail. */
export interface PgEventTriggerDetail {
  readonly event: string;
  /** WHEN TAG IN (...), or null for every command. */
  readonly tags: readonly string[] | null;
  /** The function, schema-qualified, without arguments. */
  readonly function: string;
  /** evtenabled: O (origin, the default), D (disabled), R (replica), A (always). */
  readonly enabled: string;
}

/**
 * TABLE detail of the pseudo table `pg_catalog.pg_largeobject` that carries every large object's
 * data as chunks (no DDL: the LARGE_OBJECT objects create the large objects).
 */
export interface PgLargeObjectDataDetail extends PgTableDetail {
  readonly largeObjects: true;
}
