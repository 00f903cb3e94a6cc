const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** A size as Data Pump logs print it: four significant digits, e.g. `147.8 KB`, `6.367 KB`, `0 KB`. */
export function formatSize(bytes: number): string {
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // Four significant digits, never more than three decimals (Data Pump's `6.367 KB`).
  const text = value === 0 ? '0' : String(Number(Number(value.toPrecision(4)).toFixed(3)));
  return `${text} ${units[unit]}`;
}

/** The completion time of the final log line, e.g. `Sat Nov 21 13:37:00 2026`. */
export function formatCompletedAt(date: Date): string {
  const time = `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}`;
  return `${DAYS[date.getDay()]} ${MONTHS[date.getMonth()]} ${date.getDate()} ${time} ${date.getFullYear()}`;
}

/** Elapsed time as `D HH:MM:SS`, e.g. `0 00:00:22`. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${days} ${pad2(h)}:${pad2(m)}:${pad2(s)}`;
}

/** The LOGTIME prefix, e.g. `21-NOV-26 13:37:00.123: `. */
export function formatLogTime(date: Date): string {
  const ms = String(date.getMilliseconds()).padStart(3, '0');
  const month = (MONTHS[date.getMonth()] ?? '').toUpperCase();
  return `${pad2(date.getDate())}-${month}-${pad2(date.getFullYear() % 100)} ${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}.${ms}: `;
}

/** A table (or partition) name as Data Pump logs quote it: `"S"."T"` or `"S"."T":"P"`. */
export function quotedTable(schema: string, name: string, partition?: string | null): string {
  return `"${schema}"."${name}"${partition ? `:"${partition}"` : ''}`;
}

/**
 * The per-table data line, e.g. `. . exported "S"."T"  147.8 KB  70000 rows`, with `N out of M rows`
 * when some were rejected, and the METRICS suffix when asked.
 */
export function tableDataLine(options: {
  readonly verb: 'exported' | 'imported' | 'estimated';
  readonly table: string;
  readonly bytes: number;
  readonly rows?: number;
  readonly rejected?: number;
  readonly seconds?: number;
}): string {
  const size = formatSize(options.bytes);
  // Data Pump prints estimates with one dot: `.  estimated "HR"."T"  64 KB`.
  let line = options.verb === 'estimated' ? `.  estimated ${options.table}  ${size}` : `. . ${options.verb} ${options.table}  ${size}`;
  if (options.rows !== undefined) {
    line += options.rejected ? `  ${options.rows} out of ${options.rows + options.rejected} rows` : `  ${options.rows} rows`;
  }
  if (options.seconds !== undefined) line += ` in ${options.seconds} seconds`;
  return line;
}

/** A clause without its closing full stop, to be followed by one: "again." + "." must not read "again..". */
export function withoutFullStop(text: string): string {
  return text.replace(/\.+\s*$/, '');
}
