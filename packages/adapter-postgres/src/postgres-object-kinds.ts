/** One kind of object an adapter carries: its catalog kind and what it covers, in the words `sluice help kinds` prints. */
export interface CarriedObjectKind {
  readonly kind: string;
  readonly covers: string;
}

/** One kind of object an adapter cannot carry yet: the kind the log names it under ("Object type KIND ... was not exported"). */
export interface NotCarriedObjectKind {
  readonly kind: string;
  /** Where the export looks for it: in the exported schemas (or on the exported tables), or database-wide in FULL mode only. */
  readonly scope: 'schema' | 'database';
}

/**
 * What a PostgreSQL export carries and what it reports as not exported (exit 5): the one list
 * `sluice help kinds`, the adapter README and the object-count test agree on.
 */
export const POSTGRES_OBJECT_KINDS: { readonly carried: readonly CarriedObjectKind[]; readonly notCarried: readonly NotCarriedObjectKind[] } = {
  carried: [
    { kind: 'SCHEMA', covers: 'schemas, with owner, privileges and comment' },
    { kind: 'EXTENSION', covers: 'extensions (their member objects come with them)' },
    { kind: 'TYPE', covers: 'enum, composite and range types (with their multiranges)' },
    { kind: 'DOMAIN', covers: 'domains with defaults and constraints (NOT VALID ones too)' },
    { kind: 'SEQUENCE', covers: 'sequences with every option and the column owning them' },
    { kind: 'SEQUENCE_VALUE', covers: 'sequence values' },
    { kind: 'FUNCTION', covers: 'functions, SQL-standard bodies included' },
    { kind: 'PROCEDURE', covers: 'procedures' },
    { kind: 'AGGREGATE', covers: 'aggregates, zero-argument and ordered-set ones included' },
    {
      kind: 'TABLE',
      covers:
        'tables and their rows: defaults, identity, generated columns, inheritance, partitions (bounds, own column order), unlogged tables, storage parameters, per-column settings, CLUSTER ON, row security switches',
    },
    { kind: 'VIEW', covers: 'views, with check options, security barriers and column defaults' },
    { kind: 'MATERIALIZED_VIEW', covers: 'materialized views (refreshed after the load unless created WITH NO DATA)' },
    { kind: 'INDEX', covers: 'indexes, on partitioned tables and materialized views too' },
    { kind: 'CONSTRAINT', covers: 'primary key, unique, exclusion and check constraints' },
    { kind: 'REF_CONSTRAINT', covers: 'foreign keys' },
    { kind: 'TRIGGER', covers: 'triggers, with the enabled state of each clone on a partition' },
    { kind: 'RULE', covers: 'rules, including the INSTEAD rules that make a view updatable' },
    { kind: 'POLICY', covers: 'row-level security policies' },
    { kind: 'STATISTICS', covers: 'extended statistics' },
    { kind: 'COMMENT', covers: 'comments on every carried object' },
    { kind: 'GRANT', covers: 'privileges on every carried object, and ALTER DEFAULT PRIVILEGES' },
  ],
  notCarried: [
    { kind: 'TABLE (OF type)', scope: 'schema' },
    { kind: 'FOREIGN TABLE', scope: 'schema' },
    { kind: 'OPERATOR', scope: 'schema' },
    { kind: 'OPERATOR CLASS', scope: 'schema' },
    { kind: 'OPERATOR FAMILY', scope: 'schema' },
    { kind: 'TYPE (base)', scope: 'schema' },
    { kind: 'TYPE (shell)', scope: 'schema' },
    { kind: 'COLLATION', scope: 'schema' },
    { kind: 'CONVERSION', scope: 'schema' },
    { kind: 'TEXT SEARCH CONFIGURATION', scope: 'schema' },
    { kind: 'TEXT SEARCH DICTIONARY', scope: 'schema' },
    { kind: 'TEXT SEARCH PARSER', scope: 'schema' },
    { kind: 'TEXT SEARCH TEMPLATE', scope: 'schema' },
    { kind: 'CAST', scope: 'database' },
    { kind: 'PROCEDURAL LANGUAGE', scope: 'database' },
    { kind: 'ACCESS METHOD', scope: 'database' },
    { kind: 'TRANSFORM', scope: 'database' },
    { kind: 'FOREIGN DATA WRAPPER', scope: 'database' },
    { kind: 'SERVER', scope: 'database' },
    { kind: 'USER MAPPING', scope: 'database' },
    { kind: 'PUBLICATION', scope: 'database' },
    { kind: 'SUBSCRIPTION', scope: 'database' },
    { kind: 'EVENT TRIGGER', scope: 'database' },
    { kind: 'LARGE OBJECT', scope: 'database' },
    { kind: 'GRANT (built-in object)', scope: 'database' },
  ],
};
