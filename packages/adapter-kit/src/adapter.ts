import type { Connector } from './connector.js';
import type { CrossEngine } from './cross-engine/cross-engine.js';
import type { DataMover } from './data/data-mover.js';
import type { DdlGenerator } from './ddl-generator.js';
import type { Introspector } from './introspector.js';
import type { MasterTableDialect } from './master-table/master-table-dialect.js';

/** How to reach a database. The password may come separately so it never sits in a URL that gets logged. */
export interface ConnectionOptions {
  /** e.g. `postgres://user@host:5432/db`, `mysql://root@127.0.0.1:3306/test`. */
  readonly url: string;
  /** Overrides any password in the URL. Never logged, never put in an error message. */
  readonly password?: string;
  /** First word of the name each session shows in the server's process list (default `sluice`); the session adds what it is for, e.g. `sluice SYS_EXPORT_SCHEMA_01 W-2`. */
  readonly applicationName?: string;
}

/**
 * Everything engine-specific, as a few narrow parts (in the spirit of Kysely's `Dialect`): the
 * adapter only wires them. An adapter instance is bound to one server and database; the engine never
 * branches on its name, only on the parts' capability getters.
 */
export interface Adapter {
  /** The engine name, e.g. `postgres`, `mysql`. */
  readonly name: string;
  /** Sessions, server facts, snapshots, transactions. */
  readonly connector: Connector;
  /** The catalog, and what exists on a database. */
  readonly introspector: Introspector;
  /** Statements from catalog objects, run on a target; SQLFILE scripts. */
  readonly ddl: DdlGenerator;
  /** Estimates, chunks, bulk unload and load, rows, load triggers. */
  readonly data: DataMover;
  /** SQL a generic master-table store is built from. */
  readonly masterTable: MasterTableDialect;
  /** Moves into and out of other engines; absent, this adapter's objects stay on its own engine. */
  readonly crossEngine?: CrossEngine;
  /** Close every session and snapshot the parts opened. */
  close(): Promise<void>;
}

/** What an adapter package exports: a factory from connection options to an adapter. */
export type AdapterFactory = (options: ConnectionOptions) => Adapter;
