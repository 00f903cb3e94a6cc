-- Partitioned tables (range, list, hash; sub-partitioned; default partitions) with primary keys,
-- indexes and foreign keys at every level: the race of issue 10 item 7 lives here. One partition's
-- columns are in another order than its parent's; a trigger cloned onto partitions in other states.
CREATE TABLE corpus.measures (id int, at date, v int, note text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE corpus.measures_2024 PARTITION OF corpus.measures FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE corpus.measures_2025 PARTITION OF corpus.measures FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY HASH (id);
CREATE TABLE corpus.measures_2025_a PARTITION OF corpus.measures_2025 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE corpus.measures_2025_b PARTITION OF corpus.measures_2025 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE corpus.measures_2026 (note text, v int, at date NOT NULL, id int NOT NULL);
ALTER TABLE corpus.measures ATTACH PARTITION corpus.measures_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE corpus.measures_rest PARTITION OF corpus.measures DEFAULT;
CREATE INDEX measures_v ON corpus.measures (v);
CREATE INDEX measures_note ON corpus.measures USING hash (note);
CREATE UNIQUE INDEX measures_2024_v_uq ON corpus.measures_2024 (v);
COMMENT ON INDEX corpus.measures_v IS 'on every partition';
CREATE TABLE corpus.readings (rid int PRIMARY KEY, id int, at date, FOREIGN KEY (id, at) REFERENCES corpus.measures ON DELETE CASCADE);

-- List partitions with awkward values, a partitioned table referencing a partitioned table.
CREATE TABLE "Mixed Case"."By Region" ("Region" text NOT NULL, n int, PRIMARY KEY ("Region", n)) PARTITION BY LIST ("Region");
CREATE TABLE "Mixed Case"."By Region: North" PARTITION OF "Mixed Case"."By Region" FOR VALUES IN ('north', 'Nörth', 'it''s north');
CREATE TABLE "Mixed Case"."By Region: Other" PARTITION OF "Mixed Case"."By Region" FOR VALUES IN (NULL, '');
CREATE TABLE "Mixed Case"."Region Notes" ("Region" text, n int, body text, FOREIGN KEY ("Region", n) REFERENCES "Mixed Case"."By Region") PARTITION BY HASH (n);
CREATE TABLE "Mixed Case"."Region Notes 0" PARTITION OF "Mixed Case"."Region Notes" FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE "Mixed Case"."Region Notes 1" PARTITION OF "Mixed Case"."Region Notes" FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE INDEX "Region Notes body" ON "Mixed Case"."Region Notes" (lower(body)) WHERE body IS NOT NULL;

-- A trigger cloned onto partitions, each clone in another enabled state.
CREATE FUNCTION corpus.stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.note := coalesce(NEW.note, 'stamped'); RETURN NEW; END $$;
CREATE TRIGGER stamp_note BEFORE INSERT ON corpus.measures FOR EACH ROW EXECUTE FUNCTION corpus.stamp();
ALTER TABLE corpus.measures_2024 DISABLE TRIGGER stamp_note;
ALTER TABLE corpus.measures_2025_a ENABLE ALWAYS TRIGGER stamp_note;
ALTER TABLE corpus.measures_2026 ENABLE REPLICA TRIGGER stamp_note;

-- A partitioned table with a stored generated column, a check, row security and a policy, and a
-- partition with a check and a default of its own.
CREATE TABLE corpus.events (id int NOT NULL, kind text NOT NULL, doubled int GENERATED ALWAYS AS (id * 2) STORED, CHECK (id > 0)) PARTITION BY LIST (kind);
CREATE TABLE corpus.events_a PARTITION OF corpus.events (CONSTRAINT events_a_small CHECK (id < 1000), kind DEFAULT 'a') FOR VALUES IN ('a');
CREATE TABLE corpus.events_other PARTITION OF corpus.events DEFAULT;
ALTER TABLE corpus.events ENABLE ROW LEVEL SECURITY;
CREATE POLICY events_positive ON corpus.events USING (id > 0);

-- An index made ON ONLY the partitioned table and never attached to the partitions' (it stays invalid).
CREATE INDEX measures_only_note ON ONLY corpus.measures (note, v);
