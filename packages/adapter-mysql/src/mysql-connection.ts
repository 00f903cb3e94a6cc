import type { UnloadColumns } from './data/mysql-unload-columns.js';
import type { AdapterConnection } from '@sluice/adapter-kit';
import { sessionName } from '@sluice/adapter-kit';
import { createConnection } from 'mysql2';
import type { MysqlConnectionSettings } from './mysql-connection-options.js';
import { toAdapterError } from './mysql-errors.js';
import { featuresFor, type MysqlServerFeatures } from './mysql-server-features.js';
import type { MysqlDriverConnection, MysqlDriverQuery, MysqlQueryOptions } from './mysql-driver.js';

/**
 * The SQL mode every session is pinned to, so values are never reinterpreted: zero dates and
 * invalid dates load as they were unloaded, 0 in an AUTO_INCREMENT column stays 0, and anything
 * that would be truncated fails instead of being silently changed.
 */
export const SESSION_SQL_MODE = 'NO_AUTO_VALUE_ON_ZERO,STRICT_ALL_TABLES,ALLOW_INVALID_DATES,NO_ENGINE_SUBSTITUTION';
/** Every session runs in UTC so TIMESTAMP values travel unchanged. */
export const SESSION_TIME_ZONE = '+00:00';

/** Idle time before TCP keepalive probes start on a session's socket. */
export const KEEPALIVE_IDLE_MS = 30_000;

/** What a statement without a result set reports. */
export interface ExecResult {
  readonly affectedRows: number;
  readonly info: string;
  readonly warningStatus: number;
}

/** A text row from information_schema and friends: every value as a UTF-8 string or null. */
export type TextRow = Record<string, string | null>;

/** One session on a MySQL or MariaDB server. */
export class MysqlConnection implements AdapterConnection {
  readonly id: string;
  readonly driver: MysqlDriverConnection;
  readonly features: MysqlServerFeatures;
  readonly settings: MysqlConnectionSettings;
  /** The database the session started in (from the URL), or null. */
  readonly database: string | null;
  /** The user as the server knows it, e.g. `root@localhost`. */
  readonly currentUser: string;
  private resultCharset: 'utf8mb4' | 'binary' = 'utf8mb4';
  private fatal: Error | undefined;
  private ended = false;
  /** Set while a streamed result is being read, so close() knows a graceful QUIT would wait for it. */
  streaming = false;
  /** Set on the sessions an export unloads on: the planned tables' columns, read a page of tables at a time. */
  unloadColumns: UnloadColumns | undefined;
  /** Called once when the connection is closed (the adapter tracks open connections). */
  onClose: (() => void) | undefined;

  constructor(driver: MysqlDriverConnection, features: MysqlServerFeatures, settings: MysqlConnectionSettings, info: { threadId: string; database: string | null; currentUser: string }) {
    this.driver = driver;
    this.features = features;
    this.settings = settings;
    this.id = info.threadId;
    this.database = info.database;
    this.currentUser = info.currentUser;
    driver.on('error', (err: Error) => {
      this.fatal ??= err;
      // mysql2 reports a lost socket only to the connection when the running query has no
      // callback (a streamed unload): hand it to that query, or its reader would wait forever.
      const query = this.activeStream;
      this.activeStream = undefined;
      query?.emit('error', err);
    });
  }

  /** The streamed query in progress, if any. */
  private activeStream: MysqlDriverQuery | undefined;

  get closed(): boolean {
    return this.ended || this.fatal !== undefined || this.driver.stream?.destroyed === true;
  }

  /** Run one statement; rows come back as the driver gives them for `options`. */
  run(sql: string, values?: readonly unknown[], options: Omit<MysqlQueryOptions, 'sql' | 'values'> = {}): Promise<{ rows: unknown; fields: unknown }> {
    return new Promise((resolve, reject) => {
      if (this.fatal !== undefined) {
        reject(this.fatal);
        return;
      }
      this.driver.query({ sql, ...(values === undefined ? {} : { values: [...values] }), ...options }, (err, rows, fields) => {
        if (err) reject(err);
        else resolve({ rows, fields });
      });
    });
  }

  /** Run a statement that returns no rows. */
  async exec(sql: string, values?: readonly unknown[]): Promise<ExecResult> {
    const { rows } = await this.run(sql, values);
    const r = rows as { affectedRows?: number; info?: string; warningStatus?: number };
    return { affectedRows: r.affectedRows ?? 0, info: r.info ?? '', warningStatus: r.warningStatus ?? 0 };
  }

  /** Rows with every value as text (or null), keyed by column label; no driver type conversion. */
  async textRows(sql: string, values?: readonly unknown[]): Promise<TextRow[]> {
    await this.useResultCharset('utf8mb4');
    return this.catalogRows(sql, values);
  }

  /** Each row of textRows handed to `onRow` as it arrives (see eachCatalogRow), never the whole result at once. */
  async eachTextRow(sql: string, values: readonly unknown[] | undefined, onRow: (row: TextRow) => void): Promise<void> {
    await this.useResultCharset('utf8mb4');
    await this.eachCatalogRow(sql, values, onRow);
  }

  /**
   * Rows of information_schema, as textRows, in whatever character_set_results the session has: its
   * names and texts are UTF-8 (utf8mb3), so they arrive as the same bytes either way, and a session
   * that unloads (binary results) need not switch back and forth for each table's columns.
   */
  async catalogRows(sql: string, values?: readonly unknown[]): Promise<TextRow[]> {
    const rows: TextRow[] = [];
    await this.eachCatalogRow(sql, values, (row) => rows.push(row));
    return rows;
  }

  /**
   * Each text row of a catalog query (as catalogRows) handed to `onRow` as it arrives: the driver's
   * buffers of a row are dropped before the next is read, so a result of tens of thousands of rows
   * (every column of 10,000 tables) is never held whole, only what `onRow` keeps of it.
   */
  async eachCatalogRow(sql: string, values: readonly unknown[] | undefined, onRow: (row: TextRow) => void): Promise<void> {
    if (this.fatal !== undefined) throw this.fatal;
    await new Promise<void>((resolve, reject) => {
      let names: string[] = [];
      let failed: unknown;
      const query = this.stream(sql, { ...(values === undefined ? {} : { values: [...values] }), typeCast: false, rowsAsArray: true });
      query.on('fields', (fields) => {
        names = ((fields ?? []) as { name: string }[]).map((f) => f.name);
      });
      query.on('result', (raw) => {
        // A statement without a result set reports an OK packet here, not a row.
        if (failed !== undefined || !Array.isArray(raw)) return;
        const out: TextRow = {};
        for (let i = 0; i < names.length; i++) {
          const v = raw[i] as Buffer | null | undefined;
          out[names[i] as string] = v === null || v === undefined ? null : v.toString('utf8');
        }
        try {
          onRow(out);
        } catch (error) {
          // The rest of the result is read and dropped: the session stays usable.
          failed ??= error;
        }
      });
      query.on('error', (err) => {
        failed ??= err;
        reject(failed);
      });
      query.on('end', () => {
        if (failed === undefined) resolve();
        else reject(failed);
      });
    });
  }

  /** The first text row, or undefined. */
  async textRow(sql: string, values?: readonly unknown[]): Promise<TextRow | undefined> {
    return (await this.textRows(sql, values))[0];
  }

  /**
   * Whether result values arrive converted to utf8mb4 or as the column's own bytes. Unloads read
   * raw bytes so every character set comes back byte-identical.
   */
  async useResultCharset(charset: 'utf8mb4' | 'binary'): Promise<void> {
    if (this.resultCharset === charset) return;
    await this.run(`SET character_set_results = ${charset}`);
    this.resultCharset = charset;
  }

  /** Start a streamed query; the caller attaches listeners and uses pause/resume for backpressure. */
  stream(sql: string, options: Omit<MysqlQueryOptions, 'sql'> = {}): MysqlDriverQuery {
    const query = this.driver.query({ sql, ...options });
    // Lost before, or found lost as the driver took the query (it then tells only the connection).
    const fatal = this.fatal ?? (this.ended ? new Error('Connection is closed') : undefined);
    if (fatal !== undefined) {
      // The driver would only tell the connection; the caller listens on the query.
      process.nextTick(() => query.emit('error', fatal));
      return query;
    }
    this.activeStream = query;
    const finished = (): void => {
      if (this.activeStream === query) this.activeStream = undefined;
    };
    query.on('end', finished);
    query.on('error', finished);
    return query;
  }

  /** Pause reading from the server (backpressure on a streamed result). */
  pause(): void {
    this.driver.pause();
  }

  /** Resume reading from the server. */
  resume(): void {
    this.driver.resume();
  }

  async close(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.onClose?.();
    if (this.fatal !== undefined || this.streaming) {
      this.driver.destroy();
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.driver.destroy();
        resolve();
      }, 5000);
      this.driver.end(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** Open a session, pin its settings (SQL mode, UTC, long network timeouts) and learn the server. */
export async function openMysqlConnection(settings: MysqlConnectionSettings, purpose?: string): Promise<MysqlConnection> {
  const target = settings.socketPath ?? `${settings.host}:${settings.port}`;
  const driver = createConnection({
    ...(settings.socketPath === undefined ? { host: settings.host, port: settings.port } : { socketPath: settings.socketPath }),
    user: settings.user,
    ...(settings.password === undefined ? {} : { password: settings.password }),
    ...(settings.database === null ? {} : { database: settings.database }),
    ...(settings.ssl === true ? { ssl: {} } : {}),
    charset: 'UTF8MB4_GENERAL_CI',
    timezone: 'Z',
    connectTimeout: 15_000,
    // A peer that vanished without closing the socket is noticed by TCP keepalive probes.
    enableKeepAlive: true,
    keepAliveInitialDelay: KEEPALIVE_IDLE_MS,
    multipleStatements: false,
    connectAttributes: { program_name: sessionName(settings.applicationName, purpose) },
  }) as unknown as MysqlDriverConnection;
  driver.on('error', () => {
    // Reported through the pending command or MysqlConnection.fatal; never an uncaught 'error' event.
  });
  try {
    await new Promise<void>((resolve, reject) => driver.connect((err) => (err ? reject(err) : resolve())));
  } catch (err) {
    driver.destroy();
    throw toAdapterError(err, { action: `connecting to ${target} as ${settings.user}`, connecting: true, fallback: 'CONNECTION_FAILED' });
  }
  const raw = new MysqlConnection(driver, featuresFor('0.0.0'), settings, { threadId: String(driver.threadId ?? ''), database: null, currentUser: '' });
  try {
    const info = await raw.textRow('SELECT VERSION() AS version, CONNECTION_ID() AS id, DATABASE() AS db, CURRENT_USER() AS user');
    const features = featuresFor(info?.['version'] ?? '');
    const sets = [`sql_mode = '${SESSION_SQL_MODE}'`, `time_zone = '${SESSION_TIME_ZONE}'`, 'net_write_timeout = 86400', 'net_read_timeout = 86400'];
    if (features.supportsStatsExpiry) sets.push('information_schema_stats_expiry = 0');
    await raw.run(`SET SESSION ${sets.join(', ')}`);
    return new MysqlConnection(driver, features, settings, {
      threadId: info?.['id'] ?? '',
      database: info?.['db'] ?? null,
      currentUser: info?.['user'] ?? settings.user,
    });
  } catch (err) {
    driver.destroy();
    throw toAdapterError(err, { action: `preparing a session on ${target}`, fallback: 'CONNECTION_FAILED' });
  }
}

/** Narrow an AdapterConnection handed back by the engine to ours. */
export function asMysql(conn: AdapterConnection): MysqlConnection {
  if (!(conn instanceof MysqlConnection)) {
    throw new TypeError('This connection was not opened by the MySQL adapter');
  }
  return conn;
}
