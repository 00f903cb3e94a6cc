/** Every kind of catalog object an adapter may report. Adapters report only what their engine has. */
export const OBJECT_KINDS = [
  'USER',
  'ROLE',
  'SCHEMA',
  'EXTENSION',
  'TYPE',
  'DOMAIN',
  'SEQUENCE',
  'FUNCTION',
  'PROCEDURE',
  'AGGREGATE',
  'PACKAGE',
  'PACKAGE_BODY',
  'TABLE',
  'VIEW',
  'MATERIALIZED_VIEW',
  'INDEX',
  'CONSTRAINT',
  'REF_CONSTRAINT',
  'TRIGGER',
  'RULE',
  'POLICY',
  'STATISTICS',
  'EVENT',
  'FOREIGN_DATA_WRAPPER',
  'SERVER',
  'USER_MAPPING',
  'PUBLICATION',
  'PUBLICATION_TABLE',
  'SUBSCRIPTION',
  'EVENT_TRIGGER',
  'LARGE_OBJECT',
  'COMMENT',
  'GRANT',
  'SEQUENCE_VALUE',
  // PostgreSQL definitions (operators, casts, text search, languages, access methods...).
  'SHELL_TYPE',
  'OPERATOR',
  'OPERATOR_FAMILY',
  'OPERATOR_CLASS',
  'CAST',
  'COLLATION',
  'CONVERSION',
  'TEXT_SEARCH_PARSER',
  'TEXT_SEARCH_TEMPLATE',
  'TEXT_SEARCH_DICTIONARY',
  'TEXT_SEARCH_CONFIGURATION',
  'PROCEDURAL_LANGUAGE',
  'ACCESS_METHOD',
  'TRANSFORM',
] as const;

/** One kind of catalog object. */
export type ObjectKind = (typeof OBJECT_KINDS)[number];

/**
 * When an object is created relative to table data, as pg_dump's sections: `pre-data` objects are
 * created before rows are loaded, `post-data` ones (secondary indexes, foreign keys, triggers,
 * materialized view refreshes, sequence values) after.
 */
export type ObjectPhase = 'pre-data' | 'post-data';
