import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdapterError, type AdapterConnection, type ChunkDescriptor } from '@sluice/adapter-kit';
import { createMysqlAdapter, type MysqlAdapter } from '../src/index.js';
import { MYSQL_URL, rawConnection, runAll, scratchName, urlFor } from './support/mysql-scratch.js';

const db = scratchName('contract');
const scriptDb = scratchName('script');
const modeDb = scratchName('mode');

let raw: Connection;
let adapter: MysqlAdapter;
let conn: AdapterConnection;

const chunk = (name: string, range: ChunkDescriptor['range'] = { kind: 'whole' }): ChunkDescriptor => ({ table: { schema: db, name }, index: 0, count: 1, range, estimatedBytes: 0 });

/** Pipe a script into the `mariadb` command-line client, as a user would run a SQLFILE. */
function runClient(script: string, database: string): Promise<{ code: number | null; stderr: string }> {
  const u = new URL(MYSQL_URL);
  const child = spawn('mariadb', [`--host=${u.hostname}`, `--port=${u.port || 3306}`, `--user=${decodeURIComponent(u.username || 'root')}`, database], {
    env: { ...process.env, ...(u.password ? { MYSQL_PWD: decodeURIComponent(u.password) } : {}) },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(script);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

beforeAll(async () => {
  raw = await rawConnection();
  await runAll(raw, [
    `CREATE DATABASE \`${db}\``,
    `CREATE DATABASE \`${scriptDb}\``,
    `CREATE DATABASE \`${modeDb}\``,
    `USE \`${db}\``,
    `CREATE TABLE \`${db}\`.parent (id INT PRIMARY KEY, v VARCHAR(40))`,
    `INSERT INTO \`${db}\`.parent SELECT seq, IF(seq % 3 = 0, 'line\nbreak', CONCAT('v', seq)) FROM seq_1_to_2500`,
    `CREATE TABLE \`${db}\`.child (id INT PRIMARY KEY, parent_id INT, v VARCHAR(5), CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id), CONSTRAINT v_ok CHECK (v <> 'bad'))`,
    `INSERT INTO \`${db}\`.child VALUES (1, 1, 'a')`,
    `CREATE TABLE \`${db}\`.empty (id INT)`,
    `CREATE TABLE \`${db}\`.k (id INT PRIMARY KEY, a INT, KEY ka (a))`,
    `CREATE PROCEDURE \`${db}\`.p() BEGIN SELECT 1; END`,
    `CREATE TRIGGER \`${db}\`.k_bi BEFORE INSERT ON \`${db}\`.k FOR EACH ROW SET NEW.a = NEW.a`,
    `CREATE EVENT \`${db}\`.ev ON SCHEDULE EVERY 1 DAY DISABLE DO SELECT 1`,
  ]);
  adapter = createMysqlAdapter({ url: urlFor(db) });
  conn = await adapter.connector.connect('engine contract');
});

afterAll(async () => {
  await conn?.close();
  await adapter?.close();
  await raw?.query(`DROP DATABASE IF EXISTS \`${db}\``);
  await raw?.query(`DROP DATABASE IF EXISTS \`${scriptDb}\``);
  await raw?.query(`DROP DATABASE IF EXISTS \`${modeDb}\``);
  await raw?.end();
});

describe('MySQL adapter: what the engine relies on', () => {
  it('reports the rows an unload carried in rowCount once it has ended, not counting the header line', async () => {
    const count = async (c: ChunkDescriptor): Promise<number> => {
      const stream = adapter.data.unload(conn, c);
      for await (const _ of stream);
      return stream.rowCount;
    };
    expect(await count(chunk('parent'))).toBe(2500);
    expect(await count(chunk('parent', { kind: 'key', columns: ['id'], lower: ['101'], upper: ['201'] }))).toBe(100);
    expect(await count(chunk('empty'))).toBe(0);
  });

  it('reports objects that already exist as OBJECT_EXISTS from execute, anything else as DDL_FAILED', async () => {
    const cases: [string, string][] = [
      ['ALTER TABLE k ADD KEY ka (a)', '1061/42000'],
      ['ALTER TABLE k ADD PRIMARY KEY (a)', '1068/42000'],
      ["ALTER TABLE child ADD CONSTRAINT v_ok CHECK (v <> 'bad')", '1826/HY000'],
      ['ALTER TABLE child ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id)', '1826/HY000'],
      ['CREATE PROCEDURE p() BEGIN SELECT 1; END', '1304/42000'],
      ['CREATE TRIGGER k_bi BEFORE INSERT ON k FOR EACH ROW SET NEW.a = NEW.a', '1359/HY000'],
      ['CREATE EVENT ev ON SCHEDULE EVERY 1 DAY DISABLE DO SELECT 1', '1537/HY000'],
    ];
    for (const [sql, state] of cases) {
      const err = await adapter.ddl.execute(conn, [sql], 'object').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, sql).toBeInstanceOf(AdapterError);
      expect(err, sql).toMatchObject({ code: 'OBJECT_EXISTS', sqlState: state, object: 'object' });
    }
    const other = await adapter.ddl.execute(conn, ['ALTER TABLE k ADD KEY kb (no_such_column)'], 'object').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(other).toMatchObject({ code: 'DDL_FAILED', sqlState: '1072/42000' });
  });

  it('makes a foreign key depend on the table it references', async () => {
    const catalog = await adapter.introspector.introspect(conn, { mode: 'SCHEMA', schemas: [db] });
    const fk = catalog.objects.find((o) => o.kind === 'REF_CONSTRAINT' && o.name === 'child_parent_fk');
    expect(fk?.dependsOn).toContainEqual({ kind: 'TABLE', schema: db, name: 'parent' });
    const names = catalog.objects.map((o) => `${o.kind} ${o.name}`);
    expect(names.indexOf('TABLE parent')).toBeLessThan(names.indexOf('REF_CONSTRAINT child_parent_fk'));
  });

  it('says which rows were skipped under skipConstraintErrors as far as the server tells, with its reason', async () => {
    const header = 'SLUICE-MYSQL-TSV 1 {"columns":[{"name":"id","charset":null},{"name":"parent_id","charset":null},{"name":"v","charset":"utf8mb4"}]}\n';
    const data = Readable.from([header, '1\t1\tdup\n3\t1\tbad\n4\t1\tok\n5\t9999\torph\n']);
    const result = await adapter.data.load(conn, { schema: db, name: 'child' }, data, { skipConstraintErrors: true });
    expect(result.rejected).toEqual([
      { row: "row with key PRIMARY = '1'", reason: "Duplicate entry '1' for key 'PRIMARY' (MySQL error 1062)" },
      { row: 'a row the server does not identify (see the reason)', reason: `CONSTRAINT \`v_ok\` failed for \`${db}\`.\`child\` (MySQL error 4025)` },
      { row: 'a row the server does not identify (see the reason)', reason: expect.stringContaining('a foreign key constraint fails') },
    ]);
    const [rows] = await raw.query(`SELECT id FROM \`${db}\`.child ORDER BY id`);
    expect((rows as { id: number }[]).map((r) => r.id)).toEqual([1, 4]);
  });

  it('writes procedures and triggers as a script the mariadb client runs', async () => {
    const statements = [
      'CREATE TABLE t (id INT PRIMARY KEY, n INT)',
      'CREATE PROCEDURE add_row(IN x INT)\nBEGIN\n  INSERT INTO t VALUES (x, 0);\n  UPDATE t SET n = n + 1 WHERE id = x;\nEND;',
      'CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.n = NEW.n + 10; SET NEW.n = NEW.n * 2; END',
      'CREATE INDEX tn ON t (n);',
    ];
    const script = adapter.ddl.scriptFor(statements);
    expect(script).toContain('DELIMITER $$\n');
    expect(script).toContain('END\n$$\n');
    expect(script.endsWith('CREATE INDEX tn ON t (n);\n')).toBe(true);
    const run = await runClient(`${script}CALL add_row(7);\n`, scriptDb);
    expect(run).toEqual({ code: 0, stderr: '' });
    const [routines] = await raw.query('SELECT ROUTINE_NAME AS n FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?', [scriptDb]);
    const [triggers] = await raw.query('SELECT TRIGGER_NAME AS n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?', [scriptDb]);
    expect(routines).toEqual([{ n: 'add_row' }]);
    expect(triggers).toEqual([{ n: 't_bi' }]);
    const [rows] = await raw.query(`SELECT id, n FROM \`${scriptDb}\`.t`);
    expect(rows).toEqual([{ id: 7, n: 21 }]);
  });

  it('re-creates a routine made under ALLOW_INVALID_DATES (MariaDB reports that mode as INVALID_DATES)', async () => {
    // The adapter's own sessions run with ALLOW_INVALID_DATES, so a routine they create records it.
    await adapter.ddl.execute(conn, [`CREATE PROCEDURE \`${db}\`.made_here() BEGIN SELECT 1; END`]);
    const catalog = await adapter.introspector.introspect(conn, { mode: 'SCHEMA', schemas: [db] });
    const routine = catalog.objects.find((o) => o.kind === 'PROCEDURE' && o.name === 'made_here');
    expect(routine).toBeDefined();
    const statements = adapter.ddl.generateDdl(routine!, { remapSchema: new Map([[db, modeDb]]) });
    expect(statements.join('\n')).not.toMatch(/'([^']*,)?INVALID_DATES/);
    await adapter.ddl.execute(conn, statements);
    const [rows] = await raw.query('SELECT ROUTINE_NAME AS n, SQL_MODE AS m FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?', [modeDb]);
    expect(rows).toEqual([{ n: 'made_here', m: expect.stringContaining('INVALID_DATES') }]);
  });
});
