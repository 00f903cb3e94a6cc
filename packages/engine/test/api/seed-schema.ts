import type { Scratch } from '../e2e/support/engines.js';
import { sql } from '../e2e/support/sql.js';

/** Create a test schema `name` of the scratch area holding table `items(id, label)` with `rows` rows; returns the schema's name. */
export async function seedSchema(scratch: Scratch, name: string, rows: number): Promise<string> {
  const a = scratch.adapter();
  const { q } = scratch;
  const schema = scratch.schema(name);
  await scratch.createSchema(name);
  await sql(a, `CREATE TABLE ${q(schema)}.${q('items')} (id integer PRIMARY KEY, label varchar(40) NOT NULL)`);
  await sql(a, `CREATE TABLE ${q(schema)}.${q('notes')} (id integer PRIMARY KEY, body varchar(40))`);
  for (let start = 1; start <= rows; start += 5000) {
    const values: string[] = [];
    for (let i = start; i < Math.min(rows + 1, start + 5000); i++) values.push(`(${i}, 'item ${i}')`);
    await sql(a, `INSERT INTO ${q(schema)}.${q('items')} (id, label) VALUES ${values.join(', ')}`);
  }
  await sql(a, `INSERT INTO ${q(schema)}.${q('notes')} (id, body) VALUES (1, 'one'), (2, 'two')`);
  return schema;
}
