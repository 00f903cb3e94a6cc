import { createHash } from 'node:crypto';
import type { Adapter } from '@sluice/adapter-kit';
import { attach } from '@sluice/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChild, until } from './support/child.js';
import { createScratch, type Scratch } from './support/engines.js';
import { dumpNoData as dumpMysqlNoData } from './support/mysql-fingerprint.js';
import { dataItems, jobItems } from './support/faults.js';
import { exportSchemas, importDump, TIMING, tempDir } from './support/jobs.js';
import { sql } from './support/sql.js';

/** `mariadb-dump --no-data --routines --events --triggers` of a database byte for byte, its name written as `as`, AUTO_INCREMENT values left out. */
async function dumpNoData(db: string, as: string): Promise<string> {
  return (await dumpMysqlNoData(db, as, 'latin1')).text;
}

/** One SHOW CREATE column. */
async function shown(a: Adapter, what: string, column: string): Promise<string> {
  return String((await sql(a, `SHOW CREATE ${what}`))[0]?.[column] ?? '');
}

/**
 * Every version of every row of a table (FOR SYSTEM_TIME ALL when it is versioned), each row the HEX
 * of every column including ROW START / ROW END, sorted, and a SHA-256 over them; with the count.
 */
async function versionHash(a: Adapter, schema: string, table: string, withPeriod = true): Promise<{ rows: number; sha: string }> {
  const type = await sql(a, 'SELECT TABLE_TYPE AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? LIMIT 1', [schema, table]);
  const versioned = type[0]?.['t'] === 'SYSTEM VERSIONED';
  const cols = await sql(a, 'SELECT COLUMN_NAME AS c, GENERATION_EXPRESSION AS g FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION LIMIT 200', [
    schema,
    table,
  ]);
  const names = cols.filter((c) => withPeriod || !/^ROW (START|END)$/.test(String(c['g'] ?? ''))).map((c) => `\`${String(c['c'])}\``);
  if (versioned && withPeriod && !cols.some((c) => /^ROW START$/.test(String(c['g'] ?? '')))) names.push('ROW_START', 'ROW_END');
  const list = names.map((n) => `COALESCE(HEX(${n}), 'N')`).join(", '|', ");
  const rows = await sql(a, `SELECT CONCAT(${list}) AS r FROM \`${schema}\`.\`${table}\`${versioned ? ' FOR SYSTEM_TIME ALL' : ''} ORDER BY r LIMIT 10000`);
  const hash = createHash('sha256');
  for (const r of rows) hash.update(`${String(r['r'])}\n`);
  return { rows: rows.length, sha: hash.digest('hex') };
}

/** How many history rows (ended versions) a versioned table holds. */
async function historyRows(a: Adapter, qualified: string): Promise<number> {
  const all = Number((await sql(a, `SELECT COUNT(*) AS n FROM ${qualified} FOR SYSTEM_TIME ALL LIMIT 1`))[0]?.['n']);
  return all - Number((await sql(a, `SELECT COUNT(*) AS n FROM ${qualified} LIMIT 1`))[0]?.['n']);
}

describe('MariaDB fidelity: system versioning, application-time periods, packages, view introducers', () => {
  let s: Scratch;
  let a: Adapter;
  const files = tempDir('my-fidelity-versioning');

  beforeAll(async () => {
    s = await createScratch('mysql');
    a = s.adapter();
  });
  afterAll(async () => {
    await s?.drop();
    files.cleanup();
  });

  /** Run statements on one session (for session settings such as system_versioning_insert_history). */
  async function session(statements: string[]): Promise<void> {
    const conn = await a.connector.connect('mya test session');
    try {
      for (const text of statements) await a.masterTable.query(conn, text);
    } finally {
      await conn.close();
    }
  }

  // Issue 11, item 5: versioning and history were lost (implicit), or the DDL was invalid (explicit, PARTITION BY SYSTEM_TIME).
  // With PARTITION_OPTIONS=MERGE the history partitions' rows came back as current rows.
  it('system-versioned tables come back with every row version, implicit and explicit periods, SYSTEM_TIME partitions (merged too) and unversioned columns', async () => {
    const t = s.schema('ver');
    await s.createSchema('ver');
    const q = (name: string): string => `\`${t}\`.\`${name}\``;
    await sql(a, `CREATE TABLE ${q('prices')} (id INT PRIMARY KEY, amount DECIMAL(8,2), note VARCHAR(20) CHARACTER SET latin1) WITH SYSTEM VERSIONING`);
    await sql(
      a,
      `CREATE TABLE ${q('stock')} (id INT AUTO_INCREMENT PRIMARY KEY, qty INT, seen INT WITHOUT SYSTEM VERSIONING,
         valid_from TIMESTAMP(6) GENERATED ALWAYS AS ROW START INVISIBLE, valid_to TIMESTAMP(6) GENERATED ALWAYS AS ROW END INVISIBLE,
         PERIOD FOR SYSTEM_TIME (valid_from, valid_to), UNIQUE KEY qty_u (qty), KEY seen_k (seen)) WITH SYSTEM VERSIONING`,
    );
    await sql(a, `CREATE TABLE ${q('mixed')} (id INT PRIMARY KEY, tracked INT WITH SYSTEM VERSIONING, other INT)`);
    await sql(a, `CREATE TABLE ${q('plim')} (id INT, v INT) WITH SYSTEM VERSIONING PARTITION BY SYSTEM_TIME LIMIT 2 (PARTITION p0 HISTORY, PARTITION p1 HISTORY, PARTITION pn CURRENT)`);
    await sql(a, `CREATE TABLE ${q('pint')} (id INT, v INT) WITH SYSTEM VERSIONING PARTITION BY SYSTEM_TIME INTERVAL 1 YEAR STARTS '2020-01-01 00:00:00' PARTITIONS 4`);
    await sql(a, `CREATE TABLE ${q('psub')} (id INT, v INT) WITH SYSTEM VERSIONING PARTITION BY SYSTEM_TIME SUBPARTITION BY KEY (id) SUBPARTITIONS 2 (PARTITION ph HISTORY, PARTITION pc CURRENT)`);
    // History as old as one likes, written with its own periods, and history made by changes.
    await session([
      'SET SESSION system_versioning_insert_history = 1',
      `INSERT INTO ${q('prices')} (id, amount, note, ROW_START, ROW_END) VALUES (1, 9.50, 'café', '2019-03-01 10:00:00.123456', '2020-01-01 00:00:00'), (9, 1.00, 'gone', '2018-01-01 00:00:00', '2018-06-01 00:00:00.5')`,
      `INSERT INTO ${q('pint')} (id, v, ROW_START, ROW_END) VALUES (1, 1, '2019-12-01 00:00:00', '2020-06-01 00:00:00'), (2, 2, '2020-02-01 00:00:00', '2021-03-01 00:00:00')`,
    ]);
    await sql(a, `INSERT INTO ${q('prices')} VALUES (1, 10.00, 'now'), (2, 3.25, NULL), (3, 0.10, 'x')`);
    await sql(a, `UPDATE ${q('prices')} SET amount = amount + 1 WHERE id <= 2`);
    await sql(a, `DELETE FROM ${q('prices')} WHERE id = 3`);
    await sql(a, `INSERT INTO ${q('stock')} (qty, seen) VALUES (5, 0), (7, 0), (9, 0)`);
    await sql(a, `UPDATE ${q('stock')} SET qty = qty * 10 WHERE id = 1`);
    await sql(a, `UPDATE ${q('stock')} SET seen = 4 WHERE id = 2`);
    await sql(a, `INSERT INTO ${q('mixed')} VALUES (1, 1, 1), (2, 2, 2)`);
    await sql(a, `UPDATE ${q('mixed')} SET tracked = 10 WHERE id = 1`);
    await sql(a, `UPDATE ${q('mixed')} SET other = 20 WHERE id = 2`);
    await sql(a, `INSERT INTO ${q('plim')} VALUES (1, 1), (2, 2), (3, 3)`);
    for (let i = 0; i < 3; i++) await sql(a, `UPDATE ${q('plim')} SET v = v + 1 WHERE id = ${i + 1}`);
    await sql(a, `INSERT INTO ${q('pint')} VALUES (3, 3)`);
    await sql(a, `INSERT INTO ${q('psub')} VALUES (1, 1), (2, 2)`);
    await sql(a, `DELETE FROM ${q('psub')} WHERE id = 2`);

    const exp = await exportSchemas(a, [t], files.dir, 'ver%U.dmp', async () => {}, 'ver-export.log');
    expect(exp.errors, exp.log).toBe(0);
    expect(exp.log).not.toMatch(/not exported/);
    const copy = s.schema('ver_copy');
    const imp = await importDump(a, files.dir, 'ver%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: t, to: copy }), 'ver-import.log');
    expect(imp.errors, imp.log).toBe(0);

    expect(await dumpNoData(copy, t)).toBe(await dumpNoData(t, t));
    for (const table of ['prices', 'stock', 'mixed', 'plim', 'pint', 'psub']) {
      const source = await versionHash(a, t, table);
      expect(source.rows, table).toBeGreaterThan(0);
      expect(await versionHash(a, copy, table), table).toEqual(source);
      expect(await historyRows(a, `\`${copy}\`.\`${table}\``), table).toBe(await historyRows(a, q(table)));
    }
    expect(await historyRows(a, `\`${copy}\`.prices`)).toBe(5);
    const counters = (schema: string): Promise<unknown[]> =>
      sql(a, 'SELECT TABLE_NAME AS t, AUTO_INCREMENT AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME LIMIT 20', [schema]);
    expect(await counters(copy)).toEqual(await counters(t));
    // History is history on the target: the table as it was, and only current rows without FOR SYSTEM_TIME.
    const asOf = (schema: string): Promise<unknown[]> => sql(a, `SELECT id, amount, note FROM \`${schema}\`.prices FOR SYSTEM_TIME AS OF TIMESTAMP'2019-06-01 00:00:00' ORDER BY id LIMIT 10`);
    expect(await asOf(copy)).toEqual([{ id: 1, amount: '9.50', note: 'café' }]);
    expect(await sql(a, `SELECT id FROM \`${copy}\`.prices ORDER BY id LIMIT 10`)).toEqual([{ id: 1 }, { id: 2 }]);
    // INTERVAL partitions place history by ROW END, so each partition holds what the source's does.
    const perPartition = (schema: string): Promise<unknown[]> =>
      sql(a, `SELECT PARTITION_NAME AS p, TABLE_ROWS AS n FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'pint' ORDER BY PARTITION_ORDINAL_POSITION LIMIT 10`, [schema]);
    await sql(a, `ANALYZE TABLE \`${copy}\`.pint, ${q('pint')}`);
    expect(await perPartition(copy)).toEqual(await perPartition(t));
    // The target keeps versioning: a change there makes history as on the source.
    await sql(a, `UPDATE \`${copy}\`.stock SET qty = 1 WHERE id = 3`);
    expect(await historyRows(a, `\`${copy}\`.stock`)).toBe((await historyRows(a, q('stock'))) + 1);

    // PARTITION_OPTIONS=MERGE: the SYSTEM_TIME-partitioned tables are ordinary versioned tables, history rows still history.
    const merged = s.schema('ver_merged');
    const mergeJob = await importDump(
      a,
      files.dir,
      'ver%U.dmp',
      async (job) => {
        await job.metadataRemap({ name: 'REMAP_SCHEMA', from: t, to: merged });
        await job.setParameter('PARTITION_OPTIONS', 'MERGE');
      },
      'ver-merge.log',
    );
    expect(mergeJob.errors, mergeJob.log).toBe(0);
    for (const table of ['plim', 'pint', 'psub']) {
      const created = await shown(a, `TABLE \`${merged}\`.\`${table}\``, 'Create Table');
      expect(created, table).not.toMatch(/PARTITION/);
      expect(created, table).toMatch(/WITH SYSTEM VERSIONING$/);
      expect(await versionHash(a, merged, table), table).toEqual(await versionHash(a, t, table));
      expect(await historyRows(a, `\`${merged}\`.\`${table}\``), table).toBe(await historyRows(a, q(table)));
    }
    expect(await historyRows(a, `\`${merged}\`.plim`)).toBe(3);
  });

  // Issue 11, item 6: a period and its WITHOUT OVERLAPS key became a CHECK and a plain unique key.
  it('application-time periods and WITHOUT OVERLAPS keys come back exactly, and the target refuses overlapping rows as the source does', async () => {
    const t = s.schema('per');
    await s.createSchema('per');
    const q = (name: string): string => `\`${t}\`.\`${name}\``;
    await sql(a, `CREATE TABLE ${q('rooms')} (id INT PRIMARY KEY, room INT, s DATE NOT NULL, e DATE NOT NULL, PERIOD FOR booked (s, e), UNIQUE (room, booked WITHOUT OVERLAPS))`);
    await sql(
      a,
      `CREATE TABLE ${q('bitemporal')} (id INT, room INT, ds DATETIME(3) NOT NULL, de DATETIME(3) NOT NULL, PERIOD FOR \`app time\` (ds, de),
         UNIQUE KEY uk (room, \`app time\` WITHOUT OVERLAPS), CONSTRAINT ck CHECK (room > 0)) WITH SYSTEM VERSIONING`,
    );
    await sql(a, `CREATE TABLE ${q('leases')} (unit INT NOT NULL, s DATE NOT NULL, e DATE NOT NULL, PERIOD FOR p (s, e), PRIMARY KEY (unit, p WITHOUT OVERLAPS))`);
    await sql(a, `INSERT INTO ${q('rooms')} VALUES (1, 10, '2024-01-01', '2024-01-05'), (2, 10, '2024-01-05', '2024-01-09'), (3, 11, '2024-01-01', '2024-02-01')`);
    await sql(a, `INSERT INTO ${q('bitemporal')} VALUES (1, 10, '2024-01-01 00:00:00.5', '2024-01-02 00:00:00')`);
    await sql(a, `UPDATE ${q('bitemporal')} FOR PORTION OF \`app time\` FROM '2024-01-01 06:00:00' TO '2024-01-01 12:00:00' SET room = 12`);
    await sql(a, `INSERT INTO ${q('leases')} VALUES (1, '2024-01-01', '2024-01-10'), (1, '2024-01-10', '2024-01-20'), (2, '2024-01-05', '2024-01-06')`);
    const overlapping = `INSERT INTO %s VALUES (9, 10, '2024-01-04', '2024-01-06')`;
    await expect(sql(a, overlapping.replace('%s', q('rooms')))).rejects.toThrow(/Duplicate entry/);

    const exp = await exportSchemas(a, [t], files.dir, 'per%U.dmp', async () => {}, 'per-export.log');
    expect(exp.errors, exp.log).toBe(0);
    expect(exp.log).not.toMatch(/not exported/);
    const copy = s.schema('per_copy');
    const imp = await importDump(a, files.dir, 'per%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: t, to: copy }), 'per-import.log');
    expect(imp.errors, imp.log).toBe(0);
    expect(await dumpNoData(copy, t)).toBe(await dumpNoData(t, t));
    for (const table of ['rooms', 'bitemporal', 'leases']) expect(await versionHash(a, copy, table), table).toEqual(await versionHash(a, t, table));
    const c = (name: string): string => `\`${copy}\`.\`${name}\``;
    expect(await shown(a, `TABLE ${c('rooms')}`, 'Create Table')).toContain('UNIQUE KEY `room` (`room`,`booked` WITHOUT OVERLAPS)');
    // Overlaps are refused on the target as on the source; adjoining periods are not overlaps.
    await expect(sql(a, overlapping.replace('%s', c('rooms')))).rejects.toThrow(/Duplicate entry/);
    await expect(sql(a, `INSERT INTO ${c('leases')} VALUES (1, '2024-01-15', '2024-01-25')`)).rejects.toThrow(/Duplicate entry/);
    await expect(sql(a, `INSERT INTO ${c('rooms')} VALUES (8, 11, '2024-02-03', '2024-02-01')`)).rejects.toThrow(/CONSTRAINT/);
    await sql(a, `INSERT INTO ${c('rooms')} VALUES (9, 10, '2024-01-09', '2024-01-10')`);
    await sql(a, `INSERT INTO ${c('leases')} VALUES (1, '2024-01-20', '2024-01-25')`);
  });

  // A restart clears what a dead attempt may have committed; history rows cannot be deleted by key range.
  it('a versioned table moves as one chunk: killed and restarted, TRUNCATE, or a cleared chunk, every version ends up there exactly once', async () => {
    const t = s.schema('vrestart');
    await s.createSchema('vrestart');
    const q = (name: string): string => `\`${t}\`.\`${name}\``;
    await sql(a, `CREATE TABLE ${q('big')} (id INT PRIMARY KEY, pad VARCHAR(200)) WITH SYSTEM VERSIONING`);
    await sql(a, `INSERT INTO ${q('big')} SELECT seq, REPEAT('x', 200) FROM seq_1_to_500`);
    await sql(a, `UPDATE ${q('big')} SET pad = 'changed' WHERE id % 3 = 0`);
    const conn = await a.connector.connect('mya chunks');
    try {
      const catalog = await a.introspector.introspect(conn, { mode: 'SCHEMA', schemas: [t] });
      const table = catalog.objects.find((o) => o.kind === 'TABLE' && o.name === 'big');
      expect(table).toBeDefined();
      const chunks = await a.data.planChunks(conn, table as NonNullable<typeof table>, { targetBytes: 4096 });
      expect(chunks.map((c) => c.range.kind)).toEqual(['whole']);
    } finally {
      await conn.close();
    }
    const exp = await exportSchemas(a, [t], files.dir, 'vrestart%U.dmp', async () => {}, 'vrestart-export.log');
    expect(exp.errors, exp.log).toBe(0);
    const source = await versionHash(a, t, 'big');
    expect(source.rows).toBe(666);

    // kill -9 while the versioned table's chunk is being loaded into a database other than the
    // master table's, then restart: the chunk is cleared (every version) and loaded once.
    const copy = s.schema('vrestart_copy');
    const jobName = 'MYA_VERSIONED_KILL';
    const child = await startChild({
      engine: 'mysql',
      url: s.url,
      action: 'import',
      jobName,
      dir: files.dir,
      dumpfile: 'vrestart%U.dmp',
      remap: [t, copy],
      separateTarget: true,
      tuning: { itemDelayMs: 150 },
    });
    await until(async () => dataItems(await jobItems(a, jobName)).some((r) => r.state === 'RUNNING'), 'the versioned chunk claimed');
    child.process.kill('SIGKILL');
    expect(await child.exited).toBe('SIGKILL');
    const job = await attach(jobName, { home: a, timing: TIMING, target: s.adapter() });
    await job.startJob();
    const result = await job.waitForJob();
    await job.detach().catch(() => undefined);
    expect(result.state).toBe('COMPLETED');
    expect(result.errors).toBe(0);
    expect(await versionHash(a, copy, 'big')).toEqual(source);

    // TRUNCATE: MariaDB refuses TRUNCATE TABLE on a versioned table; the rows and their history are deleted and loaded again, once.
    const again = await importDump(
      a,
      files.dir,
      'vrestart%U.dmp',
      async (job) => {
        await job.metadataRemap({ name: 'REMAP_SCHEMA', from: t, to: copy });
        await job.setParameter('TABLE_EXISTS_ACTION', 'TRUNCATE');
      },
      'vrestart-import2.log',
    );
    // The one error: the database exists already.
    expect(again.log).toMatch(/Object type SCHEMA:.* already exists/);
    expect(again.errors, again.log).toBe(1);
    expect(await versionHash(a, copy, 'big')).toEqual(source);
    // What a restart does with a chunk a dead attempt may have committed: every version goes.
    const target = await a.connector.connect('mya delete chunk');
    try {
      const catalog = await a.introspector.introspect(target, { mode: 'SCHEMA', schemas: [copy] });
      const table = catalog.objects.find((o) => o.kind === 'TABLE' && o.name === 'big') as NonNullable<(typeof catalog.objects)[number]>;
      const [chunk] = await a.data.planChunks(target, table, { targetBytes: 4096 });
      expect(await a.data.deleteChunk(target, { schema: copy, name: 'big' }, chunk as NonNullable<typeof chunk>)).toBe(500);
      await expect(a.data.deleteChunk(target, { schema: copy, name: 'big' }, { ...(chunk as NonNullable<typeof chunk>), range: { kind: 'whole' }, partition: 'p0' })).rejects.toThrow(
        /history rows can only be deleted all together/,
      );
    } finally {
      await target.close();
    }
    expect(await versionHash(a, copy, 'big')).toEqual({ rows: 0, sha: createHash('sha256').digest('hex') });
  });

  // History that cannot be written elsewhere is named, and the job ends with an error, never silently short of it.
  it('a transaction-precise versioned table moves its current rows, its history named as not exported; a target that cannot take history refuses the rows, exit 5', async () => {
    const t = s.schema('vtrx');
    await s.createSchema('vtrx');
    const q = (name: string): string => `\`${t}\`.\`${name}\``;
    await sql(
      a,
      `CREATE TABLE ${q('audit')} (id INT PRIMARY KEY, v INT, ts BIGINT UNSIGNED GENERATED ALWAYS AS ROW START INVISIBLE,
         te BIGINT UNSIGNED GENERATED ALWAYS AS ROW END INVISIBLE, PERIOD FOR SYSTEM_TIME (ts, te)) ENGINE=InnoDB WITH SYSTEM VERSIONING`,
    );
    await sql(a, `CREATE TABLE ${q('quiet')} (id INT PRIMARY KEY, ts BIGINT UNSIGNED AS ROW START, te BIGINT UNSIGNED AS ROW END, PERIOD FOR SYSTEM_TIME (ts, te)) WITH SYSTEM VERSIONING`);
    await sql(
      a,
      `CREATE TABLE ${q('stamped')} (id INT PRIMARY KEY, v INT, ts TIMESTAMP(6) GENERATED ALWAYS AS ROW START, te TIMESTAMP(6) GENERATED ALWAYS AS ROW END,
         PERIOD FOR SYSTEM_TIME (ts, te)) WITH SYSTEM VERSIONING`,
    );
    await sql(a, `INSERT INTO ${q('stamped')} (id, v) VALUES (1, 1)`);
    await sql(a, `UPDATE ${q('stamped')} SET v = 2`);
    await sql(a, `INSERT INTO ${q('audit')} VALUES (1, 1), (2, 2)`);
    await sql(a, `UPDATE ${q('audit')} SET v = 5 WHERE id = 1`);
    await sql(a, `INSERT INTO ${q('quiet')} (id) VALUES (1)`);
    const exp = await exportSchemas(a, [t], files.dir, 'vtrx%U.dmp', async () => {}, 'vtrx-export.log');
    expect(exp.state).toBe('COMPLETED');
    expect(exp.log).toMatch(new RegExp(`Object type TABLE HISTORY "${t}"\\."audit" was not exported: .*transaction ids`));
    expect(exp.log).not.toMatch(/"quiet" was not exported/);
    expect(exp.errors, exp.log).toBe(1);
    const copy = s.schema('vtrx_copy');
    const imp = await importDump(a, files.dir, 'vtrx%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: t, to: copy }), 'vtrx-import.log');
    expect(imp.errors, imp.log).toBe(0);
    expect(await dumpNoData(copy, t)).toBe(await dumpNoData(t, t));
    expect(await sql(a, `SELECT id, v FROM \`${copy}\`.audit ORDER BY id LIMIT 10`)).toEqual([
      { id: 1, v: 5 },
      { id: 2, v: 2 },
    ]);
    expect(await versionHash(a, copy, 'stamped')).toEqual(await versionHash(a, t, 'stamped'));

    // A target that cannot take the history rows: the table's rows are refused as a whole, with
    // what to do, and the job ends with an error (exit 5), never with only the current rows.
    const into = s.schema('vtrx_into');
    await s.createSchema('vtrx_into');
    await sql(
      a,
      `CREATE TABLE \`${into}\`.stamped (id INT PRIMARY KEY, v INT, ts BIGINT UNSIGNED GENERATED ALWAYS AS ROW START, te BIGINT UNSIGNED GENERATED ALWAYS AS ROW END,
         PERIOD FOR SYSTEM_TIME (ts, te)) ENGINE=InnoDB WITH SYSTEM VERSIONING`,
    );
    const refused = await importDump(
      a,
      files.dir,
      'vtrx%U.dmp',
      async (job) => {
        await job.metadataRemap({ name: 'REMAP_SCHEMA', from: t, to: into });
        await job.setParameter('TABLE_EXISTS_ACTION', 'APPEND');
      },
      'vtrx-refused.log',
    );
    expect(refused.state).toBe('COMPLETED');
    expect(refused.log).toMatch(new RegExp(`"${into}"\\."stamped" .*were not loaded: the target table's ROW START / ROW END hold transaction ids \\(ts, te\\).*TABLE_EXISTS_ACTION=REPLACE`));
    expect(refused.errors, refused.log).toBe(2);
    expect(await sql(a, `SELECT COUNT(*) AS n FROM \`${into}\`.stamped FOR SYSTEM_TIME ALL`)).toEqual([{ n: 0 }]);
    expect(await sql(a, `SELECT id, v FROM \`${into}\`.audit ORDER BY id LIMIT 10`)).toEqual([
      { id: 1, v: 5 },
      { id: 2, v: 2 },
    ]);
  });

  // Issue 11, item 12: information_schema drops introducers, which turned a view's varbinary column into varchar.
  it('view character-set introducers come back byte for byte, and the view columns keep their types', async () => {
    const t = s.schema('intro');
    await s.createSchema('intro');
    const q = (name: string): string => `\`${t}\`.\`${name}\``;
    await sql(a, `CREATE TABLE ${q('words')} (id INT PRIMARY KEY, w VARCHAR(10) CHARACTER SET latin1, b VARBINARY(10))`);
    await sql(a, `INSERT INTO ${q('words')} VALUES (1, 'caf', 'abc'), (2, X'E9', X'00FF'), (3, 'x', NULL)`);
    await sql(
      a,
      `CREATE VIEW ${q('lits')} AS SELECT id, _binary'abc' AS bin, _latin1 X'E9' AS e_acute, _utf8mb4'x' AS u, _binary X'00FF27' AS raw,
         _latin1'caf' AS l, w = _latin1 X'E9' AS is_e, b = _binary'abc' AS is_abc, 'plain' AS p FROM ${q('words')} WHERE w <> _latin1 X'FF'`,
    );
    await sql(a, `CREATE VIEW ${q('on_lits')} AS SELECT id, CONCAT(bin, _binary X'0A') AS bin2 FROM ${q('lits')} WHERE raw <> _binary'' WITH CHECK OPTION`);
    const exp = await exportSchemas(a, [t], files.dir, 'intro%U.dmp', async () => {}, 'intro-export.log');
    expect(exp.errors, exp.log).toBe(0);
    const copy = s.schema('intro_copy');
    const imp = await importDump(a, files.dir, 'intro%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: t, to: copy }), 'intro-import.log');
    expect(imp.errors, imp.log).toBe(0);
    const dumped = await dumpNoData(copy, t);
    expect(dumped).toBe(await dumpNoData(t, t));
    expect(dumped).toContain("_binary'abc' AS `bin`");
    expect(dumped).toContain("_latin1'\xE9' AS `e_acute`");
    const columns = (schema: string): Promise<unknown[]> =>
      sql(
        a,
        `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, COLUMN_TYPE AS ty, CHARACTER_SET_NAME AS cs FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION LIMIT 100`,
        [schema],
      );
    const viewColumns = await columns(copy);
    expect(viewColumns).toEqual(await columns(t));
    expect(viewColumns).toContainEqual({ t: 'lits', c: 'bin', ty: 'varbinary(3)', cs: null });
    expect(viewColumns).toContainEqual({ t: 'lits', c: 'e_acute', ty: 'varchar(1)', cs: 'latin1' });
    for (const view of ['lits', 'on_lits']) expect(await versionHash(a, copy, view), view).toEqual(await versionHash(a, t, view));
    expect(await sql(a, `SELECT id, is_e, is_abc FROM \`${copy}\`.lits ORDER BY id LIMIT 10`)).toEqual([
      { id: 1, is_e: 0, is_abc: 1 },
      { id: 2, is_e: 1, is_abc: 0 },
      { id: 3, is_e: 0, is_abc: null },
    ]);
  });

  // Issue 11, item 8: Oracle-mode packages were not exported.
  it('packages and package bodies come back under their sql_mode, before the views and routines that call them, in the remapped schema', async () => {
    const t = s.schema('pkg');
    await s.createSchema('pkg');
    const q = (name: string): string => `\`${t}\`.\`${name}\``;
    await sql(a, `CREATE TABLE ${q('fees')} (id INT PRIMARY KEY, amount INT)`);
    await sql(a, `INSERT INTO ${q('fees')} VALUES (1, 5), (2, 7)`);
    await session([
      "SET SESSION sql_mode = 'ORACLE'",
      `CREATE PACKAGE ${q('billing')} COMMENT 'fees €' AS
         FUNCTION total(bonus INT) RETURN INT;
         PROCEDURE add_fee(a INT);
       END`,
      `CREATE PACKAGE BODY ${q('billing')} AS
         calls INT := 0;
         FUNCTION total(bonus INT) RETURN INT AS
         BEGIN
           RETURN bonus + (SELECT SUM(amount) FROM \`${t}\`.fees);
         END;
         PROCEDURE add_fee(a INT) AS
         BEGIN
           calls := calls + 1;
           INSERT INTO \`${t}\`.fees VALUES (a, a || '0');
         END;
       END`,
      `CREATE PACKAGE ${q('empty_spec')} SQL SECURITY INVOKER AS FUNCTION one RETURN INT; END`,
      `CREATE FUNCTION ${q('with_tax')}(x INT) RETURN INT AS BEGIN RETURN billing.total(x) * 2; END`,
    ]);
    await sql(a, `CREATE VIEW ${q('summary')} AS SELECT ${q('billing')}.total(0) AS total`);

    const exp = await exportSchemas(a, [t], files.dir, 'pkg%U.dmp', async () => {}, 'pkg-export.log');
    expect(exp.errors, exp.log).toBe(0);
    expect(exp.log).not.toMatch(/not exported/);
    const copy = s.schema('pkg_copy');
    const imp = await importDump(a, files.dir, 'pkg%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: t, to: copy }), 'pkg-import.log');
    expect(imp.errors, imp.log).toBe(0);
    // The body names the source's schema as written; only that name differs.
    expect(await dumpNoData(copy, t)).toBe(await dumpNoData(t, t));
    const c = (name: string): string => `\`${copy}\`.\`${name}\``;
    const spec = await shown(a, `PACKAGE ${c('billing')}`, 'Create Package');
    expect(spec).toBe(await shown(a, `PACKAGE ${q('billing')}`, 'Create Package'));
    expect(spec).toContain("COMMENT 'fees €'");
    expect(await shown(a, `PACKAGE BODY ${c('billing')}`, 'Create Package Body')).toContain(`FROM \`${copy}\`.fees`);
    const modes = (schema: string): Promise<unknown[]> =>
      sql(a, `SELECT ROUTINE_NAME AS n, ROUTINE_TYPE AS t, SQL_MODE AS m FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? ORDER BY ROUTINE_TYPE, ROUTINE_NAME LIMIT 20`, [schema]);
    expect(await modes(copy)).toEqual(await modes(t));
    // They run on the target, on the target's rows.
    await session(["SET SESSION sql_mode = 'ORACLE'", `CALL ${c('billing')}.add_fee(3)`]);
    expect(await sql(a, `SELECT total FROM ${c('summary')}`)).toEqual([{ total: 42 }]);
    expect(await sql(a, `SELECT ${c('with_tax')}(1) AS v`)).toEqual([{ v: 86 }]);
    expect(await sql(a, `SELECT COUNT(*) AS n FROM ${q('fees')}`)).toEqual([{ n: 2 }]);
  });
});
