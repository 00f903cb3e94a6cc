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
 * them as errors instead of dropping them in silence. Nothing today: system versioning,
 * application-time periods and Oracle-mode packages are carried now (transaction-precise history
 * that cannot be: mysql-introspect-history.ts).
 */
export async function introspectUnsupported(_conn: MysqlConnection, _scope: ResolvedScope, _tables: readonly TableText[]): Promise<NotExportedObject[]> {
  return [];
}
