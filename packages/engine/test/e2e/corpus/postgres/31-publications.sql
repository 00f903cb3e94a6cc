-- Publications (helper pgb's kind): all tables, a table list with a row filter and columns, a schema.
CREATE PUBLICATION corpus_all FOR ALL TABLES WITH (publish = 'insert, update');
CREATE PUBLICATION "Mixed Pub" FOR TABLE corpus.parents WHERE (id > 0), corpus.children (id, parent_id);
CREATE PUBLICATION corpus_schema FOR TABLES IN SCHEMA "Mixed Case" WITH (publish_via_partition_root = true);
COMMENT ON PUBLICATION corpus_all IS 'everything';
