import { Readable } from 'node:stream';
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdapterError, type AdapterConnection, type Row } from '@sluice/adapter-kit';
import { createMysqlAdapter, type MysqlAdapter } from '../src/index.js';
import { MYSQL_URL, rawConnection, scratchName, urlFor } from './support/mysql-scratch.js';

const db = scratchName('err');
const user = scratchName('user');
const account = `'${user}'@'%'`;
const rightPassword = 'Right-pa55-for-tests';
const secret = 'Wr0ng-Secret-Pa55word';

let raw: Connection;
let adapter: MysqlAdapter;
let conn: AdapterConnection;

async function failure(p: Promise<unknown>): Promise<AdapterError> {
  const err = await p.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AdapterError);
  return err as AdapterError;
}

function withUser(name: string, password: string, database = db): string {
  const u = new URL(urlFor(database));
  u.username = name;
  u.password = password;
  return u.toString();
}

const rows = (values: Row[]): AsyncIterable<Row[]> =>
  (async function* () {
    yield values;
  })();

beforeAll(async () => {
  raw = await rawConnection();
  await raw.query(`CREATE DATABASE \`${db}\``);
  await raw.query(`CREATE TABLE \`${db}\`.t (id INT PRIMARY KEY, v VARCHAR(20))`);
  await raw.query(`CREATE USER ${account} IDENTIFIED BY '${rightPassword}'`);
  await raw.query(`GRANT SELECT, INSERT ON \`${db}\`.* TO ${account}`);
  adapter = createMysqlAdapter({ url: urlFor(db) });
  conn = await adapter.connector.connect('errors');
});

afterAll(async () => {
  await adapter?.close();
  await raw.query(`DROP DATABASE IF EXISTS \`${db}\``);
  await raw.query(`DROP USER IF EXISTS ${account}`);
  await raw.end();
});

describe('connection errors', () => {
  it('names an unknown database as NO_SUCH_DATABASE', async () => {
    const a = createMysqlAdapter({ url: urlFor('sluice_no_such_database') });
    const err = await failure(a.connector.connect());
    expect(err.code).toBe('NO_SUCH_DATABASE');
    expect(err.message).toContain("Unknown database 'sluice_no_such_database'");
    expect(err.sqlState).toBe('1049/42000');
    await a.close();
  });

  it('reports a wrong password as AUTH_FAILED and never shows it, from the URL or the option', async () => {
    for (const options of [{ url: withUser(user, secret) }, { url: withUser(user, ''), password: secret }]) {
      const a = createMysqlAdapter(options);
      const err = await failure(a.connector.connect());
      expect(err.code).toBe('AUTH_FAILED');
      expect(err.message).toContain(`Access denied for user '${user}'`);
      expect(err.sqlState).toBe('1045/28000');
      for (const text of [err.message, String(err.stack), JSON.stringify(err), String((err.cause as Error).message)]) expect(text).not.toContain(secret);
      await a.close();
    }
    const ok = createMysqlAdapter({ url: withUser(user, ''), password: rightPassword });
    await (await ok.connector.connect()).close();
    await ok.close();
  });

  it('accepts mariadb:// URLs and refuses other schemes without echoing a password', async () => {
    const maria = createMysqlAdapter({ url: urlFor(db).replace(/^mysql:/, 'mariadb:') });
    const c = await maria.connector.connect();
    expect((await maria.connector.serverInfo(c)).product).toBe('MariaDB');
    await maria.close();
    const err = (() => {
      try {
        createMysqlAdapter({ url: `postgres://u:${secret}@host/db` });
      } catch (e) {
        return e as AdapterError;
      }
      throw new Error('expected a failure');
    })();
    expect(err.code).toBe('BAD_ARGUMENT');
    expect(err.message).not.toContain(secret);
  });

  it('reports server facts', async () => {
    const info = await adapter.connector.serverInfo(conn);
    expect(info).toMatchObject({ engine: 'mysql', product: 'MariaDB', database: db, charset: 'utf8mb4' });
    expect(info.versionNumber).toBeGreaterThanOrEqual(101100);
    expect(new URL(MYSQL_URL).hostname).toBe(info.host);
  });
});

describe('load errors and options', () => {
  it('fails a load that breaks a key with CONSTRAINT_VIOLATION, or skips and reports those rows when asked', async () => {
    const t = { schema: db, name: 't' };
    await adapter.data.writeRows(conn, t, ['id', 'v'], rows([['1', 'one']]));
    const dup = await failure(
      adapter.data.writeRows(
        conn,
        t,
        ['id', 'v'],
        rows([
          ['2', 'two'],
          ['1', 'again'],
        ]),
      ),
    );
    expect(dup.code).toBe('CONSTRAINT_VIOLATION');
    expect(dup.message).toContain("Duplicate entry '1'");
    expect(dup.object).toBe(`"${db}"."t"`);
    await raw.query(`DELETE FROM \`${db}\`.t WHERE id = 2`);
    const skipped = await adapter.data.writeRows(
      conn,
      t,
      ['id', 'v'],
      rows([
        ['3', 'three'],
        ['1', 'again'],
      ]),
      { skipConstraintErrors: true },
    );
    expect(skipped.rows).toBe(1);
    expect(skipped.rejected?.map((r) => r.reason)).toEqual([expect.stringContaining("Duplicate entry '1'")]);
  });

  it('refuses a stream that is not mysql-tsv and a table that does not exist', async () => {
    const bad = await failure(adapter.data.load(conn, { schema: db, name: 't' }, Readable.from([Buffer.from('PGCOPY\n\xff\r\n')])));
    expect(bad.code).toBe('BAD_ARGUMENT');
    const missing = await failure(adapter.data.load(conn, { schema: db, name: 'nope' }, Readable.from([Buffer.from('')])));
    expect(missing.code).toBe('NO_SUCH_TABLE');
    expect(missing.message).toContain(`"${db}"."nope"`);
  });

  it('skips the binary log where permitted and says which privilege is missing where not', async () => {
    const t = { schema: db, name: 't' };
    const r = await adapter.data.writeRows(conn, t, ['id', 'v'], rows([['10', 'no binlog']]), { skipBinlog: true });
    expect(r.rows).toBe(1);
    const limited = createMysqlAdapter({ url: withUser(user, rightPassword) });
    const lc = await limited.connector.connect();
    const err = await failure(limited.data.writeRows(lc, t, ['id', 'v'], rows([['11', 'x']]), { skipBinlog: true }));
    expect(err.code).toBe('PRIVILEGE_ERROR');
    expect(err.message).toMatch(/skipping the binary log needs SUPER or BINLOG ADMIN/);
    // Inside a transaction the server refuses to change sql_log_bin, and the error says so.
    const inTx = await adapter.connector.connect('in a transaction');
    await adapter.connector.begin(inTx);
    const refused = await failure(adapter.data.writeRows(inTx, t, ['id', 'v'], rows([['12', 'y']]), { skipBinlog: true }));
    expect(refused.code).toBe('UNSUPPORTED');
    expect(refused.message).toContain('inside an open transaction');
    await adapter.connector.rollback(inTx);
    await inTx.close();
    // Without the option the same user loads fine.
    expect((await limited.data.writeRows(lc, t, ['id', 'v'], rows([['11', 'x']]))).rows).toBe(1);
    await limited.close();
  });

  it('reports DDL failures as DDL_FAILED with the object and the server code, and keeps the session usable', async () => {
    const err = await failure(adapter.ddl.execute(conn, ['CREATE TABLE t (id INT)'], 'TABLE t'));
    expect(err.code).toBe('OBJECT_EXISTS');
    expect(err.sqlState).toBe('1050/42S01');
    const bad = await failure(adapter.ddl.execute(conn, ["SET SESSION sql_mode = 'ANSI_QUOTES'", 'CREATE TABLE broken ('], 'TABLE broken'));
    expect(bad.code).toBe('DDL_FAILED');
    expect(bad.object).toBe('TABLE broken');
    // The failed object's session settings were reset: backquotes and the pinned mode still apply.
    await adapter.ddl.execute(conn, ['CREATE TABLE `after_failure` (`a` INT)'], 'TABLE after_failure');
    expect(await adapter.introspector.tableExists(conn, { schema: db, name: 'after_failure' })).toBe(true);
  });
});
