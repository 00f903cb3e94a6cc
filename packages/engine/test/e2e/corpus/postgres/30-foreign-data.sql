-- Foreign-data wrappers, servers, user mappings and foreign tables (helper pgb's kinds). The wrapper
-- has no handler, so nothing ever connects anywhere.
CREATE FOREIGN DATA WRAPPER corpus_fdw OPTIONS (debug 'true');
CREATE FOREIGN DATA WRAPPER "Mixed FDW" VALIDATOR postgresql_fdw_validator;
COMMENT ON FOREIGN DATA WRAPPER corpus_fdw IS 'a wrapper with no handler';
CREATE SERVER corpus_server FOREIGN DATA WRAPPER corpus_fdw OPTIONS (host 'nowhere.invalid', "weird opt" 'it''s');
CREATE SERVER "Mixed Server" TYPE 'kind' VERSION '1.0' FOREIGN DATA WRAPPER corpus_fdw;
COMMENT ON SERVER corpus_server IS 'never reached';
CREATE USER MAPPING FOR :"reader" SERVER corpus_server OPTIONS (user 'remote_reader');
CREATE USER MAPPING FOR PUBLIC SERVER "Mixed Server";
GRANT USAGE ON FOREIGN SERVER corpus_server TO :"reader";
CREATE FOREIGN TABLE corpus.remote_things (id int OPTIONS (column_name 'remote id') NOT NULL, label text DEFAULT 'x', CHECK (id > 0)) SERVER corpus_server OPTIONS (table_name 'things');
COMMENT ON FOREIGN TABLE corpus.remote_things IS 'rows live elsewhere';
GRANT SELECT ON corpus.remote_things TO :"reader";
