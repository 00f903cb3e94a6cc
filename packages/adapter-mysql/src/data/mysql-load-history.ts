import { AdapterError } from '@sluice/adapter-kit';
import type { MysqlConnection } from '../mysql-connection.js';
import { errnoOf } from '../mysql-errors.js';

/** The warning a server gives when it drops a ROW START / ROW END value it was not allowed to take. */
export const HISTORY_VALUE_IGNORED = '1906';

/** What to tell a user whose target cannot take history rows, and how to fix it. */
export function historyRefusedMessage(label: string, cause: 'version' | 'secure_timestamp', detail = ''): string {
  const why =
    cause === 'version'
      ? 'the target server cannot write history rows (system_versioning_insert_history needs MariaDB 10.11 or later)'
      : `the target server's secure_timestamp setting forbids this session to set row timestamps, which writing history rows needs${detail === '' ? '' : ` (${detail})`}`;
  const fix =
    cause === 'version'
      ? 'import into MariaDB 10.11 or later'
      : 'restart the target server with --secure-timestamp=NO (or SUPER, and import as a user with SUPER)';
  return `The rows of system-versioned table ${label} were not loaded: ${why}. Loading only the current rows would lose the table's history; ${fix}, then import this table again`;
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
