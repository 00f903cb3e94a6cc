import type { CatalogObject } from '@sluice/adapter-kit';
import type { PgColumn, PgTableDetail } from '../model/postgres-details.js';
import { qualify, quoteIdent, quoteLiteral } from '../sql/postgres-quote.js';
import type { PostgresRemapper } from '../sql/postgres-remapper.js';
import { ownerStatement, tablespaceClause, withOptions } from './postgres-ddl-annotations.js';
import { standalonePartition } from './postgres-ddl-unpartitioned.js';

/** CREATE TABLE (or PARTITION OF) with columns and CHECKs, then what CREATE TABLE cannot say. */
export function tableDdl(o: CatalogObject, d: PgTableDetail, r: PostgresRemapper): string[] {
  const schema = o.schema ?? '';
  const name = r.qualifiedTable(schema, o.name);
  const sql = (text: string): string => r.sql(text, schema);
  if (d.partitionOf !== undefined && d.ownColumnOrder === true) {
    // Its own column order: created as a table of its own, then attached (PARTITION OF takes the parent's order).
    const [create, ...rest] = tableDdl(o, standalonePartition(d), r);
    const parent = r.qualifiedTable(d.partitionOf.parent.schema, d.partitionOf.parent.name);
    return [create as string, `ALTER TABLE ONLY ${parent} ATTACH PARTITION ${name} ${sql(d.partitionOf.bound)}`, ...rest];
  }
  const declared = d.partitionOf === undefined ? d.columns.filter((c) => c.local || !c.inherited) : [];
  // A typed table's columns come from its type: only those with a default or NOT NULL are written, `WITH OPTIONS`.
  const ofType = d.partitionOf === undefined ? d.ofType : undefined;
  const columnLines = ofType === undefined ? declared.map((c) => columnSql(c, r, schema)) : declared.flatMap((c) => typedColumnSql(c, r, schema));
  const lines = [...columnLines, ...d.checks.map((c) => `CONSTRAINT ${quoteIdent(c.name)} ${sql(c.definition)}`)];
  const body = lines.length === 0 ? '' : `(\n    ${lines.join(',\n    ')}\n)`;
  let create: string;
  if (d.partitionOf !== undefined) {
    const parent = r.qualifiedTable(d.partitionOf.parent.schema, d.partitionOf.parent.name);
    create = `CREATE TABLE ${name} PARTITION OF ${parent}${body === '' ? '' : ` ${body}`}\n${sql(d.partitionOf.bound)}`;
  } else {
    const unlogged = d.tableKind === 'unlogged' ? 'UNLOGGED ' : '';
    create = ofType === undefined ? `CREATE ${unlogged}TABLE ${name} ${body === '' ? '()' : body}` : `CREATE ${unlogged}TABLE ${name} OF ${sql(ofType)}${body === '' ? '' : ` ${body}`}`;
    if (d.inherits.length > 0) create += `\nINHERITS (${d.inherits.map((p) => r.qualifiedTable(p.schema, p.name)).join(', ')})`;
  }
  if (d.partitionKey !== undefined) create += `\nPARTITION BY ${sql(d.partitionKey)}`;
  if (d.accessMethod !== undefined) create += `\nUSING ${quoteIdent(d.accessMethod)}`;
  create += withOptions(d.options, r) + tablespaceClause(d.tablespace, r);

  const out = [create];
  const alter = `ALTER TABLE ONLY ${name}`;
  for (const c of d.columns) {
    const col = quoteIdent(c.name);
    const inheritedOnly = d.partitionOf !== undefined || (c.inherited && !c.local);
    if (inheritedOnly) {
      if (!c.nullable && !c.parentNotNull) out.push(`${alter} ALTER COLUMN ${col} SET NOT NULL`);
      // A generated column has no default of its own: its expression is the parent's.
      if (c.generated === undefined && (c.default ?? null) !== (c.parentDefault ?? null)) {
        out.push(c.default === null ? `${alter} ALTER COLUMN ${col} DROP DEFAULT` : `${alter} ALTER COLUMN ${col} SET DEFAULT ${sql(c.default)}`);
      }
    }
    if (c.statistics !== undefined) out.push(`${alter} ALTER COLUMN ${col} SET STATISTICS ${c.statistics}`);
    if (c.storage !== undefined && !r.transforms.omitStorage) out.push(`${alter} ALTER COLUMN ${col} SET STORAGE ${c.storage}`);
    if (c.compression !== undefined && !r.transforms.omitStorage) out.push(`${alter} ALTER COLUMN ${col} SET COMPRESSION ${c.compression}`);
    const attributeOptions = Object.entries(c.attributeOptions ?? {});
    if (attributeOptions.length > 0) out.push(`${alter} ALTER COLUMN ${col} SET (${attributeOptions.map(([k, v]) => `${k}=${quoteLiteral(v)}`).join(', ')})`);
  }
  for (const s of d.ownedSequences) {
    out.push(`ALTER SEQUENCE ${r.qualified(s.sequence.schema, s.sequence.name)} OWNED BY ${name}.${quoteIdent(s.column)}`);
  }
  if (d.replicaIdentity === 'f') out.push(`${alter} REPLICA IDENTITY FULL`);
  if (d.replicaIdentity === 'n') out.push(`${alter} REPLICA IDENTITY NOTHING`);
  if (d.rowSecurity) out.push(`ALTER TABLE ${name} ENABLE ROW LEVEL SECURITY`);
  if (d.forceRowSecurity) out.push(`ALTER TABLE ${name} FORCE ROW LEVEL SECURITY`);
  out.push(...ownerStatement(o, 'TABLE', { type: 'TABLE', schema, name: o.name, table: o.name }, r));
  return out;
}

/** A typed table's column inside CREATE TABLE ... OF type, when it has options of its own. */
function typedColumnSql(c: PgColumn, r: PostgresRemapper, schema: string): string[] {
  if (c.default === null && c.nullable) return [];
  return [`${quoteIdent(c.name)} WITH OPTIONS${c.default === null ? '' : ` DEFAULT ${r.sql(c.default, schema)}`}${c.nullable ? '' : ' NOT NULL'}`];
}

/** One column definition inside CREATE TABLE. */
function columnSql(c: PgColumn, r: PostgresRemapper, schema: string): string {
  let s = `${quoteIdent(c.name)} ${r.sql(c.nativeType, schema)}`;
  if (c.collation !== undefined) s += ` COLLATE ${r.sql(c.collation, schema)}`;
  // An inherited generated column takes its expression from the parent: a child may not repeat it.
  if (c.generated !== undefined && !c.inherited) s += ` GENERATED ALWAYS AS (${r.sql(c.generated.expression, schema)}) STORED`;
  if (c.identity !== undefined && c.identitySequence !== undefined) {
    const i = c.identity;
    const seq = qualify(r.schema(c.identitySequence.schema), c.identitySequence.name);
    s +=
      ` GENERATED ${i.generation} AS IDENTITY (SEQUENCE NAME ${seq} START WITH ${i.start} INCREMENT BY ${i.increment}` +
      ` MINVALUE ${i.minValue} MAXVALUE ${i.maxValue} CACHE ${i.cache}${i.cycle ? ' CYCLE' : ''})`;
  }
  if (c.default !== null) s += ` DEFAULT ${r.sql(c.default, schema)}`;
  if (!c.nullable) s += ' NOT NULL';
  return s;
}
