-- Row-level security (enabled and forced, permissive and restrictive policies for roles and
-- PUBLIC), grants of every scope, and default privileges (global, per schema, per role).
CREATE FUNCTION corpus.non_negative(v numeric) RETURNS boolean LANGUAGE sql IMMUTABLE RETURN v >= 0;
ALTER TABLE corpus.accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE corpus.accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY "readers see all" ON corpus.accounts AS PERMISSIVE FOR SELECT TO :"reader" USING (true);
CREATE POLICY own_rows ON corpus.accounts USING (owner = CURRENT_USER) WITH CHECK (owner = CURRENT_USER AND balance >= 0);
CREATE POLICY no_overdraft ON corpus.accounts AS RESTRICTIVE FOR UPDATE TO :"reader", :"writer" USING (corpus.non_negative(balance)) WITH CHECK (corpus.non_negative(balance));
COMMENT ON POLICY own_rows ON corpus.accounts IS 'each owner sees their own rows';
ALTER TABLE "ünï cødé"."tâblé ✓" ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON corpus.accounts TO :"reader";
GRANT INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON corpus.accounts TO :"writer";
GRANT SELECT ON ALL TABLES IN SCHEMA "Mixed Case" TO :"reader";
REVOKE ALL ON corpus.audit FROM PUBLIC;

ALTER DEFAULT PRIVILEGES IN SCHEMA corpus GRANT SELECT ON TABLES TO :"reader";
ALTER DEFAULT PRIVILEGES IN SCHEMA corpus GRANT USAGE ON SEQUENCES TO PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA "Mixed Case" GRANT EXECUTE ON FUNCTIONS TO :"reader" WITH GRANT OPTION;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES GRANT USAGE ON TYPES TO :"reader";
ALTER DEFAULT PRIVILEGES FOR ROLE :"writer" IN SCHEMA "quote""d" GRANT SELECT ON TABLES TO :"reader";

-- A privilege granted by a role other than the owner (restored as that role), an identity sequence
-- with a name, privileges (from the default privileges above) and a comment of its own, and objects
-- of several kinds owned by another role.
GRANT USAGE ON SCHEMA corpus TO :"writer";
SET ROLE :"writer";
GRANT SELECT, UPDATE ON corpus.kinds TO :"reader";
GRANT INSERT ("Mixed Col", "ünï") ON corpus.kinds TO PUBLIC;
RESET ROLE;
CREATE TABLE corpus.identity_named (id bigint GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME corpus."Identity Seq" START WITH 100 CACHE 3), v text);
INSERT INTO corpus.identity_named (v) VALUES ('a'), (NULL);
COMMENT ON SEQUENCE corpus."Identity Seq" IS 'made by its column';
ALTER TABLE corpus.identity_named OWNER TO :"writer";
ALTER FUNCTION corpus.series(int) OWNER TO :"writer";
ALTER TYPE corpus.mood OWNER TO :"writer";
ALTER VIEW corpus.countdown OWNER TO :"writer";
ALTER SEQUENCE corpus."Odd Seq" OWNER TO :"writer";
