import type { CatalogObject, NeutralDefault, NeutralObject, NotCarried } from '@sluice/adapter-kit';
import type { MysqlColumnDef } from '../model/mysql-details.js';
import { asMysqlObject } from '../model/mysql-object.js';

/**
 * MySQL / MariaDB catalog objects in neutral terms (see `Adapter.neutralCatalog`): tables with their
 * columns, primary key, comments and AUTO_INCREMENT counter; unique keys, indexes, checks and
 * foreign keys. Views, routines, triggers and events are not translated.
 */
export function mysqlNeutralCatalog(objects: readonly CatalogObject[]): NeutralObject[] {
  // Per `schema\0table`: the AUTO_INCREMENT column, which a table's counter (SEQUENCE_VALUE) feeds.
  const counted = new Map<string, string>();
  for (const object of objects) {
    const o = asMysqlObject(object);
    if (o.kind !== 'TABLE') continue;
    const column = o.detail.columns.find((c) => c.identity !== undefined);
    if (column !== undefined) counted.set(`${o.schema ?? ''}\u0000${o.name}`, column.name);
  }
  return objects.map((o) => neutralOf(o, counted));
}

function neutralOf(object: CatalogObject, counted: ReadonlyMap<string, string>): NeutralObject {
  const o = asMysqlObject(object);
  const schema = o.schema ?? '';
  switch (o.kind) {
    case 'SCHEMA': {
      const d = o.detail;
      return { kind: 'schema', name: o.name, ...(d.comment === undefined ? {} : { comment: d.comment }) };
    }
    case 'TABLE': {
      const d = o.detail;
      if (d.systemVersioning !== undefined) return { kind: 'not-translated', reason: "a system-versioned table is MariaDB's own" };
      const pk = d.primaryKey;
      if (pk?.parts.some((p) => p.column === null)) return { kind: 'not-translated', reason: 'its primary key has an expression part' };
      const notCarried = d.columns.flatMap(columnLosses);
      if (d.partitioning !== null)
        notCarried.push({
          what: `PARTITION BY ${d.partitioning.method} (${d.partitioning.expression})`,
          advice: 'the table is created unpartitioned; partition it on the target after the import if needed',
        });
      return {
        kind: 'table',
        schema,
        name: o.name,
        columns: d.columns
          .filter((c) => c.generated === undefined && c.rowPeriod === undefined && c.implicitPeriod !== true)
          .map((c) => ({
            name: c.name,
            type: c.type,
            nullable: c.nullable,
            default: c.identity !== undefined ? null : mysqlNeutralDefault(c.default),
            ...(c.identity !== undefined ? { identity: d.autoIncrement === null ? {} : { next: d.autoIncrement } } : {}),
            ...(c.comment === undefined ? {} : { comment: c.comment }),
          })),
        primaryKey: pk === null ? null : { name: pk.name, columns: pk.parts.map((p) => p.column as string) },
        ...(d.comment === undefined || d.comment === '' ? {} : { comment: d.comment }),
        ...(notCarried.length === 0 ? {} : { notCarried }),
      };
    }
    case 'INDEX':
    case 'CONSTRAINT': {
      const d = o.detail;
      if ('clause' in d) return { kind: 'check', schema, table: d.table, name: d.name, clause: d.clause, quote: '`' };
      if (d.kind === 'FULLTEXT' || d.kind === 'SPATIAL') return { kind: 'not-translated', reason: `a ${d.kind} index is MySQL's own` };
      const plain = d.parts.every((p) => p.column !== null && p.length === undefined);
      if (o.kind === 'CONSTRAINT' && plain) return { kind: 'key', schema, table: d.table, name: d.name, primary: d.kind === 'PRIMARY', columns: d.parts.map((p) => p.column as string) };
      return {
        kind: 'index',
        schema,
        table: d.table,
        name: d.name,
        unique: d.kind === 'UNIQUE',
        parts: d.parts.map((p) => ({
          ...(p.column === null ? { expression: p.expression ?? '' } : { column: p.column }),
          ...(p.descending === true ? { descending: true } : {}),
          ...(p.length === undefined ? {} : { length: p.length }),
        })),
      };
    }
    case 'REF_CONSTRAINT': {
      const d = o.detail;
      return {
        kind: 'foreign-key',
        schema,
        table: d.table,
        name: d.name,
        columns: d.columns,
        references: { schema: d.refSchema, name: d.refTable },
        referencedColumns: d.refColumns,
        onDelete: d.onDelete,
        onUpdate: d.onUpdate,
      };
    }
    case 'SEQUENCE_VALUE': {
      const d = o.detail;
      if ('sequence' in d) return { kind: 'not-translated', reason: 'a sequence of its own is not translated' };
      const column = counted.get(`${schema}\u0000${d.table}`);
      if (column !== undefined) return { kind: 'counter', schema, table: d.table, column, next: d.value };
      return { kind: 'absorbed', reason: "the AUTO_INCREMENT counter is the identity column's next value" };
    }
    case 'GRANT':
      return { kind: 'absorbed', reason: 'privileges are not carried across engines; grant them on the target' };
    case 'VIEW':
    case 'FUNCTION':
    case 'PROCEDURE':
    case 'TRIGGER':
    case 'EVENT':
    case 'PACKAGE':
    case 'PACKAGE_BODY':
      return { kind: 'not-translated', reason: 'its body is MySQL SQL' };
    default:
      return { kind: 'not-translated', reason: `${object.kind.toLowerCase().replace(/_/g, ' ')} objects are MySQL's own` };
  }
}

/** What a column has that the neutral table does not carry: named in the log as a counted error. */
function columnLosses(c: MysqlColumnDef): NotCarried[] {
  const out: NotCarried[] = [];
  const column = c.name;
  if (c.rowPeriod !== undefined || c.implicitPeriod === true) return out;
  if (c.generated !== undefined) {
    out.push({
      column,
      what: `the generated column (AS (${c.generated.expression}) ${c.generated.stored ? 'STORED' : 'VIRTUAL'})`,
      advice: 'add it on the target as a generated column with the expression in its SQL',
    });
    return out;
  }
  if (c.invisible === true)
    out.push({
      column,
      what: 'INVISIBLE',
      advice: 'the column is created as an ordinary column with its values, so SELECT * and an INSERT without a column list include it there; name the columns in such statements',
    });
  if (c.onUpdate !== undefined)
    out.push({
      column,
      what: `ON UPDATE ${c.onUpdate.toUpperCase()}`,
      advice: 'the column keeps its values and default but is not set on update; add a BEFORE UPDATE trigger on the target to set it',
    });
  if (c.check !== undefined && !/^json_valid\(`(?:[^`]|``)+`\)$/i.test(c.check.trim()))
    out.push({ column, what: `CHECK (${c.check})`, advice: 'add the CHECK constraint on the target after the import' });
  if (c.identity === undefined && mysqlNeutralDefault(c.default)?.kind === 'expression')
    out.push({ column, what: `DEFAULT ${c.default ?? ''}`, advice: 'the column is created without a default; add one on the target in its SQL' });
  return out;
}

/** A MySQL default (as information_schema writes it) in neutral terms. */
export function mysqlNeutralDefault(sql: string | null): NeutralDefault | null {
  if (sql === null) return null;
  const s = sql.trim();
  const literal = /^'((?:[^'\\]|''|\\.)*)'$/s.exec(s);
  if (literal !== null) return { kind: 'literal', value: literal[1]!.replace(/''/g, "'").replace(/\\(.)/gs, (_m, c: string) => ({ n: '\n', t: '\t', r: '\r', '0': '\0' })[c] ?? c) };
  if (/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(s)) return { kind: 'number', value: s };
  if (/^NULL$/i.test(s)) return { kind: 'null' };
  if (/^(current_timestamp|now|localtimestamp|localtime)(\(\d*\))?$/i.test(s)) return { kind: 'current-timestamp' };
  if (/^(curdate|current_date)(\(\))?$/i.test(s)) return { kind: 'current-date' };
  return { kind: 'expression', sql: s };
}
