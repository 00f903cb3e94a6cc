import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Adapter } from '@sluice/adapter-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratch, type Scratch } from './support/engines.js';
import { exportSchemas, importDump, runJob, tempDir } from './support/jobs.js';
import { sql } from './support/sql.js';
import { runSqlFile } from './support/sql-client.js';

// MariaDB fires the triggers of one table and event in the order they were created, and routine and
// trigger bodies hold `;`, which the `mariadb` client splits on unless the script says DELIMITER.
describe('MySQL triggers and routines (mysql)', () => {
  let s: Scratch;
  let a: Adapter;
  let src: string;
  const files = tempDir('rt-mysql');

  /** The row an insert of `id` leaves in `schema`.t once the triggers have run. */
  async function inserted(schema: string, id: number, via: 'insert' | 'procedure' = 'insert'): Promise<unknown> {
    if (via === 'insert') await sql(a, `INSERT INTO \`${schema}\`.t (id) VALUES (${id})`);
    else await sql(a, `CALL \`${schema}\`.add_row(${id})`);
    return row(schema, id);
  }

  async function row(schema: string, id: number): Promise<unknown> {
    const rows = await sql(a, `SELECT id, a, b FROM \`${schema}\`.t WHERE id = ${id}`);
    return rows.map((r) => ({ id: Number(r['id']), a: Number(r['a']), b: Number(r['b']) }))[0];
  }

  async function triggerOrder(schema: string): Promise<string[]> {
    const rows = await sql(a, 'SELECT TRIGGER_NAME AS n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? ORDER BY ACTION_ORDER', [schema]);
    return rows.map((r) => String(r['n']));
  }

  beforeAll(async () => {
    s = await createScratch('mysql');
    a = s.adapter();
    await s.createSchema('rt');
    src = s.schema('rt');
    // Created by the mariadb client with the server's sql_mode, as a user would.
    const q = `\`${src}\``;
    const fixture = join(files.dir, 'fixture.sql');
    writeFileSync(
      fixture,
      [
        `CREATE TABLE ${q}.t (id INT PRIMARY KEY, a INT, b INT);`,
        'DELIMITER $$',
        // Named so that an order by name would be the wrong one: the second uses the value the first set.
        `CREATE TRIGGER ${q}.t_z_sets_a BEFORE INSERT ON ${q}.t FOR EACH ROW BEGIN SET NEW.a = NEW.id * 10; SET NEW.b = -1; END$$`,
        `CREATE TRIGGER ${q}.t_a_uses_a BEFORE INSERT ON ${q}.t FOR EACH ROW BEGIN IF NEW.a IS NOT NULL THEN SET NEW.b = NEW.a + 1; END IF; END$$`,
        `CREATE PROCEDURE ${q}.add_row(IN n INT) BEGIN INSERT INTO ${q}.t (id) VALUES (n); INSERT INTO ${q}.t (id) VALUES (n + 1000); END$$`,
        'DELIMITER ;',
        '',
      ].join('\n'),
    );
    await runSqlFile(s, fixture);
    expect(await inserted(src, 1)).toEqual({ id: 1, a: 10, b: 11 });
    const exp = await exportSchemas(a, [src], files.dir, 'rt.dmp');
    expect(exp.errors).toBe(0);
  });
  afterAll(async () => {
    await s?.drop();
    files.cleanup();
  });

  it('an import with parallel workers creates the triggers of a table in their source order, so the table behaves the same', async () => {
    const target = s.schema('rt_imp');
    const imp = await importDump(a, files.dir, 'rt.dmp', async (job) => {
      await job.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: target });
      await job.setParallel(4);
    });
    expect(imp.errors).toBe(0);
    expect(await triggerOrder(target)).toEqual(await triggerOrder(src));
    expect(await inserted(target, 2)).toEqual(await inserted(src, 2));
    expect(await inserted(target, 3)).toEqual({ id: 3, a: 30, b: 31 });
  });

  it('SQL_FILE writes routines and triggers the mariadb client runs: they exist and work', async () => {
    const target = s.schema('rt_sql');
    const job = await runJob(
      { operation: 'SQL_FILE', mode: 'FULL', home: a },
      async (j) => {
        await j.addFile({ kind: 'DUMP', name: 'rt.dmp', directory: files.dir });
        await j.addFile({ kind: 'SQL', name: 'rt.sql', directory: files.dir });
        await j.metadataRemap({ name: 'REMAP_SCHEMA', from: src, to: target });
      },
      { dir: files.dir, log: 'rt-sqlfile.log' },
    );
    expect(job.errors).toBe(0);
    expect(readFileSync(join(files.dir, 'rt.sql'), 'utf8')).toContain('DELIMITER');
    await runSqlFile(s, join(files.dir, 'rt.sql'));
    expect(await triggerOrder(target)).toEqual(await triggerOrder(src));
    const routines = await sql(a, 'SELECT ROUTINE_NAME AS n FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?', [target]);
    expect(routines.map((r) => String(r['n']))).toEqual(['add_row']);
    expect(await inserted(target, 5, 'procedure')).toEqual({ id: 5, a: 50, b: 51 });
    expect(await row(target, 1005)).toEqual({ id: 1005, a: 10050, b: 10051 });
  });
});
