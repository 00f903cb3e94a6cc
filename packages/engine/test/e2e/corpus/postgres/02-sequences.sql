-- Sequences with every option, one owned by a column (see 03), values moved on.
CREATE SEQUENCE corpus.plain_seq;
SELECT setval('corpus.plain_seq', 42);
CREATE SEQUENCE corpus."Odd Seq" AS smallint INCREMENT BY -3 MINVALUE -30000 MAXVALUE 100 START WITH 99 CACHE 5 CYCLE;
SELECT nextval('corpus."Odd Seq"');
CREATE SEQUENCE "ünï cødé"."séquence" START 1000;
SELECT setval('"ünï cødé"."séquence"', 1000, false);
CREATE UNLOGGED SEQUENCE corpus.unlogged_seq;
COMMENT ON SEQUENCE corpus."Odd Seq" IS 'counts down and wraps';
GRANT USAGE, SELECT ON SEQUENCE corpus.plain_seq TO :"reader";
