/**
 * A database with every feature the adapter must carry, and awkward data. Statements run one by
 * one in the source database; `user` is an account created for the grants (dropped afterwards).
 */
export function fidelityFixture(user: string): string[] {
  const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i)).toString('hex');
  return [
    `SET SESSION sql_mode = 'STRICT_ALL_TABLES,ALLOW_INVALID_DATES'`,
    // Every column type, several character sets.
    `CREATE TABLE types_all (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT,
      ti TINYINT(3) UNSIGNED ZEROFILL, si SMALLINT, mi MEDIUMINT UNSIGNED, bi BIGINT UNSIGNED, sbi BIGINT,
      dec_big DECIMAL(65,30), dec_small DECIMAL(10,2) UNSIGNED, f FLOAT, d DOUBLE,
      b1 BIT(1), b64 BIT(64), yr YEAR, dt DATE, dtm DATETIME(6), ts TIMESTAMP(3) NULL DEFAULT NULL, tm TIME(4),
      ch CHAR(10) CHARACTER SET latin1 COLLATE latin1_german1_ci, vc VARCHAR(300),
      bin BINARY(16), vbin VARBINARY(1000), tb TINYBLOB, bl BLOB, mb MEDIUMBLOB, lb LONGBLOB,
      tt TINYTEXT, u16 TEXT CHARACTER SET utf16, mt MEDIUMTEXT, lt LONGTEXT CHARACTER SET cp1251,
      gbk_text VARCHAR(50) CHARACTER SET gbk, u8_bin VARCHAR(50) COLLATE utf8mb4_bin,
      en ENUM('a','b c','d''e',''), st SET('x','y','z'), js JSON,
      g GEOMETRY, pt POINT NOT NULL,
      PRIMARY KEY (id), SPATIAL KEY sp_pt (pt)
    ) ENGINE=InnoDB COMMENT='every type'`,
    `INSERT INTO types_all (id, ti, si, mi, bi, sbi, dec_big, dec_small, f, d, b1, b64, yr, dt, dtm, ts, tm, ch, vc, bin, vbin, tb, bl, mb, lb, tt, u16, mt, lt, gbk_text, u8_bin, en, st, js, g, pt) VALUES
      (1, 7, -32768, 16777215, 18446744073709551615, -9223372036854775808, 12345678901234567890123456789012345.123456789012345678901234567890,
       99999999.99, 3.40282e38, -1.7976931348623157e308, b'1', b'1111111111111111111111111111111111111111111111111111111111111111', 1901, '0000-00-00',
       '0000-00-00 00:00:00.000000', '1970-01-01 00:00:01.000', '-838:59:59.0000', 'Müß', 'tab\\there\\nnewline \\\\ backslash \\N null-ish  ',
       X'00000000000000000000000000000000', X'${allBytes}', X'', X'00', X'0a0d09', REPEAT(X'ff00', 70000),
       '', 'utf16 𝄞 text', REPEAT('mediumtext\\t', 1000), 'Кириллица', '中文测试', 'CaseSensitive', 'd''e', 'x,z', '{"a": [1, 2.5, "x\\\\"y"], "b": null}',
       ST_GeomFromText('POLYGON((0 0,10 0,10 10,0 10,0 0))'), ST_GeomFromText('POINT(1.5 -2.25)')),
      (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ST_GeomFromText('POINT(0 0)')),
      (3, 0, 0, 0, 0, 0, -0.000000000000000000000000000001, 0, -0, 0, b'0', b'0', 0, '2024-02-29', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999', '00:00:00.0001',
       '', '', X'', X'', X'', X'', X'', X'', '', '', '', '', '', '', '', '', '[]', ST_GeomFromText('LINESTRING(0 0,1 1,2 0)'), ST_GeomFromText('POINT(3 4)')),
      (4, 255, 1, 2, 3, 4, 1.5, 2.25, 1.17549e-38, 2.2250738585072014e-308, b'1', b'1000000000000000000000000000000000000000000000000000000000000001', 2155,
       '2020-00-15', '2001-02-31 10:11:12.000001', NULL, '838:59:59.9999', 'x ', '😀 emoji and ümlauts', X'ff', X'5c4e', X'5c', X'09', X'0a', X'00ff',
       '\\\\N', '\\\\', 'a\\rb', 'Ёё', '繁體', 'trailing  ', 'a', 'x,y,z', CONCAT('{"big": "', REPEAT('j', 1100000), '"}'), NULL, ST_GeomFromText('POINT(5 6)'))`,
    `INSERT INTO types_all (id, lt, pt) VALUES (10, REPEAT('Ж\\t\\n\\\\', 1400000), ST_GeomFromText('POINT(7 8)'))`,
    // Defaults, ON UPDATE, generated and invisible columns, column-level CHECK, AUTO_INCREMENT not first in its key.
    `CREATE TABLE defaults_t (
      a INT NOT NULL DEFAULT 0,
      id INT NOT NULL AUTO_INCREMENT,
      b VARCHAR(10) DEFAULT 'x''y' COMMENT 'quoted default',
      c TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      d INT DEFAULT (a + 1),
      e BIT(3) DEFAULT b'101',
      f DATE DEFAULT '0000-00-00',
      g INT INVISIBLE DEFAULT 5,
      h ENUM('p','q') NOT NULL DEFAULT 'q',
      v INT AS (a * 2) VIRTUAL,
      s VARCHAR(20) AS (CONCAT(b, '!')) STORED,
      k INT CHECK (k > 0),
      dt DATETIME DEFAULT CURRENT_TIMESTAMP,
      PRIMARY KEY (a, id), KEY id_key (id)
    ) ENGINE=InnoDB AUTO_INCREMENT=1000`,
    `INSERT INTO defaults_t (a, b, c, k) VALUES (1, 'one', '2020-01-01 00:00:00.000', 1), (0, 'zero', '2020-01-01 00:00:00.000', 2), (2, NULL, '2020-01-01 00:00:00.000', NULL)`,
    `UPDATE defaults_t SET g = 9 WHERE a = 2`,
    // Partitioning.
    `CREATE TABLE part_range (id INT NOT NULL, created DATE NOT NULL, note VARCHAR(20), PRIMARY KEY (id, created))
      PARTITION BY RANGE (YEAR(created)) SUBPARTITION BY HASH (id) SUBPARTITIONS 2 (
        PARTITION p2019 VALUES LESS THAN (2020) COMMENT = 'old',
        PARTITION p2020 VALUES LESS THAN (2021),
        PARTITION pmax VALUES LESS THAN MAXVALUE)`,
    `INSERT INTO part_range VALUES (1, '2019-05-01', 'a'), (2, '2020-06-01', 'b'), (3, '2030-01-01', NULL)`,
    `CREATE TABLE part_list (id INT NOT NULL, region INT NOT NULL) PARTITION BY LIST (region) (
        PARTITION pa VALUES IN (1, 2), PARTITION pb VALUES IN (3), PARTITION pother DEFAULT)`,
    `INSERT INTO part_list VALUES (1, 1), (2, 3), (3, 99)`,
    `CREATE TABLE part_hash (id BIGINT NOT NULL PRIMARY KEY, v VARCHAR(10)) PARTITION BY HASH (id) PARTITIONS 4`,
    `INSERT INTO part_hash VALUES (1, 'a'), (2, 'b'), (3, 'c'), (40, 'd')`,
    `CREATE TABLE part_key (k VARCHAR(20) NOT NULL PRIMARY KEY) PARTITION BY KEY (k) (PARTITION k_one, PARTITION k_two)`,
    `INSERT INTO part_key VALUES ('alpha'), ('beta')`,
    `CREATE TABLE part_cols (a INT NOT NULL, b VARCHAR(5) NOT NULL) PARTITION BY RANGE COLUMNS (a, b) (
        PARTITION c1 VALUES LESS THAN (10, 'm'), PARTITION c2 VALUES LESS THAN (MAXVALUE, MAXVALUE))`,
    `INSERT INTO part_cols VALUES (1, 'a'), (10, 'z'), (100, 'q')`,
    // Keys: FKs with actions, self-reference, composite; CHECKs; indexes of every kind.
    `CREATE TABLE parent (id INT NOT NULL PRIMARY KEY, code CHAR(3) NOT NULL, region INT NOT NULL, UNIQUE KEY uk_code_region (code, region))`,
    `INSERT INTO parent VALUES (1, 'AAA', 1), (2, 'BBB', 2)`,
    `CREATE TABLE child (
      id INT NOT NULL PRIMARY KEY, parent_id INT NULL, code CHAR(3), region INT,
      CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE ON UPDATE SET NULL,
      CONSTRAINT fk_child_code FOREIGN KEY (code, region) REFERENCES parent (code, region) ON UPDATE CASCADE,
      CONSTRAINT chk_id CHECK (id > 0),
      CHECK (id < 1000000))`,
    `INSERT INTO child VALUES (10, 1, 'AAA', 1), (11, 2, NULL, NULL), (12, NULL, 'BBB', 2)`,
    `CREATE TABLE emp (id INT NOT NULL PRIMARY KEY, manager_id INT, name VARCHAR(100) NOT NULL, bio TEXT, email VARCHAR(200),
      CONSTRAINT fk_emp_manager FOREIGN KEY (manager_id) REFERENCES emp (id) ON DELETE SET NULL)`,
    `INSERT INTO emp VALUES (1, NULL, 'boss', 'runs things', 'b@x'), (2, 1, 'worker', 'does things', NULL), (3, 2, 'intern', NULL, 'i@x')`,
    `ALTER TABLE emp ADD KEY name_prefix (name(10)), ADD FULLTEXT KEY ft_bio (bio), ADD KEY desc_key (manager_id DESC, name),
      ADD UNIQUE KEY uk_email (email), ADD KEY commented (id, manager_id) COMMENT 'an index comment', ADD KEY ignored_key (email(5)) IGNORED`,
    // Table options and other engines.
    `CREATE TABLE opts_compressed (id INT PRIMARY KEY, v VARCHAR(100)) ENGINE=InnoDB ROW_FORMAT=COMPRESSED KEY_BLOCK_SIZE=8 STATS_PERSISTENT=0 COMMENT='compressed'`,
    `INSERT INTO opts_compressed VALUES (1, 'x')`,
    `CREATE TABLE opts_myisam (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, v VARCHAR(100)) ENGINE=MyISAM ROW_FORMAT=DYNAMIC CHECKSUM=1 DEFAULT CHARSET=latin1`,
    `INSERT INTO opts_myisam (v) VALUES ('m1'), ('m2')`,
    `CREATE TABLE opts_aria (id INT PRIMARY KEY, v TEXT) ENGINE=Aria TRANSACTIONAL=0 PAGE_CHECKSUM=1`,
    `INSERT INTO opts_aria VALUES (1, 'aria')`,
    `CREATE TABLE mem_t (id INT PRIMARY KEY, v VARCHAR(10), KEY bt (v) USING BTREE) ENGINE=MEMORY`,
    `INSERT INTO mem_t VALUES (1, 'm')`,
    // Chunking shapes: composite, string and no primary key; counter above the largest id.
    `CREATE TABLE comp_pk (a INT NOT NULL, b VARCHAR(20) NOT NULL, v INT, PRIMARY KEY (a, b))`,
    `INSERT INTO comp_pk VALUES (1, 'a', 1), (1, 'b', 2), (2, 'a', 3)`,
    `CREATE TABLE str_pk (k VARCHAR(40) COLLATE utf8mb4_unicode_ci NOT NULL PRIMARY KEY, v INT)`,
    `INSERT INTO str_pk VALUES ('a', 1), ('B', 2), ('ç', 3), ('z', 4)`,
    `CREATE TABLE no_pk (a INT, b TEXT)`,
    `INSERT INTO no_pk VALUES (1, 'dup'), (1, 'dup'), (NULL, NULL), (2, '')`,
    `CREATE TABLE ai_gap (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, v INT)`,
    `INSERT INTO ai_gap (v) VALUES (1), (2), (3)`,
    `DELETE FROM ai_gap WHERE id = 3`,
    // Views: one on another (named so alphabetical order is wrong), algorithm, security, check option.
    `CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW z_base AS SELECT id, name, manager_id FROM emp WHERE manager_id IS NOT NULL WITH CASCADED CHECK OPTION`,
    `CREATE VIEW a_top AS SELECT z.name, p.code FROM z_base z JOIN child c ON c.id = z.id + 9 LEFT JOIN parent p ON p.id = c.parent_id`,
    `CREATE ALGORITHM=TEMPTABLE VIEW m_counts AS SELECT manager_id, COUNT(*) AS n FROM emp GROUP BY manager_id`,
    // Routines, with their own sql_mode.
    `SET SESSION sql_mode = 'ANSI_QUOTES,NO_ZERO_DATE'`,
    `CREATE FUNCTION f_label(p_id INT, p_suffix VARCHAR(10) CHARSET latin1) RETURNS varchar(120) CHARSET utf8mb4 COLLATE utf8mb4_unicode_ci
      DETERMINISTIC READS SQL DATA COMMENT 'label of an employee'
      RETURN CONCAT((SELECT name FROM emp WHERE id = p_id), p_suffix)`,
    `SET SESSION sql_mode = DEFAULT`,
    `CREATE PROCEDURE p_count(IN p_min INT, OUT p_n INT)
      SQL SECURITY INVOKER
      BEGIN
        DECLARE x INT DEFAULT 0;
        SELECT COUNT(*) INTO x FROM emp WHERE id >= p_min;
        SET p_n = x; -- a comment; with a semicolon
      END`,
    `CREATE VIEW f_view AS SELECT f_label(id, '!') AS label FROM emp`,
    // Triggers: two on the same timing and event keep their order.
    `CREATE TRIGGER trg_emp_bi BEFORE INSERT ON emp FOR EACH ROW SET NEW.name = TRIM(NEW.name)`,
    `CREATE TRIGGER trg_emp_bi2 BEFORE INSERT ON emp FOR EACH ROW SET NEW.bio = COALESCE(NEW.bio, 'none')`,
    `CREATE TRIGGER trg_child_au AFTER UPDATE ON child FOR EACH ROW BEGIN
        IF NEW.region <> OLD.region THEN UPDATE parent SET region = region WHERE id = NEW.parent_id; END IF;
      END`,
    // Events.
    `CREATE EVENT ev_daily ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 03:00:00' ENDS '2031-01-01 00:00:00' ON COMPLETION PRESERVE DISABLE COMMENT 'nightly'
      DO DELETE FROM no_pk WHERE a IS NULL`,
    `CREATE EVENT ev_once ON SCHEDULE AT '2035-06-01 12:00:00' ON COMPLETION PRESERVE DISABLE DO UPDATE ai_gap SET v = v + 1`,
    `CREATE EVENT ev_compound ON SCHEDULE EVERY '1:30' HOUR_MINUTE STARTS '2030-01-01 00:00:00' DISABLE DO SELECT 1`,
    // An account with grants at every level.
    `CREATE USER IF NOT EXISTS ${user} IDENTIFIED BY 'fixture-only-secret'`,
    `GRANT SELECT, INSERT ON \`@DB@\`.* TO ${user}`,
    `GRANT UPDATE, DELETE ON \`@DB@\`.emp TO ${user} WITH GRANT OPTION`,
    `GRANT UPDATE (code, region) ON \`@DB@\`.child TO ${user}`,
    `GRANT EXECUTE ON PROCEDURE \`@DB@\`.p_count TO ${user}`,
  ];
}
