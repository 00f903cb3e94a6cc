-- Operators, operator families and classes (helper pga's kinds). Shapes after pg_dump's own tests.
CREATE FUNCTION corpus.text_ieq(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT RETURN lower(a) = lower(b);
CREATE FUNCTION corpus.text_ilt(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT RETURN lower(a) < lower(b);
CREATE FUNCTION corpus.text_icmp(a text, b text) RETURNS int LANGUAGE sql IMMUTABLE STRICT RETURN CASE WHEN lower(a) < lower(b) THEN -1 WHEN lower(a) > lower(b) THEN 1 ELSE 0 END;
CREATE OPERATOR corpus.=== (LEFTARG = text, RIGHTARG = text, FUNCTION = corpus.text_ieq, COMMUTATOR = OPERATOR(corpus.===), RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR corpus.<<< (LEFTARG = text, RIGHTARG = text, FUNCTION = corpus.text_ilt);
CREATE OPERATOR corpus.!! (RIGHTARG = bigint, FUNCTION = factorial);
COMMENT ON OPERATOR corpus.===(text, text) IS 'equal, ignoring case';
CREATE OPERATOR FAMILY corpus.ci_ops USING btree;
CREATE OPERATOR CLASS corpus.ci_text_ops FOR TYPE text USING btree FAMILY corpus.ci_ops AS
  OPERATOR 1 corpus.<<<, OPERATOR 3 corpus.===, FUNCTION 1 corpus.text_icmp(text, text);
CREATE OPERATOR FAMILY "Mixed Case"."Empty Family" USING hash;
COMMENT ON OPERATOR CLASS corpus.ci_text_ops USING btree IS 'case-insensitive text order';
CREATE TABLE corpus.ci_words (w text);
CREATE INDEX ci_words_w ON corpus.ci_words (w corpus.ci_text_ops);
INSERT INTO corpus.ci_words VALUES ('Apple'), ('apple'), ('BANANA');
