import type { Adapter, ConnectionOptions } from '../adapter.js';

/** A database made for one run of the suite; `drop()` removes it. */
export interface ScratchDatabase {
  /** How to connect to it. */
  readonly options: ConnectionOptions;
  /** The schema the fixture lives in (MySQL: the database itself). It may or may not exist yet. */
  readonly schema: string;
  drop(): Promise<void>;
}

/**
 * What an adapter author gives the conformance suite.
 *
 * `fixtureSql(schema)` returns statements (run one by one through `adapter.execute`) that create, in
 * `schema` (creating the schema first when the engine separates schemas from databases):
 * - `items`: a table with a primary key and at least 2000 rows, with awkward values (NULL and empty
 *   strings, tabs, newlines, backslashes, quotes, non-Latin text, binary data, extreme numbers);
 * - `plain`: a table with no primary or unique key, at least 2000 rows, some of them duplicates;
 * - at least one secondary index on one of them;
 * - a view `items_view` over `items`;
 * - a sequence `counter` (when the introspector reports `supportsSequences`).
 */
export interface ConformanceOptions {
  /** Shown in the suite's name, e.g. `postgres`. */
  readonly name: string;
  /** The adapter factory under test. */
  createAdapter(options: ConnectionOptions): Adapter;
  /** A fresh, empty database on the real server. */
  createScratchDatabase(): Promise<ScratchDatabase>;
  /** Engine-specific statements creating the fixture (see above). */
  fixtureSql(schema: string): string[];
  /** A QUERY clause over `items` and the number of rows it selects, e.g. `{ where: 'id <= 10', rows: 10 }`. */
  readonly query: { readonly where: string; readonly rows: number };
  /** Workers the chunk plan must keep busy (default 4): the plan must have more chunks than this. */
  readonly workers?: number;
  /**
   * Statements creating, in `schema`, a table `marked (id, v)` with one enabled BEFORE INSERT trigger
   * `marked_upper`; the trigger section of the suite is skipped without it.
   */
  triggerSql?(schema: string): string[];
}
