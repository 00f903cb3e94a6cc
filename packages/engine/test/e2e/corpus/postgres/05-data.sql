-- Awkward rows, kept small: NULLs everywhere, unicode, control characters, backslashes, large
-- values (a 200 kB text, a 100 kB bytea), arrays (nested, with NULLs), ranges, multiranges, jsonb,
-- bytea, numeric and float extremes, infinities and NaN.
INSERT INTO corpus.kinds ("Mixed Col", "select", "ünï", mood, who, mail, pair, small, amount, created, flags) VALUES
  ('plain', 1, 'a', 'sad', ROW('Ann', ROW('Main St', 1, '12345')::corpus.address, ARRAY['ok', 'happy']::corpus.mood[])::corpus.person, 'a@b.c', '{1,2}', 5, 1.5, '2024-01-01 00:00:00+00', B'1'),
  (NULL, 2, NULL, NULL, NULL, 'x@y', NULL, NULL, NULL, 'infinity', NULL),
  (E'tab\there\nnewline\r\\back\\slash \x01\x1f', 3, 'ünï cødé ✓ 😀 𝔘', 'ecstatic', ROW(NULL, ROW(NULL, NULL, NULL)::corpus.address, NULL)::corpus.person, 'ü@ñ', '{-1,NULL}', 999, -99999999.999, '-infinity', B''),
  (repeat('large ', 35000), 4, E'\\N looks like null', 'meh', ROW('Q"uote''s', ROW('', -2147483648, '')::corpus.address, '{}')::corpus.person, '@', '{2147483647,-2147483648}', 1, 0, '2000-02-29 12:34:56.789012+05:30', B'11111111');
INSERT INTO "Mixed Case"."Order Lines" ("Line", "Qty", note) SELECT g % 3 + 1, g * 1.25, CASE WHEN g % 4 = 0 THEN NULL ELSE 'line ' || g END FROM generate_series(1, 60) g;
INSERT INTO "select"."table" VALUES (1, 'root', NULL), (2, 'child', 1), (3, NULL, 2);
INSERT INTO "ünï cødé"."tâblé ✓" VALUES (1, '値', '😀'), (2, NULL, E'\u00e9\u0301'), (3, '', repeat('✓', 1000));
INSERT INTO "quote""d"."ta""ble" VALUES (1, E'a\\b'), (NULL, NULL), (2, '"');
INSERT INTO corpus.extended VALUES (1, 'Ann', 'a=>1, "b c"=>NULL', 'first title'), (2, 'BOB', '', NULL), (3, NULL, NULL, 'ünï');
INSERT INTO corpus.owners VALUES (1, 1), (1, 2);
INSERT INTO corpus.events (id, kind) VALUES (1, 'a'), (2, 'b'), (3, 'a');
INSERT INTO corpus.trucks (id, name, axles) VALUES (6, 'truck', 3);
INSERT INTO "ünï cødé"."line
break" VALUES (1, 'x', 2), (NULL, NULL, NULL);
INSERT INTO corpus.parents VALUES (1, 'one'), (2, 'two'), (3, 'three');
INSERT INTO corpus.owned VALUES (1, 1), (1, NULL);
INSERT INTO corpus.children VALUES (1, 1, 'one', 1), (2, NULL, NULL, NULL), (3, 3, 'three', 500);
INSERT INTO corpus.bookings VALUES (1, '[2024-01-01, 2024-01-02)'), (1, '[2024-01-02, 2024-01-03)'), (0, '[2024-01-01, 2024-01-05)'), (2, 'empty');
INSERT INTO corpus.tags VALUES ('a', NULL), ('b', 'x');
INSERT INTO corpus.nothing DEFAULT VALUES;
INSERT INTO corpus.nothing DEFAULT VALUES;
INSERT INTO corpus.scratchpad VALUES ('k1', '{"a": [1, 2.5, null, true], "ü": {"nested": "✓"}, "": ""}'), ('k2', 'null'), ('k3', NULL), ('k4', '"\\u0000 is not allowed but \\t is"');
INSERT INTO corpus.vehicles (id, name) VALUES (1, 'generic');
INSERT INTO corpus.cars (id, name, doors, label) VALUES (2, 'car', 5, 'red'), (3, NULL, NULL, NULL);
INSERT INTO corpus.bikes (id, name, wheels, bell) VALUES (4, 'bike', 2, true), (5, 'unicycle', -1, NULL);
INSERT INTO corpus.measures (id, at, v, note) SELECT g, DATE '2024-03-01' + (g % 1200), g, CASE WHEN g % 5 = 0 THEN 'n' || g END FROM generate_series(1, 600) g;
INSERT INTO corpus.readings SELECT g, g, DATE '2024-03-01' + (g % 1200) FROM generate_series(1, 600, 7) g;
INSERT INTO "Mixed Case"."By Region" VALUES ('north', 1), ('Nörth', 2), ('it''s north', 3), ('', 4);
INSERT INTO "Mixed Case"."Region Notes" VALUES ('north', 1, 'cold'), ('', 4, NULL), (NULL, NULL, 'orphan is fine');

-- Constraints added NOT VALID over rows that break them (on a parent of inheritance children too).
ALTER TABLE corpus.children ADD CONSTRAINT children_other_fk FOREIGN KEY (other) REFERENCES corpus.parents NOT VALID;
ALTER TABLE corpus.children ADD CONSTRAINT children_other_small CHECK (other < 100) NOT VALID;
ALTER TABLE corpus.vehicles ADD CONSTRAINT vehicles_wheels CHECK (wheels >= 0) NOT VALID;

-- One table of every awkward value type.
CREATE TABLE corpus.values (
  id int PRIMARY KEY,
  ints int[],
  grid text[][],
  blob bytea,
  doc jsonb,
  js json,
  r int4range,
  mr int4multirange,
  fr corpus.floatrange,
  n numeric,
  f float8,
  r4 real,
  iv interval,
  ts timestamp,
  u uuid,
  inet_col inet,
  x xml,
  tsv tsvector,
  pt point,
  money_col money
);
COMMENT ON COLUMN corpus.values.grid IS 'a two-dimensional array';
INSERT INTO corpus.values VALUES
  (1, '{1,NULL,3}', '{{"a","b"},{"c",NULL}}', '\x00ff5c0d0a', '{"k": "v", "arr": [1, {"x": null}]}', '{"dup": 1, "dup": 2}', '[1,10)', '{[1,3), [5,7)}', '[1.5,2.5]', 1e-50, 'NaN', '-Infinity', '1 year 2 mons -3 days 04:05:06.789', '0001-01-01 00:00:00', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '::1/128', '<a b="c">ü &amp; ✓</a>', 'a fat:1A cat:2B', '(1.5,-2)', '$1,234.56'),
  (2, '{}', '{}', '', '[]', 'null', 'empty', '{}', 'empty', 'NaN', 'Infinity', 3.4e38, '-178000000 years', 'infinity', NULL, '10.0.0.0/8', NULL, '', NULL, NULL),
  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 123456789012345678901234567890.123456789012345678901234567890, -0.0, 1e-45, NULL, '-infinity', NULL, NULL, NULL, NULL, NULL, '-$0.01'),
  (4, ARRAY[2147483647, -2147483648], ARRAY[[E'\t', E'\\'], ['"', '{}']], decode(repeat('00ff', 50000), 'hex'), '"\u00e9"', '"raw \u0000 escaped"', '(,)', '{(,)}', '(,0]', -0.000001, 1.7976931348623157e308, 0, '0', '2024-02-29 23:59:59.999999', '00000000-0000-0000-0000-000000000000', '2001:db8::/32', '<?xml version="1.0"?><r/>', 'ü:1 ✓', '(0,0)', 0);
