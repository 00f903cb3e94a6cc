import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterConnection, Catalog, CatalogObject, DdlOptions } from '@sluice/adapter-kit';
import { createMysqlAdapter, type MysqlAdapter } from '../src/index.js';
import { rawConnection, runAll, scratchName, urlFor } from './support/mysql-scratch.js';

// A small table's secondary keys go into its CREATE TABLE (withKeysAtCreate); a big table's are
// added after the data, one ALTER TABLE each. Either way SHOW CREATE TABLE reads as on the source.
const src = scratchName('kcsrc');
const inCreate = scratchName('kcin');
const after = scratchName('kcaft');
const together = scratchName('kctog');

let raw: Connection;
let adapter: MysqlAdapter;
let conn: AdapterConnection;
let catalog: Catalog;

const TABLES = ['keyed', 'counted', 'versioned'];

/** The table, its pre-data objects (checks), and its post-data keys, in catalog order. */
function parts(table: string): { table: CatalogObject; pre: CatalogObject[]; keys: CatalogObject[] } {
  const t = catalog.objects.find((o) => o.kind === 'TABLE' && o.name === table)!;
  const pre = catalog.objects.filter((o) => o.kind !== 'TABLE' && o.table === table && o.phase === 'pre-data');
  const keys = catalog.objects.filter((o) => (o.kind === 'INDEX' || o.kind === 'CONSTRAINT') && o.table === table && o.phase === 'post-data');
  return { table: t, pre, keys };
}

async function run(objects: readonly CatalogObject[], options: DdlOptions): Promise<void> {
  for (const o of objects) await adapter.ddl.execute(conn, adapter.ddl.generateDdl(o, options), o.name);
}

/** SHOW CREATE TABLE without the AUTO_INCREMENT counter, which follows the rows rather than the definition. */
async function showCreate(db: string, table: string): Promise<string> {
  const [rows] = await raw.query(`SHOW CREATE TABLE \`${db}\`.\`${table}\``);
  return ((rows as Record<string, string>[])[0]?.['Create Table'] ?? '').replace(/ AUTO_INCREMENT=\d+/, '');
}

beforeAll(async () => {
  raw = await rawConnection();
  for (const db of [src, inCreate, after, together]) await raw.query(`CREATE DATABASE \`${db}\``);
  await raw.query(`USE \`${src}\``);
  await runAll(raw, [
    // Keys of every sort, written out of the order the server shows them in (it puts unique keys first).
    `CREATE TABLE keyed (
       id INT NOT NULL,
       code VARCHAR(20) NOT NULL,
       email VARCHAR(100) NULL,
       body TEXT,
       score INT,
       PRIMARY KEY (id),
       KEY by_score (score DESC, code),
       KEY by_body (body(12)) COMMENT 'prefix',
       UNIQUE KEY uq_email (email),
       KEY ignored_code (code) IGNORED,
       UNIQUE KEY uq_code (code),
       FULLTEXT KEY ft_body (body),
       CONSTRAINT score_positive CHECK (score >= 0)
     ) ENGINE=InnoDB`,
    // An AUTO_INCREMENT column that is not the primary key's: its key stays in CREATE TABLE first.
    `CREATE TABLE counted (
       k CHAR(3) NOT NULL,
       seq INT NOT NULL AUTO_INCREMENT,
       label VARCHAR(30),
       PRIMARY KEY (k),
       KEY by_label (label),
       KEY by_seq (seq)
     ) ENGINE=InnoDB`,
    // A unique key of a system-versioned table: an ALTER needs system_versioning_alter_history = KEEP, CREATE TABLE does not.
    'CREATE TABLE versioned (id INT PRIMARY KEY, name VARCHAR(20), UNIQUE KEY uq_name (name), KEY by_name_id (name, id)) WITH SYSTEM VERSIONING',
  ]);
  adapter = createMysqlAdapter({ url: urlFor(src) });
  conn = await adapter.connector.connect('keys-at-create');
  catalog = await adapter.introspector.introspect(conn, { mode: 'SCHEMA', schemas: [src] });
});

afterAll(async () => {
  await adapter?.close();
  for (const db of [src, inCreate, after, together]) await raw.query(`DROP DATABASE IF EXISTS \`${db}\``);
  await raw.end();
});

describe('secondary keys in CREATE TABLE (withKeysAtCreate)', () => {
  it("writes every secondary key inside the CREATE TABLE in source order, the AUTO_INCREMENT column's key among them", () => {
    const { table, keys } = parts('counted');
    const sql = adapter.ddl.generateDdl(adapter.ddl.withKeysAtCreate(table, keys), {}).join('\n');
    expect(sql).toContain('PRIMARY KEY (`k`),\n  KEY `by_label` (`label`),\n  KEY `by_seq` (`seq`)\n)');
    expect(adapter.ddl.generateDdl(table, {}).join('\n')).not.toContain('by_label');
  });

  for (const name of TABLES) {
    it(`creates ${name} as the source shows it, with the keys in CREATE TABLE and with them added after`, async () => {
      const { table, pre, keys } = parts(name);
      expect(keys.length).toBeGreaterThan(0);
      await run([adapter.ddl.withKeysAtCreate(table, keys), ...pre], { remapSchema: new Map([[src, inCreate]]) });
      await run([table, ...pre, ...keys], { remapSchema: new Map([[src, after]]) });
      const source = await showCreate(src, name);
      expect(await showCreate(inCreate, name)).toBe(source);
      // Added after, a key can only come after the one the AUTO_INCREMENT column needed at CREATE TABLE.
      if (name !== 'counted') expect(await showCreate(after, name)).toBe(source);
    });
  }

  it("adds a big table's keys in one ALTER TABLE, as the source shows them", async () => {
    for (const name of ['keyed', 'versioned']) {
      const { table, pre, keys } = parts(name);
      const first = adapter.ddl.keysTogether(keys);
      const statements = adapter.ddl.generateDdl(first, { remapSchema: new Map([[src, together]]) });
      expect(statements.filter((q) => q.startsWith('ALTER TABLE'))).toHaveLength(1);
      await run([table, ...pre, first], { remapSchema: new Map([[src, together]]) });
      expect(await showCreate(together, name)).toBe(await showCreate(src, name));
    }
    expect(adapter.ddl.keysTogether(parts('keyed').keys.slice(0, 1))).toBe(parts('keyed').keys[0]);
    expect(() => adapter.ddl.keysTogether([parts('keyed').keys[0]!, parts('counted').keys[0]!])).toThrow(/is not a secondary key of keyed/);
  });

  it('refuses what is not a secondary key of a MySQL table, naming it', () => {
    const { table } = parts('keyed');
    const check = catalog.objects.find((o) => o.kind === 'CONSTRAINT' && o.name === 'score_positive')!;
    expect(() => adapter.ddl.withKeysAtCreate(table, [check])).toThrow(/score_positive of keyed is not a secondary key/);
    const foreign = { ...table, detail: { columns: [] } };
    expect(() => adapter.ddl.withKeysAtCreate(foreign, [])).toThrow(/was not introspected by the MySQL adapter/);
  });
});
