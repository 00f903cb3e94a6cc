import type { MysqlConnection } from '../mysql-connection.js';
import type { MysqlForeignKeyDetail } from '../model/mysql-details.js';

/** A foreign key with its schema. */
export interface ForeignKeyFacts extends MysqlForeignKeyDetail {
  readonly schema: string;
}

/** Foreign keys of tables in the databases, by schema, table and name. */
export async function introspectForeignKeys(conn: MysqlConnection, schemas: readonly string[]): Promise<ForeignKeyFacts[]> {
  const rows = await conn.textRows(
    `SELECT rc.CONSTRAINT_SCHEMA AS s, rc.TABLE_NAME AS t, rc.CONSTRAINT_NAME AS name, rc.UPDATE_RULE AS upd, rc.DELETE_RULE AS del,
            k.COLUMN_NAME AS col, k.REFERENCED_TABLE_SCHEMA AS rs, k.REFERENCED_TABLE_NAME AS rt, k.REFERENCED_COLUMN_NAME AS rcol
       FROM information_schema.REFERENTIAL_CONSTRAINTS rc
       JOIN information_schema.KEY_COLUMN_USAGE k
         ON k.CONSTRAINT_SCHEMA = rc.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = rc.CONSTRAINT_NAME
        AND k.TABLE_NAME = rc.TABLE_NAME AND k.REFERENCED_TABLE_NAME IS NOT NULL
      WHERE rc.CONSTRAINT_SCHEMA IN (?)
      ORDER BY rc.CONSTRAINT_SCHEMA, rc.TABLE_NAME, rc.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
    [schemas],
  );
  const out: ForeignKeyFacts[] = [];
  let current: { schema: string; table: string; name: string; columns: string[]; refColumns: string[]; refSchema: string; refTable: string; onDelete: string; onUpdate: string } | undefined;
  for (const r of rows) {
    if (current === undefined || current.schema !== r['s'] || current.table !== r['t'] || current.name !== r['name']) {
      current = {
        schema: r['s'] as string,
        table: r['t'] as string,
        name: r['name'] as string,
        columns: [],
        refColumns: [],
        refSchema: r['rs'] as string,
        refTable: r['rt'] as string,
        onDelete: r['del'] ?? 'RESTRICT',
        onUpdate: r['upd'] ?? 'RESTRICT',
      };
      out.push(current);
    }
    current.columns.push(r['col'] as string);
    current.refColumns.push(r['rcol'] as string);
  }
  return out;
}
