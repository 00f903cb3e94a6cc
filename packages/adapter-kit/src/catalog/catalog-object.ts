import type { ObjectKind, ObjectPhase } from './object-kind.js';
import type { ObjectRef, TableRef } from './object-ref.js';
import type { NeutralType } from './neutral-type.js';

/**
 * One object of the catalog, as an adapter's introspector reports it. Everything here is plain,
 * JSON-serialisable data: the engine writes it into the dump file set and hands it back to the
 * target adapter's DDL generator, possibly after remaps.
 */
export interface CatalogObject<D extends object = Record<string, unknown>> {
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
  /** The adapter's structured model, which its DDL generator consumes (TableDetail for tables). */
  readonly detail: D;
}

/** A column as introspected. */
export interface ColumnDef {
  readonly name: string;
  /** 1-based position in the table. */
  readonly ordinal: number;
  readonly type: NeutralType;
  /** The exact native spelling, e.g. `character varying(20)`, `int(10) unsigned zerofill`. */
  readonly nativeType: string;
  readonly nullable: boolean;
  /** The default expression in the source engine's SQL, or null. */
  readonly default: string | null;
  readonly identity?: {
    readonly generation: 'ALWAYS' | 'BY DEFAULT' | 'AUTO_INCREMENT';
    readonly start?: string;
    readonly increment?: string;
    readonly minValue?: string;
    readonly maxValue?: string;
    readonly cache?: string;
    readonly cycle?: boolean;
  };
  readonly generated?: { readonly expression: string; readonly stored: boolean };
  readonly charset?: string;
  readonly collation?: string;
  readonly onUpdate?: string;
  readonly invisible?: boolean;
  readonly comment?: string;
}

/** The structured detail every adapter gives for a TABLE object (adapters may add fields of their own). */
export interface TableDetail {
  readonly columns: readonly ColumnDef[];
  /** Column names of the primary key, or of the best unique not-null key, for chunking; empty if none. */
  readonly keyColumns: readonly string[];
  readonly tableKind: 'regular' | 'unlogged' | 'partitioned' | 'partition' | 'foreign' | 'other';
  /** For a partition: its parent table and the bound clause in the source engine's SQL. */
  readonly partitionOf?: { readonly parent: TableRef; readonly bound: string };
  /** Partition names, for PARTITION_LIST filters and PARTITION_OPTIONS. */
  readonly partitions?: readonly string[];
  readonly tablespace?: string | null;
  /**
   * The tablespace the table's rows are stored in, by the name TABLESPACE_EXPR / TABLESPACES= compare:
   * PostgreSQL's own name, also for the database's default (`tablespace` is then null); InnoDB's
   * (`innodb_system`, or `schema/table`, the table's own file-per-table tablespace); null where the
   * table has no storage of its own (foreign tables) or its engine keeps no tablespaces (MyISAM, Aria).
   * Left out when the adapter cannot tell (dumps written before it was recorded, missing privileges).
   */
  readonly storageTablespace?: string | null;
  readonly comment?: string;
  /** Engine-specific options (MySQL ENGINE, ROW_FORMAT, ...; PostgreSQL reloptions). */
  readonly options?: Readonly<Record<string, string>>;
  /** Whether rows should be unloaded (false for partitioned parents whose rows live in partitions, views...). */
  readonly hasData: boolean;
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
