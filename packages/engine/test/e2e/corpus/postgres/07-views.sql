-- Views and materialized views: a view over a routine with a SQL body, recursive and
-- security-barrier views with a check option, a view column default, materialized views with
-- indexes (one created WITH NO DATA), comments and grants.
CREATE VIEW corpus.parent_codes AS SELECT id, code, corpus.code_of(id) AS via_fn, corpus.parent_count() AS total FROM corpus.parents;
CREATE VIEW corpus.big_children WITH (security_barrier = true) AS SELECT * FROM corpus.children WHERE other > 10 WITH CASCADED CHECK OPTION;
ALTER VIEW corpus.big_children ALTER COLUMN other SET DEFAULT 11;
CREATE RECURSIVE VIEW corpus.countdown (n) AS VALUES (3) UNION ALL SELECT n - 1 FROM countdown WHERE n > 0;
CREATE VIEW "Mixed Case"."View ""Of"" Lines" AS SELECT "Order Id" AS "Id", sum("Qty") AS "Total" FROM "Mixed Case"."Order Lines" GROUP BY 1;
COMMENT ON VIEW corpus.parent_codes IS 'codes by id';
COMMENT ON COLUMN corpus.parent_codes.via_fn IS 'the code, looked up by a function';
GRANT SELECT ON corpus.parent_codes TO :"reader";

CREATE MATERIALIZED VIEW corpus.measure_totals AS SELECT date_trunc('year', at)::date AS year, count(*) AS n, sum(v) AS total FROM corpus.measures GROUP BY 1;
CREATE UNIQUE INDEX measure_totals_year ON corpus.measure_totals (year);
CREATE INDEX measure_totals_n ON corpus.measure_totals (n DESC NULLS LAST);
CREATE MATERIALIZED VIEW "Mixed Case"."Empty MV" AS SELECT "Region", count(*) AS n FROM "Mixed Case"."By Region" GROUP BY 1 WITH NO DATA;
CREATE MATERIALIZED VIEW corpus.mv_on_mv AS SELECT year, n * 2 AS n2 FROM corpus.measure_totals;
CREATE INDEX mv_on_mv_n2 ON corpus.mv_on_mv (n2);
COMMENT ON MATERIALIZED VIEW corpus.measure_totals IS 'totals by year';
COMMENT ON INDEX corpus.measure_totals_year IS 'one row a year';
GRANT SELECT ON corpus.measure_totals TO :"reader";
CREATE VIEW corpus.local_check AS SELECT * FROM corpus.big_children WHERE id > 1 WITH LOCAL CHECK OPTION;
COMMENT ON COLUMN corpus.measure_totals.total IS 'sum of v';
CREATE VIEW corpus.invoker WITH (security_invoker = true) AS SELECT id, code FROM corpus.parents ORDER BY code DESC LIMIT 10;
CREATE VIEW corpus.windowed AS SELECT id, v, rank() OVER (PARTITION BY id % 3 ORDER BY v) AS r, sum(v) OVER w AS running FROM corpus.measures WINDOW w AS (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW);
GRANT SELECT (id) ON corpus.invoker TO :"reader";
ALTER MATERIALIZED VIEW corpus.mv_on_mv SET (fillfactor = 60);
