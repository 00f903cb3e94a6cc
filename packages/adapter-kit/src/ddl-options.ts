/**
 * Remaps and transforms applied to the catalog model before DDL is generated (never by string
 * replacement of the source's DDL). Maps are keyed by the source name.
 */
export interface DdlOptions {
  /** REMAP_SCHEMA: source schema → target schema. */
  readonly remapSchema?: ReadonlyMap<string, string>;
  /** REMAP_TABLE: `schema.table` or `table` → new table name (same schema, as Data Pump). */
  readonly remapTable?: ReadonlyMap<string, string>;
  /** REMAP_TABLESPACE: source tablespace → target tablespace. */
  readonly remapTablespace?: ReadonlyMap<string, string>;
  readonly transforms?: DdlTransforms;
}

/** TRANSFORM options that change generated DDL. Unknown ones are refused by the engine, not here. */
export interface DdlTransforms {
  /** Leave out OWNER TO / AUTHORIZATION clauses (objects belong to the importing user). */
  readonly omitOwner?: boolean;
  /** Leave out GRANT objects. */
  readonly omitGrants?: boolean;
  /** Leave out tablespace clauses (SEGMENT_ATTRIBUTES=N). */
  readonly omitTablespace?: boolean;
  /** Leave out storage parameters (STORAGE=N): PostgreSQL reloptions, MySQL ROW_FORMAT and the like. */
  readonly omitStorage?: boolean;
  /** MySQL: leave out DEFINER clauses. */
  readonly omitDefiner?: boolean;
  /** MySQL: leave out ENGINE= (use the target's default engine). */
  readonly omitEngine?: boolean;
  /** MySQL: leave out table options (ENGINE, ROW_FORMAT, CHARSET...). */
  readonly omitTableOptions?: boolean;
  /** Leave out table and column comments. */
  readonly omitComments?: boolean;
  /**
   * PARTITION_OPTIONS=MERGE or DEPARTITION: every table is created as an ordinary table. No PARTITION
   * BY, no PARTITION OF (a partition declares all its columns, with the NOT NULLs and defaults it had
   * from its parent), and no statement that attaches an index or constraint to a parent's. The engine
   * decides which tables exist (the merged parent, or one table per partition); the adapter only
   * writes each one without partitioning.
   */
  readonly unpartitioned?: boolean;
}
