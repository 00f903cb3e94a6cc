-- Extended statistics and the per-column and per-relation settings pg_dump carries: statistics
-- targets, n_distinct, compression, storage, CLUSTER ON, index-column statistics, a comment on the
-- index behind a constraint, and partial, expression, covering and non-btree indexes.
CREATE STATISTICS corpus.accounts_stats (dependencies, ndistinct, mcv) ON owner, balance FROM corpus.accounts;
ALTER STATISTICS corpus.accounts_stats SET STATISTICS 500;
CREATE STATISTICS "Mixed Case"."Line Stats" (ndistinct) ON "Line", "Qty" FROM "Mixed Case"."Order Lines";
CREATE STATISTICS corpus.expr_stats ON lower(code), (id % 10) FROM corpus.parents;
CREATE STATISTICS corpus.mv_stats (ndistinct) ON year, n FROM corpus.measure_totals;
COMMENT ON STATISTICS corpus.accounts_stats IS 'owner and balance go together';

ALTER TABLE corpus.values ALTER COLUMN doc SET STATISTICS 400;
ALTER TABLE corpus.values ALTER COLUMN blob SET STORAGE EXTERNAL;
ALTER TABLE corpus.values ALTER COLUMN js SET COMPRESSION pglz;
ALTER TABLE corpus.values ALTER COLUMN n SET (n_distinct = -0.5);
ALTER TABLE corpus.measures ALTER COLUMN note SET (n_distinct_inherited = 100);
CREATE INDEX values_doc ON corpus.values USING gin (doc jsonb_path_ops);
CREATE INDEX values_r ON corpus.values USING gist (r);
CREATE INDEX values_ts ON corpus.values USING brin (ts) WITH (pages_per_range = 16);
CREATE INDEX values_lower ON corpus.values (lower(js::text) COLLATE "C" DESC, id) INCLUDE (f) WHERE id > 0;
ALTER INDEX corpus.values_lower ALTER COLUMN 1 SET STATISTICS 250;
ALTER TABLE corpus.values CLUSTER ON values_pkey;
COMMENT ON INDEX corpus.values_pkey IS 'the index behind the key';
CREATE UNIQUE INDEX "Weird Index ""Name""" ON "ünï cødé"."tâblé ✓" ("値" text_pattern_ops) WITH (fillfactor = 80);
ALTER TABLE corpus.parents SET (fillfactor = 90, toast.autovacuum_enabled = false);
CREATE INDEX extended_title_trgm ON corpus.extended USING gin (title "Mixed Case".gin_trgm_ops);
CREATE UNIQUE INDEX tags_nnd ON corpus.tags (tag) NULLS NOT DISTINCT WITH (deduplicate_items = off);
ALTER INDEX corpus.tags_nnd SET (fillfactor = 70);
CREATE INDEX values_u ON corpus.values (u) WHERE u IS NOT NULL;
ALTER TABLE corpus.values ALTER COLUMN x SET STORAGE MAIN;
