import type { Adapter } from '@sluice/adapter-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratch, type Scratch } from './support/engines.js';
import { exportSchemas, importDump, tempDir } from './support/jobs.js';
import { sql } from './support/sql.js';

/** Every stored FLOAT bit pattern of a table, in key order (HEX of the value as a DOUBLE is exact). */
async function floatBits(a: Adapter, table: string): Promise<unknown[]> {
  const rows = await sql(a, `SELECT id, HEX(CAST(f AS DOUBLE)) AS f, HEX(CAST(g AS DOUBLE)) AS g, HEX(CAST(u AS DOUBLE)) AS u FROM ${table} ORDER BY id LIMIT 1000`);
  return rows.map((r) => [r['id'], r['f'], r['g'], r['u']]);
}

// Issue 11, item 1: the text protocol prints FLOAT with 6 significant digits.
describe('MariaDB fidelity: exact FLOATs, rows as the source holds them', () => {
  let s: Scratch;
  let a: Adapter;
  let src: string;
  let dst: string;
  const files = tempDir('my-fidelity');

  beforeAll(async () => {
    s = await createScratch('mysql');
    a = s.adapter();
    src = s.schema('fl');
    dst = s.schema('fl_copy');
    await s.createSchema('fl');
    await sql(a, `CREATE TABLE \`${src}\`.floats (id INT PRIMARY KEY, f FLOAT, g FLOAT(7,4), u FLOAT UNSIGNED)`);
    await sql(
      a,
      `INSERT INTO \`${src}\`.floats VALUES (1, 16777216, 123.4567, 1.0000001), (2, 123456.789, NULL, 3.40282e38), (3, 1.0000001, -1.5, 1.17549435e-38),
         (4, -3.4028e38, 0, 1e-45), (5, 0.1, 0.1, 0.3), (6, NULL, 999.9999, 16777217), (7, -1.17549435e-38, -0.0001, 2.5)`,
    );
  });
  afterAll(async () => {
    await s?.drop();
    files.cleanup();
  });

  it('16777216, 123456.789 and 1.0000001 round-trip exactly, as every other FLOAT', async () => {
    const exp = await exportSchemas(a, [src], files.dir, 'fl%U.dmp');
    expect(exp.errors, exp.log).toBe(0);
    const imp = await importDump(a, files.dir, 'fl%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: dst }));
    expect(imp.errors, imp.log).toBe(0);
    const copied = await sql(a, `SELECT CAST(f AS DOUBLE) AS f FROM \`${dst}\`.floats WHERE id IN (1, 2, 3) ORDER BY id`);
    expect(copied.map((r) => Number(r['f']))).toEqual([16777216, 123456.7890625, 1.0000001192092896]);
    expect(await floatBits(a, `\`${dst}\`.floats`)).toEqual(await floatBits(a, `\`${src}\`.floats`));
  });

  // Issue 11, item 3: rows the source holds against a CHECK (inserted with the checks off).
  it('a row that breaks a CHECK in the source comes back as it was, and the CHECK is still there', async () => {
    const t = s.schema('chk');
    await s.createSchema('chk');
    await sql(a, `CREATE TABLE \`${t}\`.prices (id INT PRIMARY KEY, amount INT, CONSTRAINT positive CHECK (amount > 0))`);
    await sql(a, `INSERT INTO \`${t}\`.prices VALUES (1, 5), (2, 7)`);
    const conn = await a.connector.connect('check rows');
    try {
      // One session: the checks are off only for this INSERT.
      await a.masterTable.query(conn, 'SET SESSION check_constraint_checks = 0');
      await a.masterTable.query(conn, `INSERT INTO \`${t}\`.prices VALUES (3, -4)`);
    } finally {
      await conn.close();
    }
    const exp = await exportSchemas(a, [t], files.dir, 'chk%U.dmp', async () => {}, 'chk-export.log');
    expect(exp.errors, exp.log).toBe(0);
    const copy = s.schema('chk_copy');
    const imp = await importDump(a, files.dir, 'chk%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: t, to: copy }), 'chk-import.log');
    expect(imp.errors, imp.log).toBe(0);
    expect(imp.log).not.toMatch(/lock conflict/);
    expect(await sql(a, `SELECT id, amount FROM \`${copy}\`.prices ORDER BY id LIMIT 10`)).toEqual([
      { id: 1, amount: 5 },
      { id: 2, amount: 7 },
      { id: 3, amount: -4 },
    ]);
    await expect(sql(a, `INSERT INTO \`${copy}\`.prices VALUES (4, -1)`)).rejects.toThrow(/positive/);
  });

  // Issue 11, item 2: INET4, INET6 and UUID failed to load, and a 16-character INET6 text was taken as raw bytes.
  it('INET4, INET6 and UUID values come back identical, a 16-character INET6 text too', async () => {
    const t = s.schema('addr');
    await s.createSchema('addr');
    await sql(a, `CREATE TABLE \`${t}\`.hosts (id INT PRIMARY KEY, v4 INET4, v6 INET6, u UUID)`);
    await sql(
      a,
      `INSERT INTO \`${t}\`.hosts VALUES (1, '192.0.2.1', '::ffff:192.0.2.1', '123e4567-e89b-12d3-a456-426655440000'),
         (2, '10.0.0.255', '2001:db8::1', '00000000-0000-0000-0000-000000000000'), (3, NULL, NULL, NULL),
         (4, '0.0.0.0', 'fe80::1ff:fe23:4567:890a', 'ffffffff-ffff-ffff-ffff-ffffffffffff')`,
    );
    const exp = await exportSchemas(a, [t], files.dir, 'addr%U.dmp', async () => {}, 'addr-export.log');
    expect(exp.errors, exp.log).toBe(0);
    const copy = s.schema('addr_copy');
    const imp = await importDump(a, files.dir, 'addr%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: t, to: copy }), 'addr-import.log');
    expect(imp.errors, imp.log).toBe(0);
    const hexes = (schema: string): Promise<unknown[]> => sql(a, `SELECT id, HEX(v4) AS v4, HEX(v6) AS v6, HEX(u) AS u, CAST(v6 AS CHAR) AS t6 FROM \`${schema}\`.hosts ORDER BY id LIMIT 10`);
    const copied = await hexes(copy);
    expect(copied).toEqual(await hexes(t));
    expect((copied[0] as Record<string, unknown>)['t6']).toBe('::ffff:192.0.2.1');
  });

  // Issue 11, item 11: information_schema gives 4-byte UTF-8 back as `?`.
  it('emoji in trigger, routine, event and view bodies and in CHECK clauses come back byte for byte', async () => {
    const t = s.schema('emoji');
    await s.createSchema('emoji');
    const q = (name: string): string => `\`${t}\`.${name}`;
    await sql(a, `CREATE TABLE ${q('msgs')} (id INT PRIMARY KEY, s VARCHAR(20) CHARACTER SET utf8mb4, n VARCHAR(9) CHARACTER SET utf8mb4 CHECK (n <> '🙈'), CONSTRAINT no_skull CHECK (s <> '💀'))`);
    await sql(a, `CREATE TRIGGER ${q('party')} BEFORE INSERT ON ${q('msgs')} FOR EACH ROW SET NEW.s = CONCAT(NEW.s, '🎉')`);
    await sql(a, `CREATE FUNCTION ${q('snake')}() RETURNS VARCHAR(10) CHARSET utf8mb4 RETURN '🐍'`);
    await sql(a, `CREATE EVENT ${q('rocket')} ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DISABLE DO UPDATE ${q('msgs')} SET s = '🚀' WHERE id = 0`);
    await sql(a, `CREATE VIEW ${q('party_view')} AS SELECT id, CONCAT(s, '🥳') AS s FROM ${q('msgs')}`);
    await sql(a, `INSERT INTO ${q('msgs')} (id, s, n) VALUES (1, 'hi', 'ok')`);

    const exp = await exportSchemas(a, [t], files.dir, 'emoji%U.dmp', async () => {}, 'emoji-export.log');
    expect(exp.errors, exp.log).toBe(0);
    const copy = s.schema('emoji_copy');
    const imp = await importDump(a, files.dir, 'emoji%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: t, to: copy }), 'emoji-import.log');
    expect(imp.errors, imp.log).toBe(0);
    const c = (name: string): string => `\`${copy}\`.${name}`;
    const show = async (what: string, column: string): Promise<string> => String((await sql(a, `SHOW CREATE ${what}`))[0]?.[column] ?? '');
    expect(await show(`TRIGGER ${c('party')}`, 'SQL Original Statement')).toContain("CONCAT(NEW.s, '🎉')");
    expect(await show(`FUNCTION ${c('snake')}`, 'Create Function')).toContain("RETURN '🐍'");
    expect(await show(`EVENT ${c('rocket')}`, 'Create Event')).toContain("SET s = '🚀'");
    expect(await show(`VIEW ${c('party_view')}`, 'Create View')).toContain("'🥳'");
    const table = await show(`TABLE ${c('msgs')}`, 'Create Table');
    expect(table).toContain("'💀'");
    expect(table).toContain("'🙈'");
    expect(await sql(a, `SELECT id, s FROM ${c('msgs')} ORDER BY id LIMIT 5`)).toEqual([{ id: 1, s: 'hi🎉' }]);
    // The CHECKs test the very character they were written with.
    await expect(sql(a, `INSERT INTO ${c('msgs')} (id, s, n) VALUES (2, 'x', '🙈')`)).rejects.toThrow(/CONSTRAINT/);
    await sql(a, `INSERT INTO ${c('msgs')} (id, s, n) VALUES (3, 'x', '?')`);
  });

  // Issue 11, item 7: aggregate stored functions lost the AGGREGATE keyword and failed to create.
  it('an aggregate stored function is created again as one, and aggregates', async () => {
    const t = s.schema('agg');
    await s.createSchema('agg');
    await sql(a, `CREATE TABLE \`${t}\`.nums (id INT PRIMARY KEY, v INT)`);
    await sql(a, `INSERT INTO \`${t}\`.nums VALUES (1, 10), (2, 20), (3, 12)`);
    await sql(
      a,
      `CREATE AGGREGATE FUNCTION \`${t}\`.agg_sum(x INT) RETURNS INT
       BEGIN
         DECLARE total INT DEFAULT 0;
         DECLARE CONTINUE HANDLER FOR NOT FOUND RETURN total;
         LOOP
           FETCH GROUP NEXT ROW;
           SET total = total + x;
         END LOOP;
       END`,
    );
    const exp = await exportSchemas(a, [t], files.dir, 'agg%U.dmp', async () => {}, 'agg-export.log');
    expect(exp.errors, exp.log).toBe(0);
    const copy = s.schema('agg_copy');
    const imp = await importDump(a, files.dir, 'agg%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: t, to: copy }), 'agg-import.log');
    expect(imp.errors, imp.log).toBe(0);
    const created = String((await sql(a, `SHOW CREATE FUNCTION \`${copy}\`.agg_sum`))[0]?.['Create Function'] ?? '');
    expect(created).toMatch(/ AGGREGATE FUNCTION `agg_sum`/);
    expect(await sql(a, `SELECT \`${copy}\`.agg_sum(v) AS total FROM \`${copy}\`.nums`)).toEqual([{ total: 42 }]);
  });

  // Issue 11, item 16: names that differ only in case are two tables; the master table told them apart by case-insensitive text.
  it('tables whose names differ only in case each keep their rows and get their own log line', async () => {
    const t = s.schema('cased');
    await s.createSchema('cased');
    await sql(a, `CREATE TABLE \`${t}\`.Foo (id INT PRIMARY KEY)`);
    await sql(a, `CREATE TABLE \`${t}\`.foo (id INT PRIMARY KEY)`);
    await sql(a, `INSERT INTO \`${t}\`.Foo VALUES (1), (2), (3)`);
    await sql(a, `INSERT INTO \`${t}\`.foo VALUES (7)`);
    const exp = await exportSchemas(a, [t], files.dir, 'cased%U.dmp', async () => {}, 'cased-export.log');
    expect(exp.errors, exp.log).toBe(0);
    expect(exp.log).toMatch(new RegExp(`exported "${t}"\\."Foo" +[\\d.]+ [KMG]?B +3 rows`));
    expect(exp.log).toMatch(new RegExp(`exported "${t}"\\."foo" +[\\d.]+ [KMG]?B +1 rows`));
    const copy = s.schema('cased_copy');
    const imp = await importDump(a, files.dir, 'cased%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: t, to: copy }), 'cased-import.log');
    expect(imp.errors, imp.log).toBe(0);
    expect(imp.log.match(/imported .*"Foo" /g)).toHaveLength(1);
    expect(imp.log.match(/imported .*"foo" /g)).toHaveLength(1);
    expect(await sql(a, `SELECT id FROM \`${copy}\`.Foo ORDER BY id LIMIT 10`)).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(await sql(a, `SELECT id FROM \`${copy}\`.foo ORDER BY id LIMIT 10`)).toEqual([{ id: 7 }]);
  });

  // Issue 11, item 15: table options and index kinds as the source has them.
  it('an Aria table keeps its implied TRANSACTIONAL, and MEMORY indexes their HASH or BTREE', async () => {
    const t = s.schema('engines');
    await s.createSchema('engines');
    await sql(a, `CREATE TABLE \`${t}\`.aria_plain (id INT PRIMARY KEY, v VARCHAR(10)) ENGINE=Aria`);
    await sql(a, `CREATE TABLE \`${t}\`.aria_off (id INT PRIMARY KEY) ENGINE=Aria TRANSACTIONAL=0`);
    await sql(a, `CREATE TABLE \`${t}\`.mem (id INT, v INT, KEY h (id), KEY b (v) USING BTREE, KEY h2 (v, id) USING HASH) ENGINE=MEMORY`);
    await sql(a, `INSERT INTO \`${t}\`.mem VALUES (1, 2), (3, 4)`);
    const exp = await exportSchemas(a, [t], files.dir, 'eng%U.dmp', async () => {}, 'eng-export.log');
    expect(exp.errors, exp.log).toBe(0);
    const copy = s.schema('engines_copy');
    const imp = await importDump(a, files.dir, 'eng%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: t, to: copy }), 'eng-import.log');
    expect(imp.errors, imp.log).toBe(0);
    for (const table of ['aria_plain', 'aria_off', 'mem']) {
      const shown = async (schema: string): Promise<string> => String((await sql(a, `SHOW CREATE TABLE \`${schema}\`.${table}`))[0]?.['Create Table'] ?? '');
      expect(await shown(copy), table).toBe(await shown(t));
    }
    const kinds = (schema: string): Promise<unknown[]> =>
      sql(a, `SELECT INDEX_NAME AS n, INDEX_TYPE AS k FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'mem' ORDER BY INDEX_NAME, SEQ_IN_INDEX LIMIT 20`, [schema]);
    expect(await kinds(copy)).toEqual(await kinds(t));
  });

  // Issue 11, item 10: a non-strict server accepted repeated ENUM/SET members; strict mode refuses them.
  it('a table whose SET and ENUM repeat a member (accepted by a non-strict server) is created again, with its rows', async () => {
    const t = s.schema('modes');
    await s.createSchema('modes');
    const conn = await a.connector.connect('non-strict table');
    try {
      await a.masterTable.query(conn, "SET SESSION sql_mode = ''");
      await a.masterTable.query(conn, `CREATE TABLE \`${t}\`.tags (id INT PRIMARY KEY, s SET('a','A','b'), e ENUM('x','X','y'))`);
      await a.masterTable.query(conn, `INSERT INTO \`${t}\`.tags VALUES (1, 'a,b', 'x'), (2, 'b', 'y'), (3, NULL, NULL)`);
    } finally {
      await conn.close();
    }
    const exp = await exportSchemas(a, [t], files.dir, 'modes%U.dmp', async () => {}, 'modes-export.log');
    expect(exp.errors, exp.log).toBe(0);
    const copy = s.schema('modes_copy');
    const imp = await importDump(a, files.dir, 'modes%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: t, to: copy }), 'modes-import.log');
    expect(imp.errors, imp.log).toBe(0);
    const shown = async (schema: string): Promise<string> => String((await sql(a, `SHOW CREATE TABLE \`${schema}\`.tags`))[0]?.['Create Table'] ?? '');
    expect(await shown(copy)).toBe(await shown(t));
    const rows = (schema: string): Promise<unknown[]> => sql(a, `SELECT id, s, e FROM \`${schema}\`.tags ORDER BY id LIMIT 10`);
    expect(await rows(copy)).toEqual(await rows(t));
  });

  // Issue 11, item 9: MRG_MyISAM tables lost UNION and INSERT_METHOD, then their load failed.
  it('a MERGE table keeps UNION and INSERT_METHOD, and its rows come back once, through its underlying tables', async () => {
    const t = s.schema('merge');
    await s.createSchema('merge');
    await sql(a, `CREATE TABLE \`${t}\`.part1 (id INT NOT NULL, KEY (id)) ENGINE=MyISAM`);
    await sql(a, `CREATE TABLE \`${t}\`.part2 (id INT NOT NULL, KEY (id)) ENGINE=MyISAM`);
    await sql(a, `CREATE TABLE \`${t}\`.\`all\` (id INT NOT NULL, KEY (id)) ENGINE=MRG_MyISAM UNION=(\`${t}\`.part1, \`${t}\`.part2) INSERT_METHOD=LAST`);
    await sql(a, `INSERT INTO \`${t}\`.part1 VALUES (1), (2)`);
    await sql(a, `INSERT INTO \`${t}\`.part2 VALUES (3)`);
    const exp = await exportSchemas(a, [t], files.dir, 'merge%U.dmp', async () => {}, 'merge-export.log');
    expect(exp.errors, exp.log).toBe(0);
    const copy = s.schema('merge_copy');
    const imp = await importDump(a, files.dir, 'merge%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: t, to: copy }), 'merge-import.log');
    expect(imp.errors, imp.log).toBe(0);
    const shown = async (schema: string): Promise<string> => String((await sql(a, `SHOW CREATE TABLE \`${schema}\`.\`all\``))[0]?.['Create Table'] ?? '');
    expect(await shown(copy)).toBe(await shown(t));
    expect(await sql(a, `SELECT id FROM \`${copy}\`.\`all\` ORDER BY id LIMIT 10`)).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    await sql(a, `INSERT INTO \`${copy}\`.\`all\` VALUES (4)`);
    expect(await sql(a, `SELECT id FROM \`${copy}\`.part2 ORDER BY id LIMIT 10`)).toEqual([{ id: 3 }, { id: 4 }]);
  });

  // Issue 11, item 14: a subpartition's comment was applied to its sibling subpartitions.
  it('each subpartition keeps its own comment', async () => {
    const t = s.schema('subparts');
    await s.createSchema('subparts');
    await sql(
      a,
      `CREATE TABLE \`${t}\`.readings (id INT, d INT) PARTITION BY RANGE (id) SUBPARTITION BY HASH (d)
       (PARTITION p0 VALUES LESS THAN (10) COMMENT 'inherited' (SUBPARTITION s0 COMMENT 'first', SUBPARTITION s1),
        PARTITION p1 VALUES LESS THAN (20) (SUBPARTITION s2, SUBPARTITION s3 COMMENT 'last'),
        PARTITION p2 VALUES LESS THAN MAXVALUE (SUBPARTITION s4 COMMENT 'only', SUBPARTITION s5))`,
    );
    await sql(a, `INSERT INTO \`${t}\`.readings VALUES (1, 1), (2, 2), (15, 3), (20, 4)`);
    const exp = await exportSchemas(a, [t], files.dir, 'subparts%U.dmp', async () => {}, 'subparts-export.log');
    expect(exp.errors, exp.log).toBe(0);
    const copy = s.schema('subparts_copy');
    const imp = await importDump(a, files.dir, 'subparts%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: t, to: copy }), 'subparts-import.log');
    expect(imp.errors, imp.log).toBe(0);
    const shown = async (schema: string): Promise<string> => String((await sql(a, `SHOW CREATE TABLE \`${schema}\`.readings`))[0]?.['Create Table'] ?? '');
    expect(await shown(copy)).toBe(await shown(t));
    expect(await sql(a, `SELECT id, d FROM \`${copy}\`.readings ORDER BY id LIMIT 10`)).toEqual(await sql(a, `SELECT id, d FROM \`${t}\`.readings ORDER BY id LIMIT 10`));
  });

  // Issue 11: what was named as not exported (sequences, system versioning, periods, packages) is carried now.
  it('sequences, system versioning, application-time periods and packages are exported, none named as not exported', async () => {
    const t = s.schema('kinds');
    await s.createSchema('kinds');
    const q = (name: string): string => `\`${t}\`.${name}`;
    await sql(a, `CREATE SEQUENCE ${q('order_ids')} START WITH 100`);
    await sql(a, `CREATE TABLE ${q('prices')} (id INT PRIMARY KEY, amount INT) WITH SYSTEM VERSIONING`);
    await sql(a, `CREATE TABLE ${q('rooms')} (room INT, s DATE, e DATE, PERIOD FOR booked (s, e), UNIQUE (room, booked WITHOUT OVERLAPS))`);
    await sql(a, `INSERT INTO ${q('prices')} VALUES (1, 5)`);
    const conn = await a.connector.connect('oracle mode');
    try {
      await a.masterTable.query(conn, "SET SESSION sql_mode = 'ORACLE'");
      await a.masterTable.query(conn, `CREATE PACKAGE ${q('billing')} AS FUNCTION fee RETURN INT; END`);
      await a.masterTable.query(conn, `CREATE PACKAGE BODY ${q('billing')} AS FUNCTION fee RETURN INT AS BEGIN RETURN 7; END; END`);
    } finally {
      await conn.close();
    }
    const exp = await exportSchemas(a, [t], files.dir, 'mkinds%U.dmp', async () => {}, 'mkinds-export.log');
    expect(exp.state).toBe('COMPLETED');
    expect(exp.log).not.toMatch(/not exported/);
    expect(exp.errors, exp.log).toBe(0);
  });
});
