-- Objects whose creation order follows dependencies across kinds: SQL-body functions that name
-- tables, used by a column default, a domain check, a generated column, an expression index, a
-- check constraint, a policy's subquery and a view over a materialized view.
CREATE FUNCTION corpus.next_code() RETURNS text LANGUAGE sql STABLE BEGIN ATOMIC SELECT 'c' || count(*) FROM corpus.parents; END;
CREATE FUNCTION corpus.is_even(v int) RETURNS boolean LANGUAGE sql IMMUTABLE RETURN v % 2 = 0;
CREATE FUNCTION corpus.twice(v int) RETURNS int LANGUAGE sql IMMUTABLE RETURN v * 2;
CREATE DOMAIN corpus.even AS int CHECK (corpus.is_even(VALUE));
CREATE TABLE corpus.depends (
  id int PRIMARY KEY,
  code text DEFAULT corpus.next_code(),
  e corpus.even,
  t int GENERATED ALWAYS AS (corpus.twice(id)) STORED,
  CONSTRAINT depends_even CHECK (corpus.is_even(t))
);
CREATE INDEX depends_twice ON corpus.depends (corpus.twice(e));
INSERT INTO corpus.depends (id, e) VALUES (1, 2), (2, NULL);
INSERT INTO corpus.depends (id, code, e) VALUES (3, NULL, 4);
ALTER TABLE corpus.depends ENABLE ROW LEVEL SECURITY;
CREATE POLICY depends_known ON corpus.depends USING (code IN (SELECT p.code FROM corpus.parents p) OR code IS NULL);
CREATE VIEW corpus.totals_doubled AS SELECT year, corpus.twice(n::int) AS n2 FROM corpus.measure_totals;
CREATE MATERIALIZED VIEW corpus.codes_mv AS SELECT id, corpus.next_code() AS next FROM corpus.depends;
