-- Text search parsers, templates, dictionaries and configurations (helper pga's kinds).
CREATE TEXT SEARCH PARSER corpus.my_parser (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end, LEXTYPES = prsd_lextype, HEADLINE = prsd_headline);
CREATE TEXT SEARCH TEMPLATE corpus.my_template (LEXIZE = dsimple_lexize);
CREATE TEXT SEARCH TEMPLATE corpus.my_template_init (INIT = dsimple_init, LEXIZE = dsimple_lexize);
CREATE TEXT SEARCH DICTIONARY corpus."Simple Dict" (TEMPLATE = simple, STOPWORDS = english, ACCEPT = false);
CREATE TEXT SEARCH DICTIONARY corpus.my_dict (TEMPLATE = corpus.my_template_init);
CREATE TEXT SEARCH CONFIGURATION corpus.my_config (PARSER = corpus.my_parser);
ALTER TEXT SEARCH CONFIGURATION corpus.my_config ADD MAPPING FOR word, asciiword WITH corpus."Simple Dict", simple;
CREATE TEXT SEARCH CONFIGURATION corpus.english_copy (COPY = pg_catalog.english);
COMMENT ON TEXT SEARCH CONFIGURATION corpus.my_config IS 'words through a simple dictionary';
CREATE TABLE corpus.docs (id int PRIMARY KEY, body text, tsv tsvector GENERATED ALWAYS AS (to_tsvector('corpus.my_config', body)) STORED);
INSERT INTO corpus.docs (id, body) VALUES (1, 'The quick brown fox'), (2, NULL);
