import type { Adapter } from '@sluice/adapter-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratch, type Scratch } from './support/engines.js';
import { exportSchemas, importDump, tempDir } from './support/jobs.js';
import { dumpNoData } from './support/mysql-fingerprint.js';
import { sql } from './support/sql.js';

/** One column of a SHOW CREATE statement. */
async function shown(a: Adapter, what: string, column: string): Promise<string> {
  return String((await sql(a, `SHOW CREATE ${what}`))[0]?.[column] ?? '');
}

/** A sequence's stored row: position, bounds, step, cache, cycle and round. */
async function sequenceRow(a: Adapter, qualified: string): Promise<unknown[]> {
  return sql(a, `SELECT * FROM ${qualified} LIMIT 1`);
}

async function nextValue(a: Adapter, qualified: string): Promise<unknown> {
  return (await sql(a, `SELECT NEXTVAL(${qualified}) AS n`))[0]?.['n'];
}

describe('MariaDB fidelity: sequences, and REMAP_SCHEMA renaming only the schema', () => {
  let s: Scratch;
  let a: Adapter;
  const files = tempDir('my-fidelity-names');

  beforeAll(async () => {
    s = await createScratch('mysql');
    a = s.adapter();
  });
  afterAll(async () => {
    await s?.drop();
    files.cleanup();
  });

  // Issue 11, item 4: sequences were not exported, and a default drawing from one kept the old schema's under REMAP_SCHEMA.
  it('sequences come back with their definitions and positions, and a remapped default draws from the target sequence', async () => {
    const t = s.schema('seq');
    await s.createSchema('seq');
    const q = (name: string): string => `\`${t}\`.\`${name}\``;
    await sql(a, `CREATE SEQUENCE ${q('ids')} START WITH 100 INCREMENT BY 5 MINVALUE 10 MAXVALUE 100000 CACHE 20 CYCLE`);
    await sql(a, `CREATE SEQUENCE ${q('exact')} START WITH 7 INCREMENT BY 3 NOCACHE`);
    await sql(a, `CREATE SEQUENCE ${q('down')} START WITH -5 INCREMENT BY -2 MINVALUE -100 MAXVALUE -1 COMMENT 'counts down'`);
    await sql(a, `CREATE SEQUENCE ${q('wheel')} MINVALUE 1 MAXVALUE 3 NOCACHE CYCLE`);
    await sql(a, `CREATE TABLE ${q('orders')} (id INT PRIMARY KEY DEFAULT NEXT VALUE FOR ${q('ids')}, v INT)`);
    await sql(a, `CREATE TABLE ${q('tickets')} (id BIGINT PRIMARY KEY DEFAULT nextval(${q('exact')}), v INT)`);
    await sql(a, `INSERT INTO ${q('orders')} (v) VALUES (1), (2), (3)`);
    await sql(a, `INSERT INTO ${q('tickets')} (v) VALUES (1), (2)`);
    for (let i = 0; i < 4; i++) await nextValue(a, q('wheel'));
    await nextValue(a, q('down'));

    const exp = await exportSchemas(a, [t], files.dir, 'seq%U.dmp', async () => {}, 'seq-export.log');
    expect(exp.errors, exp.log).toBe(0);
    expect(exp.log).not.toMatch(/not exported/);
    const copy = s.schema('seq_copy');
    const imp = await importDump(a, files.dir, 'seq%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: t, to: copy }), 'seq-import.log');
    expect(imp.errors, imp.log).toBe(0);
    const c = (name: string): string => `\`${copy}\`.\`${name}\``;
    expect(await dumpNoData(copy, t)).toEqual(await dumpNoData(t, t));

    for (const name of ['ids', 'exact', 'down', 'wheel']) {
      expect(await shown(a, `SEQUENCE ${c(name)}`, 'Create Table'), name).toBe(await shown(a, `SEQUENCE ${q(name)}`, 'Create Table'));
      expect(await sequenceRow(a, c(name)), name).toEqual(await sequenceRow(a, q(name)));
    }
    expect(await shown(a, `TABLE ${c('orders')}`, 'Create Table')).toBe((await shown(a, `TABLE ${q('orders')}`, 'Create Table')).replace(`nextval(${q('ids')})`, `nextval(${c('ids')})`));
    expect(await shown(a, `TABLE ${c('orders')}`, 'Create Table')).toContain(`DEFAULT nextval(${c('ids')})`);
    expect(await sql(a, `SELECT id, v FROM ${c('orders')} ORDER BY id LIMIT 10`)).toEqual(await sql(a, `SELECT id, v FROM ${q('orders')} ORDER BY id LIMIT 10`));

    // Uncached sequences: the target draws exactly the value the source draws next.
    expect(await nextValue(a, c('exact'))).toBe(await nextValue(a, q('exact')));
    expect(await nextValue(a, c('wheel'))).toBe(await nextValue(a, q('wheel')));
    // A cached one starts after the source's cache, as mariadb-dump's SETVAL does: never a value the source may hand out.
    const [source] = await sequenceRow(a, q('ids'));
    await sql(a, `INSERT INTO ${c('orders')} (v) VALUES (4)`);
    expect(await sql(a, `SELECT id FROM ${c('orders')} WHERE v = 4 LIMIT 1`)).toEqual([{ id: Number((source as Record<string, unknown>)['next_not_cached_value']) }]);
    // The copy's default drew from the copy's sequence; the source's is untouched.
    expect(await sequenceRow(a, q('ids'))).toEqual([source]);
    await sql(a, `INSERT INTO ${c('tickets')} (v) VALUES (3)`);
    expect(await sql(a, `SELECT COUNT(*) AS n FROM ${q('tickets')} LIMIT 1`)).toEqual([{ n: 2 }]);
  });

  // Issue 11, item 13: `SELECT orders.id FROM orders` in schema `orders` came back as `orders_new`.id.
  it('a table named like its schema: REMAP_SCHEMA renames the schema in its view, routines and trigger, never the table in table.column', async () => {
    const x = s.schema('orders');
    await s.createSchema('orders');
    const X = `\`${x}\``;
    await sql(a, `CREATE TABLE ${X}.${X} (id INT PRIMARY KEY, total INT)`);
    await sql(a, `CREATE TABLE ${X}.log (n INT AUTO_INCREMENT PRIMARY KEY, order_id INT)`);
    await sql(a, `INSERT INTO ${X}.${X} VALUES (1, 10), (2, 0)`);
    await sql(a, `CREATE VIEW ${X}.v AS SELECT ${X}.id, ${X}.total FROM ${X}.${X} WHERE ${X}.total >= 0`);
    await sql(a, `CREATE FUNCTION ${X}.top_id() RETURNS INT READS SQL DATA RETURN (SELECT MAX(${X}.id) FROM ${X}.${X} WHERE ${X}.total > 0)`);
    await sql(a, `CREATE FUNCTION ${X}.n_orders() RETURNS INT READS SQL DATA RETURN (SELECT COUNT(${X}.id) FROM ${X})`);
    await sql(a, `CREATE PROCEDURE ${X}.bump(IN k INT) UPDATE ${X}.${X} SET ${X}.total = ${X}.total + 1 WHERE ${X}.id = k`);
    await sql(a, `CREATE TRIGGER ${X}.audit AFTER INSERT ON ${X}.${X} FOR EACH ROW INSERT INTO ${X}.log (order_id) SELECT ${X}.id FROM ${X}.${X} WHERE ${X}.id = NEW.id`);

    const exp = await exportSchemas(a, [x], files.dir, 'ord%U.dmp', async () => {}, 'ord-export.log');
    expect(exp.errors, exp.log).toBe(0);
    const y = s.schema('orders_new');
    const Y = `\`${y}\``;
    const imp = await importDump(a, files.dir, 'ord%U.dmp', (job) => job.metadataRemap({ name: 'REMAP_SCHEMA', from: x, to: y }), 'ord-import.log');
    expect(imp.errors, imp.log).toBe(0);

    // The target's name is the source's with a suffix: written back as the source's, mariadb-dump's output is the same.
    expect(await dumpNoData(y, x)).toEqual(await dumpNoData(x, x));
    // Bodies as written: only `schema`.`table` is renamed.
    const written = (text: string): string => text.replaceAll(`${X}.${X}`, `${Y}.${X}`);
    const programs: [string, string][] = [
      ['FUNCTION', 'top_id'],
      ['FUNCTION', 'n_orders'],
      ['PROCEDURE', 'bump'],
    ];
    for (const [kind, name] of programs) {
      const column = kind === 'FUNCTION' ? 'Create Function' : 'Create Procedure';
      expect(await shown(a, `${kind} ${Y}.${name}`, column), name).toBe(written(await shown(a, `${kind} ${X}.${name}`, column)));
    }
    const trigger = await shown(a, `TRIGGER ${X}.audit`, 'SQL Original Statement');
    expect(await shown(a, `TRIGGER ${Y}.audit`, 'SQL Original Statement')).toBe(written(trigger).replace(`${X}.audit`, `${Y}.audit`).replace(`${X}.log`, `${Y}.log`));
    expect(trigger).toContain(`SELECT ${X}.id FROM ${X}.${X} WHERE ${X}.id = NEW.id`);
    // The server qualifies every name of a view: each dotted name begins with the schema.
    const qualified = (text: string): string => text.replace(new RegExp(`(?<![.\\w\`])${X.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=\\.)`, 'g'), Y);
    expect(await shown(a, `VIEW ${Y}.v`, 'Create View')).toBe(qualified(await shown(a, `VIEW ${X}.v`, 'Create View')));

    // And they work on the target, on the target's rows.
    expect(await sql(a, `SELECT ${Y}.top_id() AS top, ${Y}.n_orders() AS n`)).toEqual([{ top: 1, n: 2 }]);
    await sql(a, `CALL ${Y}.bump(2)`);
    await sql(a, `INSERT INTO ${Y}.${X} VALUES (3, 5)`);
    expect(await sql(a, `SELECT id, total FROM ${Y}.v ORDER BY id LIMIT 10`)).toEqual([
      { id: 1, total: 10 },
      { id: 2, total: 1 },
      { id: 3, total: 5 },
    ]);
    expect(await sql(a, `SELECT order_id FROM ${Y}.log ORDER BY n LIMIT 10`)).toEqual([{ order_id: 3 }]);
    expect(await sql(a, `SELECT id, total FROM ${X}.${X} ORDER BY id LIMIT 10`)).toEqual([
      { id: 1, total: 10 },
      { id: 2, total: 0 },
    ]);
    expect(await sql(a, `SELECT COUNT(*) AS n FROM ${X}.log LIMIT 1`)).toEqual([{ n: 0 }]);
  });
});
