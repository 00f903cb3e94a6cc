-- Procedural languages, access methods (index and table) and transforms (helper pga's kinds).
CREATE LANGUAGE corpus_pl HANDLER plpgsql_call_handler INLINE plpgsql_inline_handler VALIDATOR plpgsql_validator;
COMMENT ON LANGUAGE corpus_pl IS 'plpgsql under another name';
CREATE FUNCTION corpus.in_corpus_pl() RETURNS int LANGUAGE corpus_pl AS $$ BEGIN RETURN 1; END $$;
CREATE ACCESS METHOD corpus_gist TYPE INDEX HANDLER gisthandler;
CREATE ACCESS METHOD corpus_heap TYPE TABLE HANDLER heap_tableam_handler;
COMMENT ON ACCESS METHOD corpus_heap IS 'heap under another name';
CREATE TABLE corpus.in_custom_am (id int, note text) USING corpus_heap;
INSERT INTO corpus.in_custom_am VALUES (1, 'kept'), (2, NULL);
CREATE TRANSFORM FOR int LANGUAGE SQL (FROM SQL WITH FUNCTION prsd_lextype(internal), TO SQL WITH FUNCTION int4recv(internal));
COMMENT ON TRANSFORM FOR int LANGUAGE SQL IS 'from pg_dump''s own tests';
