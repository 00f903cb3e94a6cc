import type { ObjectKind, ObjectPhase } from './object-kind.js';
import type { ObjectRef, TableRef } from './object-ref.js';

/**
 * One object of the catalog, as an adapter's introspector reports it. Everything here is plain,
 * JSON-serialisable data: the engine writes it into the dump file set and hands it back to the
 * target adapter's DDL generator, possibly after remaps.
 */
export interface CatalogObject<D extends object = object> {
  readonly kind: ObjectKind;
  /** Object path without the mode prefix, e.g. `TABLE`, `TABLE/INDEX`, `TABLE/CONSTRAINT/REF_CONSTRAINT` (see OBJECT_PATHS). */
  readonly path: string;
  /** The schema (MySQL: the database); null for server-level objects such as users. */
  readonly schema: string | null;
  readonly name: string;
  /** For objects that belong to a table (indexes, constraints, triggers, column comments, table grants). */
  readonly table?: string;
  readonly owner?: string;
  readonly phase: ObjectPhase;
  /** Objects that must exist before this one is created. */
  readonly dependsOn: readonly ObjectRef[];
  /** The native DDL as the source server would print it, for SQL_FILE and `sluice info --contents`. */
  readonly ddl: string;
  /** The adapter's structured model, which its DDL generator consumes (a TableDetail for tables: see isTableObject). */
  readonly detail: D;
}

/** Everything one introspection returned. */
export interface Catalog {
  readonly server: import('../server-info.js').ServerInfo;
  readonly objects: readonly CatalogObject[];
  /**
   * Objects in scope the adapter cannot carry. The engine names each in the log and counts it as an
   * error, so nothing vanishes with a clean exit.
   */
  readonly notExported?: readonly NotExportedObject[];
}

/** An object in an export's scope that the catalog does not carry, and why. */
export interface NotExportedObject {
  /** The SQL object type, e.g. `RULE`, `OPERATOR CLASS`. */
  readonly kind: string;
  readonly schema: string | null;
  /** The object's name, with its table where it belongs to one (`t.rule_name`). */
  readonly name: string;
  readonly reason: string;
}

/** What to introspect: the export mode and its lists. Names are exact (filters by expression are the engine's job). */
export interface IntrospectScope {
  readonly mode: 'FULL' | 'SCHEMA' | 'TABLE';
  /** SCHEMA mode: these schemas (MySQL: databases). TABLE mode: the schema of `tables`. */
  readonly schemas?: readonly string[];
  /** TABLE mode: these tables. */
  readonly tables?: readonly TableRef[];
  /** Include users/roles and their grants for the exported schemas (Oracle's USER_METADATA). */
  readonly userMetadata?: boolean;
}
