import type { EngineObjectKinds } from '@sluice/adapter-kit';

/**
 * What a MySQL / MariaDB export carries and what it reports as not exported (exit 5), as
 * `sluice help kinds` and the adapter README list them.
 */
export const MYSQL_OBJECT_KINDS: EngineObjectKinds = {
  carried: [
    { kind: 'SCHEMA', covers: 'databases, with character set and collation' },
    { kind: 'TABLE', covers: 'tables and their rows, with columns, defaults, AUTO_INCREMENT, partitioning and table options' },
    { kind: 'INDEX', covers: 'indexes' },
    { kind: 'CONSTRAINT', covers: 'unique keys and check constraints' },
    { kind: 'REF_CONSTRAINT', covers: 'foreign keys' },
    { kind: 'VIEW', covers: 'views' },
    { kind: 'FUNCTION', covers: 'stored functions' },
    { kind: 'PROCEDURE', covers: 'stored procedures' },
    { kind: 'TRIGGER', covers: 'triggers' },
    { kind: 'EVENT', covers: 'scheduled events' },
    { kind: 'SEQUENCE', covers: 'MariaDB sequences' },
    { kind: 'SEQUENCE_VALUE', covers: 'sequence values' },
    { kind: 'USER', covers: 'accounts of the exported schemas (USER_METADATA)' },
    { kind: 'GRANT', covers: 'their privileges' },
    { kind: 'SERVER', covers: 'server definitions (CREATE SERVER) for FEDERATED, CONNECT and Spider tables, password masked in the master table (FULL; or with USER_METADATA those the tables name)' },
  ],
  notCarried: [
    { kind: 'TABLE (WITH SYSTEM VERSIONING)', scope: 'schema' },
    { kind: 'PERIOD', scope: 'schema' },
    { kind: 'PACKAGE', scope: 'schema' },
    { kind: 'PACKAGE BODY', scope: 'schema' },
  ],
};
