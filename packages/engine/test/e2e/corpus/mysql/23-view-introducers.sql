-- View character-set introducers (issue 11, item 12): _binary, _latin1 with a hex literal, _utf8mb4,
-- a COLLATE clause; the view columns' types depend on them. Source: MariaDB KB "Character Set and
-- Collation Overview" (literals with introducers).
SET NAMES utf8mb4;
CREATE TABLE intro_base (id INT PRIMARY KEY, s VARCHAR(10) CHARACTER SET utf8mb4);
INSERT INTO intro_base VALUES (1, 'abc'), (2, 'ABC'), (3, 'é');
CREATE VIEW v_introducers AS
  SELECT id, _binary'abc' AS b, _latin1 X'E9' AS l, _utf8mb4'x🎈' AS u, _latin1'Ä' COLLATE latin1_bin AS lc,
         s = _binary'abc' AS exact_match
    FROM intro_base;
