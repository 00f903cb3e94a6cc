-- Storage engines and their table options: Aria (implied and explicit TRANSACTIONAL, PAGE_CHECKSUM,
-- ROW_FORMAT), MyISAM (CHECKSUM, PACK_KEYS, DELAY_KEY_WRITE), MEMORY (HASH and BTREE keys), MERGE
-- (UNION, INSERT_METHOD), InnoDB row formats, CSV. Sources: MariaDB KB "Aria Storage Engine",
-- "MyISAM Storage Engine", "MEMORY Storage Engine", "MERGE", "InnoDB Row Formats Overview", "CSV".
SET NAMES utf8mb4;

CREATE TABLE aria_plain (id INT PRIMARY KEY, v VARCHAR(10)) ENGINE = Aria;
CREATE TABLE aria_nontx (id INT PRIMARY KEY, v VARCHAR(10)) ENGINE = Aria TRANSACTIONAL = 0 PAGE_CHECKSUM = 0;
CREATE TABLE aria_fixed (id INT PRIMARY KEY, c CHAR(5)) ENGINE = Aria ROW_FORMAT = FIXED TRANSACTIONAL = 0;
INSERT INTO aria_plain VALUES (1, 'a'), (2, NULL);
INSERT INTO aria_nontx VALUES (1, 'b');
INSERT INTO aria_fixed VALUES (1, 'c'), (2, '');

CREATE TABLE myisam_opts (id INT PRIMARY KEY, v VARCHAR(20), KEY v_ix (v)) ENGINE = MyISAM CHECKSUM = 1 PACK_KEYS = 1 DELAY_KEY_WRITE = 1 MAX_ROWS = 100000 COMMENT 'MyISAM with options';
INSERT INTO myisam_opts VALUES (1, 'x'), (2, 'y');

CREATE TABLE mem_keys (id INT NOT NULL, v INT, s VARCHAR(10), PRIMARY KEY (id), KEY h (v), KEY b (s) USING BTREE, KEY h2 (v, id) USING HASH) ENGINE = MEMORY MAX_ROWS = 500;
INSERT INTO mem_keys VALUES (1, 2, 'a'), (3, 4, 'b');

CREATE TABLE merge_a (id INT NOT NULL, v VARCHAR(5), KEY (id)) ENGINE = MyISAM;
CREATE TABLE merge_b (id INT NOT NULL, v VARCHAR(5), KEY (id)) ENGINE = MyISAM;
CREATE TABLE merge_all (id INT NOT NULL, v VARCHAR(5), KEY (id)) ENGINE = MRG_MyISAM UNION = (merge_a, merge_b) INSERT_METHOD = LAST;
CREATE TABLE merge_none (id INT NOT NULL, v VARCHAR(5), KEY (id)) ENGINE = MRG_MyISAM UNION = (merge_a) INSERT_METHOD = NO;
INSERT INTO merge_a VALUES (1, 'a'), (2, 'b');
INSERT INTO merge_b VALUES (3, 'c');

CREATE TABLE inno_compressed (id INT PRIMARY KEY, v TEXT) ENGINE = InnoDB ROW_FORMAT = COMPRESSED KEY_BLOCK_SIZE = 8;
CREATE TABLE inno_redundant (id INT PRIMARY KEY, v TEXT) ENGINE = InnoDB ROW_FORMAT = REDUNDANT STATS_PERSISTENT = 0 STATS_AUTO_RECALC = 0;
CREATE TABLE inno_dynamic (id INT PRIMARY KEY, v TEXT) ENGINE = InnoDB ROW_FORMAT = DYNAMIC PAGE_COMPRESSED = 1;
INSERT INTO inno_compressed VALUES (1, REPEAT('z', 500));
INSERT INTO inno_redundant VALUES (1, 'r');
INSERT INTO inno_dynamic VALUES (1, 'd');

CREATE TABLE csv_t (id INT NOT NULL, v VARCHAR(10) NOT NULL) ENGINE = CSV;
INSERT INTO csv_t VALUES (1, 'a,b'), (2, 'q"uote');

CREATE TABLE latin1_table (id INT PRIMARY KEY, v VARCHAR(10)) DEFAULT CHARSET = latin1 COLLATE = latin1_german2_ci COMMENT = 'table comment ü';
INSERT INTO latin1_table VALUES (1, 'Müller');
