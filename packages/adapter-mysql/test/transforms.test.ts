import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterConnection, Catalog, CatalogObject, DdlOptions } from '@sluice/adapter-kit';
import { createMysqlAdapter, type MysqlAdapter } from '../src/index.js';
import { rawConnection, runAll, scratchName, urlFor } from './support/mysql-scratch.js';

const src = scratchName('xsrc');
const dst = scratchName('xdst');
const account = `'${scratchName('acct')}'@'localhost'`;

let raw: Connection;
let adapter: MysqlAdapter;
let conn: AdapterConnection;
let catalog: Catalog;

const byName = (kind: string, name: string): CatalogObject => catalog.objects.find((o) => o.kind === kind && o.name === name)!;
const ddl = (o: CatalogObject, options: DdlOptions): string => adapter.ddl.generateDdl(o, options).join(';\n');

beforeAll(async () => {
  raw = await rawConnection();
  await raw.query(`CREATE DATABASE \`${src}\``);
  await raw.query(`USE \`${src}\``);
  await runAll(raw, [
    "CREATE TABLE parent (id INT PRIMARY KEY, note VARCHAR(20) COMMENT 'a note') ENGINE=InnoDB ROW_FORMAT=COMPRESSED KEY_BLOCK_SIZE=4 COMMENT='parents'",
    'CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES parent (id))',
    "INSERT INTO parent VALUES (1, 'p')",
    'INSERT INTO child VALUES (10, 1)',
    'CREATE VIEW parent_notes AS SELECT p.id, p.note, c.id AS child FROM parent p JOIN child c ON c.parent_id = p.id',
    'CREATE TRIGGER parent_bi BEFORE INSERT ON parent FOR EACH ROW SET NEW.note = UPPER(NEW.note)',
    'CREATE FUNCTION twice(x INT) RETURNS INT DETERMINISTIC RETURN x * 2',
    "CREATE EVENT tidy ON SCHEDULE EVERY 1 HOUR STARTS '2030-01-01 00:00:00' DISABLE DO DELETE FROM child WHERE parent_id IS NULL",
    `CREATE USER IF NOT EXISTS ${account}`,
    `GRANT SELECT ON \`${src}\`.parent TO ${account}`,
  ]);
  adapter = createMysqlAdapter({ url: urlFor(src) });
  conn = await adapter.connector.connect('transforms');
  catalog = await adapter.introspector.introspect(conn, { mode: 'SCHEMA', schemas: [src], userMetadata: true });
});

afterAll(async () => {
  await adapter?.close();
  await raw.query(`DROP DATABASE IF EXISTS \`${src}\``);
  await raw.query(`DROP DATABASE IF EXISTS \`${dst}\``);
  await raw.query(`DROP USER IF EXISTS ${account}`);
  await raw.end();
});

describe('DDL transforms', () => {
  it('omitDefiner leaves DEFINER out of views, routines, triggers and events', () => {
    for (const [kind, name] of [
      ['VIEW', 'parent_notes'],
      ['FUNCTION', 'twice'],
      ['TRIGGER', 'parent_bi'],
      ['EVENT', 'tidy'],
    ] as const) {
      expect(ddl(byName(kind, name), {}), kind).toContain('DEFINER=');
      expect(ddl(byName(kind, name), { transforms: { omitDefiner: true } }), kind).not.toContain('DEFINER=');
    }
  });

  it('omitEngine, omitStorage, omitTableOptions and omitComments each drop only their part', () => {
    const t = byName('TABLE', 'parent');
    expect(ddl(t, {})).toMatch(/ENGINE=InnoDB .*ROW_FORMAT=COMPRESSED KEY_BLOCK_SIZE=4 COMMENT='parents'/);
    const noEngine = ddl(t, { transforms: { omitEngine: true } });
    expect(noEngine).not.toContain('ENGINE=');
    expect(noEngine).toContain('ROW_FORMAT=COMPRESSED');
    const noStorage = ddl(t, { transforms: { omitStorage: true } });
    expect(noStorage).toContain('ENGINE=InnoDB');
    expect(noStorage).not.toMatch(/ROW_FORMAT|KEY_BLOCK_SIZE/);
    const noOptions = ddl(t, { transforms: { omitTableOptions: true } });
    expect(noOptions).not.toMatch(/ENGINE=|CHARSET=|ROW_FORMAT/);
    expect(noOptions).toContain("COMMENT='parents'");
    const noComments = ddl(t, { transforms: { omitComments: true } });
    expect(noComments).not.toContain('COMMENT');
    expect(noComments).toContain('ROW_FORMAT=COMPRESSED');
  });

  it('omitGrants leaves grants out', () => {
    const grant = catalog.objects.find((o) => o.kind === 'GRANT')!;
    expect(ddl(grant, {})).toContain('GRANT SELECT ON');
    expect(adapter.ddl.generateDdl(grant, { transforms: { omitGrants: true } })).toEqual([]);
  });
});

describe('remaps applied to the model', () => {
  it('recreates everything under a new schema and table name, references included', async () => {
    const options: DdlOptions = {
      remapSchema: new Map([[src, dst]]),
      remapTable: new Map([[`${src}.parent`, 'mother']]),
      transforms: { omitStorage: true, omitDefiner: true },
    };
    for (const phase of ['pre-data', 'post-data'] as const) {
      for (const o of catalog.objects.filter((x) => x.phase === phase)) await adapter.ddl.execute(conn, adapter.ddl.generateDdl(o, options), o.name);
      if (phase === 'pre-data') {
        for (const t of catalog.objects.filter((o) => o.kind === 'TABLE')) {
          const name = t.name === 'parent' ? 'mother' : t.name;
          await adapter.data.load(conn, { schema: dst, name }, adapter.data.unload(conn, { table: { schema: src, name: t.name }, index: 0, count: 1, range: { kind: 'whole' }, estimatedBytes: 0 }));
        }
      }
    }
    const [tables] = await raw.query('SELECT TABLE_NAME AS n, TABLE_TYPE AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME', [dst]);
    expect(tables).toEqual([
      { n: 'child', t: 'BASE TABLE' },
      { n: 'mother', t: 'BASE TABLE' },
      { n: 'parent_notes', t: 'VIEW' },
    ]);
    const [fk] = await raw.query(
      'SELECT REFERENCED_TABLE_SCHEMA AS s, REFERENCED_TABLE_NAME AS t FROM information_schema.KEY_COLUMN_USAGE WHERE CONSTRAINT_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL',
      [dst],
    );
    expect(fk).toEqual([{ s: dst, t: 'mother' }]);
    const [view] = await raw.query(`SELECT * FROM \`${dst}\`.parent_notes`);
    expect(view).toEqual([{ id: 1, note: 'p', child: 10 }]);
    await raw.query(`INSERT INTO \`${dst}\`.mother VALUES (2, 'lower')`);
    const [trig] = await raw.query(`SELECT note FROM \`${dst}\`.mother WHERE id = 2`);
    expect(trig).toEqual([{ note: 'LOWER' }]);
    const [grants] = await raw.query(`SHOW GRANTS FOR ${account}`);
    expect(JSON.stringify(grants)).toContain(`ON \`${dst}\`.\`mother\``);
    const [opts] = await raw.query('SELECT CREATE_OPTIONS AS o FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [dst, 'mother']);
    expect((opts as { o: string }[])[0]?.o ?? '').not.toMatch(/row_format|key_block_size/i);
  });
});
