import type { EngineObjectKinds } from '@sluice/adapter-kit';

/**
 * What a PostgreSQL export carries and what it reports as not exported (exit 5): the one list
 * `sluice help kinds`, the adapter README and the object-count test agree on. A kind may be in both
 * lists: carried, but reported as not exported under the condition its `when` names.
 */
export const POSTGRES_OBJECT_KINDS: EngineObjectKinds = {
  carried: [
    { kind: 'SCHEMA', covers: 'schemas, with owner, privileges and comment' },
    { kind: 'EXTENSION', covers: 'extensions (their member objects come with them)' },
    { kind: 'TYPE', covers: 'enum, composite, range (with their multiranges) and base types' },
    { kind: 'DOMAIN', covers: 'domains with defaults and constraints (NOT VALID ones too)' },
    { kind: 'SEQUENCE', covers: 'sequences with every option and the column owning them' },
    { kind: 'SEQUENCE_VALUE', covers: 'sequence values' },
    { kind: 'FUNCTION', covers: 'functions, SQL-standard bodies included' },
    { kind: 'PROCEDURE', covers: 'procedures' },
    { kind: 'AGGREGATE', covers: 'aggregates, zero-argument and ordered-set ones included' },
    { kind: 'TABLE', covers: 'tables and rows: defaults, identity, generated columns, inheritance, partitions, typed tables, storage and column settings; foreign tables (no rows)' },
    { kind: 'VIEW', covers: 'views, with check options, security barriers and column defaults' },
    { kind: 'MATERIALIZED_VIEW', covers: 'materialized views (refreshed after the load unless created WITH NO DATA)' },
    { kind: 'INDEX', covers: 'indexes, on partitioned tables and materialized views too' },
    { kind: 'CONSTRAINT', covers: 'primary key, unique, exclusion and check constraints' },
    { kind: 'REF_CONSTRAINT', covers: 'foreign keys' },
    { kind: 'TRIGGER', covers: 'triggers, with the enabled state of each clone on a partition' },
    { kind: 'RULE', covers: 'rules, including the INSTEAD rules that make a view updatable' },
    { kind: 'POLICY', covers: 'row-level security policies' },
    { kind: 'STATISTICS', covers: 'extended statistics' },
    { kind: 'SHELL_TYPE', covers: 'shell types, and the shells base types are built on' },
    { kind: 'COLLATION', covers: 'collations (ICU and libc, nondeterministic)' },
    { kind: 'CONVERSION', covers: 'encoding conversions' },
    { kind: 'OPERATOR', covers: 'operators, with commutators and negators' },
    { kind: 'OPERATOR_FAMILY', covers: 'operator families and their loose members' },
    { kind: 'OPERATOR_CLASS', covers: 'operator classes' },
    { kind: 'TEXT_SEARCH_PARSER', covers: 'text search parsers' },
    { kind: 'TEXT_SEARCH_TEMPLATE', covers: 'text search templates' },
    { kind: 'TEXT_SEARCH_DICTIONARY', covers: 'text search dictionaries' },
    { kind: 'TEXT_SEARCH_CONFIGURATION', covers: 'text search configurations and their mappings' },
    { kind: 'PROCEDURAL_LANGUAGE', covers: 'procedural languages (FULL mode)' },
    { kind: 'ACCESS_METHOD', covers: 'index and table access methods (FULL mode)' },
    { kind: 'CAST', covers: 'casts (FULL mode)' },
    { kind: 'TRANSFORM', covers: 'transforms (FULL mode)' },
    { kind: 'FOREIGN_DATA_WRAPPER', covers: 'foreign-data wrappers (FULL mode)' },
    { kind: 'SERVER', covers: 'foreign servers (FULL mode)' },
    { kind: 'USER_MAPPING', covers: 'user mappings with their options (FULL mode)' },
    { kind: 'PUBLICATION', covers: 'publications (FULL mode)' },
    { kind: 'PUBLICATION_TABLE', covers: 'the tables and schemas of a publication (FULL mode)' },
    { kind: 'SUBSCRIPTION', covers: 'subscriptions, created without connecting (FULL mode, read by a superuser)' },
    { kind: 'EVENT_TRIGGER', covers: 'event triggers, created last (FULL mode)' },
    { kind: 'LARGE_OBJECT', covers: 'large objects with owner, privileges and data (FULL mode)' },
    { kind: 'COMMENT', covers: 'comments on every carried object' },
    { kind: 'GRANT', covers: 'privileges on every carried object, ALTER DEFAULT PRIVILEGES, and (FULL mode) changed privileges of built-in objects' },
  ],
  notCarried: [
    { kind: 'SUBSCRIPTION', scope: 'database', when: 'when the exporting user may not read its connection string (only a superuser may)' },
    { kind: 'USER_MAPPING', scope: 'database', when: "when the exporting user may not read its options (a superuser or the server's owner may)" },
  ],
};
