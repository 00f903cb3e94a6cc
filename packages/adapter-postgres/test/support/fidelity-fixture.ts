/**
 * A schema using every feature the PostgreSQL adapter introspects, with awkward data. `owner` and
 * `reader` are roles the test creates (and drops) around it.
 */
export function fidelitySchema(owner: string, reader: string): string[] {
  return [
    `CREATE SCHEMA app AUTHORIZATION ${owner}`,
    `CREATE SCHEMA ledger`,
    `COMMENT ON SCHEMA app IS 'Application schema'`,
    `GRANT USAGE ON SCHEMA app TO ${reader}`,
    // An extension the schema depends on (its types and functions are not exported one by one).
    `CREATE EXTENSION citext WITH SCHEMA ledger`,

    // Types and domains.
    `CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy', 'ünïcödé ''q''')`,
    `CREATE TYPE app.address AS (street text, city varchar(80) COLLATE "C", zip char(5))`,
    `CREATE TYPE app.floatrange AS RANGE (subtype = float8, subtype_diff = float8mi)`,
    `CREATE DOMAIN app.positive_int AS integer DEFAULT 1 NOT NULL CONSTRAINT positive_int_check CHECK (VALUE > 0)`,
    `CREATE DOMAIN app.email AS ledger.citext CONSTRAINT email_at CHECK (VALUE ~ '@')`,
    `COMMENT ON TYPE app.mood IS 'How a customer feels'`,
    `COMMENT ON DOMAIN app.email IS 'An address with an at sign'`,
    `ALTER TYPE app.address OWNER TO ${owner}`,
    `GRANT USAGE ON TYPE app.mood TO ${reader}`,

    // A sequence with every option, and a current value.
    `CREATE SEQUENCE app.invoice_no AS bigint START 1000 INCREMENT 5 MINVALUE 1000 MAXVALUE 9999999 CACHE 10 CYCLE`,
    `SELECT setval('app.invoice_no', 1234, true)`,
    `CREATE SEQUENCE ledger.untouched`,
    `GRANT USAGE ON SEQUENCE app.invoice_no TO ${reader}`,

    // Tables: identity, generated, collation, domain, enum, composite, array columns; all constraint kinds.
    `CREATE TABLE app.customers (
       id bigint GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 2),
       name varchar(100) COLLATE "C" NOT NULL,
       email app.email,
       mood app.mood DEFAULT 'ok',
       address app.address,
       balance numeric(12,2) DEFAULT 0 CONSTRAINT balance_floor CHECK (balance > -1000),
       tags text[],
       created_at timestamptz NOT NULL DEFAULT now(),
       name_upper text GENERATED ALWAYS AS (upper(name::text)) STORED,
       referrer_id bigint,
       CONSTRAINT customers_pkey PRIMARY KEY (id),
       CONSTRAINT customers_name_key UNIQUE (name),
       CONSTRAINT customers_referrer_fkey FOREIGN KEY (referrer_id) REFERENCES app.customers (id) ON DELETE SET NULL
     )`,
    `COMMENT ON TABLE app.customers IS 'People who buy; with ''quotes'' and a tab\there'`,
    `COMMENT ON COLUMN app.customers.email IS 'Contact address'`,
    `COMMENT ON CONSTRAINT balance_floor ON app.customers IS 'No deep debt'`,
    `ALTER TABLE app.customers OWNER TO ${owner}`,
    `ALTER TABLE app.customers ALTER COLUMN tags SET STATISTICS 500`,
    `GRANT SELECT, INSERT ON app.customers TO ${reader}`,
    `GRANT UPDATE (email) ON app.customers TO ${reader}`,
    `CREATE TABLE app.orders (
       id serial PRIMARY KEY,
       customer_id bigint NOT NULL REFERENCES app.customers (id) ON UPDATE CASCADE ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED,
       invoice bigint DEFAULT nextval('app.invoice_no'),
       quantity app.positive_int,
       amount numeric,
       during tstzrange,
       note text,
       CONSTRAINT orders_no_overlap EXCLUDE USING gist (during WITH &&)
     )`,
    `ALTER TABLE app.orders ADD CONSTRAINT orders_amount_check CHECK (amount >= 0) NOT VALID`,
    // A cycle of foreign keys.
    `CREATE TABLE app.a (id int PRIMARY KEY, b_id int)`,
    `CREATE TABLE app.b (id int PRIMARY KEY, a_id int REFERENCES app.a (id) MATCH FULL)`,
    `ALTER TABLE app.a ADD CONSTRAINT a_b_fkey FOREIGN KEY (b_id) REFERENCES app.b (id)`,
    `CREATE UNLOGGED TABLE app.scratch (k text, v jsonb) WITH (fillfactor = 70)`,
    `ALTER TABLE app.scratch REPLICA IDENTITY FULL`,
    `CREATE TABLE ledger.entries (id bigserial PRIMARY KEY, account ledger.citext NOT NULL, amount numeric(14,4), memo text)`,
    `ALTER TABLE ledger.entries ENABLE ROW LEVEL SECURITY`,

    // Partitioned table with sub-partitions and a default partition.
    `CREATE TABLE app.events (id bigint NOT NULL, at date NOT NULL, kind text, payload jsonb, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)`,
    `CREATE TABLE app.events_2023 PARTITION OF app.events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01')`,
    `CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY RANGE (at)`,
    `CREATE TABLE app.events_2024_h1 PARTITION OF app.events_2024 FOR VALUES FROM ('2024-01-01') TO ('2024-07-01')`,
    `CREATE TABLE app.events_2024_other PARTITION OF app.events_2024 DEFAULT`,
    `CREATE INDEX events_kind_idx ON app.events (kind)`,
    // Inheritance.
    `CREATE TABLE app.vehicles (id int PRIMARY KEY, wheels int NOT NULL DEFAULT 4, CONSTRAINT wheels_positive CHECK (wheels >= 0))`,
    `CREATE TABLE app.trucks (payload_tons numeric(6,1), wheels int DEFAULT 6) INHERITS (app.vehicles)`,

    // Every index kind.
    `CREATE INDEX customers_lower_name_idx ON app.customers (lower(name::text))`,
    `CREATE INDEX customers_created_partial_idx ON app.customers (created_at DESC NULLS LAST) WHERE balance > 0`,
    `CREATE INDEX customers_tags_gin ON app.customers USING gin (tags)`,
    `CREATE INDEX orders_during_gist ON app.orders USING gist (during)`,
    `CREATE INDEX orders_id_brin ON app.orders USING brin (id) WITH (pages_per_range = 16)`,
    `CREATE INDEX orders_note_hash ON app.orders USING hash (note)`,
    `CREATE UNIQUE INDEX orders_invoice_uidx ON app.orders (invoice) INCLUDE (amount)`,
    `CREATE INDEX orders_note_pattern ON app.orders (note text_pattern_ops)`,
    `COMMENT ON INDEX app.orders_note_hash IS 'hash index'`,

    // Views and materialized views (populated and not).
    `CREATE VIEW app.customer_orders AS SELECT c.id, c.name, count(o.id) AS orders FROM app.customers c LEFT JOIN app.orders o ON o.customer_id = c.id GROUP BY c.id, c.name`,
    `CREATE VIEW app.happy_customers WITH (security_barrier) AS SELECT id, name, mood FROM app.customers WHERE mood = 'happy' WITH LOCAL CHECK OPTION`,
    `CREATE MATERIALIZED VIEW app.order_totals AS SELECT customer_id, sum(amount) AS total FROM app.orders GROUP BY customer_id`,
    `CREATE UNIQUE INDEX order_totals_customer ON app.order_totals (customer_id)`,
    `CREATE MATERIALIZED VIEW app.empty_mv AS SELECT 1 AS one WITH NO DATA`,
    `CREATE VIEW app.totals_view AS SELECT customer_id, total FROM app.order_totals`,
    `COMMENT ON VIEW app.customer_orders IS 'Orders per customer'`,
    `COMMENT ON COLUMN app.customer_orders.orders IS 'How many'`,
    `GRANT SELECT ON app.customer_orders TO ${reader}`,

    // Functions, procedures, aggregates.
    `CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.note := coalesce(NEW.note, '') || ''; RETURN NEW; END $$`,
    `CREATE FUNCTION app.add(a integer, b integer DEFAULT 1) RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT a + b'`,
    `CREATE FUNCTION app.add(a numeric, b numeric) RETURNS numeric LANGUAGE sql IMMUTABLE BEGIN ATOMIC SELECT a + b; END`,
    `CREATE FUNCTION app.customer_count() RETURNS bigint LANGUAGE sql STABLE SET search_path = app, public AS $$ SELECT count(*) FROM customers $$`,
    `CREATE PROCEDURE app.reset_scratch(keep int) LANGUAGE plpgsql AS $$ BEGIN DELETE FROM app.scratch WHERE length(k) > keep; END $$`,
    `CREATE FUNCTION app.mood_rank(m app.mood) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT array_position(enum_range(NULL::app.mood), m) $$`,
    `CREATE AGGREGATE app.product(numeric) (SFUNC = numeric_mul, STYPE = numeric, INITCOND = '1')`,
    `REVOKE EXECUTE ON FUNCTION app.customer_count() FROM PUBLIC`,
    `GRANT EXECUTE ON FUNCTION app.customer_count() TO ${reader}`,
    `COMMENT ON FUNCTION app.add(integer, integer) IS 'adds'`,
    `ALTER FUNCTION app.mood_rank(app.mood) OWNER TO ${owner}`,

    // Triggers.
    `CREATE TRIGGER orders_touch BEFORE INSERT OR UPDATE ON app.orders FOR EACH ROW EXECUTE FUNCTION app.touch()`,
    `CREATE TRIGGER orders_touch_disabled BEFORE UPDATE OF note ON app.orders FOR EACH ROW WHEN (OLD.note IS DISTINCT FROM NEW.note) EXECUTE FUNCTION app.touch()`,
    `ALTER TABLE app.orders DISABLE TRIGGER orders_touch_disabled`,
    `COMMENT ON TRIGGER orders_touch ON app.orders IS 'keeps notes non-null'`,

    // Rules (on a table, and one making a view deletable), row-level security policies, extended statistics.
    `CREATE RULE customers_keep_funded AS ON DELETE TO app.customers WHERE OLD.balance > 0 DO INSTEAD NOTHING`,
    `CREATE RULE customer_orders_del AS ON DELETE TO app.customer_orders DO INSTEAD DELETE FROM app.customers WHERE id = OLD.id`,
    `ALTER TABLE app.customers ENABLE ROW LEVEL SECURITY`,
    `CREATE POLICY customers_readers ON app.customers FOR SELECT TO ${reader} USING (balance >= 0)`,
    `CREATE POLICY customers_known_mood ON app.customers AS RESTRICTIVE USING (mood IS NOT NULL) WITH CHECK (app.mood_rank(mood) > 0)`,
    `CREATE STATISTICS app.customers_mood_balance (mcv, dependencies) ON mood, balance FROM app.customers`,
    `ALTER STATISTICS app.customers_mood_balance SET STATISTICS 200`,

    // Awkward data.
    `CREATE TABLE app.awkward (
       id int PRIMARY KEY, t text, vc varchar(20), ch char(5), b bytea, f8 float8, f4 real, n numeric,
       ts timestamp(6), tstz timestamptz, d date, tm time, iv interval, arr int[], tarr text[], two_d int[],
       j json, jb jsonb, u uuid, bits bit varying(16), inet_col inet, mood app.mood, rng int4range, xml_col xml, pt point
     )`,
    `CREATE TABLE app.no_key (v text, n int)`,
  ];
}

/** Rows for the fixture: every awkward value the issue lists. */
export function fidelityData(): string[] {
  return [
    `INSERT INTO app.customers (name, email, mood, address, balance, tags, created_at, referrer_id) VALUES
       ('Ada', 'ada@example.com', 'happy', ROW('1 Main St', 'Zürich', '8000 '), 10.50, '{vip,early}', '2020-01-01 00:00:00+00', NULL),
       ('Bob', 'BOB@example.com', 'ünïcödé ''q''', NULL, -5, '{}', '2021-06-15 12:30:00.123456+02', 10),
       ('Émile "the" tab\tname', NULL, 'sad', ROW(NULL, NULL, NULL), 0, '{NULL,"x y"}', '1999-12-31 23:59:59.999999+00', 12)`,
    `INSERT INTO app.orders (customer_id, quantity, amount, during, note) VALUES
       (10, 3, 19.99, '[2024-01-01 10:00+00, 2024-01-01 11:00+00)', 'first'),
       (12, 1, 0, '[2024-01-02 10:00+00, 2024-01-02 11:00+00)', NULL),
       (14, 2, 5, 'empty', E'multi\\nline')`,
    `INSERT INTO app.a VALUES (1, NULL), (2, NULL)`,
    `INSERT INTO app.b VALUES (1, 1), (2, 2)`,
    `UPDATE app.a SET b_id = id`,
    `INSERT INTO app.scratch VALUES ('k1', '{"deep": {"er": [1, {"est": null}]}}'), ('k2', NULL)`,
    `INSERT INTO ledger.entries (account, amount, memo) VALUES ('Cash', 100.0001, 'opening'), ('CASH', -0.0001, NULL)`,
    `INSERT INTO app.events VALUES (1, '2023-05-01', 'a', '{}'), (2, '2024-05-01', 'a', '[1,2]'), (3, '2024-06-01', 'z', 'null'), (4, '2024-07-01', NULL, NULL)`,
    `INSERT INTO app.vehicles VALUES (1, 2), (2, 4)`,
    `INSERT INTO app.trucks (id, wheels, payload_tons) VALUES (3, 18, 40.5), (4, 6, NULL)`,
    `REFRESH MATERIALIZED VIEW app.order_totals`,
    // NULL everywhere.
    `INSERT INTO app.awkward (id) VALUES (1)`,
    // Empty values, which are not NULL.
    `INSERT INTO app.awkward (id, t, vc, ch, b, arr, tarr, j, jb, bits, xml_col) VALUES (2, '', '', '', '\\x', '{}', '{}', '""', '""', B'', '')`,
    // Tabs, newlines, carriage returns, backslashes, quotes, and text that looks like COPY escapes.
    `INSERT INTO app.awkward (id, t, vc, tarr) VALUES
       (3, E'a\\tb\\nc\\\\d''e"f\\rg\\x01h', E'\\\\N', ARRAY[E'tab\\there', 'quote"', E'back\\\\slash', 'comma,', '{brace}', 'NULL', '']),
       (4, '\\N', '\\.', ARRAY['\\N'])`,
    // Non-Latin text and emoji.
    `INSERT INTO app.awkward (id, t, vc, ch) VALUES (5, 'Ελληνικά 中文 العربية עברית 🎉👩‍👩‍👧 ∑', '日本語テキスト', 'ß😀')`,
    // 1 MB values.
    `INSERT INTO app.awkward (id, t, b) VALUES (6, repeat('x€', 350000), decode(repeat('00ff7f5c0a09', 174763), 'hex'))`,
    // Every byte value in bytea.
    `INSERT INTO app.awkward (id, b) VALUES (7, (SELECT decode(string_agg(lpad(to_hex(i), 2, '0'), '' ORDER BY i), 'hex') FROM generate_series(0, 255) i))`,
    // NaN, ±Infinity, -0, long numerics.
    `INSERT INTO app.awkward (id, f8, f4, n) VALUES
       (8, 'NaN', 'NaN', 'NaN'), (9, 'Infinity', 'Infinity', 'Infinity'), (10, '-Infinity', '-Infinity', '-Infinity'),
       (11, '-0', '-0', '-0.000'), (12, 1.7976931348623157e308, 3.4028235e38, '12345678901234567890.123456789012345678901234567890'),
       (13, 5e-324, 1e-45, '-0.00000000000000000001')`,
    // Infinity time stamps, BC dates, microsecond precision, odd intervals and times.
    `INSERT INTO app.awkward (id, ts, tstz, d, tm, iv) VALUES
       (14, 'infinity', 'infinity', 'infinity', '24:00:00', '1 year 2 mons -3 days 04:05:06.789012'),
       (15, '-infinity', '-infinity', '-infinity', '00:00:00', '-178000000 years'),
       (16, '0044-03-15 12:00:00.000001 BC', '4713-01-01 00:00:00+00 BC', '4713-01-01 BC', '23:59:59.999999', '0'),
       (17, '2024-02-29 23:59:59.999999', '2024-06-01 12:34:56.123456+05:30', '294276-12-31', '12:00', '1 microsecond')`,
    // Arrays with NULL elements, multi-dimensional arrays.
    `INSERT INTO app.awkward (id, arr, tarr, two_d) VALUES (18, '{1,NULL,3}', '{NULL,"",a}', '{{1,2},{3,NULL}}'), (19, '[0:2]={7,8,9}', '{{"x"}}', '{}')`,
    // Nested JSON (json keeps its text, duplicate keys and spacing; jsonb normalises).
    `INSERT INTO app.awkward (id, j, jb) VALUES
       (20, '{"a": {"b": [1, 2, {"c": null}], "d": "tab\\there"},  "a": 2, "e": "ünï\\u0000"}', '{"a": {"b": [1, 2, {"c": null}], "d": "tab\\there"}, "e": "ünï", "n": 1.0e10}')`,
    `INSERT INTO app.awkward (id, u, bits, inet_col, mood, rng, xml_col, pt) VALUES
       (21, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', B'1010000011110000', '::1/128', 'ünïcödé ''q''', 'empty', '<a x="1">&amp;</a>', '(1.5,-0)'),
       (22, NULL, B'1', '192.168.0.1/24', 'sad', '[1,10)', '<?xml version="1.0"?><r/>', '(NaN,Infinity)')`,
    `INSERT INTO app.no_key SELECT CASE WHEN g % 7 = 0 THEN NULL ELSE 'v' || g END, g % 3 FROM generate_series(1, 500) g`,
    `INSERT INTO app.no_key VALUES ('dup', 1), ('dup', 1), ('dup', 1)`,
  ];
}
