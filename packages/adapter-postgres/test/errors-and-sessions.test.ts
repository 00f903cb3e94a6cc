import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdapterError, type Adapter, type ChunkDescriptor } from '@sluice/adapter-kit';
import { createPostgresAdapter } from '@sluice/adapter-postgres';
import { createScratchDatabase, databaseUrl, querySql, runSql, scratchName, type ScratchDatabase } from './support/scratch-database.js';

const whole = (name: string): ChunkDescriptor => ({ table: { schema: 'e', name }, index: 0, count: 1, range: { kind: 'whole' }, estimatedBytes: 0 });

async function failure(p: Promise<unknown>): Promise<AdapterError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AdapterError);
  return err as AdapterError;
}

async function drain(stream: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

describe('PostgreSQL errors, sessions and snapshots', () => {
  let db: ScratchDatabase;
  let adapter: Adapter;
  const app = `sluice test ${scratchName()}`;

  beforeAll(async () => {
    db = await createScratchDatabase();
    await runSql(db.name, ['CREATE SCHEMA e', "CREATE TABLE e.t (id int PRIMARY KEY, v text NOT NULL CHECK (v <> 'bad'))", "INSERT INTO e.t VALUES (1, 'one'), (2, 'two')", 'CREATE SEQUENCE e.s']);
    adapter = createPostgresAdapter({ url: db.url, applicationName: app });
  });

  afterAll(async () => {
    await adapter?.close();
    await db?.drop();
  });

  it('reports a missing database as NO_SUCH_DATABASE, naming it but not the password', async () => {
    const missing = `${db.name}_missing`;
    const other = createPostgresAdapter({ url: databaseUrl(missing), password: 'hunter2-secret' });
    const err = await failure(other.connector.connect());
    expect(err.code).toBe('NO_SUCH_DATABASE');
    expect(err.sqlState).toBe('3D000');
    expect(err.message).toContain(missing);
    expect(err.message).not.toContain('hunter2-secret');
    await other.close();
  });

  it('keeps a password given in the URL out of messages', async () => {
    const u = new URL(databaseUrl(db.name));
    u.password = 'url-secret-value';
    u.port = '1';
    const other = createPostgresAdapter({ url: u.toString() });
    const err = await failure(other.connector.connect());
    expect(err.code).toBe('CONNECTION_FAILED');
    expect(err.message).toContain('127.0.0.1:1');
    expect(`${err.message} ${err.stack}`).not.toContain('url-secret-value');
    await other.close();
  });

  it('reports a duplicate key while loading as CONSTRAINT_VIOLATION with the table and SQLSTATE', async () => {
    const conn = await adapter.connector.connect();
    try {
      const err = await failure(adapter.data.load(conn, { schema: 'e', name: 't' }, Readable.from(['3\tthree\n1\tagain\n'])));
      expect(err.code).toBe('CONSTRAINT_VIOLATION');
      expect(err.sqlState).toBe('23505');
      expect(err.object).toBe('"e"."t"');
      expect(err.message).toContain('"e"."t"');
      // The failed COPY rolled back as a whole, and the session is still usable.
      expect(await drain(adapter.data.unload(conn, whole('t')))).toBe('1\tone\n2\ttwo\n');
    } finally {
      await conn.close();
    }
  });

  it('skips rows that break constraints when asked, reporting each with its reason', async () => {
    const conn = await adapter.connector.connect();
    try {
      const data = Readable.from(['10\tten\n1\tdup\n11\tbad\n12\t\\N\n13\tthirteen\n']);
      const result = await adapter.data.load(conn, { schema: 'e', name: 't' }, data, { skipConstraintErrors: true });
      expect(result.rows).toBe(2);
      expect(result.rejected?.map((r) => r.row)).toEqual(['1\tdup', '11\tbad', '12\t\\N']);
      expect(result.rejected?.[0]?.reason).toContain('duplicate key');
      expect(result.rejected?.[1]?.reason).toContain('check constraint');
      expect(result.rejected?.[2]?.reason).toContain('not-null');
      expect(await drain(adapter.data.unload(conn, whole('t')))).toBe('1\tone\n2\ttwo\n10\tten\n13\tthirteen\n');
      await adapter.ddl.execute(conn, ['DELETE FROM e.t WHERE id >= 10']);
    } finally {
      await conn.close();
    }
  });

  it('reports an existing object as OBJECT_EXISTS with the object and SQLSTATE, leaving nothing half made', async () => {
    const conn = await adapter.connector.connect();
    try {
      const err = await failure(adapter.ddl.execute(conn, ['CREATE TABLE e.half (a int)', 'CREATE TABLE e.t (id int)'], 'TABLE "e"."t"'));
      expect(err.code).toBe('OBJECT_EXISTS');
      expect(err.sqlState).toBe('42P07');
      expect(err.object).toBe('TABLE "e"."t"');
      expect(err.message).toMatch(/^execute DDL for TABLE "e"."t" failed: relation "t" already exists \(SQLSTATE 42P07\)/);
      expect(await adapter.introspector.tableExists(conn, { schema: 'e', name: 'half' })).toBe(false);
    } finally {
      await conn.close();
    }
  });

  it('refuses QUERY clauses that are not one expression, and runs the others read-only', async () => {
    const conn = await adapter.connector.connect();
    try {
      for (const query of ['1 = 1) TO STDOUT; DROP TABLE e.t; COPY (SELECT 1', "v = 'unterminated", 'id = 1 /* comment */', '(id = 1']) {
        const err = await failure(drain(adapter.data.unload(conn, whole('t'), { query })));
        expect(err.code, query).toBe('BAD_ARGUMENT');
      }
      const readOnly = await failure(drain(adapter.data.unload(conn, whole('t'), { query: "nextval('e.s') > 0" })));
      expect(readOnly.code).toBe('UNLOAD_FAILED');
      expect(readOnly.sqlState).toBe('25006');
      // The session is still usable, outside any transaction, and the table is still there.
      expect(await drain(adapter.data.unload(conn, whole('t'), { query: "v LIKE 't%'" }))).toBe('2\ttwo\n');
      expect(await adapter.introspector.tableExists(conn, { schema: 'e', name: 't' })).toBe(true);
      expect((await adapter.masterTable.query(conn, "SELECT current_setting('transaction_read_only') AS ro")).rows).toEqual([{ ro: 'off' }]);
    } finally {
      await conn.close();
    }
  });

  it('drops a table for REPLACE and re-creates it from its DDL, serial sequence included', async () => {
    const conn = await adapter.connector.connect();
    try {
      await adapter.ddl.execute(conn, ['CREATE TABLE e.serial_t (id serial PRIMARY KEY, v text)', "INSERT INTO e.serial_t (v) VALUES ('a'), ('b')"]);
      const catalog = await adapter.introspector.introspect(conn, { mode: 'TABLE', tables: [{ schema: 'e', name: 'serial_t' }] });
      const table = catalog.objects.find((o) => o.kind === 'TABLE')!;
      await adapter.ddl.dropTable(conn, { schema: 'e', name: 'serial_t' });
      expect(await adapter.introspector.tableExists(conn, { schema: 'e', name: 'serial_t' })).toBe(false);
      // The serial column's sequence survives the drop, so the table's own DDL can use and own it again.
      await adapter.ddl.execute(conn, adapter.ddl.generateDdl(table, {}), 'TABLE e.serial_t');
      await adapter.ddl.execute(conn, ["INSERT INTO e.serial_t (v) VALUES ('c')"]);
      expect(await drain(adapter.data.unload(conn, whole('serial_t')))).toBe('3\tc\n');
      await adapter.ddl.dropTable(conn, { schema: 'e', name: 'serial_t' });
    } finally {
      await conn.close();
    }
  });

  it('reports an unknown table on unload as NO_SUCH_TABLE', async () => {
    const conn = await adapter.connector.connect();
    try {
      const err = await failure(drain(adapter.data.unload(conn, whole('missing'))));
      expect(err.code).toBe('NO_SUCH_TABLE');
      expect(err.object).toBe('"e"."missing"');
    } finally {
      await conn.close();
    }
  });

  it('survives a session killed by the server and reports CONNECTION_FAILED on its next use', async () => {
    const conn = await adapter.connector.connect('victim');
    await querySql(db.name, 'SELECT pg_terminate_backend($1::int)', [Number(conn.id)]);
    await new Promise((r) => setTimeout(r, 200));
    const err = await failure(adapter.introspector.tableExists(conn, { schema: 'e', name: 't' }));
    expect(err.code).toBe('CONNECTION_FAILED');
    await conn.close();
  });

  it('exports a snapshot with its WAL position, and plain sessions when FLASHBACK is off', async () => {
    const snapshot = await adapter.connector.openSnapshot({ maxWorkers: 2, consistent: true });
    expect(snapshot.position.snapshotId).toMatch(/^[0-9A-F]+-[0-9A-F]+-\d+$/);
    expect(snapshot.position.lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    const worker = await snapshot.acquire();
    const writer = await adapter.connector.connect();
    await adapter.ddl.execute(writer, ["INSERT INTO e.t VALUES (50, 'late')"]);
    expect(await drain(adapter.data.unload(worker, whole('t')))).toBe('1\tone\n2\ttwo\n');
    await snapshot.release(worker);
    // Released sessions are handed out again, still inside the snapshot.
    const again = await snapshot.acquire();
    expect(again).toBe(worker);
    expect(await drain(adapter.data.unload(again, whole('t')))).toBe('1\tone\n2\ttwo\n');
    await snapshot.close();
    expect(worker.closed).toBe(true);

    const loose = await adapter.connector.openSnapshot({ maxWorkers: 1, consistent: false });
    expect(loose.consistent).toBe(false);
    const plainSession = await loose.acquire();
    expect(await drain(adapter.data.unload(plainSession, whole('t')))).toContain('50\tlate');
    await loose.close();
    await adapter.ddl.execute(writer, ['DELETE FROM e.t WHERE id = 50']);
    await writer.close();
  });

  it('leaves no session behind once closed', async () => {
    const other = createPostgresAdapter({ url: db.url, applicationName: `${app} leak check` });
    await other.connector.connect();
    await other.connector.connect('second');
    const snapshot = await other.connector.openSnapshot({ maxWorkers: 2, consistent: true });
    await snapshot.acquire();
    const count = async (): Promise<number> =>
      (await querySql<{ n: number }>(db.name, "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 OR starts_with(application_name, $1 || ' ')", [`${app} leak check`]))[0]!.n;
    expect(await count()).toBe(4);
    await other.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(await count()).toBe(0);
  });
});
