import { describe, expect, it } from 'vitest';
import type { MysqlColumnDef, MysqlTableDetail } from '../model/mysql-details.js';
import { addKeyStatements } from './mysql-ddl-keys.js';
import { createTableStatement } from './mysql-ddl-table.js';

const col = (name: string, ordinal: number, extra: Partial<MysqlColumnDef> = {}): MysqlColumnDef => ({
  name,
  ordinal,
  type: { kind: 'integer', bytes: 4 },
  nativeType: 'int(11)',
  nullable: false,
  default: null,
  ...extra,
});

const table = (extra: Partial<MysqlTableDetail>): MysqlTableDetail => ({
  columns: [],
  keyColumns: [],
  tableKind: 'regular',
  options: { ENGINE: 'InnoDB' },
  hasData: true,
  primaryKey: null,
  createKeys: [],
  partitioning: null,
  autoIncrement: null,
  ...extra,
});

describe('temporal DDL', () => {
  it('an implicit period is written as WITH SYSTEM VERSIONING only', () => {
    const d = table({
      columns: [
        col('id', 1),
        col('ROW_START', 2, { nativeType: 'timestamp(6)', rowPeriod: 'START', implicitPeriod: true, invisible: true }),
        col('ROW_END', 3, { nativeType: 'timestamp(6)', rowPeriod: 'END', implicitPeriod: true, invisible: true }),
      ],
      systemVersioning: { precision: 'timestamp' },
    });
    expect(createTableStatement('`d`.`t`', d, {}, undefined)).toBe('CREATE TABLE `d`.`t` (\n  `id` int(11) NOT NULL\n) ENGINE=InnoDB WITH SYSTEM VERSIONING');
  });

  it('explicit periods, an application period, a WITHOUT OVERLAPS key and unversioned columns', () => {
    const d = table({
      columns: [
        col('id', 1),
        col('n', 2, { nullable: true, withoutVersioning: true }),
        col('s', 3, { nativeType: 'date' }),
        col('e', 4, { nativeType: 'date' }),
        col('rs', 5, { nativeType: 'bigint(20) unsigned', rowPeriod: 'START', generated: { expression: 'ROW START', stored: true }, invisible: true }),
        col('re', 6, { nativeType: 'bigint(20) unsigned', rowPeriod: 'END', generated: { expression: 'ROW END', stored: true }, invisible: true }),
      ],
      primaryKey: { name: 'PRIMARY', kind: 'PRIMARY', parts: [{ column: 'id' }, { column: 're' }] },
      createKeys: [{ name: 'u', kind: 'UNIQUE', parts: [{ column: 'id' }], withoutOverlaps: 'p' }],
      systemVersioning: { precision: 'transaction', start: 'rs', end: 're' },
      periods: [{ name: 'p', start: 's', end: 'e' }],
    });
    expect(createTableStatement('`d`.`t`', d, {}, undefined)).toBe(
      [
        'CREATE TABLE `d`.`t` (',
        '  `id` int(11) NOT NULL,',
        '  `n` int(11) NULL WITHOUT SYSTEM VERSIONING,',
        '  `s` date NOT NULL,',
        '  `e` date NOT NULL,',
        '  `rs` bigint(20) unsigned GENERATED ALWAYS AS ROW START INVISIBLE,',
        '  `re` bigint(20) unsigned GENERATED ALWAYS AS ROW END INVISIBLE,',
        '  PERIOD FOR `p` (`s`, `e`),',
        '  PRIMARY KEY (`id`,`re`),',
        '  UNIQUE KEY `u` (`id`,`p` WITHOUT OVERLAPS),',
        '  PERIOD FOR SYSTEM_TIME (`rs`, `re`)',
        ') ENGINE=InnoDB WITH SYSTEM VERSIONING',
      ].join('\n'),
    );
  });

  it('PARTITION BY SYSTEM_TIME with its rotation, HISTORY and CURRENT partitions; none with unpartitioned', () => {
    const d = table({
      columns: [col('id', 1)],
      systemVersioning: { precision: 'timestamp' },
      partitioning: {
        method: 'SYSTEM_TIME',
        expression: 'unix_timestamp(`row_end`)',
        rotation: 'LIMIT 2',
        defaultNames: false,
        subDefaultNames: true,
        partitions: [
          { name: 'p0', description: null, subpartitions: [] },
          { name: 'pn', description: 'CURRENT', subpartitions: [] },
        ],
      },
    });
    expect(createTableStatement('`d`.`t`', d, {}, undefined)).toBe(
      'CREATE TABLE `d`.`t` (\n  `id` int(11) NOT NULL\n) ENGINE=InnoDB WITH SYSTEM VERSIONING\nPARTITION BY SYSTEM_TIME LIMIT 2\n(PARTITION `p0` HISTORY,\n PARTITION `pn` CURRENT)',
    );
    expect(createTableStatement('`d`.`t`', d, { unpartitioned: true }, undefined)).toBe('CREATE TABLE `d`.`t` (\n  `id` int(11) NOT NULL\n) ENGINE=InnoDB WITH SYSTEM VERSIONING');
  });

  it('a unique key of a versioned table is added with system_versioning_alter_history = KEEP', () => {
    expect(addKeyStatements('`d`.`t`', { name: 'u', kind: 'UNIQUE', parts: [{ column: 'a' }], versionedTable: true }, {}, undefined)).toEqual([
      'SET SESSION system_versioning_alter_history = KEEP',
      'ALTER TABLE `d`.`t` ADD UNIQUE KEY `u` (`a`)',
      'SET SESSION system_versioning_alter_history = DEFAULT',
    ]);
    expect(addKeyStatements('`d`.`t`', { name: 'k', kind: 'INDEX', parts: [{ column: 'a' }] }, {}, undefined)).toEqual(['ALTER TABLE `d`.`t` ADD KEY `k` (`a`)']);
  });
});
