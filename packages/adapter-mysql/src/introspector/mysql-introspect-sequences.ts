import type { MysqlConnection } from '../mysql-connection.js';
import type { MysqlSequenceDetail, MysqlSequenceValueDetail } from '../model/mysql-details.js';
import { qualify } from '../sql/mysql-quote.js';

/** A MariaDB sequence in scope: its definition, its position, and the server's own DDL. */
export interface SequenceFacts {
  readonly schema: string;
  readonly name: string;
  readonly detail: MysqlSequenceDetail;
  readonly value: MysqlSequenceValueDetail;
  readonly ddl: string;
}

/**
 * The sequences of the databases (information_schema.TABLES, TABLE_TYPE 'SEQUENCE'; none on MySQL).
 * Each one's row is read on the caller's connection, inside the export's snapshot.
 */
export async function introspectSequences(conn: MysqlConnection, schemas: readonly string[]): Promise<SequenceFacts[]> {
  const listed = await conn.textRows(
    `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS n, ENGINE AS engine, TABLE_COMMENT AS comment FROM information_schema.TABLES
      WHERE TABLE_SCHEMA IN (?) AND TABLE_TYPE = 'SEQUENCE' ORDER BY TABLE_SCHEMA, TABLE_NAME LIMIT 100000`,
    [schemas],
  );
  const out: SequenceFacts[] = [];
  for (const r of listed) {
    const schema = r['s'] as string;
    const name = r['n'] as string;
    const row = await conn.textRow(
      `SELECT next_not_cached_value AS nx, minimum_value AS mn, maximum_value AS mx, start_value AS st, \`increment\` AS inc,
              cache_size AS cache, cycle_option AS cyc, cycle_count AS rnd FROM ${qualify(schema, name)} LIMIT 1`,
    );
    if (row === undefined) continue;
    const ddl = (await conn.textRow(`SHOW CREATE SEQUENCE ${qualify(schema, name)}`))?.['Create Table'] ?? '';
    const valueType = /^CREATE SEQUENCE\s+(?:`(?:[^`]|``)*`|\S+)\s+as\s+(.+?)\s+start with\b/i.exec(ddl)?.[1];
    out.push({
      schema,
      name,
      detail: {
        ...(valueType === undefined ? {} : { valueType }),
        start: row['st'] as string,
        minValue: row['mn'] as string,
        maxValue: row['mx'] as string,
        increment: row['inc'] as string,
        cache: row['cache'] as string,
        cycle: row['cyc'] === '1',
        engine: r['engine'] ?? null,
        ...(r['comment'] ? { comment: r['comment'] } : {}),
      },
      value: { sequence: name, next: row['nx'] as string, round: row['rnd'] ?? '0' },
      ddl,
    });
  }
  return out;
}
