import { AdapterError, tableLabel, type TableRef } from '@sluice/adapter-kit';
import type { MysqlConnection, TextRow } from '../mysql-connection.js';
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
  /** A system-versioning ROW START / ROW END holding a TIMESTAMP (explicit, or the implicit ROW_START / ROW_END). */
  readonly period?: 'start' | 'end';
  /** A ROW START / ROW END holding transaction ids: generated, and never writable. */
  readonly transactionPeriod?: boolean;
}

/** Whether the columns are a system-versioned table's: their period columns travel, so every row version does. */
export function hasHistory(columns: readonly DataColumn[]): boolean {
  return columns.some((c) => c.period !== undefined);
}

/** Columns of a table in order; NO_SUCH_TABLE when it does not exist. */
export async function dataColumns(conn: MysqlConnection, table: TableRef): Promise<DataColumn[]> {
  // Where tables may be system-versioned, the table's type comes with its columns: one round trip.
  const versioning = conn.features.supportsSystemVersioning;
  const rows = await conn.catalogRows(
    `SELECT COLUMN_NAME AS name, DATA_TYPE AS dt, CHARACTER_SET_NAME AS cs, EXTRA AS extra, GENERATION_EXPRESSION AS gen${
      versioning ? ', (SELECT TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?) AS tt' : ''
    }
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
    versioning ? [table.schema, table.name, table.schema, table.name] : [table.schema, table.name],
  );
  if (rows.length === 0) {
    throw new AdapterError('NO_SUCH_TABLE', `Table ${tableLabel(table)} does not exist`, { object: tableLabel(table) });
  }
  return columnsOfRows(rows, rows[0]?.['tt'] ?? null, versioning);
}

/**
 * A table's data columns from its information_schema.COLUMNS rows (name, dt, cs, extra, gen; in
 * ordinal order) and its TABLE_TYPE (read where tables may be system-versioned).
 */
export function columnsOfRows(rows: readonly TextRow[], tableType: string | null, versioning: boolean): DataColumn[] {
  const columns = rows.map((r): DataColumn => {
    const dataType = (r['dt'] ?? '').toLowerCase();
    const charset = r['cs'] ?? null;
    const generated = /\bGENERATED\b/i.test(r['extra'] ?? '') && !/DEFAULT_GENERATED/i.test(r['extra'] ?? '');
    // A TIMESTAMP period column's values can be written back (system_versioning_insert_history); a
    // transaction-id one's cannot, and it stays generated.
    const rowPeriod = generated && /^ROW (START|END)$/i.test(r['gen'] ?? '');
    const period = rowPeriod && dataType === 'timestamp' ? /^ROW (START|END)$/i.exec(r['gen'] ?? '')?.[1]?.toLowerCase() : undefined;
    return {
      name: r['name'] as string,
      dataType,
      charset,
      generated: generated && period === undefined,
      bytes: isByteColumn(dataType, charset),
      ...(period === 'start' || period === 'end' ? { period } : {}),
      ...(rowPeriod && period === undefined ? { transactionPeriod: true } : {}),
    };
  });
  if (!versioning || rows.some((r) => /^ROW (START|END)$/i.test(r['gen'] ?? ''))) return columns;
  if (tableType !== 'SYSTEM VERSIONED') return columns;
  // Versioned without period columns: the server's hidden ROW_START / ROW_END hold each version's period.
  const implicit = (name: string, period: 'start' | 'end'): DataColumn => ({ name, dataType: 'timestamp', charset: null, generated: false, bytes: false, period });
  return [...columns, implicit('ROW_START', 'start'), implicit('ROW_END', 'end')];
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
