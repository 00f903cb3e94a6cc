import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterConnection, Catalog, CatalogObject, Snapshot } from '@sluice/adapter-kit';
import { createMysqlAdapter, type MysqlAdapter } from '../src/index.js';
import { fidelityFixture } from './support/fidelity-fixture.js';
import { dumpSchema, MYSQL_URL, rawConnection, runAll, scratchName, tableHash, tablesOf, urlFor } from './support/mysql-scratch.js';

const src = scratchName('src');
const dst = scratchName('dst');
const account = `'${scratchName('acct')}'@'localhost'`;

let raw: Connection;
let source: MysqlAdapter;
let target: MysqlAdapter;
let snapshot: Snapshot;
let catalog: Catalog;

async function grantsFor(db: string): Promise<string[]> {
  const [rows] = await raw.query(`SHOW GRANTS FOR ${account}`);
  return (rows as Record<string, string>[])
    .map((r) => Object.values(r)[0] as string)
    .filter((g) => g.includes(`\`${db}\`.`))
    .map((g) => g.replaceAll(db, 'DB'))
    .sort();
}

beforeAll(async () => {
  raw = await rawConnection();
  await raw.query(`CREATE DATABASE \`${src}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await raw.query(`USE \`${src}\``);
  await runAll(
    raw,
    fidelityFixture(account).map((s) => s.replaceAll('@DB@', src)),
  );
  await raw.query('SET SESSION sql_mode = DEFAULT');
  source = createMysqlAdapter({ url: urlFor(src), applicationName: 'sluice fidelity source' });
  target = createMysqlAdapter({ url: MYSQL_URL, applicationName: 'sluice fidelity target' });

  snapshot = await source.connector.openSnapshot({ maxWorkers: 2, consistent: true });
  const conn = await snapshot.acquire();
  catalog = await source.introspector.introspect(conn, { mode: 'SCHEMA', schemas: [src], userMetadata: true });
  await snapshot.release(conn);

  // Import as the engine would: pre-data objects, the rows of every table, then post-data objects.
  const remap = { remapSchema: new Map([[src, dst]]) };
  const into = await target.connector.connect('fidelity import');
  const create = async (o: CatalogObject): Promise<void> => target.ddl.execute(into, target.ddl.generateDdl(o, remap), `${o.kind} ${o.name}`);
  for (const o of catalog.objects.filter((x) => x.phase === 'pre-data')) await create(o);
  const workers = await Promise.all([snapshot.acquire(), snapshot.acquire()]);
  const tables = catalog.objects.filter((o) => o.kind === 'TABLE');
  await Promise.all(
    workers.map(async (w: AdapterConnection, i) => {
      const loader = await target.connector.connect(`fidelity loader ${i}`);
      for (const t of tables.filter((_, n) => n % workers.length === i)) {
        for (const chunk of await source.data.planChunks(w, t, { targetBytes: 64 * 1024 * 1024 })) {
          await target.data.load(loader, { schema: dst, name: t.name }, source.data.unload(w, chunk));
        }
      }
      await loader.close();
      await snapshot.release(w);
    }),
  );
  for (const o of catalog.objects.filter((x) => x.phase === 'post-data')) await create(o);
  await into.close();
}, 240_000);

afterAll(async () => {
  await snapshot?.close();
  await source?.close();
  await target?.close();
  await raw.query(`DROP DATABASE IF EXISTS \`${src}\``);
  await raw.query(`DROP DATABASE IF EXISTS \`${dst}\``);
  await raw.query(`DROP USER IF EXISTS ${account}`);
  await raw.end();
});

describe('a database regenerated through the adapter', () => {
  it('reports every kind of object, pre-data before post-data', () => {
    const kinds = new Set(catalog.objects.map((o) => o.kind));
    for (const k of ['SCHEMA', 'USER', 'FUNCTION', 'PROCEDURE', 'TABLE', 'VIEW', 'INDEX', 'CONSTRAINT', 'REF_CONSTRAINT', 'TRIGGER', 'EVENT', 'SEQUENCE_VALUE', 'GRANT'] as const) {
      expect(kinds, k).toContain(k);
    }
    const firstPost = catalog.objects.findIndex((o) => o.phase === 'post-data');
    expect(catalog.objects.slice(firstPost).every((o) => o.phase === 'post-data')).toBe(true);
    const names = catalog.objects.filter((o) => o.kind === 'VIEW').map((o) => o.name);
    expect(names.indexOf('z_base')).toBeLessThan(names.indexOf('a_top'));
  });

  it('describes column types exactly', () => {
    const t = catalog.objects.find((o) => o.kind === 'TABLE' && o.name === 'types_all');
    const cols = (t!.detail as { columns: { name: string; nativeType: string; type: { kind: string }; charset?: string }[] }).columns;
    const col = (n: string) => cols.find((c) => c.name === n);
    expect(col('ti')?.nativeType).toBe('tinyint(3) unsigned zerofill');
    expect(col('en')?.type).toEqual({ kind: 'enum', values: ['a', 'b c', "d'e", ''] });
    expect(col('js')?.type).toEqual({ kind: 'json', binary: false });
    expect(col('b64')?.type).toEqual({ kind: 'bit', length: 64, varying: false });
    expect(col('u16')?.charset).toBe('utf16');
    expect(col('pt')?.type).toEqual({ kind: 'spatial', subtype: 'point' });
    expect(col('dtm')?.type).toEqual({ kind: 'datetime', precision: 6 });
  });

  it('records the snapshot and how it was taken', () => {
    expect(snapshot.consistent).toBe(true);
    expect(snapshot.notes.join('\n')).toMatch(/Snapshot of 2 worker connection\(s\) taken under BACKUP STAGE/);
  });

  it('gives the same mariadb-dump --no-data, routines, triggers and events included', async () => {
    const a = await dumpSchema(src);
    const b = await dumpSchema(dst);
    expect(b.text).toBe(a.text);
    expect(b.autoIncrements).toEqual(a.autoIncrements);
    expect(a.autoIncrements).toContain('defaults_t=1003');
    expect(a.autoIncrements).toContain('ai_gap=4');
  });

  it('gives identical rows in every table, byte for byte', async () => {
    const tables = await tablesOf(raw, src);
    expect(await tablesOf(raw, dst)).toEqual(tables);
    for (const t of tables) {
      const a = await tableHash(raw, src, t);
      const b = await tableHash(raw, dst, t);
      expect({ table: t, ...b }).toEqual({ table: t, ...a });
    }
    expect((await tableHash(raw, src, 'types_all')).rows).toBe(5);
  });

  it('decodes text in every character set and bytes as bytes, from the stream and from readRows alike', async () => {
    const columns = ['id', 'ch', 'lt', 'gbk_text', 'u16', 'vbin', 'b64', 'dec_big', 'dt', 'js'];
    const chunk = { table: { schema: src, name: 'types_all' }, index: 0, count: 1, range: { kind: 'key' as const, columns: ['id'], lower: ['1'], upper: ['2'] }, estimatedBytes: 0 };
    const conn = await source.connector.connect('decode');
    const decoded: unknown[] = [];
    for await (const batch of source.data.decodeRows(source.data.unload(conn, chunk, { columns }))) decoded.push(...batch);
    const read: unknown[] = [];
    for await (const batch of source.data.readRows(conn, chunk, { columns })) read.push(...batch);
    await conn.close();
    expect(read).toEqual(decoded);
    const [row] = decoded as unknown[][];
    expect(row!.slice(0, 5)).toEqual(['1', 'Müß', 'Кириллица', '中文测试', 'utf16 𝄞 text']);
    expect(Buffer.from(row![5] as Uint8Array)).toEqual(Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
    expect(Buffer.from(row![6] as Uint8Array).toString('hex')).toBe('ffffffffffffffff');
    expect(row!.slice(7)).toEqual(['12345678901234567890123456789012345.123456789012345678901234567890', '0000-00-00', '{"a": [1, 2.5, "x\\"y"], "b": null}']);
  });

  it('grants the account the same privileges on the new database', async () => {
    const a = await grantsFor(src);
    expect(a.length).toBeGreaterThanOrEqual(4);
    expect(await grantsFor(dst)).toEqual(a);
  });
});
