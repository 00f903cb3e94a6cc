import { AdapterError, type DdlOptions, type NeutralColumn, type NeutralDefault, type NeutralObject } from '@sluice/adapter-kit';
import { forceQuoteIdent, quoteLiteral } from '../sql/postgres-quote.js';

/** PostgreSQL keeps the first 63 bytes of a name. */
const MAX_NAME_BYTES = 63;

const ident = forceQuoteIdent;

/** Why a name cannot be used as it is here, or undefined. */
export function postgresIdentifierProblem(name: string): string | undefined {
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) return `it is longer than PostgreSQL's ${MAX_NAME_BYTES} bytes`;
  if (name.includes('\u0000')) return 'it holds a NUL character';
  return undefined;
}

/** A name made of a table and an object name, cut to 63 bytes (index and key names are per schema here, per table on MySQL). */
function scopedName(table: string, name: string): string {
  let out = `${table}_${name}`;
  while (Buffer.byteLength(out, 'utf8') > MAX_NAME_BYTES) out = out.slice(0, -1);
  return out;
}

/**
 * The statements that create an object another engine described in neutral terms (see
 * `Adapter.generateNeutralDdl`): every identifier quoted, so case and reserved words survive.
 */
export function generatePostgresNeutralDdl(object: NeutralObject, options: DdlOptions): string[] {
  const schemaOf = (s: string): string => options.remapSchema?.get(s) ?? s;
  const tableOf = (s: string, t: string): string => options.remapTable?.get(`${s}.${t}`) ?? options.remapTable?.get(t) ?? t;
  const qualified = (s: string, t: string): string => `${ident(schemaOf(s))}.${ident(tableOf(s, t))}`;
  const comments = options.transforms?.omitComments !== true;
  switch (object.kind) {
    case 'schema':
      return [`CREATE SCHEMA IF NOT EXISTS ${ident(schemaOf(object.name))}`];
    case 'table': {
      const name = qualified(object.schema, object.name);
      const lines = object.columns.map((c) => `    ${columnDefinition(c)}`);
      if (object.primaryKey !== null)
        lines.push(`    CONSTRAINT ${ident(`${tableOf(object.schema, object.name)}_pkey`.slice(0, 63))} PRIMARY KEY (${object.primaryKey.columns.map(ident).join(', ')})`);
      for (const c of object.checks ?? []) lines.push(`    CONSTRAINT ${ident(c.name)} CHECK (${checkSql(c)})`);
      const out = [`CREATE TABLE ${name} (\n${lines.join(',\n')}\n)`];
      if (comments && object.comment !== undefined) out.push(`COMMENT ON TABLE ${name} IS ${quoteLiteral(object.comment)}`);
      for (const c of object.columns) if (comments && c.comment !== undefined) out.push(`COMMENT ON COLUMN ${name}.${ident(c.name)} IS ${quoteLiteral(c.comment)}`);
      return out;
    }
    case 'key': {
      const table = tableOf(object.schema, object.table);
      const kind = object.primary ? 'PRIMARY KEY' : 'UNIQUE';
      return [`ALTER TABLE ${qualified(object.schema, object.table)} ADD CONSTRAINT ${ident(scopedName(table, object.name))} ${kind} (${object.columns.map(ident).join(', ')})`];
    }
    case 'index': {
      const table = tableOf(object.schema, object.table);
      const parts = object.parts.map((p) => {
        if (p.column === undefined)
          throw new AdapterError('UNSUPPORTED', `index ${object.name} of ${object.table} has an expression key part (${p.expression ?? ''}) written for the other engine`, { object: object.name });
        return `${ident(p.column)}${p.descending === true ? ' DESC' : ''}`;
      });
      return [`CREATE ${object.unique ? 'UNIQUE ' : ''}INDEX ${ident(scopedName(table, object.name))} ON ${qualified(object.schema, object.table)} (${parts.join(', ')})`];
    }
    case 'check':
      return [`ALTER TABLE ${qualified(object.schema, object.table)} ADD CONSTRAINT ${ident(object.name)} CHECK (${checkSql(object)})`];
    case 'foreign-key':
      return [
        `ALTER TABLE ${qualified(object.schema, object.table)} ADD CONSTRAINT ${ident(object.name)} FOREIGN KEY (${object.columns.map(ident).join(', ')}) REFERENCES ${qualified(object.references.schema, object.references.name)} (${object.referencedColumns.map(ident).join(', ')}) ON UPDATE ${object.onUpdate} ON DELETE ${object.onDelete}`,
      ];
    case 'counter': {
      // The identity's sequence moves forward to the source's next value, never back (a table that existed may be ahead).
      if (!/^-?\d+$/.test(object.next)) return [];
      const seq = `pg_get_serial_sequence(${quoteLiteral(qualified(object.schema, object.table))}, ${quoteLiteral(object.column)})`;
      return [`SELECT setval(${seq}, GREATEST(${object.next}, COALESCE(pg_sequence_last_value(${seq}::regclass) + 1, 1)), false)`];
    }
    case 'absorbed':
    case 'not-translated':
      return [];
  }
}

/** A check clause with MySQL's backtick-quoted names quoted for PostgreSQL. */
function checkSql(c: { readonly clause: string; readonly quote: string }): string {
  return c.quote === '`' ? c.clause.replace(/`((?:[^`]|``)*)`/g, (_m, n: string) => ident(n.replace(/``/g, '`'))) : c.clause;
}

function columnDefinition(c: NeutralColumn): string {
  const target = c.target;
  if (target === undefined) throw new AdapterError('BAD_ARGUMENT', `column ${c.name} has no target type`);
  let sql = `${ident(c.name)} ${target.native}`;
  if (c.identity !== undefined) {
    sql += ` GENERATED BY DEFAULT AS IDENTITY${c.identity.next === undefined ? '' : ` (START WITH ${c.identity.next})`}`;
  } else if (c.default !== null) {
    const d = defaultSql(c.default, c);
    if (d !== undefined) sql += ` DEFAULT ${d}`;
  }
  if (!c.nullable) sql += ' NOT NULL';
  if (c.type.kind === 'enum' && target.native === 'text') sql += ` CHECK (${ident(c.name)} IN (${c.type.values.map(quoteLiteral).join(', ')}))`;
  return sql;
}

function defaultSql(d: NeutralDefault, c: NeutralColumn): string | undefined {
  const target = c.target?.type.kind;
  switch (d.kind) {
    case 'literal':
      if (target === 'boolean') return /^(1|t|true|y|yes|on)$/i.test(d.value) ? 'true' : 'false';
      return quoteLiteral(d.value);
    case 'number':
      if (target === 'boolean') return d.value === '0' ? 'false' : 'true';
      return target === 'integer' || target === 'decimal' || target === 'float' ? d.value : quoteLiteral(d.value);
    case 'boolean':
      return target === 'boolean' ? String(d.value) : d.value ? '1' : '0';
    case 'null':
      return 'NULL';
    case 'current-timestamp':
      return target === 'date' ? 'CURRENT_DATE' : 'CURRENT_TIMESTAMP';
    case 'current-date':
      return 'CURRENT_DATE';
    case 'expression':
      return undefined;
  }
}
