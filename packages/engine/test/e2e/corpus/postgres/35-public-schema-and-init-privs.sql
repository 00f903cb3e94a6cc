-- The pre-existing public schema's owner and ACL, and changed ACLs of built-in objects, which
-- pg_dump carries through pg_init_privs (helper pgb's kinds).
ALTER SCHEMA public OWNER TO :"writer";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"reader";
COMMENT ON SCHEMA public IS 'the public schema, made private';
REVOKE EXECUTE ON FUNCTION pg_catalog.now() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pg_catalog.now() TO :"reader";
GRANT SELECT ON pg_catalog.pg_largeobject TO :"reader";
-- Column privileges of built-in relations: one granted beyond initdb's, one of initdb's revoked.
GRANT SELECT (starelid, staattnum) ON pg_catalog.pg_statistic TO :"reader";
REVOKE SELECT (subslotname) ON pg_catalog.pg_subscription FROM PUBLIC;
