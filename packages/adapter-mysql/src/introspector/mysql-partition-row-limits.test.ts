import { describe, expect, it } from 'vitest';
import type { MysqlPartitioning } from '../model/mysql-details.js';
import { withRowLimits } from './mysql-partition-row-limits.js';

const show = [
  'CREATE TABLE `t` (',
  '  `id` int(11) NOT NULL',
  ') ENGINE=Aria MAX_ROWS=5',
  ' PARTITION BY RANGE (`id`)',
  'SUBPARTITION BY HASH (`id`)',
  '(PARTITION `a` VALUES LESS THAN (10) MAX_ROWS = 40',
  " (SUBPARTITION `a0` MAX_ROWS = 300 MIN_ROWS = 5 COMMENT = 'x' ENGINE = Aria,",
  "  SUBPARTITION `a1` COMMENT = 'says MAX_ROWS = 9' ENGINE = Aria))",
].join('\n');

const partitioning: MysqlPartitioning = {
  method: 'RANGE',
  expression: '`id`',
  subMethod: 'HASH',
  subExpression: '`id`',
  defaultNames: false,
  subDefaultNames: false,
  partitions: [
    {
      name: 'a',
      description: '10',
      subpartitions: [
        { name: 'a0', comment: 'x' },
        { name: 'a1', comment: 'says MAX_ROWS = 9' },
      ],
    },
  ],
};

describe('withRowLimits', () => {
  it("reads each partition's and subpartition's MAX_ROWS and MIN_ROWS from its own line, never from a comment or the table's options", () => {
    expect(withRowLimits(partitioning, show)?.partitions).toEqual([
      {
        name: 'a',
        description: '10',
        maxRows: '40',
        subpartitions: [
          { name: 'a0', comment: 'x', maxRows: '300', minRows: '5' },
          { name: 'a1', comment: 'says MAX_ROWS = 9' },
        ],
      },
    ]);
  });

  it('leaves partitioning without row limits (and no partitioning) as it is', () => {
    expect(withRowLimits(partitioning, show.replaceAll(/ M(AX|IN)_ROWS = \d+/g, ''))).toBe(partitioning);
    expect(withRowLimits(null, show)).toBeNull();
  });
});
