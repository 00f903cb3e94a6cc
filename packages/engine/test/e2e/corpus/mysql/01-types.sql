-- Data types: exact values at their edges. Sources: MariaDB KB "Data Types" (numeric, string,
-- date and time, BIT, JSON, INET4/INET6/UUID, ENUM/SET, geometry) and "Character Sets and Collations".
SET NAMES utf8mb4;

CREATE TABLE num_edges (
  id INT PRIMARY KEY,
  ti TINYINT, tu TINYINT UNSIGNED, si SMALLINT, mi MEDIUMINT UNSIGNED,
  bi BIGINT, bu BIGINT UNSIGNED, z INT(6) UNSIGNED ZEROFILL,
  dc DECIMAL(65,30), d2 DECIMAL(10,2) UNSIGNED,
  f FLOAT, f74 FLOAT(7,4), d DOUBLE, dp DOUBLE(12,6), r REAL
) ENGINE=InnoDB;
INSERT INTO num_edges VALUES
  (1, -128, 255, -32768, 16777215, -9223372036854775808, 18446744073709551615, 42,
   12345678901234567890123456789012345.123456789012345678901234567890, 99999999.99,
   16777216, 123.4567, 1.7976931348623157e308, 123456.654321, 2.2250738585072014e-308),
  (2, 127, 0, 32767, 0, 9223372036854775807, 0, 0,
   -0.000000000000000000000000000001, 0,
   1.0000001, -999.9999, 4.9e-324, -0.000001, -1.5),
  (3, 0, 1, 0, 1, 0, 1, 1, 0, 0.01,
   123456.789, 0.0001, -2.2250738585072014e-308, 0, 0.1),
  (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 3.40282e38, NULL, -1.7976931348623157e308, NULL, NULL),
  (5, -1, 128, -1, 8388608, -1, 9223372036854775808, 999999, 1, 1.5,
   1.17549435e-38, 1.5, 0.30000000000000004, 0.5, 1e-300),
  (6, 1, 2, 3, 4, 5, 6, 7, 8, 9, -3.4028e38, -0.0001, -0, 1, -0.0),
  (7, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1e-40, 0.0002, -1e-320, 2, 1.401298464324817e-45);

CREATE TABLE bits (
  id INT PRIMARY KEY, b1 BIT(1), b7 BIT(7), b64 BIT(64) DEFAULT b'101', b0 BIT(1) DEFAULT b'0'
);
INSERT INTO bits (id, b1, b7, b64) VALUES (1, b'1', b'1111111', b'1111111111111111111111111111111111111111111111111111111111111111'),
  (2, b'0', b'0', b'0'), (3, NULL, b'1010101', 0x8000000000000000), (4, 1, 64, 9);

SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION';
CREATE TABLE zero_dates (
  id INT PRIMARY KEY,
  d DATE DEFAULT '0000-00-00',
  dt DATETIME(6) DEFAULT '0000-00-00 00:00:00.000000',
  ts TIMESTAMP NULL DEFAULT '0000-00-00 00:00:00',
  t TIME(3), y YEAR, half DATE
);
INSERT INTO zero_dates VALUES
  (1, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '-838:59:59.000', 0, '2024-00-15'),
  (2, '1000-01-01', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07', '838:59:59.999', 2155, '2024-02-00'),
  (3, '2024-02-29', '1970-01-01 00:00:01.5', '1970-01-01 00:00:01', '00:00:00.001', 1901, NULL),
  (4, NULL, NULL, NULL, NULL, NULL, '0000-01-01');
SET SESSION sql_mode = DEFAULT;

CREATE TABLE temporal (
  id INT PRIMARY KEY AUTO_INCREMENT,
  created TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  day DATE NOT NULL DEFAULT (CURRENT_DATE),
  note VARCHAR(10)
);
INSERT INTO temporal (created, day, note) VALUES ('2020-02-02 02:02:02.020202', '2020-02-02', 'a'), ('1999-12-31 23:59:59.999999', '1999-12-31', 'b');

SET SESSION sql_mode = '';
CREATE TABLE enum_set (
  id INT PRIMARY KEY,
  e ENUM('', 'a', 'b c', 'd''e', 'ü', '☃') NOT NULL DEFAULT 'a',
  s SET('x', 'y', 'z', 'X') CHARACTER SET latin1 COLLATE latin1_general_cs,
  dup SET('a', 'A', 'b'),
  en ENUM('one', 'ONE', 'two') DEFAULT 'ONE'
);
INSERT INTO enum_set VALUES (1, '', 'x,y', 'a,b', 'one'), (2, 'ü', 'X', 'A', 'two'), (3, '☃', '', NULL, NULL), (4, 'd''e', 'x,y,X', 'a,A,b', 'ONE');
SET SESSION sql_mode = DEFAULT;

CREATE TABLE addresses (
  id INT PRIMARY KEY,
  v4 INET4, v6 INET6 DEFAULT '::1', u UUID NOT NULL DEFAULT '00000000-0000-0000-0000-000000000001',
  UNIQUE KEY uu (u)
);
INSERT INTO addresses VALUES (1, '192.0.2.1', '::ffff:192.0.2.1', '123e4567-e89b-12d3-a456-426655440000'),
  (2, '255.255.255.255', '2001:db8:85a3::8a2e:370:7334', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
  (3, NULL, NULL, '00000000-0000-0000-0000-000000000000'), (4, '0.0.0.0', '::', '6ccd780c-baba-1026-9564-5b8c656024db');

CREATE TABLE docs (
  id INT PRIMARY KEY,
  j JSON,
  jc JSON CHECK (JSON_LENGTH(jc) < 10),
  k VARCHAR(20) AS (JSON_VALUE(j, '$.k')) VIRTUAL,
  KEY k_ix (k)
);
INSERT INTO docs (id, j, jc) VALUES (1, '{"k": "v", "n": [1, 2.5, null, true], "s": "tab\\there"}', '[1,2]'),
  (2, '"just a string with 🎉"', NULL), (3, NULL, '{}'), (4, '{"deep": {"a": {"b": {"c": "\\u00e9"}}}}', '[]');

CREATE TABLE charsets (
  id INT PRIMARY KEY,
  l1 VARCHAR(20) CHARACTER SET latin1 COLLATE latin1_swedish_ci,
  l1b VARCHAR(20) CHARACTER SET latin1 COLLATE latin1_bin,
  u3 VARCHAR(20) CHARACTER SET utf8mb3 COLLATE utf8mb3_unicode_ci,
  u4 VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci,
  u4n VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,
  cp VARCHAR(20) CHARACTER SET cp1251,
  gb VARCHAR(20) CHARACTER SET gbk,
  sj VARCHAR(20) CHARACTER SET sjis,
  u16 VARCHAR(20) CHARACTER SET utf16,
  u32 CHAR(4) CHARACTER SET utf32,
  asc7 CHAR(5) CHARACTER SET ascii,
  bin VARBINARY(16), fixed BINARY(4),
  tx TEXT CHARACTER SET utf8mb4, bl BLOB, tb TINYBLOB, mt MEDIUMTEXT CHARACTER SET latin1
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
INSERT INTO charsets VALUES
  (1, 'café', 'Ångström', 'naïve', '𝄞 clef', 'trailing  ', 'Привет', '中文', 'ｶﾀｶﾅ', 'Ωmega', '😀', 'abc', 0x00FF00FF, 0x00, 'emoji 🎉 body', 0x000102FFFE, 0x7F, 'é'),
  (2, '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''),
  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (4, 'tab\there', 'back\\slash', 'new\nline', 'nul\0byte', '\\N', 'q''uote', 'x', 'y', 'z', 'w', '\r\n', 0x5C4E, 0x09090909, 'line1\nline2', 0x5C, 0x0A, 'end');

CREATE TABLE shapes (
  id INT PRIMARY KEY,
  g GEOMETRY, p POINT NOT NULL, ls LINESTRING, pg POLYGON, mp MULTIPOINT, gc GEOMETRYCOLLECTION,
  SPATIAL KEY sp (p)
) ENGINE=InnoDB;
INSERT INTO shapes VALUES
  (1, ST_GeomFromText('POINT(1 1)'), ST_GeomFromText('POINT(1.5 -2.25)'), ST_GeomFromText('LINESTRING(0 0, 1 1, 2 0)'),
   ST_GeomFromText('POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 3 2, 3 3, 2 2))'), ST_GeomFromText('MULTIPOINT(1 1, 2 2)'),
   ST_GeomFromText('GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(0 0, 3 3))')),
  (2, NULL, ST_GeomFromText('POINT(0 0)'), NULL, NULL, NULL, NULL),
  (3, ST_GeomFromText('POLYGON((0 0, 1 0, 1 1, 0 0))', 4326), ST_GeomFromText('POINT(179.999999 -89.999999)'), NULL, NULL, NULL, NULL);
