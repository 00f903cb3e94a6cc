import type { CatalogObject, NeutralColumn, NeutralIdentity, NeutralType, NeutralDefault, NeutralIndex, NeutralObject, NotCarried, TableRef } from '@sluice/adapter-kit';
import type { PgColumn, PgConstraintDetail, PgDomainDetail, PgIndexDetail, PgSequenceDetail, PgSequenceValueDetail, PgTypeDetail } from '../model/postgres-details.js';
import { asPgObject, type PgObjectOf } from '../model/postgres-object.js';

/** Kinds that exist on the other engine too but whose bodies are PostgreSQL SQL: named in the log, not created. */
const PROGRAM_KINDS = new Set(['VIEW', 'MATERIALIZED_VIEW', 'FUNCTION', 'PROCEDURE', 'AGGREGATE', 'TRIGGER', 'RULE', 'POLICY', 'EVENT_TRIGGER']);

const key = (schema: string | null, name: string): string => `${schema ?? ''}\u0000${name}`;

/**
 * PostgreSQL catalog objects in neutral terms (see `Adapter.neutralCatalog`): tables with their
 * columns, primary keys and comments folded in; unique and check constraints, foreign keys and
 * indexes; serial and identity sequences absorbed into the columns they feed.
 */
export function postgresNeutralCatalog(objects: readonly CatalogObject[]): NeutralObject[] {
  const tables = new Map<string, PgObjectOf<'TABLE'>>();
  const primaryKeys = new Map<string, PgConstraintDetail>();
  const comments = new Map<string, { table?: string; columns: Map<string, string> }>();
  const owned = new Map<string, { table: string; column: string }>();
  const sequenceValues = new Map<string, PgSequenceValueDetail>();
  const sequences = new Map<string, PgSequenceDetail>();
  const domains = new Map<string, Domain>();
  const types = new Map<string, PgTypeDetail>();
  for (const o of objects.map(asPgObject)) {
    if (o.kind === 'TABLE') {
      tables.set(key(o.schema, o.name), o);
      const d = o.detail;
      for (const s of d.ownedSequences ?? []) owned.set(key(s.sequence.schema, s.sequence.name), { table: o.name, column: s.column });
      for (const c of d.columns) if (c.identitySequence !== undefined) owned.set(key(c.identitySequence.schema, c.identitySequence.name), { table: o.name, column: c.name });
    } else if (o.kind === 'CONSTRAINT' && o.detail.type === 'p') {
      primaryKeys.set(key(o.schema, o.detail.table), o.detail);
    } else if (o.kind === 'COMMENT') {
      const d = o.detail;
      const table = d.target.type === 'TABLE' ? d.target.name : d.target.type === 'COLUMN' ? d.target.table : undefined;
      if (table === undefined) continue;
      const entry = comments.get(key(o.schema, table)) ?? { columns: new Map<string, string>() };
      if (d.target.type === 'TABLE') entry.table = d.text;
      else entry.columns.set(d.target.name, d.text);
      comments.set(key(o.schema, table), entry);
    } else if (o.kind === 'TYPE') {
      types.set(key(o.schema, o.name), o.detail);
    } else if (o.kind === 'SEQUENCE') {
      sequences.set(key(o.schema, o.name), o.detail);
    } else if (o.kind === 'SEQUENCE_VALUE') {
      const d = o.detail;
      sequenceValues.set(key(d.sequence.schema, d.sequence.name), d);
    }
  }
  // A domain over a built-in type travels as that type with its NOT NULL and default; its CHECKs are named as not carried.
  for (const o of objects.map(asPgObject)) {
    if (o.kind !== 'DOMAIN') continue;
    const d = o.detail;
    const base = builtinType(d.baseType);
    if (base !== undefined) domains.set(key(o.schema, o.name), { name: `${o.schema ?? ''}.${o.name}`, type: base, detail: d });
  }
  // A column whose default takes the next value of a sequence no column owns (pg_dump of a database
  // made without OWNED BY, as Pagila's) is fed by it all the same, when it is the only table column so fed.
  for (const [seq, feeds] of unownedFeeds(objects, tables, owned)) if (feeds.length === 1) owned.set(seq, feeds[0]!);
  const nextValues = new Map<string, string>();
  for (const [seq, value] of sequenceValues) {
    const o = owned.get(seq);
    if (o === undefined) continue;
    const schema = seq.split('\u0000')[0] ?? '';
    // The value after the last one given is one increment on (a serial's sequence, or the identity's own).
    const column = tables.get(key(schema, o.table))?.detail.columns.find((c) => c.name === o.column);
    const increment = BigInt(sequences.get(seq)?.increment ?? column?.identity?.increment ?? '1');
    nextValues.set(`${schema}\u0000${o.table}\u0000${o.column}`, value.isCalled ? (BigInt(value.lastValue) + increment).toString() : value.lastValue);
  }
  // A serial column's counter options are its owned sequence's.
  const serialOptions = new Map<string, PgSequenceDetail>();
  for (const [seq, detail] of sequences) {
    const o = owned.get(seq);
    if (o !== undefined) serialOptions.set(`${seq.split('\u0000')[0]}\u0000${o.table}\u0000${o.column}`, detail);
  }
  return objects.map((o) => neutralOf(o, { tables, primaryKeys, comments, owned, nextValues, serialOptions, domains, types }));
}

interface Context {
  readonly tables: ReadonlyMap<string, PgObjectOf<'TABLE'>>;
  readonly primaryKeys: ReadonlyMap<string, PgConstraintDetail>;
  readonly comments: ReadonlyMap<string, { table?: string; columns: Map<string, string> }>;
  readonly owned: ReadonlyMap<string, { table: string; column: string }>;
  readonly nextValues: ReadonlyMap<string, string>;
  /** Per `schema\0table\0column`: the owned sequence of a serial column. */
  readonly serialOptions: ReadonlyMap<string, PgSequenceDetail>;
  readonly domains: ReadonlyMap<string, Domain>;
  /** Composite and range types, whose values another engine stores as JSON. */
  readonly types: ReadonlyMap<string, PgTypeDetail>;
}

/** A domain over a built-in type: columns of it are created with that type. */
interface Domain {
  readonly name: string;
  readonly type: NeutralType;
  readonly detail: PgDomainDetail;
}

function neutralOf(object: CatalogObject, ctx: Context): NeutralObject {
  const o = asPgObject(object);
  const schema = o.schema ?? '';
  switch (o.kind) {
    case 'SCHEMA':
      return { kind: 'schema', name: o.name };
    case 'TABLE': {
      const d = o.detail;
      if (!TRANSLATED_TABLE_KINDS.has(d.tableKind)) return { kind: 'not-translated', reason: `a ${d.tableKind} table is PostgreSQL's own` };
      const pk = ctx.primaryKeys.get(key(o.schema, o.name));
      const comments = ctx.comments.get(key(o.schema, o.name));
      const notCarried = d.columns.flatMap((c) => columnLosses(c, ctx.domains));
      if (d.tableKind === 'unlogged') {
        notCarried.push({ what: 'UNLOGGED', advice: 'the table is created as an ordinary (logged, crash-safe) table, which writes more; nothing is needed unless the write rate matters' });
      }
      // The engine refuses partitions unless PARTITION_OPTIONS=MERGE (only the partitioned table is
      // created) or DEPARTITION (only the partitions are), so one of these lines is said.
      if (d.tableKind === 'partitioned') {
        notCarried.push({
          what: `PARTITION BY ${d.partitionKey ?? ''}`.trimEnd(),
          advice: "the table is created unpartitioned, holding every partition's rows (PARTITION_OPTIONS=MERGE); partition it on the target after the import if needed",
        });
      }
      if (d.partitionOf !== undefined) {
        notCarried.push({
          what: `PARTITION OF "${d.partitionOf.parent.schema}"."${d.partitionOf.parent.name}" ${d.partitionOf.bound}`,
          advice: 'the partition is created as a table of its own with its rows (PARTITION_OPTIONS=DEPARTITION); its bound is not checked there',
        });
      }
      if (d.inherits.length > 0) {
        const parents = d.inherits.map((p) => `"${p.schema}"."${p.name}"`).join(', ');
        notCarried.push({
          what: `INHERITS (${parents})`,
          advice: `the table is created standing alone with its inherited columns, and its rows are not seen through ${d.inherits.length === 1 ? 'the parent' : 'the parents'} there; query the tables together (UNION ALL) or make one table of them on the target`,
        });
      }
      if (d.rowSecurity || d.forceRowSecurity) {
        notCarried.push({
          what: `${[d.rowSecurity ? 'ENABLE' : '', d.forceRowSecurity ? 'FORCE' : ''].filter((x) => x !== '').join(' and ')} ROW LEVEL SECURITY`,
          advice: 'the target has no row-level security, so every row is visible to whoever may read the table there; restrict access with views or grants on the target',
        });
      }
      return {
        kind: 'table',
        schema,
        name: o.name,
        columns: d.columns
          .filter((c) => c.generated === undefined)
          .map((c) => {
            const at = `${schema}\u0000${o.name}\u0000${c.name}`;
            return neutralColumn(c, ctx.nextValues.get(at), ctx.serialOptions.get(at), comments?.columns.get(c.name), ctx);
          }),
        primaryKey: pk === undefined ? null : { name: pk.name, columns: pk.columns },
        ...(d.checks.length === 0 ? {} : { checks: d.checks.map((c) => ({ name: c.name, clause: checkClause(c.definition.replace(/\s+NO INHERIT$/i, '')), quote: '"' })) }),
        ...(comments?.table === undefined ? {} : { comment: comments.table }),
        ...(notCarried.length === 0 ? {} : { notCarried }),
      };
    }
    case 'CONSTRAINT': {
      const d = o.detail;
      switch (d.type) {
        case 'p':
          return { kind: 'absorbed', reason: 'the primary key is created with its table' };
        case 'u':
          return { kind: 'key', schema, table: d.table, name: d.name, primary: false, columns: d.columns };
        case 'c':
          return { kind: 'check', schema, table: d.table, name: d.name, clause: checkClause(d.definition), quote: '"' };
        default:
          return { kind: 'not-translated', reason: "an exclusion constraint is PostgreSQL's own" };
      }
    }
    case 'REF_CONSTRAINT': {
      const d = o.detail;
      const r = d.references;
      if (r === undefined) return { kind: 'not-translated', reason: 'the foreign key names no table' };
      return { kind: 'foreign-key', schema, table: d.table, name: d.name, columns: d.columns, references: r.table, referencedColumns: r.columns, onDelete: r.onDelete, onUpdate: r.onUpdate };
    }
    case 'INDEX': {
      const d = o.detail;
      // An index of a materialized view goes with the view, which is not translated.
      if (!ctx.tables.has(key(o.schema, d.table))) return { kind: 'not-translated', reason: `it indexes ${d.table}, which is not a table` };
      return neutralIndex(schema, o.name, d);
    }
    case 'SEQUENCE':
    case 'SEQUENCE_VALUE': {
      const ref: TableRef = o.kind === 'SEQUENCE' ? { schema, name: o.name } : o.detail.sequence;
      const owner = ctx.owned.get(key(ref.schema, ref.name));
      if (owner !== undefined && o.kind === 'SEQUENCE_VALUE') {
        const next = ctx.nextValues.get(`${ref.schema}\u0000${owner.table}\u0000${owner.column}`);
        if (next !== undefined) return { kind: 'counter', schema: ref.schema, table: owner.table, column: owner.column, next };
      }
      if (owner !== undefined) return { kind: 'absorbed', reason: `it feeds column ${owner.table}.${owner.column}, created as an auto-increment column continuing from the sequence's next value` };
      return { kind: 'not-translated', reason: 'a sequence of its own is not translated' };
    }
    case 'COMMENT': {
      const d = o.detail;
      if (d.target.type === 'TABLE' || d.target.type === 'COLUMN') return { kind: 'absorbed', reason: 'the comment is written with its table' };
      return { kind: 'absorbed', reason: `the ${d.target.type.toLowerCase()} it comments on is not translated` };
    }
    case 'TYPE':
    case 'DOMAIN':
      return { kind: 'absorbed', reason: 'columns of this type are created with the type it maps to (see the type mapping)' };
    case 'GRANT':
      return { kind: 'absorbed', reason: 'privileges are not carried across engines; grant them on the target' };
    default:
      return { kind: 'not-translated', reason: PROGRAM_KINDS.has(object.kind) ? 'its body is PostgreSQL SQL' : `${object.kind.toLowerCase().replace(/_/g, ' ')} objects are PostgreSQL's own` };
  }
}

/** Table kinds created on the other engine: partitioned tables and partitions as ordinary tables (see PARTITION_OPTIONS). */
const TRANSLATED_TABLE_KINDS = new Set(['regular', 'unlogged', 'partitioned', 'partition']);

/** `nextval('s.seq'::regclass)` → the sequence it names (unqualified: in the table's schema), or undefined. */
export function nextvalSequence(sql: string, tableSchema: string): TableRef | undefined {
  const m = /^nextval\('((?:[^']|'')+)'::regclass\)$/i.exec(sql.trim());
  if (m === null) return undefined;
  const parts = [...m[1]!.replace(/''/g, "'").matchAll(/"((?:[^"]|"")+)"|([^."]+)/g)].map((p) => (p[1] === undefined ? (p[2] as string).toLowerCase() : p[1].replace(/""/g, '"')));
  if (parts.length === 1) return { schema: tableSchema, name: parts[0]! };
  if (parts.length === 2) return { schema: parts[0]!, name: parts[1]! };
  return undefined;
}

/** Per sequence no column owns: the table columns (partitions left out) whose default takes its next value. */
function unownedFeeds(objects: readonly CatalogObject[], tables: ReadonlyMap<string, PgObjectOf<'TABLE'>>, owned: ReadonlyMap<string, unknown>): Map<string, { table: string; column: string }[]> {
  const sequences = new Set(objects.filter((o) => o.kind === 'SEQUENCE').map((o) => key(o.schema, o.name)));
  const feeds = new Map<string, { table: string; column: string }[]>();
  for (const t of tables.values()) {
    const d = t.detail;
    if (d.partitionOf !== undefined) continue;
    for (const c of d.columns) {
      const seq = c.default === null || c.default === undefined ? undefined : nextvalSequence(c.default, t.schema ?? '');
      if (seq === undefined || seq.schema !== (t.schema ?? '')) continue;
      const k = key(seq.schema, seq.name);
      if (!sequences.has(k) || owned.has(k)) continue;
      feeds.set(k, [...(feeds.get(k) ?? []), { table: t.name, column: c.name }]);
    }
  }
  return feeds;
}

/** The subtypes of the built-in range types. */
const RANGE_SUBTYPES: Readonly<Record<string, NeutralType>> = {
  int4: { kind: 'integer', bytes: 4 },
  int8: { kind: 'integer', bytes: 8 },
  num: { kind: 'decimal' },
  ts: { kind: 'timestamp', withTimeZone: false },
  tstz: { kind: 'timestamp', withTimeZone: true },
  date: { kind: 'date' },
};

/**
 * A column type as the other engine sees it: built-in ranges and multiranges become user types of
 * pg_catalog, and ranges and composite types carry their shape (subtype, attributes) so their values
 * can be written as JSON there; an array's element likewise.
 */
function crossType(t: NeutralType, types: ReadonlyMap<string, PgTypeDetail>): NeutralType {
  if (t.kind === 'array') return { ...t, element: crossType(t.element, types) };
  if (t.kind === 'other') {
    const range = /^(int4|int8|num|ts|tstz|date)(multi)?range$/.exec(t.native);
    if (range === null) return t;
    return {
      kind: 'user',
      type: { kind: 'TYPE', schema: 'pg_catalog', name: t.native },
      shape: { kind: 'range', subtype: RANGE_SUBTYPES[range[1]!]!, ...(range[2] === undefined ? {} : { multi: true }) },
    };
  }
  if (t.kind !== 'user' || t.type.kind !== 'TYPE') return t;
  const d = types.get(key(t.type.schema, t.type.name));
  if (d?.typeKind === 'range' && d.range !== undefined) return { ...t, shape: { kind: 'range', subtype: scalarType(d.range.subtype) } };
  if (d?.typeKind === 'composite' && d.attributes !== undefined) return { ...t, shape: { kind: 'composite', attributes: d.attributes.map((a) => ({ name: a.name, type: scalarType(a.type) })) } };
  return t;
}

/** A range's subtype or a composite's attribute type (`format_type` text) as far as JSON tells numbers, booleans and text apart. */
function scalarType(native: string): NeutralType {
  const t = native.trim().toLowerCase();
  if (t === 'real') return { kind: 'float', bytes: 4 };
  if (t === 'double precision') return { kind: 'float', bytes: 8 };
  return builtinType(t) ?? { kind: 'text' };
}

/** The neutral type of a domain's built-in base type, as format_type writes it, or undefined. */
function builtinType(native: string): NeutralType | undefined {
  const t = native.trim().toLowerCase();
  const args = /\((\d+)(?:,\s*(\d+))?\)$/.exec(t);
  const p = args?.[1] === undefined ? undefined : Number(args[1]);
  const s = args?.[2] === undefined ? undefined : Number(args[2]);
  if (t === 'smallint') return { kind: 'integer', bytes: 2 };
  if (t === 'integer') return { kind: 'integer', bytes: 4 };
  if (t === 'bigint') return { kind: 'integer', bytes: 8 };
  if (t === 'boolean') return { kind: 'boolean' };
  if (t === 'text') return { kind: 'text' };
  if (t === 'date') return { kind: 'date' };
  if (/^numeric(\(|$)/.test(t)) return p === undefined ? { kind: 'decimal' } : { kind: 'decimal', precision: p, scale: s ?? 0 };
  if (/^character varying(\(|$)/.test(t)) return p === undefined ? { kind: 'char', fixed: false } : { kind: 'char', fixed: false, length: p };
  if (/^character(\(|$)/.test(t)) return { kind: 'char', fixed: true, length: p ?? 1 };
  return undefined;
}

function domainOf(c: PgColumn, domains: ReadonlyMap<string, Domain>): Domain | undefined {
  return c.type.kind === 'user' && c.type.type.kind === 'DOMAIN' ? domains.get(key(c.type.type.schema, c.type.type.name)) : undefined;
}

/** What a column has that the neutral table does not carry: named in the log as a counted error. */
function columnLosses(c: PgColumn, domains: ReadonlyMap<string, Domain>): NotCarried[] {
  const column = c.name;
  if (c.generated !== undefined) {
    return [
      {
        column,
        what: `the generated column (GENERATED ALWAYS AS (${c.generated.expression})${c.generated.stored ? ' STORED' : ''})`,
        advice: 'add it on the target as a generated column with the expression in its SQL',
      },
    ];
  }
  const out: NotCarried[] = [];
  const domain = domainOf(c, domains);
  for (const k of domain?.detail.constraints ?? []) {
    out.push({
      column,
      what: `the CHECK of domain ${domain!.name} (${k.name} ${k.definition})`,
      advice: `the column is created with the domain's base type; add the check on the target as a CHECK constraint on the column (VALUE written as the column's name)`,
    });
  }
  const serial = c.default !== null && /^nextval\(/i.test(c.default);
  const sqlDefault = c.default ?? domain?.detail.default ?? null;
  if (c.identity === undefined && !serial && neutralDefault(sqlDefault)?.kind === 'expression')
    out.push({ column, what: `DEFAULT ${sqlDefault ?? ''}`, advice: 'the column is created without a default; add one on the target in its SQL' });
  if (c.collation !== undefined)
    out.push({ column, what: `COLLATE ${c.collation}`, advice: "the target's binary UTF-8 collation applies; give the column a collation on the target if sorting or comparison depends on it" });
  return out;
}

/** A sequence's options (identity or serial) in PostgreSQL's words. */
interface SequenceOptions {
  readonly start?: string;
  readonly increment?: string;
  readonly minValue?: string;
  readonly maxValue?: string;
  readonly cycle?: boolean;
}

/** The largest value of PostgreSQL's integer types, the default MAXVALUE of a sequence of that type. */
const TYPE_MAX: Readonly<Record<string, string>> = { smallint: '32767', integer: '2147483647', bigint: '9223372036854775807' };

/**
 * A column's counter in neutral terms: its next value (the START value when none is known), GENERATED
 * ALWAYS, and its options that differ from an ascending count by 1 from 1 up to the type's maximum.
 */
function neutralIdentity(c: PgColumn, next: string | undefined, serial: PgSequenceDetail | undefined): NeutralIdentity {
  const s: SequenceOptions | undefined = c.identity ?? serial;
  const typeMax = TYPE_MAX[serial?.dataType ?? ''] ?? (c.type.kind === 'integer' ? TYPE_MAX[{ 2: 'smallint', 4: 'integer', 8: 'bigint' }[c.type.bytes as 2 | 4 | 8] ?? 'bigint'] : undefined);
  // A descending sequence counts from -1 down to the type's minimum.
  const descending = s?.increment?.startsWith('-') === true;
  const typeMin = typeMax === undefined ? undefined : (-BigInt(typeMax) - 1n).toString();
  const options: string[] = [];
  if (s?.increment !== undefined && s.increment !== '1') options.push(`INCREMENT BY ${s.increment}`);
  if (s?.minValue !== undefined && s.minValue !== (descending ? typeMin : '1')) options.push(`MINVALUE ${s.minValue}`);
  if (s?.maxValue !== undefined && s.maxValue !== (descending ? '-1' : typeMax)) options.push(`MAXVALUE ${s.maxValue}`);
  if (s?.cycle === true) options.push('CYCLE');
  const first = next ?? (s?.start !== undefined && s.start !== '1' ? s.start : undefined);
  return {
    ...(first === undefined ? {} : { next: first }),
    ...(c.identity?.generation === 'ALWAYS' ? { always: true } : {}),
    ...(options.length === 0 ? {} : { options }),
  };
}

function neutralColumn(c: PgColumn, next: string | undefined, serialSequence: PgSequenceDetail | undefined, comment: string | undefined, ctx: Context): NeutralColumn {
  const domains = ctx.domains;
  const serial = c.default !== null && /^nextval\(/i.test(c.default);
  const identity = c.identity !== undefined || serial;
  const domain = domainOf(c, domains);
  // A domain's NOT NULL and default hold for the column unless the column has its own default.
  const sqlDefault = c.default ?? domain?.detail.default ?? null;
  return {
    name: c.name,
    type: domain?.type ?? crossType(c.type, ctx.types),
    nullable: c.nullable && domain?.detail.notNull !== true,
    default: identity ? null : neutralDefault(sqlDefault),
    ...(identity ? { identity: neutralIdentity(c, next, serial ? serialSequence : undefined) } : {}),
    ...(comment === undefined ? {} : { comment }),
  };
}

/** A PostgreSQL default in neutral terms: literals with their casts left off, the current time, or the expression as written. */
export function neutralDefault(sql: string | null): NeutralDefault | null {
  if (sql === null) return null;
  const s = sql.trim();
  const literal = /^'((?:[^']|'')*)'(?:::[\w ."[\]()]+)?$/.exec(s);
  if (literal !== null) return { kind: 'literal', value: literal[1]!.replace(/''/g, "'") };
  const number = /^\(?(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\)?(?:::[\w ."()]+)?$/i.exec(s);
  if (number !== null) return { kind: 'number', value: number[1]! };
  if (/^(true|false)$/i.test(s)) return { kind: 'boolean', value: /^true$/i.test(s) };
  if (/^NULL(::[\w ."()]+)?$/i.test(s)) return { kind: 'null' };
  if (/^(now\(\)|CURRENT_TIMESTAMP|transaction_timestamp\(\)|statement_timestamp\(\)|LOCALTIMESTAMP)$/i.test(s)) return { kind: 'current-timestamp' };
  if (/^CURRENT_DATE$/i.test(s)) return { kind: 'current-date' };
  return { kind: 'expression', sql: s };
}

/** `CHECK ((a > 0)) NOT VALID` → `(a > 0)`, with `::type` casts left out. */
function checkClause(definition: string): string {
  const inner = definition.replace(/^CHECK\s*/i, '').replace(/\s+NOT VALID$/i, '');
  return inner.replace(/::(?:"[^"]+"|[\w.]+)(?:\s+(?:varying|precision|without time zone|with time zone))?(?:\(\d+(?:,\d+)?\))?(?:\[\])*/g, '');
}

/** An index: plain columns (with DESC) where the key list is plain, else expressions in PostgreSQL SQL. */
function neutralIndex(schema: string, name: string, d: PgIndexDetail): NeutralObject {
  if (d.method !== 'btree' && d.method !== 'hash') return { kind: 'not-translated', reason: `a ${d.method} index is PostgreSQL's own` };
  const parts: NeutralIndex['parts'][number][] = splitTopLevel(d.keys).map((part) => {
    const m = /^("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)(\s+DESC)?(\s+NULLS (?:FIRST|LAST))?$/i.exec(part.trim());
    if (m === null) return { expression: part.trim() };
    const column = m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!;
    return { column, ...(m[2] === undefined ? {} : { descending: true }) };
  });
  return { kind: 'index', schema, table: d.table, name, unique: d.unique, parts, ...(d.predicate === null ? {} : { predicate: d.predicate }) };
}

function splitTopLevel(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i]!;
    if (quote !== null) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(list.slice(start, i));
      start = i + 1;
    }
  }
  out.push(list.slice(start));
  return out;
}
