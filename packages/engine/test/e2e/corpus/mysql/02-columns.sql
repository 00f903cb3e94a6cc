-- Columns: INVISIBLE, generated VIRTUAL / PERSISTENT, default expressions, AUTO_INCREMENT with gaps,
-- sequences and defaults drawing from them. Sources: MariaDB KB "Invisible Columns",
-- "Generated (Virtual and Persistent/Stored) Columns", "CREATE SEQUENCE", "AUTO_INCREMENT".
SET NAMES utf8mb4;

CREATE TABLE hidden_cols (
  id INT PRIMARY KEY AUTO_INCREMENT,
  visible_v VARCHAR(10),
  secret VARCHAR(10) INVISIBLE DEFAULT 'shh',
  stamp INT INVISIBLE NOT NULL DEFAULT 7
) AUTO_INCREMENT = 100;
INSERT INTO hidden_cols (visible_v, secret, stamp) VALUES ('a', 'one', 1), ('b', NULL, 2), ('c', 'three', 3);
DELETE FROM hidden_cols WHERE visible_v = 'c';

CREATE TABLE generated_cols (
  id INT PRIMARY KEY,
  price DECIMAL(10,2) NOT NULL,
  qty INT NOT NULL DEFAULT 1,
  total DECIMAL(12,2) AS (price * qty) VIRTUAL,
  total_s DECIMAL(12,2) AS (price * qty) PERSISTENT,
  label VARCHAR(40) GENERATED ALWAYS AS (CONCAT('item-', id, '-', qty)) STORED,
  upper_hidden VARCHAR(40) AS (UPPER(label)) VIRTUAL INVISIBLE,
  KEY total_ix (total_s),
  KEY label_ix (label(8))
);
INSERT INTO generated_cols (id, price, qty) VALUES (1, 9.99, 3), (2, 0.01, 1000), (3, 100, 0);

CREATE TABLE defaults_t (
  id BIGINT UNSIGNED PRIMARY KEY AUTO_INCREMENT,
  a INT DEFAULT (1 + 2),
  b VARCHAR(30) DEFAULT (CONCAT('x', 'y')),
  c VARCHAR(30) DEFAULT 'it''s',
  d VARCHAR(30) DEFAULT NULL,
  e DOUBLE DEFAULT -1.5e10,
  f BLOB DEFAULT ('bytes'),
  g DATETIME DEFAULT '2000-01-01 00:00:00',
  h INT NOT NULL,
  u VARCHAR(36) DEFAULT (UUID())
) AUTO_INCREMENT = 1000;
INSERT INTO defaults_t (h, u) VALUES (1, 'fixed-1'), (2, 'fixed-2'), (3, 'fixed-3');

CREATE SEQUENCE seq_plain;
CREATE SEQUENCE seq_full START WITH 1000 MINVALUE 10 MAXVALUE 999999 INCREMENT BY 7 CACHE 5 CYCLE COMMENT 'all options' ENGINE = InnoDB;
CREATE SEQUENCE seq_down START WITH -1 INCREMENT BY -1 MINVALUE -50 MAXVALUE -1 NOCACHE;
CREATE SEQUENCE seq_aria NOCACHE ENGINE = Aria;
DO NEXTVAL(seq_down);
DO NEXTVAL(seq_down);
DO NEXTVAL(seq_aria);
CREATE TABLE seq_users (
  id BIGINT NOT NULL PRIMARY KEY DEFAULT NEXT VALUE FOR seq_full,
  alt BIGINT DEFAULT NEXTVAL(seq_plain),
  v VARCHAR(10)
);
INSERT INTO seq_users (v) VALUES ('a'), ('b'), ('c');

CREATE TABLE ai_gaps (id INT UNSIGNED PRIMARY KEY AUTO_INCREMENT, v INT) ENGINE = MyISAM;
INSERT INTO ai_gaps (v) VALUES (1), (2), (3);
INSERT INTO ai_gaps (id, v) VALUES (50, 4);
DELETE FROM ai_gaps WHERE id = 50;

CREATE TABLE ai_composite (grp CHAR(1) NOT NULL, seq INT NOT NULL AUTO_INCREMENT, PRIMARY KEY (grp, seq)) ENGINE = MyISAM;
INSERT INTO ai_composite (grp) VALUES ('a'), ('a'), ('b'), ('a'), ('b');

CREATE TABLE keyless (v VARCHAR(10), n INT);
INSERT INTO keyless VALUES ('dup', 1), ('dup', 1), (NULL, NULL), ('', 0);

CREATE TABLE empty_one (id INT PRIMARY KEY, v TEXT) COMMENT 'no rows at all';

-- 4-byte characters: MariaDB keeps ENUM / SET members, defaults and comments in utf8mb3 (they are
-- stored as `?`, SHOW CREATE TABLE and mariadb-dump print `?`), but a generation expression keeps
-- them, and information_schema prints those as `????`.
CREATE TABLE emoji_columns (
  id INT PRIMARY KEY,
  mood ENUM('☺', '☹', '?') NOT NULL DEFAULT '☹' COMMENT 'mood 😶',
  note VARCHAR(20) CHARACTER SET utf8mb4 DEFAULT '✨' COMMENT 'a real ?',
  shout VARCHAR(30) CHARACTER SET utf8mb4 AS (CONCAT(note, '📣')) VIRTUAL,
  stored_shout VARCHAR(30) CHARACTER SET utf8mb4 AS (CONCAT('🔊', note)) STORED,
  s SET('♠', '♥', '?') CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin COMMENT 'table 🗂';
INSERT INTO emoji_columns (id, mood, note, s) VALUES (1, '☺', 'hi 🎈', '♠,♥'), (2, '?', NULL, '?'), (3, DEFAULT, DEFAULT, '');
