import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterConnection, ChunkDescriptor, IntrospectScope } from '@sluice/adapter-kit';
import { createMysqlAdapter } from '../src/index.js';
import { rawConnection, scratchName, urlFor } from './support/mysql-scratch.js';

const db = scratchName('snap');
const lockUser = scratchName('lock');
const readUser = scratchName('read');
const password = 'Snapshot-test-pa55';
const scope: IntrospectScope = { mode: 'SCHEMA', schemas: [db] };
const whole: ChunkDescriptor = { table: { schema: db, name: 't' }, index: 0, count: 1, range: { kind: 'whole' }, estimatedBytes: 0 };

let raw: Connection;

function urlAs(user: string): string {
  const u = new URL(urlFor(db));
  u.username = user;
  return u.toString();
}

async function countRows(adapter: ReturnType<typeof createMysqlAdapter>, conn: AdapterConnection): Promise<number> {
  let n = 0;
  for await (const batch of adapter.data.readRows(conn, whole)) n += batch.length;
  return n;
}

/** Open a snapshot as `user`, commit a row meanwhile, and return what the workers saw and the notes. */
async function snapshotAs(user: string | null): Promise<{ notes: string; seen: number[]; consistent: boolean }> {
  const adapter = createMysqlAdapter(user === null ? { url: urlFor(db) } : { url: urlAs(user), password });
  try {
    const before = ((await raw.query(`SELECT COUNT(*) AS n FROM \`${db}\`.t`)) as [{ n: number }[], unknown])[0][0]!.n;
    const snapshot = await adapter.connector.openSnapshot({ maxWorkers: 2, consistent: true, scope });
    try {
      await raw.query(`INSERT INTO \`${db}\`.t (v) VALUES ('after the snapshot')`);
      const a = await snapshot.acquire();
      const b = await snapshot.acquire();
      const seen = [await countRows(adapter, a), await countRows(adapter, b)].map((n) => n - before);
      await snapshot.release(a);
      await snapshot.release(b);
      return { notes: snapshot.notes.join('\n'), seen, consistent: snapshot.consistent };
    } finally {
      await snapshot.close();
    }
  } finally {
    await adapter.close();
  }
}

beforeAll(async () => {
  raw = await rawConnection();
  await raw.query(`CREATE DATABASE \`${db}\``);
  await raw.query(`CREATE TABLE \`${db}\`.t (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(40))`);
  await raw.query(`INSERT INTO \`${db}\`.t (v) VALUES ('one'), ('two')`);
  for (const [user, privileges] of [
    [lockUser, 'SELECT, LOCK TABLES'],
    [readUser, 'SELECT'],
  ] as const) {
    await raw.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
    await raw.query(`GRANT ${privileges} ON \`${db}\`.* TO '${user}'@'%'`);
  }
});

afterAll(async () => {
  await raw.query(`DROP DATABASE IF EXISTS \`${db}\``);
  for (const user of [lockUser, readUser]) await raw.query(`DROP USER IF EXISTS '${user}'@'%'`);
  await raw.end();
});

describe('consistent snapshot', () => {
  it('takes BACKUP STAGE where permitted; no worker sees a row committed after it', async () => {
    const r = await snapshotAs(null);
    expect(r.consistent).toBe(true);
    expect(r.notes).toContain('taken under BACKUP STAGE');
    expect(r.seen).toEqual([0, 0]);
  });

  it('falls back to LOCK TABLES on the exported tables without RELOAD, as MySQL Shell does, and says so', async () => {
    const r = await snapshotAs(lockUser);
    expect(r.notes).toMatch(/BACKUP STAGE is not permitted/);
    expect(r.notes).toMatch(/FLUSH TABLES WITH READ LOCK is not permitted \(it needs the RELOAD privilege\)/);
    expect(r.notes).toContain('Locked the 1 exported table(s) with LOCK TABLES ... READ');
    expect(r.seen).toEqual([0, 0]);
  });

  it('starts the workers without a lock when no lock is permitted, and says the result may be inconsistent', async () => {
    const r = await snapshotAs(readUser);
    expect(r.notes).toMatch(/LOCK TABLES is not permitted either/);
    expect(r.notes).toMatch(/No lock could be taken/);
    expect(r.notes).toMatch(/may be inconsistent|is consistent/);
    expect(r.seen).toEqual([0, 0]);
  });

  it('hands out plain connections when FLASHBACK is off, and every connection it opened is closed', async () => {
    const adapter = createMysqlAdapter({ url: urlFor(db) });
    const snapshot = await adapter.connector.openSnapshot({ maxWorkers: 3, consistent: false });
    expect(snapshot.consistent).toBe(false);
    const c = await snapshot.acquire();
    await raw.query(`INSERT INTO \`${db}\`.t (v) VALUES ('visible')`);
    const total = ((await raw.query(`SELECT COUNT(*) AS n FROM \`${db}\`.t`)) as [{ n: number }[], unknown])[0][0]!.n;
    expect(await countRows(adapter, c)).toBe(total);
    await snapshot.release(c);
    await snapshot.close();
    expect(c.closed).toBe(true);
    await adapter.close();
  });
});
