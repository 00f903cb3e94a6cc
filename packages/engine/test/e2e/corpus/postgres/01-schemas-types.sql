-- Schemas with awkward names, and the types everything else is built on: enums, composite types,
-- domains and range types, each with a comment. psql variables: reader, writer (roles).
CREATE SCHEMA corpus;
COMMENT ON SCHEMA corpus IS 'the plain schema of the corpus';
CREATE SCHEMA "Mixed Case";
COMMENT ON SCHEMA "Mixed Case" IS 'a schema whose name needs quotes';
CREATE SCHEMA "select";
CREATE SCHEMA "ünï cødé";
CREATE SCHEMA "quote""d";
ALTER SCHEMA "quote""d" OWNER TO :"writer";
GRANT USAGE ON SCHEMA corpus, "Mixed Case", "select", "ünï cødé", "quote""d" TO :"reader";

-- Extensions: one in a corpus schema, one in public, one whose operator class an index uses (10).
CREATE EXTENSION citext SCHEMA corpus;
CREATE EXTENSION hstore;
CREATE EXTENSION pg_trgm SCHEMA "Mixed Case";
COMMENT ON EXTENSION hstore IS 'key/value pairs';

-- Enums: labels with spaces, quotes, unicode and an empty label; one extended after creation.
CREATE TYPE corpus.mood AS ENUM ('sad', 'ok', 'happy');
ALTER TYPE corpus.mood ADD VALUE 'ecstatic' AFTER 'happy';
ALTER TYPE corpus.mood ADD VALUE 'meh' BEFORE 'ok';
CREATE TYPE "Mixed Case"."Weird Enum" AS ENUM ('', 'with space', 'it''s', 'ünï', 'UPPER', 'select');
COMMENT ON TYPE corpus.mood IS 'how it went';

-- Composite types, one nesting another and an array of an enum.
CREATE TYPE corpus.address AS (street text, "House No" int, zip varchar(10) COLLATE "C");
CREATE TYPE corpus.person AS (name text, home corpus.address, moods corpus.mood[]);
COMMENT ON TYPE corpus.address IS 'a postal address';
COMMENT ON COLUMN corpus.address.zip IS 'postal code';

-- Domains: NOT NULL, named checks, a default, a domain over a domain and over an array.
CREATE DOMAIN corpus.posint AS int CONSTRAINT posint_positive CHECK (VALUE > 0);
CREATE DOMAIN corpus.small_posint AS corpus.posint CHECK (VALUE < 1000) DEFAULT 1;
CREATE DOMAIN corpus.email AS text COLLATE "C" NOT NULL CONSTRAINT "has an @" CHECK (VALUE LIKE '%@%');
CREATE DOMAIN corpus.int_pair AS int[] CHECK (cardinality(VALUE) = 2);
CREATE DOMAIN "select"."from" AS numeric(12, 3) DEFAULT 0.000;
ALTER DOMAIN corpus.posint ADD CONSTRAINT posint_not_huge CHECK (VALUE < 2000000000) NOT VALID;
COMMENT ON DOMAIN corpus.email IS 'an address with an @';
COMMENT ON CONSTRAINT "has an @" ON DOMAIN corpus.email IS 'the only rule';

-- Range types: one with a subtype diff function, one with a collation and the multirange it brings.
CREATE FUNCTION corpus.float_diff(a float8, b float8) RETURNS float8 LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT a - b $$;
CREATE TYPE corpus.floatrange AS RANGE (subtype = float8, subtype_diff = corpus.float_diff);
CREATE TYPE corpus.textrange AS RANGE (subtype = text, collation = "C", multirange_type_name = corpus.textmultirange);
COMMENT ON TYPE corpus.floatrange IS 'a range of doubles';
GRANT USAGE ON TYPE corpus.mood TO :"reader";
REVOKE USAGE ON TYPE corpus.address FROM PUBLIC;
