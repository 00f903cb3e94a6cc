import { MASTER_COLUMNS, type AdapterConnection, type MasterColumnClass, type MasterRow, type MasterTableDialect } from '@sluice/adapter-kit';

/** Column names of a master table, in MASTER_COLUMNS order. */
export const COLUMN_NAMES: readonly string[] = MASTER_COLUMNS.map(([name]) => name);

/** The MasterRow field each column is read into. */
const FIELD_OF: Readonly<Record<string, keyof MasterRow>> = {
  id: 'id',
  row_type: 'rowType',
  item_kind: 'itemKind',
  object_path: 'objectPath',
  object_schema: 'objectSchema',
  object_name: 'objectName',
  partition_name: 'partitionName',
  priority: 'priority',
  state: 'state',
  worker: 'worker',
  attempts: 'attempts',
  started_at: 'startedAt',
  finished_at: 'finishedAt',
  rows_done: 'rowsDone',
  bytes_done: 'bytesDone',
  estimated_bytes: 'estimatedBytes',
  dump_file: 'dumpFile',
  stream: 'stream',
  error: 'error',
  payload: 'payload',
};

/** The column a MasterRow field is stored in. */
export const COLUMN_OF: Readonly<Record<keyof MasterRow, string>> = Object.fromEntries(Object.entries(FIELD_OF).map(([column, field]) => [field, column])) as Record<keyof MasterRow, string>;

/** Each column's storage class, in MASTER_COLUMNS order. */
const COLUMN_CLASSES: readonly MasterColumnClass[] = MASTER_COLUMNS.map(([, cls]) => cls);

const NUMERIC: ReadonlySet<string> = new Set(MASTER_COLUMNS.filter(([, c]) => c === 'bigint').map(([n]) => n));
const TIMESTAMP: ReadonlySet<string> = new Set(MASTER_COLUMNS.filter(([, c]) => c === 'timestamp').map(([n]) => n));

/** Drivers hand bigints back as strings (pg) or numbers (mysql2); sums as strings or decimals. */
export function toNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return Number(String(value));
}

function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}

/** A driver row (keyed by column name) as a MasterRow. */
export function rowFromDb(raw: Record<string, unknown>): MasterRow {
  const out: Record<string, unknown> = {};
  for (const [column, field] of Object.entries(FIELD_OF)) {
    const value = raw[column];
    if (NUMERIC.has(column)) {
      out[field] = column === 'stream' && (value === null || value === undefined) ? null : toNumber(value);
    } else if (TIMESTAMP.has(column)) out[field] = toDate(value);
    else out[field] = value === undefined || value === null ? null : String(value);
  }
  out['payload'] ??= '';
  return out as unknown as MasterRow;
}

/**
 * The statements of one master table, composed from the adapter's dialect. Nothing here knows which
 * engine it talks to: quoting, placeholders and column types all come from the dialect.
 */
export class MasterSql {
  readonly dialect: MasterTableDialect;
  /** The qualified, quoted table name. */
  readonly table: string;
  readonly jobName: string;

  constructor(dialect: MasterTableDialect, conn: AdapterConnection, jobName: string) {
    this.dialect = dialect;
    this.jobName = jobName;
    this.table = dialect.tableName(conn, jobName);
  }

  /** A quoted column name. */
  col(name: string): string {
    return this.dialect.quoteIdent(name);
  }

  /** Every column, quoted, comma separated. */
  get allColumns(): string {
    return COLUMN_NAMES.map((c) => this.col(c)).join(', ');
  }

  /** The table, read by primary key only (the dialect's hint): a locking read or an UPDATE then locks just the rows it names. */
  get tableByKey(): string {
    const hint = this.dialect.primaryKeyHint;
    return hint === undefined ? this.table : `${this.table} ${hint}`;
  }

  /** The FOR UPDATE clause claims use; SKIP LOCKED where the server has it. */
  get lockClause(): string {
    return this.dialect.supportsSkipLocked ? 'FOR UPDATE SKIP LOCKED' : 'FOR UPDATE';
  }

  createTable(): string {
    const cols = MASTER_COLUMNS.map(([name, cls]) => {
      const notNull = name === 'id' || name === 'row_type' || name === 'state' || name === 'priority';
      return `${this.col(name)} ${this.dialect.columnType(cls)}${notNull ? ' NOT NULL' : ''}`;
    });
    return `CREATE TABLE ${this.table} (${cols.join(', ')}, PRIMARY KEY (${this.col('id')}))`;
  }

  /**
   * The index claims scan, so a claim never walks (and locks) rows of other states. One text
   * column only: engines cap key length (InnoDB: 3072 bytes), and item states never equal job states.
   */
  createClaimIndex(): string {
    const name = this.dialect.quoteIdent(`${this.jobName.slice(0, 50)}_claim`);
    const cols = ['state', 'priority', 'id'].map((c) => this.col(c)).join(', ');
    return `CREATE INDEX ${name} ON ${this.table} (${cols})`;
  }

  /**
   * The index of the per-table lookups (a table's chunks, its TABLE_DATA latch), so each finished
   * table costs an index probe, not a scan of every item: without it an export or import of N tables
   * grows as N squared. One short column, for the same key-length reason as the claim index.
   */
  createObjectIndex(): string {
    const name = this.dialect.quoteIdent(`${this.jobName.slice(0, 50)}_object`);
    return `CREATE INDEX ${name} ON ${this.table} (${this.col('object_name')})`;
  }

  dropTable(): string {
    return `DROP TABLE ${this.table}`;
  }

  /**
   * How many rows one `insert` should carry: 200 rows of 20 values stay well under every driver's
   * parameter limit; with one array parameter per column there is no such limit.
   */
  get insertBatch(): number {
    return this.dialect.arrayRows === undefined ? 200 : 1_000;
  }

  /** A multi-row INSERT for `count` rows, and its parameters. */
  insert(rows: readonly MasterRow[]): { sql: string; params: unknown[] } {
    if (this.dialect.arrayRows !== undefined) {
      const columns = COLUMN_NAMES.map((column) => rows.map((row) => paramOf(row, column)));
      return { sql: `INSERT INTO ${this.table} (${this.allColumns}) ${this.dialect.arrayRows(COLUMN_CLASSES)}`, params: columns };
    }
    const params: unknown[] = [];
    const groups: string[] = [];
    for (const row of rows) {
      const marks: string[] = [];
      for (const column of COLUMN_NAMES) {
        params.push(paramOf(row, column));
        marks.push(this.dialect.placeholder(params.length));
      }
      groups.push(`(${marks.join(', ')})`);
    }
    return { sql: `INSERT INTO ${this.table} (${this.allColumns}) VALUES ${groups.join(', ')}`, params };
  }

  /**
   * Flip a table's (or partition's) TABLE_DATA latch from OPEN to LOGGED on `conn` (in its open
   * transaction, if any); whether this call did it. The latch is found by a plain SELECT first and
   * then flipped by its id: an UPDATE that found it by name could scan, lock and wait for other rows
   * on InnoDB (other workers' items), and two workers doing so deadlock.
   */
  async latchTableData(conn: AdapterConnection, schema: string, name: string, partition: string | null): Promise<boolean> {
    const params: unknown[] = [];
    const where = this.latchWhere(schema, name, partition, params);
    const id = (await this.dialect.query(conn, `SELECT ${this.col('id')} FROM ${this.table} WHERE ${where}`, params)).rows[0]?.['id'];
    if (id === undefined || id === null) return false;
    return (await this.dialect.query(conn, ...this.flipLatches([toNumber(id)]))).affected > 0;
  }

  /**
   * The UPDATE that flips a table's (or partition's) TABLE_DATA latch found by name, for dialects
   * with writable CTEs (PostgreSQL), where it is part of the completion statement: there an UPDATE
   * locks only the rows it changes, so finding the latch by name cannot wait on other workers' items.
   */
  latchTableDataByName(schema: string, name: string, partition: string | null): { sql: string; params: unknown[] } {
    const c = (n: string): string => this.col(n);
    const params: unknown[] = ['LOGGED'];
    const where = this.latchWhere(schema, name, partition, params);
    params.push('OPEN');
    return { sql: `UPDATE ${this.table} SET ${c('state')} = ${this.p(1)} WHERE ${where} AND ${c('state')} = ${this.p(params.length)}`, params };
  }

  /** The WHERE clause naming a table's (or partition's) TABLE_DATA latch row; its values are pushed onto `params`. */
  private latchWhere(schema: string, name: string, partition: string | null, params: unknown[]): string {
    const c = (n: string): string => this.col(n);
    const mark = (value: unknown): string => {
      params.push(value);
      return this.p(params.length);
    };
    // Marks in the order they appear in the text (`?` placeholders are positional).
    const named = `${c('row_type')} = ${mark('ITEM')} AND ${c('item_kind')} = ${mark('TABLE_DATA')} AND ${c('object_schema')} = ${mark(schema)} AND ${c('object_name')} = ${mark(name)}`;
    return `${named} AND ${partition === null ? `${c('partition_name')} IS NULL` : `${c('partition_name')} = ${mark(partition)}`}`;
  }

  /**
   * One UPDATE of several of `worker`'s items, each with its own patch: a column every patch gives
   * the same value is set to it, any other is a CASE on the id (its ELSE, the column itself, gives
   * PostgreSQL the type of the parameters). By key only, so InnoDB locks just these rows.
   */
  updateEach(items: readonly { id: number; patch: Partial<MasterRow> }[], worker: string): [string, unknown[]] {
    const params: unknown[] = [];
    const mark = (v: unknown): string => {
      params.push(v);
      return this.p(params.length);
    };
    const fields = new Set<keyof MasterRow>();
    for (const item of items) for (const [field, value] of Object.entries(item.patch)) if (value !== undefined) fields.add(field as keyof MasterRow);
    const sets: string[] = [];
    for (const field of fields) {
      const column = this.col(COLUMN_OF[field]);
      const values = items.map((i) => i.patch[field]);
      const first = values[0];
      if (values.every((v) => v !== undefined && sameValue(v, first))) {
        sets.push(`${column} = ${mark(first)}`);
        continue;
      }
      const whens = items.flatMap((i) => (i.patch[field] === undefined ? [] : [`WHEN ${mark(i.id)} THEN ${mark(i.patch[field])}`]));
      sets.push(`${column} = CASE ${this.col('id')} ${whens.join(' ')} ELSE ${column} END`);
    }
    const who = mark(worker);
    const ids = items.map((i) => mark(i.id)).join(', ');
    // Named by key (the dialect's hint): InnoDB would rather scan a small table, and at REPEATABLE READ
    // an UPDATE that scans locks every row it reads (the job row, other workers' items) until the commit.
    return [`UPDATE ${this.tableByKey} SET ${sets.join(', ')} WHERE ${this.col('worker')} = ${who} AND ${this.col('id')} IN (${ids})`, params];
  }

  /** The SELECT of the TABLE_DATA latches (no partition) of several tables, by name: id, schema and name of each found. */
  findTableDataLatches(tables: readonly { schema: string; name: string }[]): { sql: string; params: unknown[] } {
    const c = (n: string): string => this.col(n);
    const params: unknown[] = ['ITEM', 'TABLE_DATA'];
    const names = [...new Set(tables.map((t) => t.name))].map((name) => {
      params.push(name);
      return this.p(params.length);
    });
    return {
      sql: `SELECT ${c('id')}, ${c('object_schema')}, ${c('object_name')} FROM ${this.table} WHERE ${c('row_type')} = ${this.p(1)} AND ${c('item_kind')} = ${this.p(2)} AND ${c('object_name')} IN (${names.join(', ')}) AND ${c('partition_name')} IS NULL`,
      params,
    };
  }

  /** The UPDATE flipping latches `ids` from OPEN to LOGGED. */
  flipLatches(ids: readonly number[]): [string, unknown[]] {
    const c = (n: string): string => this.col(n);
    const marks = ids.map((_, i) => this.p(i + 2)).join(', ');
    return [`UPDATE ${this.tableByKey} SET ${c('state')} = ${this.p(1)} WHERE ${c('id')} IN (${marks}) AND ${c('state')} = ${this.p(ids.length + 2)}`, ['LOGGED', ...ids, 'OPEN']];
  }

  /** SET clauses for a partial row, starting placeholders at `from`. */
  set(patch: Partial<MasterRow>, from = 1): { clause: string; params: unknown[] } {
    const parts: string[] = [];
    const params: unknown[] = [];
    for (const [field, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      const column = COLUMN_OF[field as keyof MasterRow];
      params.push(value);
      parts.push(`${this.col(column)} = ${this.dialect.placeholder(from + params.length - 1)}`);
    }
    return { clause: parts.join(', '), params };
  }

  /** Placeholder n. */
  p(n: number): string {
    return this.dialect.placeholder(n);
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
}

function paramOf(row: MasterRow, column: string): unknown {
  const field = FIELD_OF[column] as keyof MasterRow;
  const value = row[field];
  return value === undefined ? null : value;
}
