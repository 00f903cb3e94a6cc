import { defineConformanceSuite } from '@sluice/adapter-kit/conformance';
import { createMysqlAdapter } from '../src/index.js';
import { createScratchDatabase } from '../../../test-support/scratch.js';
import { NUMBERS } from './support/mysql-scratch.js';

defineConformanceSuite({
  name: 'mysql (MariaDB)',
  createAdapter: createMysqlAdapter,
  async createScratchDatabase() {
    const db = await createScratchDatabase('mysql', { charset: 'utf8mb4' });
    return { options: { url: db.url }, schema: db.name, drop: db.drop };
  },
  fixtureSql(schema) {
    const s = `\`${schema}\``;
    return [
      `CREATE TABLE ${s}.items (
        id INT NOT NULL PRIMARY KEY, name VARCHAR(200), note TEXT, latin VARCHAR(50) CHARACTER SET latin1,
        amount DECIMAL(30,10), big BIGINT, ratio DOUBLE, data VARBINARY(300), created DATETIME(6), flags BIT(8), doc JSON)`,
      `INSERT INTO ${s}.items
        SELECT n,
               CASE n % 7 WHEN 0 THEN NULL WHEN 1 THEN '' WHEN 2 THEN CONCAT('tab\\there ', n) WHEN 3 THEN CONCAT('line\\nbreak ', n)
                          WHEN 4 THEN CONCAT('back\\\\slash ''quote" ', n) WHEN 5 THEN CONCAT('日本語 Ελληνικά ', n) ELSE CONCAT('\\\\N ', n) END,
               REPEAT(CONCAT('note ', n, ' '), n % 20),
               IF(n % 3 = 0, NULL, CONCAT('Fran', CHAR(231 USING latin1), 'ais ', n)),
               IF(n % 11 = 0, -99999999999999999999.9999999999, n / 7),
               IF(n % 13 = 0, -9223372036854775808, IF(n % 17 = 0, 9223372036854775807, n * 1000003)),
               IF(n % 19 = 0, -1.7976931348623157e308, n / 3),
               IF(n % 5 = 0, NULL, UNHEX(CONCAT(LPAD(HEX(n % 256), 2, '0'), '000A090D5C00FF', HEX(n)))),
               TIMESTAMPADD(MICROSECOND, n * 1234567, '2001-01-01 00:00:00'),
               n % 256,
               IF(n % 4 = 0, NULL, JSON_OBJECT('n', n, 's', CONCAT('q"', n)))
          FROM ${NUMBERS} nums WHERE n <= 2500`,
      `CREATE INDEX items_name ON ${s}.items (name(20))`,
      `CREATE TABLE ${s}.plain (a INT, b VARCHAR(20), c BLOB)`,
      `INSERT INTO ${s}.plain SELECT n % 500, IF(n % 9 = 0, NULL, CONCAT('v', n % 500)), IF(n % 2 = 0, UNHEX('00FF'), NULL) FROM ${NUMBERS} nums WHERE n <= 2400`,
      `CREATE INDEX plain_a ON ${s}.plain (a)`,
      `CREATE VIEW ${s}.items_view AS SELECT id, name FROM ${s}.items WHERE id % 2 = 0`,
      `ANALYZE TABLE ${s}.items, ${s}.plain`,
    ];
  },
  query: { where: 'id <= 10', rows: 10 },
  triggerSql: (schema) => [
    `CREATE TABLE \`${schema}\`.marked (id int PRIMARY KEY, v varchar(40))`,
    `CREATE TRIGGER \`${schema}\`.marked_upper BEFORE INSERT ON \`${schema}\`.marked FOR EACH ROW SET NEW.v = upper(NEW.v)`,
  ],
});
