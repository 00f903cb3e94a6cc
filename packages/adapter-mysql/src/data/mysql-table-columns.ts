import { AdapterError, tableLabel, type TableRef } from '@sluice/adapter-kit';
import type { MysqlConnection } from '../mysql-connection.js';
import { isByteColumn } from '../introspector/mysql-neutral-type.js';

/** What moving rows needs to know about a column. */
export interface DataColumn {
  readonly name: string;
  /** DATA_TYPE, lower case. */
  readonly dataType: string;
  readonly charset: string | null;
  readonly generated: boolean;
  /** Values are raw bytes (binary strings, BLOB, BIT, spatial). */
  readonly bytes: boolean;
}

/** Columns of a table in order; NO_SUCH_TABLE when it does not exist. */
export async function dataColumns(conn: MysqlConnection, table: TableRef): Promise<DataColumn[]> {
  const rows = await conn.textRows(
    `SELECT COLUMN_NAME AS name, DATA_TYPE AS dt, CHARACTER_SET_NAME AS cs, EXTRA AS extra
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
    [table.schema, table.name],
  );
  if (rows.length === 0) {
    throw new AdapterError('NO_SUCH_TABLE', `Table ${tableLabel(table)} does not exist`, { object: tableLabel(table) });
  }
  return rows.map((r) => {
    const dataType = (r['dt'] ?? '').toLowerCase();
    const charset = r['cs'] ?? null;
    return {
      name: r['name'] as string,
      dataType,
      charset,
      generated: /\bGENERATED\b/i.test(r['extra'] ?? '') && !/DEFAULT_GENERATED/i.test(r['extra'] ?? ''),
      bytes: isByteColumn(dataType, charset),
    };
  });
}

/** The columns named (in that order), or every non-generated column; BAD_ARGUMENT for an unknown name. */
export function pickColumns(all: readonly DataColumn[], names: readonly string[] | undefined, table: TableRef): DataColumn[] {
  if (names === undefined) return all.filter((c) => !c.generated);
  return names.map((n) => {
    const c = all.find((x) => x.name === n);
    if (c === undefined) throw new AdapterError('BAD_ARGUMENT', `Table ${tableLabel(table)} has no column "${n}"`, { object: tableLabel(table) });
    return c;
  });
}

/** The character set a stream records for a column: binary for bytes, null for ASCII forms. */
export function streamCharset(c: DataColumn): string | null {
  if (c.bytes) return 'binary';
  if (c.dataType === 'json') return 'utf8mb4';
  return c.charset;
}
