import { expect } from 'vitest';
import { mysql, postgres } from '../../../../test-support/sql-clients.js';

// How the sample databases are compared across engines: every row of every base table, value by value
// in key order, after the per-type normalisation of the adapter-kit README's mapping table.

const fraction = (v: string): string => v.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
const float4 = (v: string): string => (v === '' ? v : String(Math.fround(Number(v))));
const json = (v: string): string => (v === '' ? v : JSON.stringify(JSON.parse(v)));
const same = (v: string): string => v;
const unescape = (v: string): string => (v === 'NULL' ? '' : v.replace(/\\(.)/g, (_m, c: string) => ({ t: '\t', n: '\n', r: '\r', '0': '\0' })[c] ?? c));

interface Compared {
  readonly my: string;
  readonly pg: string;
  readonly norm: (v: string) => string;
}

/** How a column is read on both sides for comparison, by its type on the source. */
function comparedColumn(name: string, mysqlType: string | undefined, pgType: string | undefined): Compared {
  const my = `\`${name}\``;
  const pg = `"${name}"`;
  switch (mysqlType ?? pgType) {
    case 'timestamp':
    case 'timestamp with time zone':
      return { my, pg: `(${pg} AT TIME ZONE 'UTC')::text`, norm: fraction };
    case 'datetime':
    case 'timestamp without time zone':
      return { my, pg: `${pg}::text`, norm: fraction };
    case 'float':
      return { my: `CAST(${my} AS DOUBLE)`, pg: `${pg}::text`, norm: float4 };
    case 'blob':
    case 'geometry':
    case 'bytea':
      return { my: `HEX(${my})`, pg: `upper(encode(${pg}, 'hex'))`, norm: same };
    case 'char':
    case 'character':
      return { my, pg: `rtrim(${pg})`, norm: same };
    case 'boolean':
      return { my, pg: `${pg}::int::text`, norm: same };
    case 'ARRAY':
      return { my, pg: `array_to_json(${pg})::text`, norm: json };
    default:
      return { my, pg: `${pg}::text`, norm: same };
  }
}

/** Rows of every table on both sides, compared value by value in key order. */
export function compareTables(mysqlDb: string, pgDb: string, pgSchema: string, source: 'mysql' | 'postgres'): void {
  const columns =
    source === 'mysql'
      ? mysql.query(
          mysqlDb,
          `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = '${mysqlDb}' AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_schema = '${mysqlDb}' AND table_type = 'BASE TABLE') ORDER BY table_name, ordinal_position`,
        )
      : postgres.query(
          pgDb,
          `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name) WHERE c.table_schema = '${pgSchema}' AND t.table_type = 'BASE TABLE' AND c.is_generated = 'NEVER' AND NOT (SELECT relispartition FROM pg_class WHERE oid = format('%I.%I', c.table_schema, c.table_name)::regclass) ORDER BY c.table_name, c.ordinal_position`,
        );
  const tables = new Map<string, [string, string][]>();
  for (const [table, column, type] of columns) tables.set(table!, [...(tables.get(table!) ?? []), [column!, type!]]);
  expect(tables.size).toBeGreaterThan(5);
  for (const [table, cols] of tables) {
    const compared = cols.map(([c, t]) => comparedColumn(c, source === 'mysql' ? t : undefined, source === 'postgres' ? t : undefined));
    // Key order: the first columns of every table here lead its primary key (numbers on both sides).
    const order = cols.slice(0, 3).map(([c]) => c);
    const myRows = mysql
      .query(mysqlDb, `SET NAMES utf8mb4; SET time_zone = '+00:00'; SELECT ${compared.map((c) => c.my).join(', ')} FROM \`${table}\` t ORDER BY ${order.map((c) => `t.\`${c}\``).join(', ')}`)
      .map((r) => r.map((v, i) => compared[i]!.norm(unescape(v))));
    // psql prints values as they are: control characters escaped here as the mariadb client escapes them.
    const escaped = (e: string): string => `replace(replace(replace(replace(${e}, '\\', '\\\\'), E'\\n', '\\n'), E'\\t', '\\t'), E'\\r', '\\r')`;
    const pgRows = postgres
      .query(pgDb, `SELECT ${compared.map((c) => escaped(c.pg)).join(', ')} FROM "${pgSchema}"."${table}" t ORDER BY ${order.map((c) => `t."${c}"`).join(', ')}`)
      .map((r) => r.map((v, i) => compared[i]!.norm(unescape(v))));
    expect([table, pgRows.length]).toEqual([table, myRows.length]);
    expect([table, pgRows]).toEqual([table, myRows]);
  }
}
