import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliProcess, ensureBuilt, runCli } from './support/cli.js';
import { mysql, postgres } from '../../../test-support/sql-clients.js';
import { dropScratchDatabase, scratchName } from '../../../test-support/scratch.js';
import { importSourceArgs } from './support/link-or-dump.js';
import { Gate } from './support/gate.js';

// Cross-engine moves, type by type: every row of the mapping table in the adapter-kit README with
// edge values, MariaDB into PostgreSQL and PostgreSQL into MariaDB, over NETWORK_LINK and through a
// dump file set. Values are compared after the normalisation the README documents per type.
beforeAll(() => ensureBuilt());

/** One column of a test table: its type on the source, SQL literals for the rows, and how each side reads it for comparison. */
interface Column {
  readonly name: string;
  readonly type: string;
  readonly values: readonly string[];
  /** SELECT expression on MariaDB (default: the column). */
  readonly my?: string;
  /** SELECT expression on PostgreSQL (default: the column as text). */
  readonly pg?: string;
  /** Normalisation of both sides' text before comparing (default: none). */
  readonly norm?: (v: string) => string;
}

const fraction = (v: string): string => v.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
const float4 = (v: string): string => (v === '' || v === 'NULL' ? v : String(Math.fround(Number(v))));
const number = (v: string): string => (v === '' || v === 'NULL' ? v : String(Number(v)));
const json = (v: string): string => (v === '' || v === 'NULL' ? v : JSON.stringify(JSON.parse(v)));
const lower = (v: string): string => v.toLowerCase();

const NULLS = 'NULL';

/** A PostgreSQL range as the JSON object it becomes in MariaDB. */
const rangeJson = (r: string): string => `json_build_object('lower', lower(${r}), 'upper', upper(${r}), 'lower_inc', lower_inc(${r}), 'upper_inc', upper_inc(${r}))`;

/** MariaDB types, four rows each: minimum, maximum (or awkward), empty, NULL. */
const MYSQL_COLUMNS: readonly Column[] = [
  { name: 'ti', type: 'TINYINT', values: ['-128', '127', '0', NULLS] },
  { name: 'tu', type: 'TINYINT UNSIGNED', values: ['0', '255', '1', NULLS] },
  { name: 'si', type: 'SMALLINT', values: ['-32768', '32767', '0', NULLS] },
  { name: 'su', type: 'SMALLINT UNSIGNED', values: ['0', '65535', '1', NULLS] },
  { name: 'mi', type: 'MEDIUMINT', values: ['-8388608', '8388607', '0', NULLS] },
  { name: 'ii', type: 'INT', values: ['-2147483648', '2147483647', '0', NULLS] },
  { name: 'iu', type: 'INT UNSIGNED', values: ['0', '4294967295', '1', NULLS] },
  { name: 'bi', type: 'BIGINT', values: ['-9223372036854775808', '9223372036854775807', '0', NULLS] },
  { name: 'bu', type: 'BIGINT UNSIGNED', values: ['0', '18446744073709551615', '1', NULLS] },
  { name: 'bo', type: 'TINYINT(1)', values: ['0', '1', '-1', NULLS] },
  { name: 'de', type: 'DECIMAL(65,30)', values: ['-99999999999999999999999999999999999.999999999999999999999999999999', '0.000000000000000000000000000001', '0', NULLS] },
  { name: 'fl', type: 'FLOAT', values: ['-3.40282e38', '1.17549e-38', '0', NULLS], my: 'CAST(fl AS DOUBLE)', norm: float4 },
  { name: 'do', type: 'DOUBLE', values: ['-1.7976931348623157e308', '4.9e-324', '0', NULLS], norm: number },
  { name: 'ch', type: 'CHAR(5)', values: ["'abc'", "'日本語'", "''", NULLS], pg: 'rtrim(ch)' },
  { name: 'vc', type: 'VARCHAR(300)', values: ["'it''s \\\\ \"q\"'", "'😀 héllo'", "''", NULLS] },
  { name: 'la', type: 'VARCHAR(10) CHARACTER SET latin1', values: ["'café'", "'ÿ€“”–Š'", "''", NULLS] },
  { name: 'tx', type: 'LONGTEXT', values: ["'tab\\tnl\\ncr\\r'", "REPEAT('x', 70000)", "''", NULLS], my: 'MD5(tx)', pg: 'md5(tx)' },
  { name: 'bl', type: 'BLOB', values: ["X'00FF5C0A09'", "X'DEADBEEF'", "''", NULLS], my: 'HEX(bl)', pg: "upper(encode(bl, 'hex'))" },
  { name: 'bn', type: 'BINARY(3)', values: ["X'000102'", "X'FFFFFF'", "X'000000'", NULLS], my: 'HEX(bn)', pg: "upper(encode(bn, 'hex'))" },
  { name: 'dt', type: 'DATE', values: ["'1000-01-01'", "'9999-12-31'", "'2024-02-29'", NULLS] },
  { name: 'tm', type: 'TIME(6)', values: ["'00:00:00'", "'23:59:59.999999'", "'12:00:00.5'", NULLS], norm: fraction },
  { name: 'dm', type: 'DATETIME(6)', values: ["'1000-01-01 00:00:00'", "'9999-12-31 23:59:59.999999'", "'2024-02-29 12:00:00.5'", NULLS], norm: fraction },
  { name: 'ts', type: 'TIMESTAMP(6) NULL', values: ["'1970-01-01 00:00:01'", "'2038-01-19 03:14:07.999999'", "'2024-06-01 12:00:00'", NULLS], pg: "(ts AT TIME ZONE 'UTC')::text", norm: fraction },
  { name: 'yr', type: 'YEAR', values: ['1901', '2155', '2000', NULLS] },
  { name: 'en', type: "ENUM('a','b c','d''e','')", values: ["'a'", "'d''e'", "''", NULLS] },
  { name: 'st', type: "SET('x','y','z')", values: ["'x,z'", "'x,y,z'", "''", NULLS] },
  { name: 'bt', type: 'BIT(10)', values: ["b'1010101010'", "b'1111111111'", "b'0'", NULLS], my: "LPAD(BIN(bt), 10, '0')" },
  { name: 'js', type: 'JSON', values: ['\'{"a": [1, 2.5, null], "é": "😀"}\'', "'[]'", '\'""\'', NULLS], norm: json },
  { name: 'uu', type: 'UUID', values: ["'123e4567-e89b-12d3-a456-426614174000'", "'ffffffff-ffff-ffff-ffff-ffffffffffff'", "'00000000-0000-0000-0000-000000000000'", NULLS], norm: lower },
  { name: 'i6', type: 'INET6', values: ["'::ffff:1.2.3.4'", "'2001:db8::1'", "'::'", NULLS], pg: 'host(i6)' },
];

/** PostgreSQL types, four rows each. Values MariaDB cannot hold are in PG_EDGE_VALUES. */
const PG_COLUMNS: readonly Column[] = [
  { name: 'bo', type: 'boolean', values: ['true', 'false', 'false', NULLS], pg: 'bo::int::text' },
  { name: 'i2', type: 'smallint', values: ['-32768', '32767', '0', NULLS] },
  { name: 'i4', type: 'integer', values: ['-2147483648', '2147483647', '0', NULLS] },
  { name: 'i8', type: 'bigint', values: ['-9223372036854775808', '9223372036854775807', '0', NULLS] },
  { name: 'nu', type: 'numeric(65,30)', values: ['-99999999999999999999999999999999999.999999999999999999999999999999', '0.000000000000000000000000000001', '0', NULLS] },
  { name: 'nf', type: 'numeric', values: ['12345678901234567890.123456789', '-0.5', '0', NULLS], norm: (v) => (v === '' ? v : fraction(v)) },
  { name: 're', type: 'real', values: ['3.4028235e38', '-1.1754944e-38', '0', NULLS], my: 'CAST(re AS DOUBLE)', norm: float4 },
  { name: 'db', type: 'double precision', values: ['1.7976931348623157e308', '-5e-324', '0', NULLS], norm: number },
  { name: 'ch', type: 'char(5)', values: ["'abc'", "'日本語'", "''", NULLS], pg: 'rtrim(ch)' },
  { name: 'vc', type: 'varchar(300)', values: ["E'it''s \\\\ \"q\"'", "'😀 héllo'", "''", NULLS] },
  { name: 'tx', type: 'text', values: ["E'tab\\tnl\\ncr\\r'", "repeat('x', 70000)", "''", NULLS], my: 'MD5(tx)', pg: 'md5(tx)' },
  { name: 'by', type: 'bytea', values: ["'\\x00ff5c0a09'", "'\\xdeadbeef'", "''", NULLS], my: 'HEX(`by`)', pg: 'upper(encode("by", \'hex\'))' },
  { name: 'dt', type: 'date', values: ["'1000-01-01'", "'9999-12-31'", "'2024-02-29'", NULLS] },
  { name: 'tm', type: 'time(6)', values: ["'00:00:00'", "'23:59:59.999999'", "'12:00:00.5'", NULLS], norm: fraction },
  { name: 'tz', type: 'timetz', values: ["'10:00:00+02'", "'23:30:00-03'", "'00:00:00+00'", NULLS], pg: "(tz AT TIME ZONE 'UTC')::time::text", norm: fraction },
  { name: 'ts', type: 'timestamp(6)', values: ["'1000-01-01 00:00:00'", "'9999-12-31 23:59:59.999999'", "'2024-02-29 12:00:00.5'", NULLS], norm: fraction },
  { name: 'tt', type: 'timestamptz(6)', values: ["'2024-01-01 12:00:00.5+05:30'", "'1000-01-01 00:00:00+00'", "'2000-01-01 00:00:00-12'", NULLS], pg: "(tt AT TIME ZONE 'UTC')::text", norm: fraction },
  { name: 'iv', type: 'interval', values: ["'1 year 2 mons 3 days 04:05:06.5'", "'-178000000 years'", "'0'", NULLS], my: 'iv', pg: 'iv::text' },
  { name: 'js', type: 'json', values: ['\'{"b": 1, "a": [1, 2.5, null], "é": "😀"}\'', "'[]'", '\'""\'', NULLS] },
  { name: 'jb', type: 'jsonb', values: ['\'{"b": 1, "a": [1, 2.5, null]}\'', "'[]'", "'null'", NULLS], norm: json },
  { name: 'uu', type: 'uuid', values: ["'123e4567-e89b-12d3-a456-426614174000'", "'ffffffff-ffff-ffff-ffff-ffffffffffff'", "'00000000-0000-0000-0000-000000000000'", NULLS] },
  { name: 'ip', type: 'inet', values: ["'192.168.0.1/24'", "'2001:db8::1'", "'0.0.0.0'", NULLS], pg: 'abbrev(ip)' },
  { name: 'ci', type: 'cidr', values: ["'10.0.0.0/8'", "'2001:db8::/32'", "'0.0.0.0/0'", NULLS] },
  { name: 'ma', type: 'macaddr', values: ["'08:00:2b:01:02:03'", "'ff:ff:ff:ff:ff:ff'", "'00:00:00:00:00:00'", NULLS] },
  { name: 'bt', type: 'bit(10)', values: ["B'1010101010'", "B'1111111111'", "B'0000000000'", NULLS], my: "LPAD(BIN(bt), 10, '0')" },
  { name: 'vb', type: 'varbit(100)', values: ["B'101'", `B'${'1'.repeat(100)}'`, "B''", NULLS] },
  { name: 'mo', type: 'mood', values: ["'sad'", "'very happy'", "'ok'", NULLS] },
  { name: 'ai', type: 'int[]', values: ["'{1,NULL,-2147483648}'", "'{{1,2},{3,4}}'", "'{}'", NULLS], pg: 'array_to_json(ai)::text', norm: json },
  { name: 'at', type: 'text[]', values: ['\'{"a b","c\\"d",NULL,"NULL",é}\'', '\'{""}\'', "'{}'", NULLS], pg: 'array_to_json(at)::text', norm: json },
  { name: 'rg', type: 'int4range', values: ["'[1,5)'", "'(,)'", "'empty'", NULLS], pg: `CASE WHEN isempty(rg) THEN '{"empty": true}' WHEN rg IS NOT NULL THEN ${rangeJson('rg')} END`, norm: json },
  {
    name: 'mr',
    type: 'int4multirange',
    values: ["'{[1,3), [5,7)}'", "'{}'", "'{(,0), [10,)}'", NULLS],
    pg: `CASE WHEN mr IS NOT NULL THEN COALESCE((SELECT json_agg(${rangeJson('r')}) FROM unnest(mr) r), '[]') END`,
    norm: json,
  },
  { name: 'cp', type: 'pair', values: ['ROW(1, \'a "b" (c)\', true)', "ROW(NULL, '', false)", "ROW(-5, 'é, x', NULL)", NULLS], pg: 'to_json(cp)', norm: json },
  { name: 'dm', type: 'posint', values: ['1', '2147483647', '7', NULLS] },
  { name: 'xm', type: 'xml', values: ['\'<a x="1">é</a>\'', "'<b/>'", "''", NULLS] },
];

const ROWS = 4;

function createMysqlTypes(db: string): void {
  mysql.createDatabase(db);
  const defs = MYSQL_COLUMNS.map((c) => `\`${c.name}\` ${c.type}`).join(',\n  ');
  const rows = Array.from({ length: ROWS }, (_, r) => `(${r + 1}, ${MYSQL_COLUMNS.map((c) => c.values[r]).join(', ')})`).join(',\n');
  mysql.exec(
    db,
    `SET NAMES utf8mb4; SET time_zone = '+00:00';
CREATE TABLE types (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,\n  ${defs}\n) CHARACTER SET utf8mb4 COMMENT 'every type';
INSERT INTO types (id, ${MYSQL_COLUMNS.map((c) => `\`${c.name}\``).join(', ')}) VALUES\n${rows};
CREATE TABLE child (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, tid INT, note VARCHAR(20) DEFAULT 'n/a' COMMENT 'a note', made DATETIME DEFAULT CURRENT_TIMESTAMP, changed DATETIME NULL DEFAULT NULL ON UPDATE CURRENT_TIMESTAMP,
  hid INT INVISIBLE DEFAULT 7,
  CONSTRAINT child_types FOREIGN KEY (tid) REFERENCES types (id) ON DELETE CASCADE, UNIQUE KEY child_note (note), KEY child_made (made DESC), CONSTRAINT note_short CHECK (CHAR_LENGTH(note) < 20)) AUTO_INCREMENT = 1000;
INSERT INTO child (tid, note) VALUES (1, 'one'), (2, NULL), (NULL, 'three');
UPDATE child SET hid = id;
CREATE VIEW types_view AS SELECT id FROM types;
CREATE PROCEDURE proc() SELECT 1;
CREATE TRIGGER child_trg BEFORE INSERT ON child FOR EACH ROW SET NEW.note = NEW.note;`,
  );
}

function createPgTypes(db: string): void {
  postgres.createDatabase(db);
  const defs = PG_COLUMNS.map((c) => `"${c.name}" ${c.type}`).join(',\n  ');
  const rows = Array.from({ length: ROWS }, (_, r) => `(${PG_COLUMNS.map((c) => c.values[r]).join(', ')})`).join(',\n');
  postgres.exec(
    db,
    `CREATE SCHEMA app; SET search_path = app;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'very happy');
CREATE TYPE pair AS (n int, label text, ok boolean);
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE TABLE types (id serial PRIMARY KEY,\n  ${defs}\n);
COMMENT ON TABLE types IS 'every type';
INSERT INTO types (${PG_COLUMNS.map((c) => `"${c.name}"`).join(', ')}) VALUES\n${rows};
CREATE TABLE child (id bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 1000) PRIMARY KEY, tid int REFERENCES types (id) ON DELETE CASCADE,
  note varchar(20) DEFAULT 'n/a' UNIQUE CHECK (length(note) < 20), made timestamp DEFAULT now(), flag boolean NOT NULL DEFAULT true, CONSTRAINT child_id_positive CHECK (id > 0));
COMMENT ON COLUMN child.note IS 'a note';
CREATE INDEX child_made ON child (made DESC);
CREATE INDEX child_lower ON child (lower(note));
INSERT INTO child (tid, note) VALUES (1, 'one'), (2, NULL), (NULL, 'three');
CREATE UNLOGGED TABLE counted (id int GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 5 MAXVALUE 1000 CYCLE) PRIMARY KEY, v text);
INSERT INTO counted (v) VALUES ('a'), ('b');
CREATE TABLE counted_kid (extra int) INHERITS (counted);
INSERT INTO counted_kid (id, v, extra) OVERRIDING SYSTEM VALUE VALUES (99, 'c', 1);
CREATE TABLE edge (id int PRIMARY KEY, ts timestamp, nu numeric, fl double precision, dt date);
INSERT INTO edge VALUES (1, '2024-01-01', 1, 1, '2024-01-01'), (2, '0999-12-31 23:59:59', 1, 1, NULL), (3, NULL, 'NaN', 1, NULL), (4, NULL, NULL, 'Infinity', NULL), (5, NULL, NULL, NULL, '0044-03-15 BC'), (6, 'infinity', NULL, NULL, NULL);
CREATE VIEW types_view AS SELECT id FROM types;
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE TRIGGER child_trg BEFORE INSERT ON child FOR EACH ROW EXECUTE FUNCTION trg();
CREATE RULE child_rule AS ON UPDATE TO edge DO ALSO NOTHING;
ALTER TABLE edge ENABLE ROW LEVEL SECURITY; CREATE POLICY edge_policy ON edge USING (id > 0);`,
  );
}

/** Each column's values on one side, normalised, in id order. */
function mysqlValues(db: string, columns: readonly Column[], table = 'types'): Record<string, string[]> {
  const select = columns.map((c) => c.my ?? `\`${c.name}\``).join(', ');
  // The client's batch output escapes backslash, tab, newline and NUL.
  const rows = mysql.query(db, `SET NAMES utf8mb4; SET time_zone = '+00:00'; SELECT ${select} FROM \`${table}\` ORDER BY id`);
  const unescape = (v: string): string => v.replace(/\\(.)/g, (_m, c: string) => ({ t: '\t', n: '\n', '0': '\0' })[c] ?? c);
  // NULL prints as NULL there and as an empty string from psql.
  return byColumn(
    columns,
    rows.map((r) => r.map((v) => (v === 'NULL' ? '' : unescape(v)))),
  );
}

function pgValues(database: string, schema: string, columns: readonly Column[], table = 'types'): Record<string, string[]> {
  const select = columns.map((c) => c.pg ?? `"${c.name}"::text`).join(', ');
  const rows = postgres.query(database, `SELECT ${select} FROM "${schema}"."${table}" ORDER BY id`);
  return byColumn(columns, rows);
}

function byColumn(columns: readonly Column[], rows: string[][]): Record<string, string[]> {
  return Object.fromEntries(columns.map((c, i) => [c.name, rows.map((r) => (c.norm ?? ((v: string) => v))(r[i] ?? ''))]));
}

describe('MariaDB into PostgreSQL', () => {
  const source = scratchName();
  const target = scratchName();
  const dir = mkdtempSync(join(tmpdir(), 'sluice-cross-'));

  beforeAll(() => {
    createMysqlTypes(source);
    postgres.createDatabase(target);
  });
  afterAll(() => {
    mysql.dropDatabase(source);
    postgres.dropDatabase(target);
    rmSync(dir, { recursive: true, force: true });
  });

  const expected = (): Record<string, string[]> => mysqlValues(source, MYSQL_COLUMNS);

  it.each(['link', 'dump'])('every type keeps its values (%s)', async (via) => {
    const schema = `${source}_${via}`;
    const args = await importSourceArgs(via, mysql.url(source), source, dir, 'my.dmp');
    const r = await runCli(['import', '--target', postgres.url(target), ...args, `SCHEMAS=${source}`, `REMAP_SCHEMA=${source}:${schema}`, `DIRECTORY=${dir}`, `LOGFILE=${via}.log`]);
    expect(r.stderr).toBe('');
    // The view, the procedure and the trigger are not translated: named, counted, exit 5.
    expect(r.code).toBe(5);
    const log = readFileSync(join(dir, `${via}.log`), 'utf8');
    expect(log).toMatch(new RegExp(`Object type VIEW "${source}"\\."types_view" is not created in postgres: its body is MySQL SQL`));
    expect(log).toMatch(/Object type PROCEDURE .*"proc" is not created in postgres/);
    expect(log).toMatch(/Object type TRIGGER .*"child_trg" is not created in postgres/);
    // ON UPDATE CURRENT_TIMESTAMP has no PostgreSQL equivalent: named, counted.
    expect(log).toMatch(
      new RegExp(
        `Table "${source}"\\."child" column "changed": ON UPDATE CURRENT_TIMESTAMP(\\(\\))? is not carried over into postgres; the column keeps its values and default but is not set on update; add a BEFORE UPDATE trigger`,
      ),
    );
    // MySQL collations are not carried: one information line per column (not an error).
    expect(log).toMatch(/Column "[^"]+"\."child"\."note": collation \w+ not carried: the database's default collation applies\./);
    // An INVISIBLE column arrives as an ordinary one with its values: the attribute is named.
    expect(log).toContain(`Table "${source}"."child" column "hid": INVISIBLE is not carried over into postgres; the column is created as an ordinary column with its values`);
    expect(postgres.query(target, `SELECT hid FROM "${schema}".child ORDER BY id`).map((r) => r[0])).toEqual(['1000', '1001', '1002']);
    expect(log).toMatch(/completed with 5 error\(s\)/);
    expect(log).toMatch(/Column "[^"]+"\."types"\."bu": BIGINT UNSIGNED stored as numeric\(20,0\)/);

    const actual = pgValues(target, schema, MYSQL_COLUMNS);
    const wanted = expected();
    for (const c of MYSQL_COLUMNS) expect([c.name, actual[c.name]]).toEqual([c.name, wanted[c.name]]);

    // Keys, checks, comments, the identity continuing past the highest id.
    const ddl = postgres.query(target, `SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = '${schema}'::regnamespace ORDER BY 1`).map((r) => r[0]);
    expect(ddl).toEqual([
      'child_child_note UNIQUE (note)',
      'child_pkey PRIMARY KEY (id)',
      `child_types FOREIGN KEY (tid) REFERENCES ${schema}.types(id) ON UPDATE RESTRICT ON DELETE CASCADE`,
      'note_short CHECK ((char_length((note)::text) < 20))',
      'types_en_check ' + "CHECK ((en = ANY (ARRAY['a'::text, 'b c'::text, 'd''e'::text, ''::text])))",
      'types_pkey PRIMARY KEY (id)',
    ]);
    expect(postgres.query(target, `SELECT indexname FROM pg_indexes WHERE schemaname = '${schema}' ORDER BY 1`).map((r) => r[0])).toEqual([
      'child_child_made',
      'child_child_note',
      'child_child_types',
      'child_pkey',
      'types_pkey',
    ]);
    expect(postgres.query(target, `SELECT obj_description('${schema}.types'::regclass), col_description('${schema}.child'::regclass, 3)`)[0]).toEqual(['every type', 'a note']);
    expect(postgres.query(target, `INSERT INTO "${schema}".child (note) VALUES ('new') RETURNING id, made IS NOT NULL`)[0]).toEqual(['1003', 't']);
    expect(postgres.query(target, `INSERT INTO "${schema}".types (ti) VALUES (1) RETURNING id`)[0]).toEqual(['5']);

    if (via === 'link') {
      // Into tables that exist (TRUNCATE), the identity is moved forward to the source's next value.
      postgres.exec(target, `ALTER TABLE "${schema}".child ALTER COLUMN id RESTART WITH 1`);
      const again = await runCli([
        'import',
        '--target',
        postgres.url(target),
        '--network-link',
        mysql.url(source),
        `SCHEMAS=${source}`,
        `REMAP_SCHEMA=${source}:${schema}`,
        'TABLE_EXISTS_ACTION=TRUNCATE',
        'NOLOGFILE=Y',
      ]);
      expect(again.code, again.stdout).toBe(5);
      expect(postgres.query(target, `INSERT INTO "${schema}".child (note) VALUES ('newer') RETURNING id`)[0]).toEqual(['1003']);
    }
  });

  it('MySQL zero dates: a zero-date default is refused before the target is touched; zero values go to the reject file, and TRANSFORM=COLUMN_TYPE keeps them as text', async () => {
    mysql.exec(
      source,
      "SET sql_mode = ''; CREATE TABLE zeros (id INT PRIMARY KEY, d DATE NOT NULL DEFAULT '0000-00-00', e DATETIME NULL); INSERT INTO zeros VALUES (1, '2024-01-01', '2024-01-01 10:00:00'), (2, '2024-01-02', '2020-00-10 00:00:00'), (3, '0000-00-00', NULL)",
    );
    try {
      const schema = `${source}_zeros`;
      // TABLE mode creates tables in schemas that exist.
      postgres.exec(target, `CREATE SCHEMA "${schema}"`);
      const base = ['import', '--target', postgres.url(target), '--network-link', mysql.url(source), `TABLES=${source}.zeros`, `REMAP_SCHEMA=${source}:${schema}`, `DIRECTORY=${dir}`];
      const refused = await runCli([...base, 'NOLOGFILE=Y']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        new RegExp(
          `nothing was created: Column "${schema}"\\."zeros"\\."d" has DEFAULT "0000-00-00", and value "0000-00-00" cannot be stored in date: not a day of the calendar: a zero date or zero part, which MySQL keeps when sql_mode lacks NO_ZERO_DATE / NO_ZERO_IN_DATE; set another default on the source, or keep the column's values in their text form with TRANSFORM=COLUMN_TYPE:${source}\\.zeros\\.d=text`,
        ),
      );
      expect(postgres.query(target, `SELECT to_regclass('"${schema}".zeros') IS NULL`)[0]).toEqual(['t']);

      const r = await runCli([...base, `TRANSFORM=COLUMN_TYPE:${source}.zeros.d=text`, 'DATA_OPTIONS=SKIP_CONSTRAINT_ERRORS', 'LOGFILE=zeros.log']);
      const log = readFileSync(join(dir, 'zeros.log'), 'utf8');
      expect(log).toMatch(
        /1 row\(s\) of "[^"]+"\."zeros" were rejected with the following error: "[^"]+"\."zeros" column "e": value "2020-00-10 00:00:00" cannot be stored in timestamp without time zone: not a day of the calendar: a zero date or zero part/,
      );
      expect(r.code).toBe(0);
      expect(postgres.query(target, `SELECT id, d, e FROM "${schema}".zeros ORDER BY id`)).toEqual([
        ['1', '2024-01-01', '2024-01-01 10:00:00'],
        ['3', '0000-00-00', ''],
      ]);
      expect(postgres.query(target, `SELECT column_default FROM information_schema.columns WHERE table_schema = '${schema}' AND column_name = 'd'`)[0]).toEqual(["'0000-00-00'::text"]);
    } finally {
      mysql.exec(source, 'DROP TABLE zeros');
    }
  });
});

describe('PostgreSQL into MariaDB', () => {
  const source = scratchName();
  const home = scratchName();
  const dir = mkdtempSync(join(tmpdir(), 'sluice-cross-'));

  beforeAll(() => {
    createPgTypes(source);
    mysql.createDatabase(home);
  });
  afterAll(async () => {
    postgres.dropDatabase(source);
    await dropScratchDatabase('mysql', home); // with the targets, `<home>_<suffix>`
    rmSync(dir, { recursive: true, force: true });
  });

  const expected = (table = 'types', columns = PG_COLUMNS): Record<string, string[]> => pgValues(source, 'app', columns, table);

  it.each(['link', 'dump'])('every type keeps its values; rows the target cannot hold go to the reject file (%s)', async (via) => {
    const schema = `${home}_${via}`;
    const args = await importSourceArgs(via, postgres.url(source), 'app', dir, 'pg.dmp');
    const r = await runCli([
      'import',
      '--target',
      mysql.url(home),
      ...args,
      'SCHEMAS=app',
      `REMAP_SCHEMA=app:${schema}`,
      `DIRECTORY=${dir}`,
      `LOGFILE=${via}.log`,
      'DATA_OPTIONS=SKIP_CONSTRAINT_ERRORS',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(5);
    const log = readFileSync(join(dir, `${via}.log`), 'utf8');
    for (const [kind, name] of [
      ['VIEW', 'types_view'],
      ['FUNCTION', 'f()'],
      ['FUNCTION', 'trg()'],
      ['TRIGGER', 'child child_trg'],
      ['RULE', 'edge child_rule'],
      ['POLICY', 'edge edge_policy'],
    ]) {
      expect(log).toContain(`Object type ${kind} "app"."${name}" is not created in mysql`);
    }
    // The expression index (MariaDB has none on expressions) is an error too.
    expect(log).toMatch(/Object type INDEX:"[^"]+"\."child_lower" failed to create with error: UNSUPPORTED: index child_lower of child has an expression key part \(lower\(\(note\)::text\)\)/);
    // What the tables carried leave behind: the domain's CHECK, row-level security, a CHECK on the AUTO_INCREMENT column.
    expect(log).toContain(
      'Table "app"."types" column "dm": the CHECK of domain app.posint (posint_check CHECK ((VALUE > 0))) is not carried over into mysql; the column is created with the domain\'s base type',
    );
    expect(log).toContain('Table "app"."edge": ENABLE ROW LEVEL SECURITY is not carried over into mysql; the target has no row-level security');
    expect(log).toContain('Table "app"."child" column "id": CONSTRAINT child_id_positive CHECK (((id > 0))) is not carried over into mysql; MariaDB refuses a CHECK on an AUTO_INCREMENT column');
    // What AUTO_INCREMENT cannot say of an identity, UNLOGGED and INHERITS: named, counted; the next value carried.
    expect(log).toContain(
      'Table "app"."counted" column "id": GENERATED ALWAYS (only the counter gives values) is not carried over into mysql; the column is created as AUTO_INCREMENT, which also takes values an INSERT gives',
    );
    expect(log).toContain('Table "app"."counted" column "id": the identity\'s INCREMENT BY 5 MAXVALUE 1000 CYCLE is not carried over into mysql; AUTO_INCREMENT counts up by 1');
    expect(log).toContain('Table "app"."counted": UNLOGGED is not carried over into mysql; the table is created as an ordinary');
    expect(log).toContain('Table "app"."counted_kid": INHERITS ("app"."counted") is not carried over into mysql; the table is created standing alone with its inherited columns');
    expect(log).toMatch(/completed with 14 error\(s\)/);
    expect(log).toMatch(/Column "[^"]+"\."types"\."tt": timestamp with time zone stored as DATETIME in UTC\./);
    expect(log).toMatch(/Column "[^"]+"\."types"\."cp": values of pair stored as a JSON object of its attributes\./);
    expect(log).toMatch(/Column "[^"]+"\."types"\."rg": values of int4range stored as a JSON object \(lower, upper, lower_inc, upper_inc\)\./);

    const actual = mysqlValues(schema, PG_COLUMNS);
    const wanted = expected();
    expect(actual).toEqual(wanted);

    // Four edge rows cannot be stored: each in the reject file, the reason in the log.
    const edge: Column[] = [
      { name: 'ts', type: '', values: [], norm: fraction },
      { name: 'nu', type: '', values: [] },
    ];
    expect(mysqlValues(schema, edge, 'edge')).toEqual({ ts: ['2024-01-01 00:00:00'], nu: ['1.000000000000000000000000000000'] });
    expect(log).toMatch(
      /1 row\(s\) of "[^"]+"\."edge" were rejected with the following error: "[^"]+"\."edge" column "ts": value "0999-12-31 23:59:59" cannot be stored in DATETIME\(6\): years before 1000 cannot be stored/,
    );
    expect(log).toMatch(/column "nu": value "NaN" cannot be stored in DECIMAL\(65,30\): NaN has no value there/);
    expect(log).toMatch(/column "fl": value "Infinity" cannot be stored in DOUBLE/);
    expect(log).toMatch(/column "dt": value "0044-03-15 BC" cannot be stored in DATE/);
    expect(log).toMatch(/column "ts": value "infinity" cannot be stored in DATETIME\(6\)/);
    expect(
      readFileSync(join(dir, `${via}.bad`), 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.split('\t')[0])
        .sort(),
    ).toEqual(['2', '3', '4', '5', '6']);
    rmSync(join(dir, `${via}.bad`));

    // Keys, comments, AUTO_INCREMENT continuing past the highest id (and the sequence's next value).
    const create = mysql.query(schema, 'SHOW CREATE TABLE child')[0]?.[1]?.replace(/\\n/g, '\n') ?? '';
    expect(create).toContain('PRIMARY KEY (`id`)');
    expect(create).toContain('UNIQUE KEY `child_note_key` (`note`)');
    expect(create).toContain('KEY `child_made` (`made` DESC)');
    expect(create).toContain("COMMENT 'a note'");
    expect(create).toContain('CONSTRAINT `child_tid_fkey` FOREIGN KEY (`tid`) REFERENCES `types` (`id`) ON DELETE CASCADE');
    expect(create).toMatch(/CONSTRAINT `child_note_check` CHECK \(octet_length\(`note`\) < 20\)|CONSTRAINT `child_note_check` CHECK \(length\(`note`\) < 20\)/);
    mysql.exec(schema, "INSERT INTO child (note) VALUES ('new'); INSERT INTO types (i4) VALUES (1)");
    expect(mysql.query(schema, "SELECT id, flag FROM child WHERE note = 'new'")[0]).toEqual(['1003', '1']);
    expect(mysql.query(schema, 'SELECT MAX(id) FROM types')[0]).toEqual(['5']);
    // The parent keeps its own rows only; the identity's next value (one increment past the last) starts AUTO_INCREMENT.
    expect(mysql.query(schema, 'SELECT id, v FROM counted ORDER BY id')).toEqual([
      ['10', 'a'],
      ['15', 'b'],
    ]);
    expect(mysql.query(schema, 'SELECT id, v, extra FROM counted_kid')).toEqual([['99', 'c', '1']]);
    const counted = mysql.query(schema, 'SHOW CREATE TABLE counted')[0]?.[1]?.replace(/\\n/g, '\n') ?? '';
    expect(counted).toMatch(/`id` int\(11\) NOT NULL AUTO_INCREMENT/);
    expect(counted).toContain('AUTO_INCREMENT=20');
  });

  it('without SKIP_CONSTRAINT_ERRORS a value the target cannot hold stops the job, naming table, column and value', async () => {
    const schema = `${home}_stop`;
    // TABLE mode creates tables in schemas (MySQL: databases) that exist.
    mysql.createDatabase(schema);
    const r = await runCli(['import', '--target', mysql.url(home), '--network-link', postgres.url(source), 'TABLES=app.edge', `REMAP_SCHEMA=app:${schema}`, 'NOLOGFILE=Y', 'JOB_NAME=CROSS_STOP']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /table data "[^"]+"\."edge" could not be imported: VALUE_NOT_REPRESENTABLE: "[^"]+"\."edge" column "ts": value "0999-12-31 23:59:59" cannot be stored in DATETIME\(6\): years before 1000 cannot be stored; import with DATA_OPTIONS=SKIP_CONSTRAINT_ERRORS/,
    );
  });

  it('kill -9 mid-load: attach --start finishes the cross-engine import, every row once', async () => {
    const rows = 4_000;
    postgres.exec(source, `CREATE TABLE app.big (id integer PRIMARY KEY, v text); INSERT INTO app.big SELECT g, md5(g::text) FROM generate_series(1, ${rows}) g; ANALYZE app.big;`);
    const schema = `${home}_kill`;
    mysql.createDatabase(schema);
    const digest = (): string[] => mysql.query(schema, "SET SESSION group_concat_max_len = 4194304; SELECT COUNT(*), MD5(GROUP_CONCAT(CONCAT(id, v) ORDER BY id SEPARATOR ',')) FROM big")[0] ?? [];
    const gate = new Gate(postgres, source, rows);
    try {
      await gate.closed();
      // Small chunks: those before the gate (rows past the first half wait there) are loaded before the
      // kill; whether they are committed yet depends on where the worker's batch of chunks ends (the
      // chunks of a batch may share one commit), so the kill finds between none and half of the rows.
      const job = new CliProcess(
        ['import', '--target', mysql.url(home), '--network-link', postgres.url(source), 'TABLES=app.big', `REMAP_SCHEMA=app:${schema}`, 'JOB_NAME=CROSS_KILLED', 'NOLOGFILE=Y', gate.query('app.big')],
        { env: { SLUICE_CHUNK_TARGET_BYTES: String(32 * 1024) } },
      );
      const waiting = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";
      for (let i = 0; postgres.query(source, waiting)[0]?.[0] === '0'; i++) {
        if (i === 1200) throw new Error(`the job never reached the gate\n${job.stdout}\n${job.stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      job.child.kill('SIGKILL');
      expect((await job.done()).code).toBeNull();
      expect(Number(digest()[0])).toBeLessThan(rows);
    } finally {
      await gate.open();
    }
    // The link's address is not kept with the job: a restart without it is refused, saying what to add.
    const bare = await runCli(['attach', 'CROSS_KILLED', '--target', mysql.url(home), '--start']);
    expect(bare.stderr).toContain(
      `sluice: Job CROSS_KILLED reads its source over a network link, whose address is not kept with the job: give it again with --network-link (sluice attach CROSS_KILLED --target ${mysql.url(home)} --network-link URL --start).`,
    );
    expect(bare.code).not.toBe(0);
    const resumed = await runCli(['attach', 'CROSS_KILLED', '--target', mysql.url(home), '--network-link', postgres.url(source), '--start'], { timeoutMs: 120_000 });
    expect(resumed.stderr).toBe('');
    expect(resumed.code, resumed.stdout).toBe(0);
    expect(resumed.stdout).toMatch(/Job "[^"]+"\."CROSS_KILLED" successfully completed/);
    expect(digest()).toEqual(postgres.query(source, "SELECT count(*), md5(string_agg(id || v, ',' ORDER BY id)) FROM app.big")[0]);
    postgres.exec(source, 'DROP TABLE app.big');
  });

  it('a type with no mapping is refused before the target is touched; SQLFILE shows what is not translated, commented out', async () => {
    postgres.exec(source, "CREATE TABLE app.words (id int PRIMARY KEY, v tsvector); INSERT INTO app.words VALUES (1, 'fat:2 rat:3'), (2, NULL)");
    try {
      const schema = `${home}_refused`;
      const r = await runCli(['import', '--target', mysql.url(home), '--network-link', postgres.url(source), 'SCHEMAS=app', `REMAP_SCHEMA=app:${schema}`, 'NOLOGFILE=Y']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /nothing was created: Column "[^"]+"\."words"\."v" is of type tsvector, which has no mapping into mysql; give it a type with TRANSFORM=COLUMN_TYPE:tsvector=<type>, or leave the table out \(EXCLUDE=TABLE:"IN \('words'\)"\)/,
      );
      expect(mysql.query(home, `SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '${schema}'`)[0]).toEqual(['0']);

      // TRANSFORM=COLUMN_TYPE gives it one: the value in its text form.
      mysql.createDatabase(schema);
      const mapped = await runCli([
        'import',
        '--target',
        mysql.url(home),
        '--network-link',
        postgres.url(source),
        'TABLES=app.words',
        `REMAP_SCHEMA=app:${schema}`,
        'TRANSFORM=COLUMN_TYPE:tsvector=LONGTEXT',
        `DIRECTORY=${dir}`,
        'LOGFILE=words.log',
      ]);
      expect(mapped.code).toBe(0);
      expect(readFileSync(join(dir, 'words.log'), 'utf8')).toMatch(
        /Column "[^"]+"\."words"\."v": stored as LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin in its text form \(TRANSFORM=COLUMN_TYPE\)\./,
      );
      expect(mysql.query(schema, 'SELECT id, v FROM words ORDER BY id')).toEqual([
        ['1', "'fat':2 'rat':3"],
        ['2', 'NULL'],
      ]);

      const sql = await runCli([
        'import',
        '--target',
        mysql.url(home),
        '--network-link',
        postgres.url(source),
        'SCHEMAS=app',
        'EXCLUDE=TABLE:"IN (\'words\')"',
        `REMAP_SCHEMA=app:${schema}`,
        `DIRECTORY=${dir}`,
        'SQLFILE=cross.sql',
        'NOLOGFILE=Y',
      ]);
      expect(sql.code).toBe(5);
      const text = readFileSync(join(dir, 'cross.sql'), 'utf8');
      expect(text).toContain(`CREATE TABLE \`${schema}\`.\`types\` (`);
      expect(text).toMatch(/-- VIEW app\.types_view is not created in mysql: its body is PostgreSQL SQL\n-- CREATE VIEW/);
      expect(text).toMatch(/-- POLICY app\.edge edge_policy is not created in mysql/);
      expect(text).toContain('-- Table "app"."edge": ENABLE ROW LEVEL SECURITY is not carried over into mysql;');
      expect(text).toMatch(/-- Table "app"\."types" column "dm": the CHECK of domain app\.posint .* is not carried over into mysql;/);
      expect(existsSync(join(dir, 'cross.sql'))).toBe(true);
    } finally {
      postgres.exec(source, 'DROP TABLE app.words');
    }
  });
});
