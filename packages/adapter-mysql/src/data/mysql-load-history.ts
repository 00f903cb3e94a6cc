import { AdapterError } from '@sluice/adapter-kit';
import type { MysqlConnection } from '../mysql-connection.js';
import { errnoOf } from '../mysql-errors.js';

/** The warning a server gives when it drops a ROW START / ROW END value it was not allowed to take. */
export const HISTORY_VALUE_IGNORED = '1906';

/** Why a target cannot take history rows. */
export type HistoryRefusal = 'version' | 'secure_timestamp' | 'ignored' | 'transaction';

/** What to tell a user whose target cannot take history rows, and how to fix it. */
export function historyRefusedMessage(label: string, cause: HistoryRefusal, detail = ''): string {
  const said = detail === '' ? '' : ` (${detail})`;
  const why: Record<HistoryRefusal, string> = {
    version: 'the target server cannot write history rows (system_versioning_insert_history needs MariaDB 10.11 or later)',
    secure_timestamp: `the target server's secure_timestamp setting forbids this session to set row timestamps, which writing history rows needs${said}`,
    ignored: `the target server ignored the ROW START / ROW END values${said}: its secure_timestamp setting forbids writing them, or the target's period columns cannot take them`,
    transaction: `the target table's ROW START / ROW END hold transaction ids${said}, which no statement can write`,
  };
  const fix: Record<HistoryRefusal, string> = {
    version: 'import into MariaDB 10.11 or later',
    secure_timestamp: 'restart the target server with --secure-timestamp=NO (or SUPER, and import as a user with SUPER)',
    ignored: 'check the target table and restart the target server with --secure-timestamp=NO if it is set',
    transaction: 'let the import create the table (TABLE_EXISTS_ACTION=REPLACE), or give it TIMESTAMP(6) period columns',
  };
  return `The rows of system-versioned table ${label} were not loaded: ${why[cause]}. Loading only the current rows would lose the table's history; ${fix[cause]}, then import this table again`;
}

/**
 * Let this session write ROW START / ROW END values (history rows) for the LOAD that follows:
 * `system_versioning_insert_history = 1`, which the server honours only where secure_timestamp lets
 * the session set @@timestamp, so that is tried too. Refused: UNSUPPORTED, naming the setting and the
 * fix. Returns the statement that puts the session back.
 */
export async function allowHistoryInsert(conn: MysqlConnection, label: string): Promise<string> {
  if (!conn.features.supportsInsertHistory) throw new AdapterError('UNSUPPORTED', historyRefusedMessage(label, 'version'), { object: label });
  try {
    await conn.run('SET SESSION system_versioning_insert_history = 1');
  } catch (err) {
    throw new AdapterError('UNSUPPORTED', historyRefusedMessage(label, 'version'), { object: label, cause: err });
  }
  try {
    // The same check the server makes before taking a ROW START / ROW END value.
    await conn.run('SET SESSION timestamp = UNIX_TIMESTAMP(NOW(6))');
    await conn.run('SET SESSION timestamp = DEFAULT');
  } catch (err) {
    await conn.run('SET SESSION system_versioning_insert_history = 0').catch(() => undefined);
    const setting = await conn.textRow('SELECT @@GLOBAL.secure_timestamp AS s').catch(() => undefined);
    const detail = `secure_timestamp=${setting?.['s'] ?? '?'}; MySQL error ${errnoOf(err) ?? '?'}`;
    throw new AdapterError('UNSUPPORTED', historyRefusedMessage(label, 'secure_timestamp', detail), { object: label, cause: err });
  }
  return 'system_versioning_insert_history = 0';
}
