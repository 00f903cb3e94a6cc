import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter, AdapterConnection, Catalog, CatalogObject, ColumnDef, DdlOptions, TableDetail, TableRef } from '@sluice/adapter-kit';
import { createPostgresAdapter } from '@sluice/adapter-postgres';
import { fidelityData, fidelitySchema } from './support/fidelity-fixture.js';
import { schemaDump } from './support/pg-dump.js';
import { adminQuery, createScratchDatabase, querySql, runSql, scratchName, type ScratchDatabase } from './support/scratch-database.js';
import { tableHashes } from './support/table-hash.js';

const SCHEMAS = ['app', 'ledger'];

/** What an import does with a catalog: pre-data DDL, rows chunk by chunk, post-data DDL. */
async function copyInto(
  catalog: Catalog,
  from: { adapter: Adapter; conn: AdapterConnection },
  to: { adapter: Adapter; conn: AdapterConnection },
  options: DdlOptions,
  rename: (t: TableRef) => TableRef,
): Promise<void> {
  const label = (o: CatalogObject): string => `${o.kind} ${o.schema}.${o.name}`;
  for (const o of catalog.objects.filter((x) => x.phase === 'pre-data')) await to.adapter.ddl.execute(to.conn, to.adapter.ddl.generateDdl(o, options), label(o));
  for (const o of catalog.objects.filter((x) => x.kind === 'TABLE' && (x.detail as unknown as TableDetail).hasData)) {
    const chunks = await from.adapter.data.planChunks(from.conn, o, { targetBytes: 16 * 1024 });
    for (const chunk of chunks) await to.adapter.data.load(to.conn, rename(chunk.table), from.adapter.data.unload(from.conn, chunk));
  }
  for (const o of catalog.objects.filter((x) => x.phase === 'post-data')) await to.adapter.ddl.execute(to.conn, to.adapter.ddl.generateDdl(o, options), label(o));
}

describe('PostgreSQL fidelity: introspect, regenerate, copy', () => {
  const role = scratchName();
  const owner = `${role}_owner`;
  const reader = `${role}_reader`;
  const databases: ScratchDatabase[] = [];
  let source: ScratchDatabase;
  let src: Adapter;
  const adapters: Adapter[] = [];
  let catalog: Catalog;

  const find = (kind: string, name: string, schema = 'app'): CatalogObject => {
    const o = catalog.objects.find((x) => x.kind === kind && x.name === name && x.schema === schema);
    if (o === undefined) throw new Error(`${kind} ${schema}.${name} not in the catalog`);
    return o;
  };

  async function newTarget(): Promise<{ db: ScratchDatabase; adapter: Adapter; conn: AdapterConnection }> {
    const db = await createScratchDatabase();
    databases.push(db);
    const adapter = createPostgresAdapter({ url: db.url });
    adapters.push(adapter);
    return { db, adapter, conn: await adapter.connector.connect('import') };
  }

  beforeAll(async () => {
    // Roles are cluster-wide; these two are made for this file and dropped after its databases.
    await adminQuery(`CREATE ROLE ${owner} NOLOGIN`, `CREATE ROLE ${reader} NOLOGIN`);
    source = await createScratchDatabase();
    databases.push(source);
    await runSql(source.name, [...fidelitySchema(owner, reader), ...fidelityData(), 'ANALYZE']);
    src = createPostgresAdapter({ url: source.url });
    adapters.push(src);
    const conn = await src.connector.connect('introspect');
    catalog = await src.introspector.introspect(conn, { mode: 'SCHEMA', schemas: SCHEMAS });
    await conn.close();
  });

  afterAll(async () => {
    for (const a of adapters) await a.close();
    for (const db of databases) await db.drop();
    await adminQuery(`DROP ROLE IF EXISTS ${owner}`, `DROP ROLE IF EXISTS ${reader}`);
  });

  it('describes every feature in the catalog model', () => {
    const customers = find('TABLE', 'customers').detail as unknown as TableDetail;
    const col = (name: string): ColumnDef => customers.columns.find((c) => c.name === name)!;
    expect(customers.keyColumns).toEqual(['id']);
    expect(col('id').identity).toMatchObject({ generation: 'ALWAYS', start: '10', increment: '2' });
    expect(col('name_upper').generated).toEqual({ expression: 'upper((name)::text)', stored: true });
    expect(col('name')).toMatchObject({ nativeType: 'character varying(100)', collation: 'pg_catalog."C"', nullable: false, type: { kind: 'char', fixed: false, length: 100 } });
    expect(col('mood').type).toEqual({ kind: 'enum', values: ['sad', 'ok', 'happy', "ünïcödé 'q'"], type: { kind: 'TYPE', schema: 'app', name: 'mood' } });
    expect(col('email').type).toEqual({ kind: 'user', type: { kind: 'DOMAIN', schema: 'app', name: 'email' } });
    expect(col('balance').type).toEqual({ kind: 'decimal', precision: 12, scale: 2 });
    expect(col('tags').type).toEqual({ kind: 'array', element: { kind: 'text' }, dimensions: 1 });
    expect(col('email').comment).toBe('Contact address');
    expect(customers.comment).toBe("People who buy; with 'quotes' and a tab\there");
    expect(find('TABLE', 'events').detail).toMatchObject({ tableKind: 'partitioned', hasData: false, partitions: ['events_2023', 'events_2024'] });
    expect(find('TABLE', 'events_2024_h1').detail).toMatchObject({
      tableKind: 'partition',
      partitionOf: { parent: { schema: 'app', name: 'events_2024' }, bound: "FOR VALUES FROM ('2024-01-01') TO ('2024-07-01')" },
    });
    expect(find('TABLE', 'scratch').detail).toMatchObject({ tableKind: 'unlogged', options: { fillfactor: '70' }, keyColumns: [] });
    expect(find('TABLE', 'trucks').detail).toMatchObject({ inherits: [{ schema: 'app', name: 'vehicles' }] });
    // Paths, phases and names as the engine files them.
    expect(find('INDEX', 'orders_id_brin')).toMatchObject({ path: 'TABLE/INDEX', table: 'orders', phase: 'post-data' });
    expect(find('REF_CONSTRAINT', 'orders orders_customer_id_fkey')).toMatchObject({ path: 'TABLE/CONSTRAINT/REF_CONSTRAINT', table: 'orders' });
    expect(find('CONSTRAINT', 'orders orders_no_overlap').path).toBe('TABLE/CONSTRAINT');
    expect(find('TRIGGER', 'orders orders_touch_disabled').ddl).toContain('DISABLE TRIGGER orders_touch_disabled');
    expect(find('RULE', 'customers customers_keep_funded')).toMatchObject({ path: 'TABLE/RULE', table: 'customers', phase: 'post-data' });
    expect(find('RULE', 'customer_orders customer_orders_del').table).toBeUndefined();
    expect(find('POLICY', 'customers customers_known_mood')).toMatchObject({ path: 'TABLE/RLS_POLICY', table: 'customers', phase: 'post-data' });
    expect(find('POLICY', 'customers customers_known_mood').dependsOn).toContainEqual({ kind: 'FUNCTION', schema: 'app', name: 'mood_rank(m app.mood)' });
    expect(find('STATISTICS', 'customers_mood_balance')).toMatchObject({ path: 'TABLE/STATISTICS/EXTENDED_STATISTICS', table: 'customers', phase: 'post-data' });
    expect(find('FUNCTION', 'add(a integer, b integer)').path).toBe('FUNCTION');
    expect(find('AGGREGATE', 'product(numeric)').path).toBe('FUNCTION/AGGREGATE');
    expect(find('PROCEDURE', 'reset_scratch(IN keep integer)').phase).toBe('pre-data');
    expect(find('MATERIALIZED_VIEW', 'order_totals').phase).toBe('post-data');
    expect(find('MATERIALIZED_VIEW', 'empty_mv').phase).toBe('pre-data');
    expect(find('VIEW', 'totals_view').phase).toBe('post-data');
    expect(find('SEQUENCE_VALUE', 'customers_id_seq').ddl).toBe("SELECT pg_catalog.setval('app.customers_id_seq', 14, true);");
    expect(find('EXTENSION', 'citext', 'ledger').ddl).toBe('CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA ledger;');
    expect(find('DOMAIN', 'email').dependsOn).toContainEqual({ kind: 'EXTENSION', schema: 'ledger', name: 'citext' });
    expect(find('GRANT', 'FUNCTION customer_count()').ddl).toBe(`REVOKE ALL ON FUNCTION app.customer_count() FROM PUBLIC;\nGRANT EXECUTE ON FUNCTION app.customer_count() TO ${reader};`);
    expect(find('COMMENT', 'COLUMN customers.email')).toMatchObject({ table: 'customers', ddl: "COMMENT ON COLUMN app.customers.email IS 'Contact address';" });
    // Extension members are not objects of their own.
    expect(catalog.objects.some((o) => o.kind === 'FUNCTION' && o.schema === 'ledger')).toBe(false);
  });

  it('gives a target whose pg_dump --schema-only and table contents equal the source', async () => {
    const snapshot = await src.connector.openSnapshot({ maxWorkers: 2, consistent: true });
    const target = await newTarget();
    try {
      const reading = await snapshot.acquire();
      // Introspected again inside the snapshot, as an export does.
      const inSnapshot = await src.introspector.introspect(reading, { mode: 'SCHEMA', schemas: SCHEMAS });
      expect(inSnapshot.objects).toEqual(catalog.objects);
      await copyInto(inSnapshot, { adapter: src, conn: reading }, target, {}, (t) => t);
    } finally {
      await target.conn.close();
      await snapshot.close();
    }
    expect(await schemaDump(target.db.name)).toEqual(await schemaDump(source.name));
    expect(await tableHashes(target.db.name, SCHEMAS)).toEqual(await tableHashes(source.name, SCHEMAS));
    const sequences = `SELECT format('%I.%I', schemaname, sequencename) AS name, last_value::text FROM pg_sequences ORDER BY 1`;
    expect(await querySql(target.db.name, sequences)).toEqual(await querySql(source.name, sequences));
  });

  it('applies REMAP_SCHEMA, REMAP_TABLE and the TRANSFORMs to the model, bodies included', async () => {
    const target = await newTarget();
    const options: DdlOptions = {
      remapSchema: new Map([
        ['app', 'shop'],
        ['ledger', 'books'],
      ]),
      remapTable: new Map([['app.customers', 'clients']]),
      transforms: { omitOwner: true, omitGrants: true, omitStorage: true, omitComments: true },
    };
    const rename = (t: TableRef): TableRef => ({
      schema: options.remapSchema!.get(t.schema) ?? t.schema,
      name: options.remapTable!.get(`${t.schema}.${t.name}`) ?? t.name,
    });
    const conn = await src.connector.connect('export');
    try {
      await copyInto(catalog, { adapter: src, conn }, target, options, rename);
    } finally {
      await conn.close();
      await target.conn.close();
    }
    const one = async (sql: string): Promise<unknown> => Object.values((await querySql(target.db.name, sql))[0] ?? {})[0];
    expect(await one(`SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace WHERE nspname IN ('app', 'ledger', 'shop', 'books')`)).toBe('books,shop');
    expect(await one(`SELECT count(*)::int FROM shop.clients`)).toBe(3);
    expect(await one(`SELECT pg_get_viewdef('shop.customer_orders'::regclass)`)).toContain('shop.clients c');
    expect(await one(`SELECT confrelid::regclass::text FROM pg_constraint WHERE conname = 'orders_customer_id_fkey'`)).toBe('shop.clients');
    expect(await one(`SELECT proconfig[1] FROM pg_proc WHERE proname = 'customer_count'`)).toBe('search_path=shop, public');
    expect(await one(`SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'shop.orders'::regclass AND adnum = 3`)).toBe("nextval('shop.invoice_no'::regclass)");
    expect(await one(`SELECT format_type(typbasetype, typtypmod) FROM pg_type WHERE typname = 'email'`)).toBe('books.citext');
    expect(await one(`SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'orders_touch'`)).toBe('shop.orders');
    expect(await one(`SELECT ev_class::regclass::text FROM pg_rewrite WHERE rulename = 'customers_keep_funded'`)).toBe('shop.clients');
    expect(await one(`SELECT definition FROM pg_rules WHERE rulename = 'customer_orders_del'`)).toContain('DELETE FROM shop.clients');
    expect(await one(`SELECT string_agg(polrelid::regclass::text || ' ' || polname, ',' ORDER BY polname) FROM pg_policy`)).toBe('shop.clients customers_known_mood,shop.clients customers_readers');
    expect(await one(`SELECT stxnamespace::regnamespace::text || ' ' || stxrelid::regclass::text || ' ' || stxstattarget FROM pg_statistic_ext`)).toBe('shop shop.clients 200');
    expect(await one(`SELECT last_value::int FROM shop.customers_id_seq`)).toBe(14);
    // Transforms: no owners but the importing user, no grants, no storage parameters (view options such as
    // security_barrier are not storage and stay), no comments.
    expect(await one(`SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'shop' AND c.relowner <> 'postgres'::regrole`)).toBe(0);
    expect(
      await one(
        `SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'shop' AND (c.relacl IS NOT NULL OR (c.reloptions IS NOT NULL AND c.relkind <> 'v'))`,
      ),
    ).toBe(0);
    expect(await one(`SELECT count(*)::int FROM pg_description d JOIN pg_class c ON c.oid = d.objoid WHERE c.relnamespace = 'shop'::regnamespace`)).toBe(0);
    // Every row arrived, under the new names.
    const before = await tableHashes(source.name, SCHEMAS);
    const after = await tableHashes(target.db.name, ['shop', 'books']);
    const renamed = Object.fromEntries(
      Object.entries(before).map(([name, hash]) => [
        name
          .replace(/^app\.customers$/, 'shop.clients')
          .replace(/^app\./, 'shop.')
          .replace(/^ledger\./, 'books.'),
        hash,
      ]),
    );
    expect(after).toEqual(renamed);
  });

  it('introspects a whole database in FULL mode, public schema included, system schemas not', async () => {
    const conn = await src.connector.connect('introspect');
    try {
      const full = await src.introspector.introspect(conn, { mode: 'FULL' });
      expect(full.objects.filter((o) => o.kind === 'SCHEMA').map((o) => o.name)).toEqual(['app', 'ledger', 'public']);
      expect(full.objects.find((o) => o.kind === 'SCHEMA' && o.name === 'public')!.ddl).toContain('CREATE SCHEMA IF NOT EXISTS public;');
      expect(full.objects.some((o) => o.schema === 'pg_catalog' || o.schema === 'information_schema')).toBe(false);
      expect(full.objects.length).toBeGreaterThan(catalog.objects.length);
    } finally {
      await conn.close();
    }
  });

  it('estimates sizes from statistics and from blocks', async () => {
    const conn = await src.connector.connect('estimate');
    try {
      const stats = await src.data.estimate(conn, { schema: 'app', name: 'no_key' }, 'STATISTICS');
      expect(stats).toMatchObject({ method: 'STATISTICS', rows: 503 });
      expect(stats.bytes).toBeGreaterThan(503 * 3);
      expect(stats.bytes).toBeLessThan(503 * 40);
      const blocks = await src.data.estimate(conn, { schema: 'app', name: 'no_key' }, 'BLOCKS');
      expect(blocks.bytes % 8192).toBe(0);
      // A partitioned table is the sum of its partitions.
      const events = await src.data.estimate(conn, { schema: 'app', name: 'events' }, 'STATISTICS');
      expect(events.rows).toBe(4);
    } finally {
      await conn.close();
    }
  });
});
