-- Routines: SQL-standard bodies (RETURN and BEGIN ATOMIC, which name tables), plpgsql with %TYPE,
-- overloads, procedures, aggregates (zero-argument, ordered-set, with a final function), window
-- and set-returning functions, SECURITY DEFINER with SET, and grants and comments on them.
CREATE FUNCTION corpus.add(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN a + b;
CREATE FUNCTION corpus.add(a text, b text) RETURNS text LANGUAGE sql IMMUTABLE RETURN a || b;
CREATE FUNCTION corpus.parent_count() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT count(*) FROM corpus.parents; END;
CREATE FUNCTION corpus.code_of(p corpus.parents.id%TYPE) RETURNS corpus.parents.code%TYPE LANGUAGE plpgsql STABLE AS $$
DECLARE c corpus.parents.code%TYPE;
BEGIN
  SELECT code INTO c FROM corpus.parents WHERE id = p;
  RETURN c;
END $$;
CREATE FUNCTION "Mixed Case"."Weird Fn"("In Arg" text DEFAULT 'x', VARIADIC rest int[] DEFAULT '{}') RETURNS TABLE ("Out Col" text, n int)
  LANGUAGE sql ROWS 5 COST 10 AS $$ SELECT "In Arg", r FROM unnest(rest) r $$;
CREATE FUNCTION corpus.secret_count() RETURNS int LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET work_mem = '8MB'
  AS $$ BEGIN RETURN (SELECT count(*) FROM corpus.children); END $$;
REVOKE EXECUTE ON FUNCTION corpus.secret_count() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION corpus.secret_count() TO :"reader";
CREATE FUNCTION corpus.inout(INOUT x int, OUT y text) LANGUAGE sql AS $$ SELECT x * 2, 'y' $$;
CREATE FUNCTION corpus.series(n int) RETURNS SETOF int LANGUAGE sql STRICT LEAKPROOF AS $$ SELECT generate_series(1, n) $$;
CREATE FUNCTION "select"."where"("from" "select"."from") RETURNS "select"."from" LANGUAGE sql RETURN "from" * 2;
COMMENT ON FUNCTION corpus.add(int, int) IS 'adds integers';
COMMENT ON FUNCTION corpus.add(text, text) IS 'adds text';

CREATE PROCEDURE corpus.bump(IN amount int, INOUT total int DEFAULT 0) LANGUAGE plpgsql AS $$ BEGIN total := total + amount; END $$;
CREATE PROCEDURE corpus.insert_parent(i int, c text) LANGUAGE sql BEGIN ATOMIC INSERT INTO corpus.parents VALUES (i, c); END;
COMMENT ON PROCEDURE corpus.bump(int, int) IS 'a procedure with INOUT';

CREATE AGGREGATE corpus.newcnt(*) (sfunc = int8inc, stype = int8, initcond = '0');
COMMENT ON AGGREGATE corpus.newcnt(*) IS 'counts rows';
CREATE FUNCTION corpus.concat_step(acc text, v text) RETURNS text LANGUAGE sql IMMUTABLE RETURN CASE WHEN acc = '' THEN v ELSE acc || ',' || v END;
CREATE FUNCTION corpus.concat_final(acc text) RETURNS text LANGUAGE sql IMMUTABLE RETURN '[' || acc || ']';
CREATE AGGREGATE corpus.joined(text) (sfunc = corpus.concat_step, stype = text, finalfunc = corpus.concat_final, initcond = '');
CREATE AGGREGATE corpus.my_percentile(float8 ORDER BY float8) (sfunc = ordered_set_transition, stype = internal, finalfunc = percentile_disc_final, finalfunc_extra);
CREATE AGGREGATE corpus.sum_add(int) (sfunc = corpus.add, stype = int, initcond = '0', combinefunc = corpus.add, parallel = safe);
COMMENT ON AGGREGATE corpus.joined(text) IS 'joins text with commas';
CREATE FUNCTION corpus.int_sub(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE RETURN a - b;
CREATE AGGREGATE corpus.moving_sum(int) (sfunc = corpus.add, stype = int, msfunc = corpus.add, minvfunc = corpus.int_sub, mstype = int, initcond = '0', minitcond = '0');
