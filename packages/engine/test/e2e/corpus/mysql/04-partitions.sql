-- Every partitioning kind: RANGE (with MAXVALUE), LIST (with DEFAULT), HASH, LINEAR HASH, KEY,
-- LINEAR KEY, RANGE COLUMNS, LIST COLUMNS, subpartitions by HASH and by KEY, per-partition comments
-- and options. Sources: MariaDB KB "Partitioning Types", "RANGE Partitioning Type", "LIST
-- Partitioning Type", "RANGE COLUMNS and LIST COLUMNS Partitioning Types", "HASH Partitioning
-- Type", "KEY Partitioning Type", "Partitions and subpartitions".
SET NAMES utf8mb4;

CREATE TABLE p_range (id INT NOT NULL, made DATE NOT NULL, v VARCHAR(10), PRIMARY KEY (id, made))
  PARTITION BY RANGE (YEAR(made)) (
    PARTITION p_old VALUES LESS THAN (2000) COMMENT 'before 2000',
    PARTITION p_2000s VALUES LESS THAN (2010),
    PARTITION p_rest VALUES LESS THAN MAXVALUE
  );
INSERT INTO p_range VALUES (1, '1999-12-31', 'old'), (2, '2005-06-01', 'mid'), (3, '2024-01-01', 'new'), (4, '2010-01-01', 'edge');

CREATE TABLE p_list (id INT NOT NULL, region INT NOT NULL, v VARCHAR(10))
  PARTITION BY LIST (region) (
    PARTITION p_north VALUES IN (1, 2, 3),
    PARTITION p_south VALUES IN (4, 5, NULL),
    PARTITION p_other DEFAULT
  );
INSERT INTO p_list VALUES (1, 1, 'n'), (2, 5, 's'), (3, 99, 'default'), (4, 2, 'n2');

CREATE TABLE p_hash (id INT NOT NULL PRIMARY KEY, v INT) PARTITION BY HASH (id) PARTITIONS 4;
INSERT INTO p_hash VALUES (1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (7, 7), (8, 8);

CREATE TABLE p_linear_hash (id INT NOT NULL, v INT) PARTITION BY LINEAR HASH (id % 7) PARTITIONS 3;
INSERT INTO p_linear_hash VALUES (1, 1), (10, 2), (100, 3);

CREATE TABLE p_key (code VARCHAR(10) NOT NULL PRIMARY KEY, v INT) PARTITION BY KEY () PARTITIONS 3;
INSERT INTO p_key VALUES ('a', 1), ('b', 2), ('c', 3), ('dd', 4);

CREATE TABLE p_linear_key (a INT NOT NULL, b INT NOT NULL, UNIQUE KEY ab (a, b)) PARTITION BY LINEAR KEY ALGORITHM = 2 (a, b) PARTITIONS 2;
INSERT INTO p_linear_key VALUES (1, 1), (1, 2), (2, 1);

CREATE TABLE p_range_columns (a INT NOT NULL, b VARCHAR(5) NOT NULL, c DATE NOT NULL)
  PARTITION BY RANGE COLUMNS (a, b, c) (
    PARTITION p0 VALUES LESS THAN (10, 'm', '2000-01-01'),
    PARTITION p1 VALUES LESS THAN (10, MAXVALUE, MAXVALUE),
    PARTITION p2 VALUES LESS THAN (MAXVALUE, MAXVALUE, MAXVALUE)
  );
INSERT INTO p_range_columns VALUES (1, 'a', '1999-01-01'), (10, 'a', '1990-01-01'), (10, 'z', '2020-01-01'), (20, 'q', '2020-01-01');

CREATE TABLE p_list_columns (country CHAR(2) NOT NULL, city VARCHAR(20) NOT NULL, n INT)
  PARTITION BY LIST COLUMNS (country, city) (
    PARTITION p_fr VALUES IN (('FR', 'Paris'), ('FR', 'Lyon')),
    PARTITION p_de VALUES IN (('DE', 'Berlin')),
    PARTITION p_else DEFAULT
  );
INSERT INTO p_list_columns VALUES ('FR', 'Paris', 1), ('DE', 'Berlin', 2), ('IT', 'Roma', 3), ('FR', 'Lyon', NULL);

CREATE TABLE p_sub_hash (id INT NOT NULL, made DATE NOT NULL, v INT)
  PARTITION BY RANGE (YEAR(made)) SUBPARTITION BY HASH (TO_DAYS(made)) (
    PARTITION p0 VALUES LESS THAN (2000) COMMENT 'old rows' (SUBPARTITION s0 COMMENT 'first sub', SUBPARTITION s1),
    PARTITION p1 VALUES LESS THAN (2020) (SUBPARTITION s2, SUBPARTITION s3 COMMENT 'fourth sub'),
    PARTITION p2 VALUES LESS THAN MAXVALUE (SUBPARTITION s4, SUBPARTITION s5)
  );
INSERT INTO p_sub_hash VALUES (1, '1990-01-01', 1), (2, '1990-01-02', 2), (3, '2010-05-05', 3), (4, '2030-01-01', 4);

CREATE TABLE p_sub_key (id INT NOT NULL, grp INT NOT NULL, v VARCHAR(5))
  PARTITION BY LIST (grp) SUBPARTITION BY KEY (id) SUBPARTITIONS 2 (
    PARTITION g_small VALUES IN (1, 2),
    PARTITION g_big VALUES IN (3, 4)
  );
INSERT INTO p_sub_key VALUES (1, 1, 'a'), (2, 2, 'b'), (3, 3, 'c'), (4, 4, 'd'), (5, 1, 'e');

CREATE TABLE p_myisam (id INT NOT NULL, v INT) ENGINE = MyISAM PARTITION BY RANGE (id) (
  PARTITION lo VALUES LESS THAN (100) MAX_ROWS = 1000,
  PARTITION hi VALUES LESS THAN MAXVALUE
);
INSERT INTO p_myisam VALUES (1, 1), (500, 2);

CREATE TABLE p_empty (id INT NOT NULL PRIMARY KEY) PARTITION BY HASH (id) PARTITIONS 2;

CREATE TABLE p_sub_limits (id INT NOT NULL, grp INT NOT NULL) ENGINE = Aria
  PARTITION BY RANGE (grp) SUBPARTITION BY HASH (id) (
    PARTITION a VALUES LESS THAN (10) MIN_ROWS = 5 (SUBPARTITION a0 MAX_ROWS = 300, SUBPARTITION a1),
    PARTITION b VALUES LESS THAN MAXVALUE (SUBPARTITION b0, SUBPARTITION b1 COMMENT 'has MAX_ROWS = 9 in its text' MAX_ROWS = 700)
  );
INSERT INTO p_sub_limits VALUES (1, 1), (2, 20);
