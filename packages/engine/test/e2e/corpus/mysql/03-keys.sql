-- Indexes and constraints: descending and IGNORED indexes, prefix, FULLTEXT (with a parser option),
-- SPATIAL, unique keys over NULLs, index comments, CHECK constraints (table and column level, one
-- row breaking one), foreign keys with actions, composite and self-referencing.
-- Sources: MariaDB KB "Descending Indexes", "Ignored Indexes", "Full-Text Index Overview",
-- "SPATIAL INDEX", "CONSTRAINT", "Foreign Keys".
SET NAMES utf8mb4;

CREATE TABLE idx_kinds (
  id INT NOT NULL,
  a INT, b VARCHAR(100), c VARCHAR(200), d DATETIME,
  body TEXT,
  PRIMARY KEY (id DESC),
  KEY a_desc (a DESC, b ASC),
  KEY b_prefix (b(10)) COMMENT 'prefix of ten',
  KEY ignored_ix (c) IGNORED,
  UNIQUE KEY ab_u (a, d),
  KEY hash_like (d) USING BTREE,
  FULLTEXT KEY ft_body (body),
  FULLTEXT KEY ft_two (b, c)
) ENGINE = InnoDB;
INSERT INTO idx_kinds VALUES (1, 1, 'one', 'x', '2020-01-01', 'the quick brown fox'), (2, 1, 'two', 'y', NULL, 'jumps over'),
  (3, NULL, NULL, NULL, NULL, NULL), (4, NULL, 'four', 'z', NULL, 'lazy dog');

CREATE TABLE ft_myisam (id INT PRIMARY KEY, t VARCHAR(200), FULLTEXT KEY t_ft (t)) ENGINE = MyISAM;
INSERT INTO ft_myisam VALUES (1, 'MyISAM full text'), (2, 'second row');

CREATE TABLE geo_aria (id INT PRIMARY KEY, pos POINT NOT NULL, SPATIAL KEY pos_sp (pos)) ENGINE = Aria;
INSERT INTO geo_aria VALUES (1, POINT(1, 2)), (2, POINT(-3, 4.5));

CREATE TABLE checks (
  id INT PRIMARY KEY,
  amount INT CHECK (amount >= 0),
  lo INT, hi INT,
  code VARCHAR(5) CHECK (BINARY code = UPPER(code)),
  CONSTRAINT lo_le_hi CHECK (lo <= hi),
  CONSTRAINT `odd name, with comma` CHECK (id <> 13)
);
INSERT INTO checks VALUES (1, 5, 1, 2, 'AB'), (2, 0, NULL, 3, NULL);
SET SESSION check_constraint_checks = 0;
INSERT INTO checks VALUES (3, -1, 9, 1, 'lower');
SET SESSION check_constraint_checks = 1;

CREATE TABLE parent (id INT PRIMARY KEY, region CHAR(2) NOT NULL, UNIQUE KEY id_region (id, region));
CREATE TABLE child (
  id INT PRIMARY KEY,
  parent_id INT, region CHAR(2),
  boss_id INT,
  CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE ON UPDATE SET NULL,
  CONSTRAINT child_pair FOREIGN KEY (parent_id, region) REFERENCES parent (id, region) ON DELETE RESTRICT,
  CONSTRAINT child_boss FOREIGN KEY (boss_id) REFERENCES child (id) ON DELETE SET NULL
);
INSERT INTO parent VALUES (1, 'eu'), (2, 'us');
INSERT INTO child VALUES (10, 1, 'eu', NULL), (11, 1, 'eu', 10), (12, 2, 'us', 11), (13, NULL, NULL, 12);
SET SESSION foreign_key_checks = 0;
INSERT INTO child VALUES (14, 99, 'xx', 77);
SET SESSION foreign_key_checks = 1;

CREATE TABLE uniq_nulls (id INT PRIMARY KEY, a INT, b INT, UNIQUE KEY ab (a, b), UNIQUE KEY long_u (id, a) COMMENT 'über');
INSERT INTO uniq_nulls VALUES (1, NULL, NULL), (2, NULL, NULL), (3, 1, NULL), (4, 1, NULL);

CREATE TABLE blob_unique (id INT PRIMARY KEY, body TEXT, UNIQUE KEY body_u (body));
INSERT INTO blob_unique VALUES (1, REPEAT('long', 300)), (2, 'short'), (3, NULL);
