import { Readable } from 'node:stream';
import { AdapterError, tableLabel, type LoadOptions, type LoadResult, type TableRef } from '@sluice/adapter-kit';
import type { MysqlConnection } from '../mysql-connection.js';
import { errnoOf, toAdapterError } from '../mysql-errors.js';
import { qualify, quoteIdent } from '../sql/mysql-quote.js';
import { isTextColumn } from '../introspector/mysql-neutral-type.js';
import { allowHistoryInsert, HISTORY_VALUE_IGNORED, historyRefusedMessage } from './mysql-load-history.js';
import { dataColumns, hasHistory, pickColumns, type DataColumn } from './mysql-table-columns.js';
import { parseHeader, type TsvHeader } from './mysql-tsv-format.js';

const MAX_HEADER = 16 * 1024 * 1024;
/**
 * Bytes per LOAD DATA packet. The driver copies each piece into a new buffer with its 4-byte packet
 * header; below glibc's first mmap threshold (128 KiB) that buffer comes from the heap, reusing the
 * memory of the pieces before it. Pieces of 1 MiB were a fresh mapping each, their pages faulted in
 * one by one.
 */
const PACKET_PIECE = 96 * 1024;
const SOCKET_HIGH_WATER = 8 * 1024 * 1024;

/** Read the header line off the front of a stream, leaving the rest unread. */
async function readHeader(data: Readable): Promise<{ header: TsvHeader; bytes: number }> {
  const parts: Buffer[] = [];
  let length = 0;
  for (;;) {
    const chunk = data.read() as Buffer | string | null;
    if (chunk === null) {
      // A source that failed (or was stopped) before the load read it: its own error, not a missing header.
      if (data.errored) throw data.errored;
      if (data.readableEnded || data.destroyed) break;
      await new Promise<void>((resolve, reject) => {
        const done = (): void => {
          data.off('readable', done);
          data.off('end', done);
          data.off('error', onError);
          resolve();
        };
        const onError = (err: Error): void => {
          data.off('readable', done);
          data.off('end', done);
          reject(err);
        };
        data.once('readable', done);
        data.once('end', done);
        data.once('error', onError);
      });
      continue;
    }
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const nl = buf.indexOf(0x0a);
    if (nl < 0) {
      parts.push(buf);
      length += buf.length;
      if (length > MAX_HEADER) break;
      continue;
    }
    parts.push(buf.subarray(0, nl));
    if (nl + 1 < buf.length) data.unshift(buf.subarray(nl + 1));
    return { header: parseHeader(Buffer.concat(parts)), bytes: length + nl + 1 };
  }
  throw new AdapterError('BAD_ARGUMENT', "The data stream ended before its mysql-tsv header line; it is empty or not in this adapter's encoding");
}

/**
 * Types the stream holds in their text form that take a binary string as their raw bytes: MariaDB
 * reads a 16-byte binary string into INET6 as the address itself (`::ffff:192.0.2.1` is 16
 * characters) and refuses other lengths (INET4, UUID). They load from text.
 */
const TEXT_FORM_TYPES = new Set(['inet4', 'inet6', 'uuid']);

const sameCharset = (a: string, b: string): boolean => a.replace(/^utf8$/, 'utf8mb3') === b.replace(/^utf8$/, 'utf8mb3');

/**
 * The LOAD DATA column list and SET clause: columns whose stream character set differs from the
 * target column's go through a variable and CONVERT, so text is converted, never reinterpreted.
 */
function columnClause(conn: MysqlConnection, stream: readonly { target: DataColumn; charset: string | null }[]): string {
  const list: string[] = [];
  const sets: string[] = [];
  stream.forEach(({ target, charset }, i) => {
    const viaText = (target.dataType === 'json' && conn.features.jsonNeedsTextOnLoad) || TEXT_FORM_TYPES.has(target.dataType);
    const convert = viaText || (isTextColumn(target.dataType, target.charset) && charset !== null && charset !== 'binary' && target.charset !== null && !sameCharset(charset, target.charset));
    if (!convert) {
      list.push(quoteIdent(target.name));
      return;
    }
    const from = charset !== null && /^[A-Za-z0-9_]+$/.test(charset) && charset !== 'binary' ? charset : 'utf8mb4';
    list.push(`@c${i}`);
    sets.push(`${quoteIdent(target.name)} = CONVERT(@c${i} USING ${from})`);
  });
  return `(${list.join(', ')})${sets.length === 0 ? '' : ` SET ${sets.join(', ')}`}`;
}

/** The rest of `data`, sliced into packets, paced by the socket so a fast source never piles up in memory. */
function pacedStream(conn: MysqlConnection, data: Readable, counter: { bytes: number }): Readable {
  const socket = conn.driver.stream;
  async function* pieces(): AsyncGenerator<Buffer> {
    for await (const chunk of data) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      counter.bytes += buf.length;
      for (let off = 0; off < buf.length; off += PACKET_PIECE) {
        if (socket !== undefined && socket.writableLength > SOCKET_HIGH_WATER) {
          // A socket that closes instead of draining (the session was killed) must not leave the load waiting.
          if (socket.destroyed !== true)
            await new Promise<void>((resolve) => {
              const done = (): void => {
                socket.off?.('drain', done);
                socket.off?.('close', done);
                resolve();
              };
              socket.once('drain', done);
              socket.once('close', done);
            });
          if (socket.destroyed === true) throw new Error('Connection was lost while sending LOAD DATA rows');
        }
        yield buf.subarray(off, off + PACKET_PIECE);
      }
    }
  }
  return Readable.from(pieces(), { objectMode: false });
}

/**
 * Constraint violations, the only errors skipConstraintErrors skips: duplicate key, foreign key
 * (child and parent side), CHECK (MariaDB 4025, MySQL 3819).
 */
const CONSTRAINT_ERRORS = new Set(['1062', '1451', '1452', '1216', '1217', '4025', '3819']);

/**
 * Warnings of the last statement, level Warning or Error; `total` is what the server counted (Notes
 * included, from the OK packet) and `listed` how many of them SHOW WARNINGS gave (at most max_error_count).
 */
async function warnings(conn: MysqlConnection, count: number): Promise<{ found: { level: string; code: string; message: string }[]; total: number; listed: number }> {
  const rows = await conn.textRows('SHOW WARNINGS');
  const found = rows.filter((r) => r['Level'] !== 'Note').map((r) => ({ level: r['Level'] ?? '', code: r['Code'] ?? '', message: r['Message'] ?? '' }));
  return { found, total: Math.max(count, rows.length), listed: rows.length };
}

/**
 * Load a mysql-tsv stream with LOAD DATA LOCAL INFILE, inside whatever transaction `conn` has open;
 * the load never commits (LOAD DATA and SET SESSION cause no implicit commit), so on any error the
 * caller rolls back and nothing is left half-written. Outside a transaction (autocommit) the rows the
 * LOAD wrote before a failure is seen stay.
 *
 * - Ordinary loads run with foreign_key_checks = 0, so tables load in any order (orphans are not
 *   checked); LOCAL turns errors into warnings, so any warning fails the load: CONSTRAINT_VIOLATION
 *   for duplicate keys and CHECKs, LOAD_FAILED for anything else.
 * - skipConstraintErrors loads with IGNORE and foreign_key_checks = 1, set and read back in this
 *   session: rows breaking a constraint (duplicate key, foreign key, CHECK) are skipped and returned in
 *   `rejected`. A data error (too long, NULL into NOT NULL, out of range, bad value ...) is still a
 *   failure (LOAD_FAILED): the server loaded an adjusted value for it, which must be rolled back.
 *
 * The session's own foreign_key_checks and max_error_count are given back afterwards. The binary log
 * is skipped with skipBinlog.
 */
export async function loadStream(conn: MysqlConnection, table: TableRef, data: Readable, options: LoadOptions = {}): Promise<LoadResult> {
  try {
    return await load(conn, table, data, options);
  } catch (err) {
    // Stop the source too (an unload drains its session), as a pipeline would.
    if (!data.destroyed) data.destroy();
    throw err;
  }
}

async function load(conn: MysqlConnection, table: TableRef, data: Readable, options: LoadOptions): Promise<LoadResult> {
  const label = tableLabel(table);
  const all = await dataColumns(conn, table);
  let header: TsvHeader;
  let headerBytes: number;
  try {
    ({ header, bytes: headerBytes } = await readHeader(data));
  } catch (err) {
    throw toAdapterError(err, { action: 'reading the data stream for', object: label, fallback: 'LOAD_FAILED' });
  }
  const named = header.columns?.every((c) => c.name !== undefined) === true;
  const names = options.columns ?? (named ? header.columns?.map((c) => c.name as string) : undefined);
  const targets = pickColumns(all, names, table);
  if (header.columns !== null && header.columns.length !== targets.length) {
    throw new AdapterError('BAD_ARGUMENT', `The stream has ${header.columns.length} columns but ${targets.length} were given for ${label}`, { object: label });
  }
  const stream = targets.map((target, i) => ({ target, charset: header.columns?.[i]?.charset ?? (target.bytes ? 'binary' : 'utf8mb4') }));
  const skip = options.skipConstraintErrors === true;
  const counter = { bytes: headerBytes };

  // Set here, on this session, right before the LOAD, and read back: the session's own values are
  // put back afterwards (not forced to 1), so nothing a caller set is lost or re-applied over ours.
  // Ordinary loads take rows as the source holds them, CHECKs off too (as mariadb-dump's output
  // loads): rows inserted there with the checks off must come back, not fail the table.
  // One statement: the session's values are kept in user variables (read before any of this SET's
  // assignments apply) and the load's set, so the load costs no round trip to read them.
  const checks = skip ? null : conn.features.checkConstraintChecksVariable;
  // Where the server can, an ordinary load's settings are the LOAD statement's own (SET STATEMENT
  // ... FOR), which the server gives back after it: no round trip before or after the load.
  const perStatement = !skip && conn.features.supportsSetStatement;
  const statementSets = perStatement ? ['foreign_key_checks = 0', ...(checks === null ? [] : [`${checks} = 0`])] : [];
  const keep = ['@sluice_fk = @@SESSION.foreign_key_checks'];
  const sets = [`SESSION foreign_key_checks = ${skip ? 1 : 0}`];
  if (skip) {
    keep.push('@sluice_mec = @@SESSION.max_error_count');
    sets.push('SESSION max_error_count = 65535');
  }
  if (checks !== null) {
    keep.push(`@sluice_cc = @@SESSION.${checks}`);
    sets.push(`SESSION ${checks} = 0`);
  }
  if (!perStatement) await conn.run(`SET ${[...keep, ...sets].join(', ')}`);
  let binlogOff = false;
  let historyOn: string | null = null;
  try {
    // Rows with their ROW START / ROW END: history rows are written as history (MariaDB 10.11+).
    const unwritable = targets.filter((c) => c.transactionPeriod === true);
    if (unwritable.length > 0) {
      throw new AdapterError('UNSUPPORTED', historyRefusedMessage(label, 'transaction', unwritable.map((c) => c.name).join(', ')), { object: label });
    }
    if (hasHistory(targets)) historyOn = await allowHistoryInsert(conn, label);
    if (options.skipBinlog === true) {
      try {
        await conn.run('SET SESSION sql_log_bin = 0');
        binlogOff = true;
      } catch (err) {
        if (errnoOf(err) === 1694) {
          throw new AdapterError(
            'UNSUPPORTED',
            `Cannot skip the binary log for ${label} inside an open transaction: the server refuses to change sql_log_bin there; load outside a transaction or without skipBinlog`,
            {
              object: label,
              sqlState: '1694/HY000',
              cause: err,
            },
          );
        }
        const e = toAdapterError(err, { action: 'turning off the binary log for the load', object: label });
        throw new AdapterError(e.code, `${e.message}; skipping the binary log needs SUPER or BINLOG ADMIN (MariaDB) / SYSTEM_VARIABLES_ADMIN (MySQL): load without skipBinlog or grant it`, {
          object: label,
          ...(e.sqlState === undefined ? {} : { sqlState: e.sqlState }),
          cause: err,
        });
      }
    }
    if (skip) {
      // Skipping constraint errors relies on the server checking foreign keys in this very session.
      const fk = await conn.textRow('SELECT @@SESSION.foreign_key_checks AS fk');
      if (fk?.['fk'] !== '1') {
        throw new AdapterError('LOAD_FAILED', `Cannot skip constraint errors loading ${label}: foreign_key_checks is not on in the loading session, so orphan rows would load`, { object: label });
      }
    }
    // SHOW WARNINGS must be the next statement after the LOAD: a SET of the result character set
    // in between would clear the warnings, so it is done now.
    await conn.useResultCharset('utf8mb4');
    // LOCAL implies IGNORE on MariaDB and MySQL alike (errors become warnings, offending rows are
    // skipped); IGNORE is written out so both servers behave the same whatever their version.
    const sql =
      `${statementSets.length === 0 ? '' : `SET STATEMENT ${statementSets.join(', ')} FOR `}` +
      `LOAD DATA LOCAL INFILE 'sluice-stream' ${skip ? 'IGNORE ' : ''}INTO TABLE ${qualify(table.schema, table.name)} CHARACTER SET binary` +
      ` FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' ${columnClause(conn, stream)}`;
    let result: { affectedRows?: number; info?: string; warningStatus?: number };
    try {
      const { rows } = await conn.run(sql, undefined, { infileStreamFactory: () => pacedStream(conn, data, counter) });
      result = rows as typeof result;
    } catch (err) {
      const no = errnoOf(err);
      const code = no === 3948 || no === 1148 ? 'PRIVILEGE_ERROR' : undefined;
      throw toAdapterError(err, { action: 'loading', object: label, fallback: code ?? 'LOAD_FAILED' });
    }
    const loaded = result.affectedRows ?? 0;
    if ((result.warningStatus ?? 0) === 0) return { rows: loaded, bytes: counter.bytes };
    const { found, total, listed } = await warnings(conn, result.warningStatus ?? 0);
    if (historyOn !== null && found.some((w) => w.code === HISTORY_VALUE_IGNORED)) {
      throw new AdapterError('UNSUPPORTED', historyRefusedMessage(label, 'ignored', found.find((w) => w.code === HISTORY_VALUE_IGNORED)?.message), { object: label });
    }
    const dataError = found.find((w) => !CONSTRAINT_ERRORS.has(w.code));
    if (!skip || dataError !== undefined || listed < total) {
      // A data error (value too long, NULL into NOT NULL, out of range, bad value ...) was turned
      // into a warning and an adjusted value loaded: the load is not exact, and its rows must go with
      // the caller's transaction. Under skipConstraintErrors only constraint violations are skipped.
      const first = dataError ?? found[0] ?? { code: '?', message: `${total} warnings the server did not list` };
      // Without skipping, every row goes with the rollback: warnings past the ones listed cannot
      // change what the load was refused for, so the listed constraint violations name it.
      const constraint = dataError === undefined && found.length > 0 && (listed >= total || !skip);
      const unseen = listed < total ? `; only ${listed} of ${total} warnings could be read, so the rows skipped cannot all be told` : '';
      throw new AdapterError(
        constraint ? 'CONSTRAINT_VIOLATION' : 'LOAD_FAILED',
        `Loading ${label} stopped being exact: ${found.length} warning(s), ${dataError === undefined ? 'first' : 'a data error'}: ${first.message} (MySQL error ${first.code})${unseen}; roll back the transaction the load ran in, it holds the rows loaded so far`,
        // errno/SQLSTATE, as the driver's errors are: class 23 for a constraint, never read as a bare SQLSTATE.
        { object: label, sqlState: `${first.code}/${constraint ? '23000' : 'HY000'}` },
      );
    }
    if (found.length === 0) return { rows: loaded, bytes: counter.bytes };
    return { rows: loaded, bytes: counter.bytes, rejected: found.map((w) => ({ row: rejectedRowOf(w.message), reason: `${w.message} (MySQL error ${w.code})` })) };
  } finally {
    const restore = perStatement ? [] : ['SESSION foreign_key_checks = @sluice_fk'];
    if (skip) restore.push('SESSION max_error_count = @sluice_mec');
    if (checks !== null && !perStatement) restore.push(`SESSION ${checks} = @sluice_cc`);
    if (binlogOff) restore.push('SESSION sql_log_bin = 1');
    if (historyOn !== null) restore.push(`SESSION ${historyOn}`);
    if (restore.length > 0 && !conn.closed) await conn.run(`SET ${restore.join(', ')}`).catch(() => undefined);
  }
}

/**
 * What a warning tells about the row it rejected. LOAD DATA LOCAL does not say which line it skipped
 * for every error: it numbers the row for value errors (`at row 12`, lines after the header, though
 * MariaDB does not count lines it rejected for a CHECK), gives the key values for duplicate keys, and
 * nothing for CHECK and foreign-key failures; the server's message is always the reason.
 */
export function rejectedRowOf(message: string): string {
  const line = /\bat row (\d+)/i.exec(message);
  if (line !== null) return `row ${line[1]} as the server counts the data lines`;
  const dup = /^Duplicate entry '(.*)' for key '([^']*)'/s.exec(message);
  if (dup !== null) return `row with key ${dup[2]} = '${dup[1]}'`;
  return 'a row the server does not identify (see the reason)';
}
