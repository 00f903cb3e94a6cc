import type { CatalogObject } from './catalog-object.js';
import type { TableRef } from './object-ref.js';
import type { NeutralType } from './neutral-type.js';

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

/** A TABLE object, whose detail is the neutral TableDetail or an adapter's extension of it. */
export type TableObject<D extends TableDetail = TableDetail> = CatalogObject<D> & { readonly kind: 'TABLE' };

/** Whether an object is a table: every adapter's TABLE detail extends TableDetail, so the kind says what its detail holds. */
export function isTableObject(o: CatalogObject): o is TableObject {
  return o.kind === 'TABLE';
}
