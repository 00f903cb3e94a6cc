import type { MysqlConnection } from '../mysql-connection.js';

/** One CHECK constraint as listed by the server. */
export interface CheckRow {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly clause: string;
  /** Column-level checks (MariaDB) are written inline in the column definition. */
  readonly level: 'Column' | 'Table';
}

/** CHECK constraints of the databases, in definition order. */
export async function introspectChecks(conn: MysqlConnection, schemas: readonly string[]): Promise<CheckRow[]> {
  const f = conn.features;
  if (!f.supportsCheckConstraints) return [];
  const rows = f.checkConstraintsHaveLevel
    ? await conn.textRows(
        `SELECT CONSTRAINT_SCHEMA AS s, TABLE_NAME AS t, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause, LEVEL AS level
           FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN (?)`,
        [schemas],
      )
    : await conn.textRows(
        `SELECT cc.CONSTRAINT_SCHEMA AS s, tc.TABLE_NAME AS t, cc.CONSTRAINT_NAME AS name, cc.CHECK_CLAUSE AS clause, 'Table' AS level
           FROM information_schema.CHECK_CONSTRAINTS cc
           JOIN information_schema.TABLE_CONSTRAINTS tc
             ON tc.CONSTRAINT_SCHEMA = cc.CONSTRAINT_SCHEMA AND tc.CONSTRAINT_NAME = cc.CONSTRAINT_NAME AND tc.CONSTRAINT_TYPE = 'CHECK'
          WHERE cc.CONSTRAINT_SCHEMA IN (?)`,
        [schemas],
      );
  return rows.map((r) => ({
    schema: r['s'] as string,
    table: r['t'] as string,
    name: r['name'] as string,
    clause: r['clause'] as string,
    level: r['level'] === 'Column' ? 'Column' : 'Table',
  }));
}
