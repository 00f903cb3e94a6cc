import type { ObjectKind } from './object-kind.js';

/**
 * The object path each kind is filed under, without the mode prefix (the engine adds
 * `FULL_EXPORT/`, `SCHEMA_EXPORT/` or `TABLE_EXPORT/`). INCLUDE/EXCLUDE filters match these paths,
 * as Data Pump's do. Both our adapters use exactly these; third parties should too.
 */
export const OBJECT_PATHS: Readonly<Record<ObjectKind, string>> = {
  USER: 'USER',
  ROLE: 'ROLE',
  SCHEMA: 'SCHEMA',
  EXTENSION: 'EXTENSION',
  TYPE: 'TYPE',
  DOMAIN: 'TYPE/DOMAIN',
  SEQUENCE: 'SEQUENCE',
  FUNCTION: 'FUNCTION',
  PROCEDURE: 'PROCEDURE',
  AGGREGATE: 'FUNCTION/AGGREGATE',
  PACKAGE: 'PACKAGE/PACKAGE_SPEC',
  PACKAGE_BODY: 'PACKAGE/PACKAGE_BODY',
  TABLE: 'TABLE',
  VIEW: 'VIEW',
  MATERIALIZED_VIEW: 'MATERIALIZED_VIEW',
  INDEX: 'TABLE/INDEX',
  CONSTRAINT: 'TABLE/CONSTRAINT',
  REF_CONSTRAINT: 'TABLE/CONSTRAINT/REF_CONSTRAINT',
  TRIGGER: 'TABLE/TRIGGER',
  RULE: 'TABLE/RULE',
  POLICY: 'TABLE/RLS_POLICY',
  STATISTICS: 'TABLE/STATISTICS/EXTENDED_STATISTICS',
  EVENT: 'EVENT',
  COMMENT: 'COMMENT',
  GRANT: 'GRANT',
  SEQUENCE_VALUE: 'SEQUENCE/SEQUENCE_VALUE',
};
