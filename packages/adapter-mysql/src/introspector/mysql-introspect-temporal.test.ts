import { describe, expect, it } from 'vitest';
import type { MysqlColumnDef, MysqlIndexDetail, MysqlPartitioning } from '../model/mysql-details.js';
import { temporalFacts } from './mysql-introspect-temporal.js';

const col = (name: string, ordinal: number, extra: Partial<MysqlColumnDef> = {}): MysqlColumnDef => ({
  name,
  ordinal,
  type: { kind: 'integer', bytes: 4 },
  nativeType: 'int(11)',
  nullable: true,
  default: null,
  ...extra,
});

describe('temporalFacts', () => {
  it('an implicit period: versioned, with the hidden ROW_START / ROW_END as invisible columns', () => {
    const ddl = 'CREATE TABLE `imp` (\n  `id` int(11) NOT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 WITH SYSTEM VERSIONING';
    const f = temporalFacts(ddl, [col('id', 1)], [], [], null);
    expect(f.systemVersioning).toEqual({ precision: 'timestamp' });
    expect(f.columns.map((c) => [c.name, c.ordinal, c.rowPeriod, c.implicitPeriod, c.invisible, c.nativeType])).toEqual([
      ['id', 1, undefined, undefined, undefined, 'int(11)'],
      ['ROW_START', 2, 'START', true, true, 'timestamp(6)'],
      ['ROW_END', 3, 'END', true, true, 'timestamp(6)'],
    ]);
  });

  it('a table comment or column default that says WITH SYSTEM VERSIONING is no versioning', () => {
    const ddl = "CREATE TABLE `t` (\n  `s` varchar(30) DEFAULT 'WITH SYSTEM VERSIONING'\n) ENGINE=InnoDB COMMENT='no'";
    expect(temporalFacts(ddl, [col('s', 1)], [], [], null).systemVersioning).toBeUndefined();
  });

  it('explicit periods, an application period with its CHECK, and a WITHOUT OVERLAPS key without the period columns the server lists', () => {
    const ddl = [
      'CREATE TABLE `ex2` (',
      '  `id` int(11) NOT NULL,',
      '  `room` int(11) DEFAULT NULL,',
      '  `s` date NOT NULL,',
      '  `e` date NOT NULL,',
      '  `rs` timestamp(6) GENERATED ALWAYS AS ROW START,',
      '  `re` timestamp(6) GENERATED ALWAYS AS ROW END,',
      '  PERIOD FOR `p q` (`s`, `e`),',
      '  PRIMARY KEY (`id`,`re`),',
      '  UNIQUE KEY `room` (`room`,`re`,`p q` WITHOUT OVERLAPS),',
      '  UNIQUE KEY `other` (`room`,`re`),',
      '  PERIOD FOR SYSTEM_TIME (`rs`, `re`)',
      ') ENGINE=InnoDB WITH SYSTEM VERSIONING',
    ].join('\n');
    const columns = [col('id', 1), col('room', 2), col('s', 3), col('e', 4), col('rs', 5, { rowPeriod: 'START' }), col('re', 6, { rowPeriod: 'END' })];
    const keys: MysqlIndexDetail[] = [
      { name: 'PRIMARY', kind: 'PRIMARY', parts: [{ column: 'id' }, { column: 're' }] },
      { name: 'room', kind: 'UNIQUE', parts: [{ column: 'room' }, { column: 're' }, { column: 'e' }, { column: 's' }] },
      { name: 'other', kind: 'UNIQUE', parts: [{ column: 'room' }, { column: 're' }] },
    ];
    const checks = [
      { schema: 'd', table: 'ex2', name: 'p q', clause: '`s` < `e`', level: 'Table' as const },
      { schema: 'd', table: 'ex2', name: 'ck', clause: '`room` > 0', level: 'Table' as const },
    ];
    const f = temporalFacts(ddl, columns, keys, checks, null);
    expect(f.systemVersioning).toEqual({ precision: 'timestamp', start: 'rs', end: 're' });
    expect(f.periods).toEqual([{ name: 'p q', start: 's', end: 'e' }]);
    expect(f.columns).toBe(columns);
    expect(f.keys).toEqual([
      keys[0],
      { name: 'room', kind: 'UNIQUE', parts: [{ column: 'room' }, { column: 're' }], withoutOverlaps: 'p q', versionedTable: true },
      { ...keys[2], versionedTable: true },
    ]);
    expect(f.checks.map((c) => c.name)).toEqual(['ck']);
  });

  it('transaction-precise periods, and a primary key WITHOUT OVERLAPS', () => {
    const ddl = [
      'CREATE TABLE `t` (',
      '  `u` int(11) NOT NULL,',
      '  `s` date NOT NULL,',
      '  `e` date NOT NULL,',
      '  `ts` bigint(20) unsigned GENERATED ALWAYS AS ROW START,',
      '  `te` bigint(20) unsigned GENERATED ALWAYS AS ROW END,',
      '  PERIOD FOR `p` (`s`, `e`),',
      '  PRIMARY KEY (`u`,`p` WITHOUT OVERLAPS),',
      '  PERIOD FOR SYSTEM_TIME (`ts`, `te`)',
      ') ENGINE=InnoDB WITH SYSTEM VERSIONING',
    ].join('\n');
    const generated = { expression: 'ROW START', stored: true };
    const columns = [col('u', 1), col('s', 2), col('e', 3), col('ts', 4, { rowPeriod: 'START', generated }), col('te', 5, { rowPeriod: 'END', generated })];
    const f = temporalFacts(ddl, columns, [{ name: 'PRIMARY', kind: 'PRIMARY', parts: [{ column: 'u' }, { column: 'e' }, { column: 's' }] }], [], null);
    expect(f.systemVersioning).toEqual({ precision: 'transaction', start: 'ts', end: 'te' });
    expect(f.keys).toEqual([{ name: 'PRIMARY', kind: 'PRIMARY', parts: [{ column: 'u' }], withoutOverlaps: 'p' }]);
  });

  it('PARTITION BY SYSTEM_TIME: the rotation as written, and PARTITIONS n where the server writes it', () => {
    const base: MysqlPartitioning = {
      method: 'SYSTEM_TIME',
      expression: 'unix_timestamp(`row_end`)',
      defaultNames: false,
      subDefaultNames: true,
      partitions: [
        { name: 'p0', description: '2020-01-01 01:00:00', subpartitions: [] },
        { name: 'pn', description: 'CURRENT', subpartitions: [] },
      ],
    };
    const interval = "CREATE TABLE `t` (\n  `id` int(11)\n) ENGINE=InnoDB WITH SYSTEM VERSIONING\n PARTITION BY SYSTEM_TIME INTERVAL 1 HOUR STARTS TIMESTAMP'2020-01-01 00:00:00' AUTO\nPARTITIONS 2";
    expect(temporalFacts(interval, [col('id', 1)], [], [], base).partitioning).toEqual({ ...base, rotation: "INTERVAL 1 HOUR STARTS TIMESTAMP'2020-01-01 00:00:00' AUTO", defaultNames: true });
    const listed =
      'CREATE TABLE `t` (\n  `id` int(11)\n) ENGINE=InnoDB WITH SYSTEM VERSIONING\n PARTITION BY SYSTEM_TIME\n(PARTITION `p0` HISTORY ENGINE = InnoDB,\n PARTITION `pn` CURRENT ENGINE = InnoDB)';
    expect(temporalFacts(listed, [col('id', 1)], [], [], base).partitioning).toEqual({ ...base, rotation: '', defaultNames: false });
  });
});
