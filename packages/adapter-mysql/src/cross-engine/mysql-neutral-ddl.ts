import { AdapterError, type DdlOptions, type NeutralColumn, type NeutralDefault, type NeutralObject, type NeutralTable, type NotCarried } from '@sluice/adapter-kit';
import { MysqlRemapper } from '../ddl/mysql-remapper.js';
import { qualify, quoteIdent, quoteString } from '../sql/mysql-quote.js';

/** MySQL keeps names of up to 64 characters. */
const MAX_NAME_CHARS = 64;

/** Why a name cannot be used as it is here, or undefined. */
export function mysqlIdentifierProblem(name: string): string | undefined {
  if ([...name].length > MAX_NAME_CHARS) return `it is longer than MySQL's ${MAX_NAME_CHARS} characters`;
  if (/ $/.test(name)) return 'MySQL names cannot end with a space';
  if (name.includes('\u0000')) return 'it holds a NUL character';
  return undefined;
}

/**
 * The statements that create an object another engine described in neutral terms (see
 * `Adapter.generateNeutralDdl`): every identifier quoted with backticks, so case and reserved words survive.
 */
export function generateMysqlNeutralDdl(object: NeutralObject, options: DdlOptions): string[] {
  const remap = new MysqlRemapper(options);
  const qualified = (s: string, t: string): string => qualify(remap.schema(s), remap.table(s, t));
  const comments = options.transforms?.omitComments !== true;
  switch (object.kind) {
    case 'schema':
      return [
        `CREATE DATABASE IF NOT EXISTS ${quoteIdent(remap.schema(object.name))} CHARACTER SET utf8mb4${object.comment !== undefined && comments ? ` COMMENT ${quoteString(object.comment)}` : ''}`,
      ];
    case 'table': {
      const identity = autoIncrementColumn(object);
      const lines = object.columns.map((c) => `  ${columnDefinition(c, c === identity, comments)}`);
      const pk = object.primaryKey;
      if (pk !== null) lines.push(`  PRIMARY KEY (${pk.columns.map((n) => keyPart(n, undefined, object.columns)).join(', ')})`);
      // AUTO_INCREMENT must lead a key; a primary key that does not start with it gets one of its own.
      if (identity !== undefined && pk?.columns[0] !== identity.name) lines.push(`  KEY (${quoteIdent(identity.name)})`);
      // MariaDB refuses a CHECK on an AUTO_INCREMENT column (error 1901): such checks are left out, named by mysqlNeutralLosses.
      for (const c of object.checks ?? []) if (!checkOnIdentity(object, c.clause)) lines.push(`  CONSTRAINT ${quoteIdent(c.name)} CHECK (${checkSql(c)})`);
      let sql = `CREATE TABLE ${qualified(object.schema, object.name)} (\n${lines.join(',\n')}\n) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`;
      const next = identity?.identity?.next;
      if (next !== undefined && /^\d+$/.test(next)) sql += ` AUTO_INCREMENT=${next}`;
      if (object.comment !== undefined && comments) sql += ` COMMENT=${quoteString(object.comment)}`;
      return [sql];
    }
    case 'key':
      return [
        `ALTER TABLE ${qualified(object.schema, object.table)} ADD ${object.primary ? 'PRIMARY KEY' : `CONSTRAINT ${quoteIdent(object.name)} UNIQUE KEY`} (${object.columns.map((n) => quoteIdent(n)).join(', ')})`,
      ];
    case 'index': {
      if (object.predicate !== undefined)
        throw new AdapterError('UNSUPPORTED', `index ${object.name} of ${object.table} is partial (WHERE ${object.predicate}): MySQL has no partial indexes`, { object: object.name });
      const parts = object.parts.map((p) => {
        if (p.column === undefined)
          throw new AdapterError('UNSUPPORTED', `index ${object.name} of ${object.table} has an expression key part (${p.expression ?? ''}) written for the other engine`, { object: object.name });
        return `${quoteIdent(p.column)}${p.length === undefined ? '' : `(${p.length})`}${p.descending === true ? ' DESC' : ''}`;
      });
      return [`CREATE ${object.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(object.name)} ON ${qualified(object.schema, object.table)} (${parts.join(', ')})`];
    }
    case 'check':
      return [`ALTER TABLE ${qualified(object.schema, object.table)} ADD CONSTRAINT ${quoteIdent(object.name)} CHECK (${checkSql(object)})`];
    case 'foreign-key':
      return [
        `ALTER TABLE ${qualified(object.schema, object.table)} ADD CONSTRAINT ${quoteIdent(object.name)} FOREIGN KEY (${object.columns.map((n) => quoteIdent(n)).join(', ')}) REFERENCES ${qualified(object.references.schema, object.references.name)} (${object.referencedColumns.map((n) => quoteIdent(n)).join(', ')}) ON DELETE ${object.onDelete} ON UPDATE ${object.onUpdate}`,
      ];
    case 'counter':
      // InnoDB never sets the counter at or below the highest value in the column.
      return /^\d+$/.test(object.next) ? [`ALTER TABLE ${qualified(object.schema, object.table)} AUTO_INCREMENT = ${object.next}`] : [];
    case 'absorbed':
    case 'not-translated':
      return [];
  }
}

/**
 * The column that becomes the table's AUTO_INCREMENT: MariaDB keeps one per table, so of several
 * identity / serial columns the one leading the primary key, else the first (the engine has made
 * the others plain columns by then, from `mysqlNeutralLosses`).
 */
export function autoIncrementColumn(table: NeutralTable): NeutralColumn | undefined {
  const counted = table.columns.filter((c) => c.identity !== undefined);
  return counted.find((c) => c.name === table.primaryKey?.columns[0]) ?? counted[0];
}

/** Whether a table's CHECK clause names its identity column, which MariaDB refuses (error 1901). */
function checkOnIdentity(table: NeutralTable, clause: string): boolean {
  const identity = autoIncrementColumn(table);
  return identity !== undefined && new RegExp(`(^|[^\\w$])"?${identity.name.replace(/[^\w]/g, '\\$&')}"?($|[^\\w$])`).test(clause);
}

/**
 * What `generateMysqlNeutralDdl` leaves out of a table: the counters of identity / serial columns
 * past the one AUTO_INCREMENT, what AUTO_INCREMENT cannot express of an identity (GENERATED ALWAYS,
 * an increment, bounds, CYCLE) and CHECKs on its AUTO_INCREMENT column.
 */
export function mysqlNeutralLosses(table: NeutralTable): NotCarried[] {
  const identity = autoIncrementColumn(table);
  const out: NotCarried[] = [];
  // One AUTO_INCREMENT column per table: every other counted column arrives as a plain integer with its values.
  for (const c of table.columns) {
    if (c.identity === undefined || c === identity) continue;
    out.push({
      column: c.name,
      what: `its counter (identity or serial${c.identity.next === undefined ? '' : `, next value ${c.identity.next}`})`,
      advice: `MariaDB allows one AUTO_INCREMENT column per table and gives it to ${JSON.stringify(identity?.name ?? '')}; the column is created as a plain ${c.target?.native ?? 'integer'} column keeping its values, so new rows must give it a value (a BEFORE INSERT trigger or the application); or leave the table out`,
      counter: true,
    });
  }
  if (identity?.identity?.always === true) {
    out.push({
      column: identity.name,
      what: 'GENERATED ALWAYS (only the counter gives values)',
      advice: 'the column is created as AUTO_INCREMENT, which also takes values an INSERT gives; refuse them with a BEFORE INSERT trigger on the target if that matters',
    });
  }
  const options = identity?.identity?.options ?? [];
  if (identity !== undefined && options.length > 0) {
    out.push({
      column: identity.name,
      what: `the identity's ${options.join(' ')}`,
      advice:
        "AUTO_INCREMENT counts up by 1 (auto_increment_increment is a server setting, not a column's) from the next value to the type's maximum without cycling; leave the table out or accept the plain counter",
    });
  }
  for (const c of table.checks ?? []) {
    if (!checkOnIdentity(table, c.clause)) continue;
    out.push({
      ...(identity === undefined ? {} : { column: identity.name }),
      what: `CONSTRAINT ${c.name} CHECK (${c.clause})`,
      advice: 'MariaDB refuses a CHECK on an AUTO_INCREMENT column; enforce it in the application or with a trigger on the target',
    });
  }
  return out;
}

/** A check clause with PostgreSQL's double-quoted names quoted for MySQL. */
function checkSql(c: { readonly clause: string; readonly quote: string }): string {
  return c.quote === '"' ? c.clause.replace(/"((?:[^"]|"")*)"/g, (_m, n: string) => quoteIdent(n.replace(/""/g, '"'))) : c.clause;
}

function keyPart(name: string, length: number | undefined, columns: readonly NeutralColumn[]): string {
  const prefix = length ?? columns.find((c) => c.name === name)?.target?.indexPrefix;
  return `${quoteIdent(name)}${prefix === undefined ? '' : `(${prefix})`}`;
}

function columnDefinition(c: NeutralColumn, autoIncrement: boolean, comments: boolean): string {
  const target = c.target;
  if (target === undefined) throw new AdapterError('BAD_ARGUMENT', `column ${c.name} has no target type`);
  let sql = `${quoteIdent(c.name)} ${target.native}${c.nullable ? ' NULL' : ' NOT NULL'}`;
  if (autoIncrement) sql += ' AUTO_INCREMENT';
  else if (c.default !== null) {
    const d = defaultSql(c.default, c);
    if (d !== undefined) sql += ` DEFAULT ${d}`;
  }
  if (comments && c.comment !== undefined) sql += ` COMMENT ${quoteString(c.comment)}`;
  return sql;
}

function defaultSql(d: NeutralDefault, c: NeutralColumn): string | undefined {
  const target = c.target?.type;
  const kind = target?.kind;
  // MySQL gives TEXT, BLOB and JSON columns a literal default only from 8.0.13 / MariaDB 10.2; always as an expression.
  const wrap = (s: string): string => (/^(LONGTEXT|LONGBLOB|JSON)/.test(c.target?.native ?? '') ? `(${s})` : s);
  switch (d.kind) {
    case 'literal':
      if (c.type.kind === 'boolean') return /^(1|t|true|y|yes|on)$/i.test(d.value) ? '1' : '0';
      return wrap(quoteString(d.value));
    case 'number':
      return kind === 'integer' || kind === 'decimal' || kind === 'float' ? d.value : wrap(quoteString(d.value));
    case 'boolean':
      return d.value ? '1' : '0';
    case 'null':
      return 'NULL';
    case 'current-timestamp': {
      if (kind !== 'datetime' && kind !== 'timestamp') return undefined;
      const p = target !== undefined && 'precision' in target && target.precision !== undefined ? target.precision : 0;
      return p > 0 ? `CURRENT_TIMESTAMP(${p})` : 'CURRENT_TIMESTAMP';
    }
    case 'current-date':
      return kind === 'date' ? '(CURRENT_DATE)' : undefined;
    case 'expression':
      return undefined;
  }
}
