import type { MysqlConnection } from '../mysql-connection.js';
import type { MysqlServerFeatures } from '../mysql-server-features.js';
import type { MysqlColumnDef } from '../model/mysql-details.js';
import { quoteString } from '../sql/mysql-quote.js';
import { neutralTypeOf } from './mysql-neutral-type.js';

/** Columns of every table and view in the databases, keyed by `schema\0table`, in ordinal order. */
export async function introspectColumns(conn: MysqlConnection, schemas: readonly string[], columnChecks: ReadonlyMap<string, string>): Promise<Map<string, MysqlColumnDef[]>> {
  const f = conn.features;
  const srid = f.supportsColumnSrid ? ', SRS_ID AS srid' : '';
  const out = new Map<string, MysqlColumnDef[]>();
  // Row by row: every column of thousands of tables is never held as raw rows at once.
  await conn.eachTextRow(
    `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, COLUMN_NAME AS name, ORDINAL_POSITION AS pos, COLUMN_DEFAULT AS def,
            IS_NULLABLE AS nullable, DATA_TYPE AS dt, COLUMN_TYPE AS ct, CHARACTER_SET_NAME AS cs, COLLATION_NAME AS coll,
            EXTRA AS extra, COLUMN_COMMENT AS comment, GENERATION_EXPRESSION AS gen${srid}
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN (?)
      ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`,
    [schemas],
    (r) => {
      const key = `${r['s']}\0${r['t']}`;
      let cols = out.get(key);
      if (cols === undefined) out.set(key, (cols = []));
      const check = columnChecks.get(`${key}\0${r['name']}`);
      cols.push(columnOf(r, f, check));
    },
  );
  return out;
}

function columnOf(r: Record<string, string | null>, f: MysqlServerFeatures, check: string | undefined): MysqlColumnDef {
  const extra = r['extra'] ?? '';
  const dataType = (r['dt'] ?? '').toLowerCase();
  const nativeType = r['ct'] ?? dataType;
  const charset = r['cs'] ?? null;
  const collation = r['coll'] ?? null;
  const generatedKind = /\b(VIRTUAL|STORED|PERSISTENT)\s+GENERATED\b/i.exec(extra)?.[1]?.toUpperCase();
  const onUpdate = /\bon update (\S+)/i.exec(extra)?.[1];
  const srid = r['srid'] === null || r['srid'] === undefined ? undefined : Number(r['srid']);
  const defaultSql = generatedKind !== undefined ? null : defaultOf(r['def'] ?? null, extra, dataType, f);
  // A system period column: MariaDB lists it as STORED GENERATED `ROW START` / `ROW END`. TIMESTAMP
  // values travel with the rows; transaction ids cannot be written, so those stay generated (unloaded never).
  const rowPeriod = generatedKind !== undefined ? /^ROW (START|END)$/i.exec(r['gen'] ?? '')?.[1]?.toUpperCase() : undefined;
  const generated = generatedKind === undefined || (rowPeriod !== undefined && dataType === 'timestamp') ? undefined : { expression: r['gen'] ?? '', stored: generatedKind !== 'VIRTUAL' };
  return {
    name: r['name'] as string,
    ordinal: Number(r['pos']),
    type: neutralTypeOf({ dataType, columnType: nativeType, charset, collation, ...(check === undefined ? {} : { check }), ...(srid === undefined ? {} : { srid }) }),
    nativeType,
    nullable: r['nullable'] === 'YES',
    default: defaultSql,
    ...(/\bauto_increment\b/i.test(extra) ? { identity: { generation: 'AUTO_INCREMENT' as const } } : {}),
    ...(generated === undefined ? {} : { generated }),
    ...(rowPeriod === 'START' || rowPeriod === 'END' ? { rowPeriod } : {}),
    ...(/\bWITHOUT SYSTEM VERSIONING\b/i.test(extra) ? { withoutVersioning: true } : {}),
    ...(charset === null ? {} : { charset }),
    ...(collation === null ? {} : { collation }),
    ...(onUpdate === undefined ? {} : { onUpdate }),
    ...(/\bINVISIBLE\b/i.test(extra) ? { invisible: true } : {}),
    ...(r['comment'] ? { comment: r['comment'] } : {}),
    ...(check === undefined ? {} : { check }),
    ...(srid === undefined ? {} : { srid }),
  };
}

const NUMERIC = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint', 'decimal', 'numeric', 'float', 'double', 'real', 'year']);

/**
 * The DEFAULT clause's SQL. MariaDB (10.2.7+) reports it as SQL already (`'abc'`, `NULL`,
 * `current_timestamp()`, `(a + 1)`); MySQL reports literals bare and marks expressions DEFAULT_GENERATED.
 */
function defaultOf(raw: string | null, extra: string, dataType: string, f: MysqlServerFeatures): string | null {
  if (f.columnDefaultIsExpression) return raw;
  if (raw === null) return null;
  if (/\bDEFAULT_GENERATED\b/i.test(extra)) {
    return /^current_timestamp(\(\d*\))?$/i.test(raw) ? raw : `(${raw})`;
  }
  if (NUMERIC.has(dataType) || dataType === 'bit' || /^0x[0-9a-f]*$/i.test(raw)) return raw;
  return quoteString(raw);
}
