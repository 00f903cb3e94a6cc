import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Adapter } from '@sluice/adapter-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresAdapter } from '@sluice/adapter-postgres';
import { scratchName } from '../../../../test-support/scratch.js';
import { createScratch, PG_URL, type Scratch } from './support/engines.js';
import { exportSchemas, importDump, runJob, tempDir } from './support/jobs.js';
import { schemaOnly as dumpedSchema } from './support/pg-dump-schema.js';
import { runSqlFile } from './support/sql-client.js';
import { sql, tableRows } from './support/sql.js';

// Issue 10, items 8, 9 and 13: operators, operator classes and families, collations, conversions,
// text search objects, base and shell types and typed tables (schema-level), and casts, procedural
// languages, access methods and transforms (database-wide, FULL mode), each carried so that
// pg_dump --schema-only of the copy is the source's.

/** A whole database (or one schema, owners kept) as `pg_dump --schema-only` prints it, comments, settings and `\restrict` lines left out. */
function wholeSchema(url: string, schema?: string): string {
  const args = schema === undefined ? ['--schema-only', '--no-owner', '-d', url] : ['--schema-only', '-n', schema, '-d', url];
  return execFileSync('pg_dump', args, { encoding: 'utf8' })
    .split('\n')
    .filter((l) => !l.startsWith('--') && !/^SET |^SELECT pg_catalog.set_config|^\\(un)?restrict /.test(l))
    .join('\n')
    .replace(/\n{2,}/g, '\n');
}

describe('PostgreSQL fidelity: definitions (operators, classes, collations, text search, base types, typed tables)', () => {
  const src = 'pga_defs';
  let s: Scratch;
  let a: Adapter;
  const files = tempDir('pg-defs');
  const schemaOnly = (url: string, schema: string): string => dumpedSchema(url, schema, src, { privileges: true });
  const tables = ['items', 'pairs'];
  // Roles are cluster-wide: a name unique to this run, dropped once the scratch database is gone.
  const owner = scratchName('owner');

  beforeAll(async () => {
    s = await createScratch('postgres');
    a = s.adapter();
    await s.createSchema(src);
    await sql(a, `CREATE ROLE ${owner}`);
    for (const statement of [
      // Operators: a commutator/negator pair naming each other, a pair of commutators, a prefix operator.
      'CREATE FUNCTION pga_defs.text_eq(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT a = b $$',
      'CREATE FUNCTION pga_defs.text_ne(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT a <> b $$',
      'CREATE OPERATOR pga_defs.=== (LEFTARG = text, RIGHTARG = text, FUNCTION = pga_defs.text_eq, COMMUTATOR = OPERATOR(pga_defs.===), NEGATOR = OPERATOR(pga_defs.!==), RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES)',
      'CREATE OPERATOR pga_defs.!== (LEFTARG = text, RIGHTARG = text, FUNCTION = pga_defs.text_ne, NEGATOR = OPERATOR(pga_defs.===))',
      'CREATE OPERATOR pga_defs.<<< (LEFTARG = int4, RIGHTARG = int4, FUNCTION = int4lt, COMMUTATOR = OPERATOR(pga_defs.>>>))',
      'CREATE OPERATOR pga_defs.>>> (LEFTARG = int4, RIGHTARG = int4, FUNCTION = int4gt, COMMUTATOR = OPERATOR(pga_defs.<<<))',
      'CREATE OPERATOR pga_defs.@@@ (RIGHTARG = int4, FUNCTION = int4abs)',
      "COMMENT ON OPERATOR pga_defs.=== (text, text) IS 'same text'",
      // A family with a class of its own name, one whose class names it, and loose members added to it.
      'CREATE OPERATOR FAMILY pga_defs.int_fam USING btree',
      'CREATE OPERATOR CLASS pga_defs.int4_plain_ops FOR TYPE int4 USING btree FAMILY pga_defs.int_fam AS OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >, FUNCTION 1 btint4cmp(int4, int4)',
      'ALTER OPERATOR FAMILY pga_defs.int_fam USING btree ADD OPERATOR 1 < (int4, int8), OPERATOR 3 = (int4, int8), FUNCTION 1 (int4, int8) btint48cmp(int4, int8)',
      'CREATE OPERATOR CLASS pga_defs.text_same_ops FOR TYPE text USING hash AS OPERATOR 1 pga_defs.===, FUNCTION 1 hashtext(text)',
      // pg_dump's own cases: a class with sort support and equal-image functions, and a range type on a custom class.
      'CREATE OPERATOR FAMILY pga_defs.op_family USING btree',
      `CREATE OPERATOR CLASS pga_defs.op_class FOR TYPE bigint USING btree FAMILY pga_defs.op_family AS STORAGE bigint,
         OPERATOR 1 <(bigint,bigint), OPERATOR 2 <=(bigint,bigint), OPERATOR 3 =(bigint,bigint), OPERATOR 4 >=(bigint,bigint), OPERATOR 5 >(bigint,bigint),
         FUNCTION 1 btint8cmp(bigint,bigint), FUNCTION 2 btint8sortsupport(internal), FUNCTION 4 btequalimage(oid)`,
      'CREATE OPERATOR pga_defs.~~ (PROCEDURE = int4eq, LEFTARG = int, RIGHTARG = int)',
      'CREATE OPERATOR CLASS pga_defs.op_class_custom FOR TYPE int USING btree AS OPERATOR 3 pga_defs.~~',
      'CREATE TYPE pga_defs.range_type_custom AS RANGE (subtype = int, subtype_opclass = pga_defs.op_class_custom)',
      "COMMENT ON OPERATOR FAMILY pga_defs.int_fam USING btree IS 'plain integers'",
      "COMMENT ON OPERATOR CLASS pga_defs.text_same_ops USING hash IS 'hash on ==='",
      // Collations (ICU, nondeterministic; libc with one locale and with two) and a conversion.
      "CREATE COLLATION pga_defs.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false)",
      "CREATE COLLATION pga_defs.c_libc (locale = 'C')",
      "CREATE COLLATION pga_defs.mixed (lc_collate = 'C', lc_ctype = 'POSIX')",
      "COMMENT ON COLLATION pga_defs.ci IS 'case-insensitive'",
      "CREATE CONVERSION pga_defs.latin_conv FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8",
      "COMMENT ON CONVERSION pga_defs.latin_conv IS 'latin'",
      // Text search: parser, template, dictionaries on it and on a built-in template, a configuration with mappings.
      'CREATE TEXT SEARCH PARSER pga_defs.prs (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end, LEXTYPES = prsd_lextype, HEADLINE = prsd_headline)',
      'CREATE TEXT SEARCH TEMPLATE pga_defs.tmpl (INIT = dsimple_init, LEXIZE = dsimple_lexize)',
      "CREATE TEXT SEARCH DICTIONARY pga_defs.dict (TEMPLATE = pga_defs.tmpl, stopwords = 'english', accept = false)",
      "CREATE TEXT SEARCH DICTIONARY pga_defs.stem (TEMPLATE = snowball, language = 'english')",
      'CREATE TEXT SEARCH CONFIGURATION pga_defs.cfg (PARSER = pga_defs.prs)',
      'ALTER TEXT SEARCH CONFIGURATION pga_defs.cfg ADD MAPPING FOR asciiword, word WITH pga_defs.dict, pga_defs.stem',
      'ALTER TEXT SEARCH CONFIGURATION pga_defs.cfg ADD MAPPING FOR int, uint WITH simple',
      "COMMENT ON TEXT SEARCH CONFIGURATION pga_defs.cfg IS 'words'",
      "COMMENT ON TEXT SEARCH PARSER pga_defs.prs IS 'parser'",
      // Base types as the regression suite makes them: shell, I/O functions in LANGUAGE internal, full type.
      'CREATE TYPE pga_defs.widget',
      "CREATE FUNCTION pga_defs.widget_in(cstring) RETURNS pga_defs.widget AS 'int4in' LANGUAGE internal IMMUTABLE STRICT",
      "CREATE FUNCTION pga_defs.widget_out(pga_defs.widget) RETURNS cstring AS 'int4out' LANGUAGE internal IMMUTABLE STRICT",
      "CREATE TYPE pga_defs.widget (INPUT = pga_defs.widget_in, OUTPUT = pga_defs.widget_out, INTERNALLENGTH = 4, PASSEDBYVALUE, ALIGNMENT = int4, CATEGORY = 'N', DEFAULT = '42')",
      'CREATE TYPE pga_defs.tag',
      "CREATE FUNCTION pga_defs.tag_in(cstring) RETURNS pga_defs.tag AS 'textin' LANGUAGE internal IMMUTABLE STRICT",
      "CREATE FUNCTION pga_defs.tag_out(pga_defs.tag) RETURNS cstring AS 'textout' LANGUAGE internal IMMUTABLE STRICT",
      "CREATE FUNCTION pga_defs.tag_recv(internal) RETURNS pga_defs.tag AS 'textrecv' LANGUAGE internal IMMUTABLE STRICT",
      "CREATE FUNCTION pga_defs.tag_send(pga_defs.tag) RETURNS bytea AS 'textsend' LANGUAGE internal IMMUTABLE STRICT",
      "CREATE TYPE pga_defs.tag (INPUT = pga_defs.tag_in, OUTPUT = pga_defs.tag_out, RECEIVE = pga_defs.tag_recv, SEND = pga_defs.tag_send, INTERNALLENGTH = variable, STORAGE = extended, CATEGORY = 'S', PREFERRED = false, DELIMITER = ';', COLLATABLE = true)",
      'CREATE FUNCTION pga_defs.tag_len(pga_defs.tag) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT length($1::text) $$',
      // A fixed-length base type with an element type (subscripted like point).
      'CREATE TYPE pga_defs.pt2',
      "CREATE FUNCTION pga_defs.pt2_in(cstring) RETURNS pga_defs.pt2 AS 'point_in' LANGUAGE internal IMMUTABLE STRICT",
      "CREATE FUNCTION pga_defs.pt2_out(pga_defs.pt2) RETURNS cstring AS 'point_out' LANGUAGE internal IMMUTABLE STRICT",
      'CREATE TYPE pga_defs.pt2 (INPUT = pga_defs.pt2_in, OUTPUT = pga_defs.pt2_out, INTERNALLENGTH = 16, ELEMENT = float8, ALIGNMENT = double)',
      'CREATE TYPE pga_defs.never_defined',
      "COMMENT ON TYPE pga_defs.widget IS 'an int in disguise'",
      'REVOKE USAGE ON TYPE pga_defs.tag FROM PUBLIC',
      `GRANT USAGE ON TYPE pga_defs.widget TO ${owner}`,
      // A typed table with column options, and a table using everything above.
      'CREATE TYPE pga_defs.pair AS (a int, b text)',
      "CREATE TABLE pga_defs.pairs OF pga_defs.pair (a WITH OPTIONS PRIMARY KEY, b WITH OPTIONS DEFAULT 'none' NOT NULL)",
      'INSERT INTO pga_defs.pairs (a) SELECT g FROM generate_series(1, 50) g',
      // A cast whose function is in the schema: pg_dump -n leaves casts out (they belong to the database), and so does a SCHEMA export.
      'CREATE FUNCTION pga_defs.pair_text(pga_defs.pair) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT ($1).b $$',
      'CREATE CAST (pga_defs.pair AS text) WITH FUNCTION pga_defs.pair_text(pga_defs.pair)',
      // Owners other than the importing user, on objects of every kind that has one.
      ...[
        'OPERATOR pga_defs.=== (text, text)',
        'OPERATOR FAMILY pga_defs.int_fam USING btree',
        'OPERATOR CLASS pga_defs.text_same_ops USING hash',
        'COLLATION pga_defs.ci',
        'CONVERSION pga_defs.latin_conv',
        'TEXT SEARCH DICTIONARY pga_defs.dict',
        'TEXT SEARCH CONFIGURATION pga_defs.cfg',
        'TYPE pga_defs.widget',
        'TYPE pga_defs.never_defined',
      ].map((o) => `ALTER ${o} OWNER TO ${owner}`),
      'CREATE TABLE pga_defs.items (id int PRIMARY KEY, n int, code text, label text COLLATE pga_defs.ci, w pga_defs.widget, t pga_defs.tag[], doc tsvector, p pga_defs.pt2)',
      'CREATE INDEX items_n ON pga_defs.items (n pga_defs.int4_plain_ops)',
      'CREATE INDEX items_code ON pga_defs.items USING hash (code pga_defs.text_same_ops)',
      "CREATE INDEX items_words ON pga_defs.items USING gin (to_tsvector('pga_defs.cfg'::regconfig, code))",
      // Qualified operators in SQL the server prints (a view, a CHECK) are remapped with their schema.
      "CREATE VIEW pga_defs.same_codes AS SELECT id FROM pga_defs.items WHERE code OPERATOR(pga_defs.===) 'c7' AND code OPERATOR(pga_defs.!==) label",
      "ALTER TABLE pga_defs.items ADD CONSTRAINT code_not_x CHECK (code OPERATOR(pga_defs.!==) 'x')",
      'CREATE TEXT SEARCH CONFIGURATION pga_defs.eng (COPY = pg_catalog.english)',
      "INSERT INTO pga_defs.items SELECT g, g % 17, 'c' || g, CASE WHEN g % 2 = 0 THEN 'Label ' ELSE 'label ' END || g, g::text::pga_defs.widget, ARRAY[('tag ' || g)::pga_defs.tag, 'x;y'::pga_defs.tag], to_tsvector('pga_defs.cfg', 'The quick foxes ' || g), ('(' || g || ', 0.5)')::pga_defs.pt2 FROM generate_series(1, 200) g",
    ])
      await sql(a, statement);
  });
  afterAll(async () => {
    await s?.drop();
    const admin = createPostgresAdapter({ url: PG_URL });
    await sql(admin, `DROP ROLE IF EXISTS ${owner}`);
    await admin.close();
    files.cleanup();
  });

  it('exports every definition (nothing reported as not exported) and REMAP_SCHEMA brings the same schema and rows', async () => {
    const exp = await exportSchemas(a, [src], files.dir, 'defs%U.dmp', async () => {}, 'defs-export.log');
    expect(exp.errors, exp.log).toBe(0);
    expect(exp.log).not.toMatch(/was not exported/);
    expect(exp.log).not.toMatch(/CAST/);
    const copy = 'pga_defs_copy';
    const imp = await importDump(a, files.dir, 'defs%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: copy }), 'defs-import.log');
    expect(imp.errors, imp.log).toBe(0);
    expect(schemaOnly(s.url, copy)).toBe(schemaOnly(s.url, src));
    // Owners too (the helper above leaves them out).
    expect(wholeSchema(s.url, copy).replaceAll(copy, 'S')).toBe(wholeSchema(s.url, src).replaceAll(src, 'S'));
    for (const table of tables) expect(await tableRows(a, `${copy}.${table}`), table).toEqual(await tableRows(a, `${src}.${table}`));
    // The objects work in the copy: the operator, the nondeterministic collation, the text search configuration, the base types.
    expect(await sql(a, `SELECT count(*)::int AS n FROM ${copy}.items WHERE code OPERATOR(${copy}.===) 'c7' AND label = 'LABEL 7'`)).toEqual([{ n: 1 }]);
    expect(await sql(a, `SELECT to_tsvector('${copy}.cfg', 'The foxes')::text AS v, (w::text::int + 1) AS w1, p[1]::float AS y FROM ${copy}.items WHERE id = 3`)).toEqual([
      { v: "'fox':2", w1: 4, y: 0.5 },
    ]);
    expect(await sql(a, `SELECT id FROM ${copy}.same_codes`)).toEqual([{ id: 7 }]);
    expect(await sql(a, `SELECT pg_get_viewdef('${copy}.same_codes'::regclass) AS d`)).toEqual([{ d: expect.stringContaining(`OPERATOR(${copy}.===)`) }]);
  });

  it('SQLFILE writes a script psql runs with ON_ERROR_STOP=1 into an empty database, giving the same schema', async () => {
    const job = await runJob(
      { operation: 'SQL_FILE', mode: 'FULL', home: a },
      async (j) => {
        await j.addFile({ kind: 'DUMP', name: 'defs%U.dmp', directory: files.dir });
        await j.addFile({ kind: 'SQL', name: 'defs.sql', directory: files.dir });
      },
      { dir: files.dir, log: 'defs-sqlfile.log' },
    );
    expect(job.errors, job.log).toBe(0);
    const script = readFileSync(join(files.dir, 'defs.sql'), 'utf8');
    // pg_dump's order for a base type: the shell, then its functions, then the full type.
    const shell = script.indexOf('CREATE TYPE pga_defs.widget;');
    expect(shell).toBeGreaterThan(-1);
    expect(script.indexOf('CREATE FUNCTION pga_defs.widget_in')).toBeGreaterThan(shell);
    expect(script.indexOf('CREATE TYPE pga_defs.widget (')).toBeGreaterThan(script.indexOf('CREATE FUNCTION pga_defs.widget_out'));
    const empty = await createScratch('postgres');
    try {
      await runSqlFile(empty, join(files.dir, 'defs.sql'));
      expect(schemaOnly(empty.url, src)).toBe(schemaOnly(s.url, src));
    } finally {
      await empty.drop();
    }
  });
});

describe('PostgreSQL fidelity: database-wide definitions in FULL mode (casts, languages, access methods, transforms)', () => {
  let s: Scratch;
  let a: Adapter;
  const files = tempDir('pg-defs-full');

  beforeAll(async () => {
    s = await createScratch('postgres');
    a = s.adapter();
    for (const statement of [
      // A procedural language on a handler of its own, a function written in it, a transform for it.
      "CREATE FUNCTION public.pga_handler() RETURNS language_handler AS '$libdir/plpgsql', 'plpgsql_call_handler' LANGUAGE c",
      'CREATE TRUSTED LANGUAGE pga_lang HANDLER public.pga_handler',
      'CREATE FUNCTION public.pga_seven() RETURNS int LANGUAGE pga_lang AS $$ BEGIN RETURN 7; END $$',
      "COMMENT ON LANGUAGE pga_lang IS 'plpgsql under another name'",
      'REVOKE USAGE ON LANGUAGE pga_lang FROM PUBLIC',
      'CREATE TRANSFORM FOR int LANGUAGE pga_lang (FROM SQL WITH FUNCTION prsd_lextype(internal), TO SQL WITH FUNCTION int4recv(internal))',
      "COMMENT ON TRANSFORM FOR int LANGUAGE pga_lang IS 'a transform'",
      // Access methods of both types, an operator class for the index one, and a table, index and materialized view using them.
      'CREATE ACCESS METHOD pga_heap TYPE TABLE HANDLER heap_tableam_handler',
      'CREATE ACCESS METHOD pga_gist TYPE INDEX HANDLER gisthandler',
      "COMMENT ON ACCESS METHOD pga_gist IS 'gist again'",
      `CREATE OPERATOR CLASS public.pga_box_ops DEFAULT FOR TYPE box USING pga_gist AS
         OPERATOR 1 <<, OPERATOR 2 &<, OPERATOR 3 &&, OPERATOR 4 &>, OPERATOR 5 >>, OPERATOR 6 ~=, OPERATOR 7 @>, OPERATOR 8 <@,
         OPERATOR 9 &<|, OPERATOR 10 <<|, OPERATOR 11 |>>, OPERATOR 12 |&>, OPERATOR 15 <-> (box, point) FOR ORDER BY pg_catalog.float_ops,
         FUNCTION 1 gist_box_consistent(internal, box, smallint, oid, internal), FUNCTION 2 gist_box_union(internal, internal),
         FUNCTION 5 gist_box_penalty(internal, internal, internal), FUNCTION 6 gist_box_picksplit(internal, internal), FUNCTION 7 gist_box_same(box, box, internal),
         FUNCTION 8 gist_box_distance(internal, box, smallint, oid, internal)`,
      'CREATE TABLE public.pga_boxes (id int PRIMARY KEY, b box) USING pga_heap',
      'CREATE INDEX pga_boxes_b ON public.pga_boxes USING pga_gist (b)',
      'INSERT INTO public.pga_boxes SELECT g, box(point(g, g), point(g + 1, g + 2)) FROM generate_series(1, 100) g',
      'CREATE MATERIALIZED VIEW public.pga_box_ids USING pga_heap AS SELECT id FROM public.pga_boxes WHERE id % 2 = 0',
      // Casts: with a function, WITH INOUT, and WITHOUT FUNCTION between binary-compatible types.
      'CREATE TYPE public.pga_money AS (amount numeric)',
      'CREATE FUNCTION public.pga_money_text(public.pga_money) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT ($1).amount::text $$',
      'CREATE CAST (public.pga_money AS text) WITH FUNCTION public.pga_money_text(public.pga_money) AS ASSIGNMENT',
      'CREATE CAST (public.pga_money AS varchar) WITH INOUT',
      "COMMENT ON CAST (public.pga_money AS text) IS 'money as text'",
      'CREATE TYPE public.pga_widget',
      "CREATE FUNCTION public.pga_widget_in(cstring) RETURNS public.pga_widget AS 'int4in' LANGUAGE internal IMMUTABLE STRICT",
      "CREATE FUNCTION public.pga_widget_out(public.pga_widget) RETURNS cstring AS 'int4out' LANGUAGE internal IMMUTABLE STRICT",
      'CREATE TYPE public.pga_widget (INPUT = public.pga_widget_in, OUTPUT = public.pga_widget_out, INTERNALLENGTH = 4, PASSEDBYVALUE, ALIGNMENT = int4)',
      'CREATE CAST (int4 AS public.pga_widget) WITHOUT FUNCTION AS IMPLICIT',
      // pg_dump's own case: a cast between built-in types through a built-in function.
      'CREATE CAST (timestamptz AS interval) WITH FUNCTION age(timestamptz) AS ASSIGNMENT',
    ])
      await sql(a, statement);
  });
  afterAll(async () => {
    await s?.drop();
    files.cleanup();
  });

  it('a FULL export into a fresh database brings the same pg_dump --schema-only and rows; so does its SQLFILE through psql', async () => {
    const exp = await runJob({ operation: 'EXPORT', mode: 'FULL', home: a }, (job) => job.addFile({ kind: 'DUMP', name: 'full%U.dmp', directory: files.dir }), {
      dir: files.dir,
      log: 'full-export.log',
    });
    expect(exp.errors, exp.log).toBe(0);
    expect(exp.log).not.toMatch(/was not exported/);
    const target = await createScratch('postgres');
    const viaSql = await createScratch('postgres');
    try {
      const b = target.adapter();
      const imp = await importDump(b, files.dir, 'full%U.dmp', async () => {}, 'full-import.log');
      expect(imp.errors, imp.log).toBe(0);
      expect(wholeSchema(target.url)).toBe(wholeSchema(s.url));
      expect(await tableRows(b, 'public.pga_boxes')).toEqual(await tableRows(a, 'public.pga_boxes'));
      expect(await sql(b, 'SELECT public.pga_seven() AS n, (SELECT count(*)::int FROM public.pga_box_ids) AS even')).toEqual([{ n: 7, even: 50 }]);

      const job = await runJob(
        { operation: 'SQL_FILE', mode: 'FULL', home: a },
        async (j) => {
          await j.addFile({ kind: 'DUMP', name: 'full%U.dmp', directory: files.dir });
          await j.addFile({ kind: 'SQL', name: 'full.sql', directory: files.dir });
        },
        { dir: files.dir, log: 'full-sqlfile.log' },
      );
      expect(job.errors, job.log).toBe(0);
      await runSqlFile(viaSql, join(files.dir, 'full.sql'));
      // The script holds no rows: the materialized view is created empty there, and refreshed to compare.
      await sql(viaSql.adapter(), 'REFRESH MATERIALIZED VIEW public.pga_box_ids');
      expect(wholeSchema(viaSql.url)).toBe(wholeSchema(s.url));
    } finally {
      await target.drop();
      await viaSql.drop();
    }
  });
});
