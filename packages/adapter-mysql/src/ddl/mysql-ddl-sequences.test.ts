import { OBJECT_PATHS, type CatalogObject, type ObjectKind } from '@sluice/adapter-kit';
import { describe, expect, it } from 'vitest';
import { generateMysqlDdl } from './mysql-ddl-generator.js';

const object = (kind: ObjectKind, name: string, detail: object): CatalogObject => ({
  kind,
  path: OBJECT_PATHS[kind],
  schema: 'shop',
  name,
  phase: kind === 'SEQUENCE_VALUE' ? 'post-data' : 'pre-data',
  dependsOn: [],
  ddl: '',
  detail: detail as Record<string, unknown>,
});

const ids = object('SEQUENCE', 'ids', { start: '100', minValue: '10', maxValue: '100000', increment: '5', cache: '20', cycle: true, engine: 'InnoDB', comment: "it's" });
const remap = { remapSchema: new Map([['shop', 'shop2']]) };

describe('MariaDB sequences in DDL', () => {
  it('creates a sequence with its bounds, step, cache, cycle, engine and comment, in the remapped database', () => {
    expect(generateMysqlDdl(ids, remap)).toEqual(["CREATE SEQUENCE `shop2`.`ids` START WITH 100 MINVALUE 10 MAXVALUE 100000 INCREMENT BY 5 CACHE 20 CYCLE ENGINE=InnoDB COMMENT='it''s'"]);
    const down = object('SEQUENCE', 'down', { valueType: 'smallint unsigned', start: '-5', minValue: '-100', maxValue: '-1', increment: '-2', cache: '0', cycle: false, engine: 'Aria' });
    expect(generateMysqlDdl(down, { transforms: { omitEngine: true } })).toEqual([
      'CREATE SEQUENCE `shop`.`down` AS smallint unsigned START WITH -5 MINVALUE -100 MAXVALUE -1 INCREMENT BY -2 NOCACHE NOCYCLE',
    ]);
  });

  it("restores a sequence's position and round after the rows, and an AUTO_INCREMENT counter as before", () => {
    expect(generateMysqlDdl(object('SEQUENCE_VALUE', 'ids', { sequence: 'ids', next: '200', round: '1' }), remap)).toEqual(['DO SETVAL(`shop2`.`ids`, 200, 0, 1)']);
    expect(generateMysqlDdl(object('SEQUENCE_VALUE', 'orders', { table: 'orders', value: '17' }), remap)).toEqual(['ALTER TABLE `shop2`.`orders` AUTO_INCREMENT = 17']);
  });

  it('refuses a position that is not an integer, naming the sequence', () => {
    expect(() => generateMysqlDdl(object('SEQUENCE_VALUE', 'ids', { sequence: 'ids', next: '1; DROP', round: '0' }), {})).toThrow(/position of sequence `shop`.`ids`/);
  });

  it("points a column default at the remapped database's sequence", () => {
    const table = object('TABLE', 'orders', {
      columns: [
        { name: 'id', ordinal: 1, type: { kind: 'integer', bytes: 4 }, nativeType: 'int(11)', nullable: false, default: 'nextval(`shop`.`ids`)' },
        { name: 'note', ordinal: 2, type: { kind: 'text' }, nativeType: 'varchar(20)', nullable: true, default: "'nextval(`shop`.`ids`)'" },
      ],
      keyColumns: ['id'],
      tableKind: 'regular',
      options: {},
      hasData: true,
      primaryKey: null,
      createKeys: [],
      partitioning: null,
      autoIncrement: null,
    });
    const [create] = generateMysqlDdl(table, remap);
    expect(create).toContain('`id` int(11) NOT NULL DEFAULT nextval(`shop2`.`ids`)');
    expect(create).toContain("`note` varchar(20) NULL DEFAULT 'nextval(`shop`.`ids`)'");
  });
});
