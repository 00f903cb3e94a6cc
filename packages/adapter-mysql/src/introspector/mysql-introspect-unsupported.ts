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
 * them as errors instead of dropping them in silence: Oracle-mode packages.
 */
export async function introspectUnsupported(conn: MysqlConnection, scope: ResolvedScope, _tables: readonly TableText[]): Promise<NotExportedObject[]> {
  const out: NotExportedObject[] = [];
  if (scope.includesSchemaObjects) {
    // Packages live in mysql.proc only; a user who may not read it has none to lose here.
    const packages = await conn
      .textRows(`SELECT db AS s, name AS n, type AS t FROM mysql.proc WHERE db IN (?) AND type IN ('PACKAGE', 'PACKAGE BODY') ORDER BY db, name, type LIMIT 10000`, [scope.schemas])
      .catch(() => []);
    for (const r of packages) out.push({ kind: r['t'] as string, schema: r['s'] as string, name: r['n'] as string, reason: 'Oracle-mode packages are not exported yet' });
  }
  return out;
}
