-- Base and shell types (helper pga's kinds): a shell type, and a base type whose I/O functions are
-- the built-in int4 ones declared in language internal (as pg_dump's own tests do; superuser only).
CREATE TYPE corpus.only_shell;
CREATE TYPE corpus.int42;
CREATE FUNCTION corpus.int42_in(cstring) RETURNS corpus.int42 AS 'int4in' LANGUAGE internal STRICT IMMUTABLE;
CREATE FUNCTION corpus.int42_out(corpus.int42) RETURNS cstring AS 'int4out' LANGUAGE internal STRICT IMMUTABLE;
CREATE TYPE corpus.int42 (INPUT = corpus.int42_in, OUTPUT = corpus.int42_out, INTERNALLENGTH = 4, PASSEDBYVALUE, ALIGNMENT = int4, STORAGE = plain, DEFAULT = '42', CATEGORY = 'N');
COMMENT ON TYPE corpus.int42 IS 'an int4 by another name';
CREATE TABLE corpus.int42s (v corpus.int42, arr corpus.int42[]);
INSERT INTO corpus.int42s VALUES ('1', '{2,3}'), (DEFAULT, NULL);
