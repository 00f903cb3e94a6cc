-- Triggers (row and statement, WHEN, UPDATE OF columns, transition tables, a deferrable constraint
-- trigger, a disabled one) and rules (the INSTEAD rules that make a view updatable, ALSO rules, a
-- disabled rule, a rule with a WHERE), with comments.
CREATE TABLE corpus.audit (at timestamptz DEFAULT now(), tbl text, op text, n int);
CREATE FUNCTION corpus.audit_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO corpus.audit (tbl, op) VALUES (TG_TABLE_NAME, TG_OP); RETURN NULL; END $$;
CREATE FUNCTION corpus.audit_stmt() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO corpus.audit (tbl, op, n) SELECT TG_TABLE_NAME, TG_OP, count(*) FROM new_rows; RETURN NULL; END $$;
CREATE TRIGGER "Audit Row" AFTER INSERT OR DELETE OR UPDATE OF code ON corpus.parents FOR EACH ROW WHEN (pg_trigger_depth() < 1) EXECUTE FUNCTION corpus.audit_row();
CREATE TRIGGER audit_stmt AFTER INSERT ON corpus.children REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION corpus.audit_stmt();
CREATE CONSTRAINT TRIGGER children_check AFTER INSERT OR UPDATE ON corpus.children DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION corpus.audit_row();
CREATE TRIGGER off_trigger BEFORE UPDATE ON corpus.kinds FOR EACH ROW EXECUTE FUNCTION corpus.stamp();
ALTER TABLE corpus.kinds DISABLE TRIGGER off_trigger;
COMMENT ON TRIGGER "Audit Row" ON corpus.parents IS 'one audit row per change';

CREATE TABLE corpus.accounts (id int PRIMARY KEY, owner text NOT NULL, balance numeric NOT NULL DEFAULT 0);
CREATE TABLE corpus.accounts_log (id int, action text, who text);
CREATE VIEW corpus.accounts_v AS SELECT a.id, a.owner, a.balance, count(l.id) AS log_rows FROM corpus.accounts a LEFT JOIN corpus.accounts_log l ON l.id = a.id GROUP BY a.id;
CREATE RULE accounts_v_ins AS ON INSERT TO corpus.accounts_v DO INSTEAD INSERT INTO corpus.accounts (id, owner, balance) VALUES (NEW.id, NEW.owner, NEW.balance);
CREATE RULE accounts_v_upd AS ON UPDATE TO corpus.accounts_v DO INSTEAD UPDATE corpus.accounts SET owner = NEW.owner, balance = NEW.balance WHERE id = OLD.id;
CREATE RULE accounts_v_del AS ON DELETE TO corpus.accounts_v DO INSTEAD DELETE FROM corpus.accounts WHERE id = OLD.id;
CREATE RULE "Accounts Audit" AS ON INSERT TO corpus.accounts DO ALSO INSERT INTO corpus.accounts_log VALUES (NEW.id, 'insert', NEW.owner);
CREATE RULE accounts_forget AS ON DELETE TO corpus.accounts DO ALSO INSERT INTO corpus.accounts_log VALUES (OLD.id, 'delete', OLD.owner);
CREATE RULE no_big_update AS ON UPDATE TO corpus.accounts WHERE NEW.balance > 1000000 DO INSTEAD NOTHING;
ALTER TABLE corpus.accounts DISABLE RULE accounts_forget;
COMMENT ON RULE "Accounts Audit" ON corpus.accounts IS 'logs inserts';
INSERT INTO corpus.accounts_v (id, owner, balance) VALUES (1, 'alice', 10), (2, 'bob', 20), (3, 'carol', 30);

-- An INSTEAD OF trigger on a view, and rules fired only in replica mode or always.
CREATE FUNCTION corpus.parent_codes_ins() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO corpus.parents VALUES (NEW.id, NEW.code); RETURN NEW; END $$;
CREATE TRIGGER parent_codes_ins INSTEAD OF INSERT ON corpus.parent_codes FOR EACH ROW EXECUTE FUNCTION corpus.parent_codes_ins();
CREATE RULE log_always AS ON UPDATE TO corpus.accounts_log DO ALSO NOTIFY accounts_log;
CREATE RULE log_replica AS ON DELETE TO corpus.accounts_log DO ALSO NOTIFY accounts_log;
ALTER TABLE corpus.accounts_log ENABLE ALWAYS RULE log_always;
ALTER TABLE corpus.accounts_log ENABLE REPLICA RULE log_replica;
