import type { MysqlColumnDef, MysqlIndexDetail, MysqlPartitioning, MysqlPeriod, MysqlSystemVersioning } from '../model/mysql-details.js';
import type { CheckRow } from './mysql-introspect-checks.js';
import { neutralTypeOf } from './mysql-neutral-type.js';

/** A table's columns, keys, checks and partitioning with its temporal features read in. */
export interface TemporalFacts {
  readonly columns: readonly MysqlColumnDef[];
  readonly keys: readonly MysqlIndexDetail[];
  readonly checks: readonly CheckRow[];
  readonly partitioning: MysqlPartitioning | null;
  readonly systemVersioning?: MysqlSystemVersioning;
  readonly periods: readonly MysqlPeriod[];
}

const IDENT = '`(?:[^`]|``)+`';

/** A name as SHOW CREATE TABLE quotes it, unquoted. */
function unquote(quoted: string): string {
  return quoted.slice(1, -1).replace(/``/g, '`');
}

/** The table options line of a SHOW CREATE TABLE statement (after the column list's closing parenthesis). */
function optionsLine(ddl: string): string {
  const end = ddl.lastIndexOf('\n)');
  return end < 0 ? '' : (ddl.slice(end + 2).split('\n')[0] ?? '');
}

/** The implicit ROW_START / ROW_END of a table versioned without period columns. */
function implicitColumn(name: 'ROW_START' | 'ROW_END', ordinal: number): MysqlColumnDef {
  return {
    name,
    ordinal,
    type: neutralTypeOf({ dataType: 'timestamp', columnType: 'timestamp(6)', charset: null, collation: null }),
    nativeType: 'timestamp(6)',
    nullable: false,
    default: null,
    invisible: true,
    rowPeriod: name === 'ROW_START' ? 'START' : 'END',
    implicitPeriod: true,
  };
}

/**
 * MariaDB's temporal features, which information_schema tells only in part, read from the table's
 * SHOW CREATE TABLE: `WITH SYSTEM VERSIONING` (explicit or implicit period), `PERIOD FOR p (s, e)`,
 * keys `WITHOUT OVERLAPS` (information_schema lists their period's end and start as the last two
 * parts), the CHECK (`s` < `e`) the server makes for each period (created with the period, never
 * apart), and `PARTITION BY SYSTEM_TIME`'s rotation.
 */
export function temporalFacts(ddl: string, columns: readonly MysqlColumnDef[], keys: readonly MysqlIndexDetail[], checks: readonly CheckRow[], partitioning: MysqlPartitioning | null): TemporalFacts {
  const versioned = /\bWITH SYSTEM VERSIONING\b/i.test(optionsLine(ddl));
  const periods: MysqlPeriod[] = [];
  for (const m of ddl.matchAll(new RegExp(`^\\s*PERIOD FOR (${IDENT}) \\((${IDENT}), (${IDENT})\\)`, 'gm'))) {
    periods.push({ name: unquote(m[1] as string), start: unquote(m[2] as string), end: unquote(m[3] as string) });
  }
  const overlaps = new Map<string, string>();
  for (const m of ddl.matchAll(new RegExp(`^\\s*(PRIMARY KEY|(?:UNIQUE )?KEY (${IDENT})) \\((?:.*,)?(${IDENT}) WITHOUT OVERLAPS\\)`, 'gm'))) {
    overlaps.set(m[2] === undefined ? 'PRIMARY' : unquote(m[2]), unquote(m[3] as string));
  }
  const outKeys = keys.map((k) => {
    const periodName = overlaps.get(k.name);
    const period = periods.find((p) => p.name === periodName);
    let key = k;
    if (period !== undefined) {
      const [end, start] = k.parts.slice(-2);
      const parts = end?.column === period.end && start?.column === period.start ? k.parts.slice(0, -2) : k.parts;
      key = { ...k, parts, withoutOverlaps: period.name };
    }
    return versioned && key.kind === 'UNIQUE' ? { ...key, versionedTable: true } : key;
  });
  const periodChecks = new Set(periods.map((p) => p.name));
  const outChecks = checks.filter((c) => c.level !== 'Table' || !periodChecks.has(c.name));

  let outColumns = columns;
  let systemVersioning: MysqlSystemVersioning | undefined;
  if (versioned) {
    const start = columns.find((c) => c.rowPeriod === 'START');
    const end = columns.find((c) => c.rowPeriod === 'END');
    if (start === undefined || end === undefined) {
      const last = columns.reduce((n, c) => Math.max(n, c.ordinal), 0);
      outColumns = [...columns, implicitColumn('ROW_START', last + 1), implicitColumn('ROW_END', last + 2)];
      systemVersioning = { precision: 'timestamp' };
    } else {
      systemVersioning = { precision: start.generated === undefined ? 'timestamp' : 'transaction', start: start.name, end: end.name };
    }
  }

  let outPartitioning = partitioning;
  if (partitioning !== null && partitioning.method === 'SYSTEM_TIME') {
    const rotation = /\bPARTITION BY SYSTEM_TIME ?([^\n]*)/.exec(ddl)?.[1]?.trim() ?? '';
    outPartitioning = { ...partitioning, rotation, defaultNames: /\nPARTITIONS \d+$/.test(ddl.trimEnd()) };
  }
  return {
    columns: outColumns,
    keys: outKeys,
    checks: outChecks,
    partitioning: outPartitioning,
    ...(systemVersioning === undefined ? {} : { systemVersioning }),
    periods,
  };
}
