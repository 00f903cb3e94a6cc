-- Casts, collations and conversions (helper pga's kinds).
CREATE TYPE corpus.celsius AS (deg numeric);
CREATE FUNCTION corpus.celsius_of(numeric) RETURNS corpus.celsius LANGUAGE sql IMMUTABLE RETURN ROW($1)::corpus.celsius;
CREATE CAST (numeric AS corpus.celsius) WITH FUNCTION corpus.celsius_of(numeric) AS ASSIGNMENT;
CREATE TYPE corpus.flag AS ENUM ('off', 'on');
CREATE CAST (corpus.flag AS text) WITH INOUT AS IMPLICIT;
COMMENT ON CAST (numeric AS corpus.celsius) IS 'degrees as a temperature';
CREATE COLLATION corpus."German Phone" (provider = icu, locale = 'de-u-co-phonebk');
CREATE COLLATION corpus.nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE COLLATION corpus.c_copy FROM "C";
COMMENT ON COLLATION corpus.nocase IS 'case-insensitive';
CREATE TABLE corpus.collated (a text COLLATE corpus.nocase, b text COLLATE corpus."German Phone");
INSERT INTO corpus.collated VALUES ('Ä', 'ä'), ('a', 'b');
CREATE CONVERSION corpus.my_latin1 FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8;
COMMENT ON CONVERSION corpus.my_latin1 IS 'a copy of the built-in';
