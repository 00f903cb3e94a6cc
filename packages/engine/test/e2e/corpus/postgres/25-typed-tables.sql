-- Typed tables (helper pga's kind): a table OF a composite type, with a constraint and a default.
CREATE TYPE corpus.pair AS (a int, b text);
CREATE TABLE corpus.pairs OF corpus.pair (a WITH OPTIONS PRIMARY KEY, b WITH OPTIONS DEFAULT 'none');
INSERT INTO corpus.pairs VALUES (1, 'one'), (2, DEFAULT);
