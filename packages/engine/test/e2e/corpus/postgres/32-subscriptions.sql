-- Subscriptions (helper pgb's kind), created without connecting, as pg_dump restores them. A test
-- that loads this file must drop the subscription before the database: set slot_name = NONE first.
CREATE SUBSCRIPTION corpus_sub CONNECTION 'host=nowhere.invalid dbname=nothing' PUBLICATION corpus_all, "Mixed Pub"
  WITH (connect = false, enabled = false, create_slot = false, slot_name = NONE, binary = true, streaming = true);
COMMENT ON SUBSCRIPTION corpus_sub IS 'never connects';
