import type { NotExportedObject } from '@sluice/adapter-kit';
import type { MysqlConnection } from '../mysql-connection.js';
import type { ResolvedScope } from './mysql-introspect-scope.js';

/** A table as far as this check needs it: its name and SHOW CREATE TABLE text. */
interface TableText {
  readonly schema: string;
  readonly name: string;
  readonly ddl: string;
}

/**
 * Objects in scope the catalog does not carry yet, so the engine names them in the log and counts
 * them as errors instead of dropping them in silence: Oracle-mode packages, the system
 * versioning of a table (and its history rows), application-time periods.
 */
export async function introspectUnsupported(conn: MysqlConnection, scope: ResolvedScope, tables: readonly TableText[]): Promise<NotExportedObject[]> {
  const out: NotExportedObject[] = [];
  const listed = await conn.textRows(
    `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS n FROM information_schema.TABLES
      WHERE TABLE_SCHEMA IN (?) AND TABLE_TYPE = 'SYSTEM VERSIONED' ORDER BY TABLE_SCHEMA, TABLE_NAME LIMIT 10000`,
    [scope.schemas],
  );
  for (const r of listed) {
    const schema = r['s'] as string;
    const name = r['n'] as string;
    if (!scope.includesTable(schema, name)) continue;
    out.push({ kind: 'TABLE (WITH SYSTEM VERSIONING)', schema, name, reason: 'system versioning and the history rows are not exported yet; the table is created without them' });
  }
  for (const t of tables) {
    const period = /\bPERIOD FOR (`(?:[^`]|``)+`|\w+)/i.exec(t.ddl);
    if (period !== null && !/^`?SYSTEM_TIME`?$/i.test(period[1] as string)) {
      out.push({ kind: 'PERIOD', schema: t.schema, name: `${t.name}.${(period[1] as string).replace(/^`|`$/g, '')}`, reason: 'application-time periods (and WITHOUT OVERLAPS keys) are not exported yet' });
    }
  }
  if (scope.includesSchemaObjects) {
    // Packages live in mysql.proc only; a user who may not read it has none to lose here.
    const packages = await conn
      .textRows(`SELECT db AS s, name AS n, type AS t FROM mysql.proc WHERE db IN (?) AND type IN ('PACKAGE', 'PACKAGE BODY') ORDER BY db, name, type LIMIT 10000`, [scope.schemas])
      .catch(() => []);
    for (const r of packages) out.push({ kind: r['t'] as string, schema: r['s'] as string, name: r['n'] as string, reason: 'Oracle-mode packages are not exported yet' });
  }
  return out;
}
