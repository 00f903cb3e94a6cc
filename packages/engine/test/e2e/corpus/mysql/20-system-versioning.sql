-- System-versioned tables (issue 11, item 5): implicit and explicit ROW START / ROW END, history
-- rows made by updates and deletes, a table versioning only some columns, PARTITION BY SYSTEM_TIME.
-- Sources: MariaDB KB "System-Versioned Tables" (WITH SYSTEM VERSIONING, PERIOD FOR SYSTEM_TIME,
-- WITHOUT SYSTEM VERSIONING columns, PARTITION BY SYSTEM_TIME LIMIT / INTERVAL).
SET NAMES utf8mb4;

CREATE TABLE sv_implicit (id INT PRIMARY KEY, price INT) WITH SYSTEM VERSIONING;
INSERT INTO sv_implicit VALUES (1, 10), (2, 20), (3, 30);
UPDATE sv_implicit SET price = 11 WHERE id = 1;
UPDATE sv_implicit SET price = 12 WHERE id = 1;
DELETE FROM sv_implicit WHERE id = 3;

CREATE TABLE sv_explicit (
  id INT PRIMARY KEY,
  v VARCHAR(10),
  valid_from TIMESTAMP(6) GENERATED ALWAYS AS ROW START INVISIBLE,
  valid_to TIMESTAMP(6) GENERATED ALWAYS AS ROW END INVISIBLE,
  PERIOD FOR SYSTEM_TIME (valid_from, valid_to)
) WITH SYSTEM VERSIONING;
INSERT INTO sv_explicit (id, v) VALUES (1, 'a'), (2, 'b');
UPDATE sv_explicit SET v = 'a2' WHERE id = 1;

CREATE TABLE sv_some_columns (
  id INT PRIMARY KEY,
  tracked INT,
  untracked INT WITHOUT SYSTEM VERSIONING
) WITH SYSTEM VERSIONING;
INSERT INTO sv_some_columns VALUES (1, 1, 1);
UPDATE sv_some_columns SET untracked = 2 WHERE id = 1;
UPDATE sv_some_columns SET tracked = 2 WHERE id = 1;

CREATE TABLE sv_partitioned (id INT, v INT) WITH SYSTEM VERSIONING
  PARTITION BY SYSTEM_TIME LIMIT 2 (PARTITION p_hist1 HISTORY, PARTITION p_hist2 HISTORY, PARTITION p_cur CURRENT);
INSERT INTO sv_partitioned VALUES (1, 1), (2, 2);
UPDATE sv_partitioned SET v = v + 10;
UPDATE sv_partitioned SET v = v + 10;
