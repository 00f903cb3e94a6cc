-- Event triggers (helper pgb's kind), one disabled, one with a tag filter.
CREATE FUNCTION corpus.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'ddl: %', tg_tag; END $$;
CREATE EVENT TRIGGER corpus_ddl ON ddl_command_end EXECUTE FUNCTION corpus.on_ddl();
CREATE EVENT TRIGGER "Corpus Drops" ON sql_drop WHEN TAG IN ('DROP TABLE', 'DROP VIEW') EXECUTE FUNCTION corpus.on_ddl();
ALTER EVENT TRIGGER "Corpus Drops" DISABLE;
ALTER EVENT TRIGGER corpus_ddl ENABLE REPLICA;
COMMENT ON EVENT TRIGGER corpus_ddl IS 'tells of every DDL command';
