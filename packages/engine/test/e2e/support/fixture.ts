import type { Adapter } from '@sluice/adapter-kit';
import type { Scratch } from './engines.js';
import { sql, tableRows } from './sql.js';

/** The tables of the fixture schema, in a stable order. */
export const TABLES = ['dept', 'emp', 'notes'] as const;

/**
 * The fixture schema `name`: departments, employees (with a foreign key, an index, values with tabs
 * and backslashes), a keyless notes table, a table the exports filter out, and a view.
 */
export async function createFixture(s: Scratch, adapter: Adapter, name: string, rows = 3000): Promise<string> {
  await s.createSchema(name);
  const q = s.q(s.schema(name));
  await sql(adapter, `CREATE TABLE ${q}.dept (id int PRIMARY KEY, name varchar(40) NOT NULL)`);
  await sql(
    adapter,
    `CREATE TABLE ${q}.emp (id int PRIMARY KEY, name varchar(60), amount numeric(10,2), created date, dept_id int, CONSTRAINT emp_dept_fk FOREIGN KEY (dept_id) REFERENCES ${q}.dept (id))`,
  );
  await sql(adapter, `CREATE INDEX emp_name_ix ON ${q}.emp (name)`);
  await sql(adapter, `CREATE TABLE ${q}.notes (id int, body varchar(200))`);
  await sql(adapter, `CREATE TABLE ${q}.tmp_log (id int, msg varchar(100))`);
  await sql(adapter, `CREATE VIEW ${q}.emp_v AS SELECT id, name FROM ${q}.emp WHERE amount > 100`);
  await sql(adapter, `INSERT INTO ${q}.dept (id, name) VALUES (1, 'Sales'), (2, 'R&D'), (3, 'Ops'), (4, 'Legal'), (5, 'Finance')`);
  await fillEmp(adapter, `${q}.emp`, 1, rows);
  await sql(adapter, `INSERT INTO ${q}.notes (id, body) VALUES (1, 'first'), (2, NULL), (3, 'line\\nbreak? no: literal'), (1, 'duplicate id is fine')`);
  await sql(adapter, `INSERT INTO ${q}.tmp_log (id, msg) VALUES (1, 'scratch')`);
  // Fresh statistics, so size estimates (and chunk plans) match the data.
  for (const t of ['dept', 'emp', 'notes', 'tmp_log']) await sql(adapter, s.engine === 'mysql' ? `ANALYZE TABLE ${q}.${t}` : `ANALYZE ${q}.${t}`);
  return s.schema(name);
}

/** Insert employees `from .. from+count-1`. */
export async function fillEmp(adapter: Adapter, qualified: string, from: number, count: number): Promise<void> {
  for (let start = from; start < from + count; start += 500) {
    const values: string[] = [];
    for (let i = start; i < Math.min(from + count, start + 500); i++) {
      const day = String((i % 28) + 1).padStart(2, '0');
      const name = i % 97 === 0 ? 'NULL' : `'emp ${i} tab\there back\\\\slash ''q'''`;
      values.push(`(${i}, ${name}, ${(i * 1.25).toFixed(2)}, '2024-02-${day}', ${(i % 5) + 1})`);
    }
    await sql(adapter, `INSERT INTO ${qualified} (id, name, amount, created, dept_id) VALUES ${values.join(', ')}`);
  }
}

/** The rows of every fixture table of schema `schema` (engine-level name). */
export async function fixtureRows(s: Scratch, adapter: Adapter, schema: string, tables: readonly string[] = TABLES): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of tables) out[t] = await tableRows(adapter, `${s.q(schema)}.${t}`, t === 'notes' ? '1, 2' : '1');
  return out;
}

/**
 * The DDL of every object of a schema as the adapter generates it from introspection, with the
 * schema renamed to `as` so two schemas compare equal exactly when their objects do.
 */
export async function schemaDdl(adapter: Adapter, schema: string, as: string): Promise<string[]> {
  const conn = await adapter.connector.connect('sluice e2e ddl');
  try {
    const catalog = await adapter.introspector.introspect(conn, { mode: 'SCHEMA', schemas: [schema] });
    const remap = schema === as ? {} : { remapSchema: new Map([[schema, as]]) };
    return catalog.objects.map((o) => `${o.kind} ${o.kind === 'SCHEMA' ? as : o.name}: ${adapter.ddl.generateDdl(o, remap).join(';\n')}`).sort();
  } finally {
    await conn.close();
  }
}
