import type { CatalogObject } from '@sluice/adapter-kit';
import type { PgColumn } from '../model/postgres-details.js';
import type { PgForeignDataWrapperDetail, PgForeignTableDetail, PgOption, PgServerDetail, PgUserMappingDetail } from '../model/postgres-global-details.js';
import { quoteIdent, quoteLiteral } from '../sql/postgres-quote.js';
import type { PostgresRemapper } from '../sql/postgres-remapper.js';
import { ownerStatement } from './postgres-ddl-annotations.js';

/** ` OPTIONS (name 'value', ...)`, or '' for none. */
export function optionsClause(options: readonly PgOption[], prefix = ' '): string {
  if (options.length === 0) return '';
  return `${prefix}OPTIONS (${options.map(([k, v]) => `${quoteIdent(k)} ${quoteLiteral(v)}`).join(', ')})`;
}

/** CREATE FOREIGN DATA WRAPPER with its handler, validator and options. */
export function foreignDataWrapperDdl(o: CatalogObject, d: PgForeignDataWrapperDetail, r: PostgresRemapper): string[] {
  let create = `CREATE FOREIGN DATA WRAPPER ${quoteIdent(o.name)}`;
  if (d.handler !== null) create += ` HANDLER ${r.sql(d.handler)}`;
  if (d.validator !== null) create += ` VALIDATOR ${r.sql(d.validator)}`;
  create += optionsClause(d.options);
  return [create, ...ownerStatement(o, 'FOREIGN DATA WRAPPER', { type: 'FOREIGN DATA WRAPPER', schema: null, name: o.name }, r)];
}

/** CREATE SERVER ... FOREIGN DATA WRAPPER. */
export function serverDdl(o: CatalogObject, d: PgServerDetail, r: PostgresRemapper): string[] {
  let create = `CREATE SERVER ${quoteIdent(o.name)}`;
  if (d.type !== null) create += ` TYPE ${quoteLiteral(d.type)}`;
  if (d.version !== null) create += ` VERSION ${quoteLiteral(d.version)}`;
  create += ` FOREIGN DATA WRAPPER ${quoteIdent(d.wrapper)}${optionsClause(d.options)}`;
  return [create, ...ownerStatement(o, 'SERVER', { type: 'SERVER', schema: null, name: o.name }, r)];
}

/** CREATE USER MAPPING, options (a password among them) included, as pg_dump writes it. */
export function userMappingDdl(d: PgUserMappingDetail): string[] {
  const user = d.user === 'PUBLIC' ? 'PUBLIC' : quoteIdent(d.user);
  return [`CREATE USER MAPPING FOR ${user} SERVER ${quoteIdent(d.server)}${optionsClause(d.options)}`];
}

/** CREATE FOREIGN TABLE (or PARTITION OF), then its column options and what CREATE cannot say. */
export function foreignTableDdl(o: CatalogObject, d: PgForeignTableDetail, r: PostgresRemapper): string[] {
  const schema = o.schema ?? '';
  const name = r.qualifiedTable(schema, o.name);
  const sql = (text: string): string => r.sql(text, schema);
  const declared = d.partitionOf === undefined ? d.columns.filter((c) => c.local || !c.inherited) : [];
  const lines = [...declared.map((c) => columnSql(c, sql)), ...d.checks.map((c) => `CONSTRAINT ${quoteIdent(c.name)} ${sql(c.definition)}`)];
  const body = lines.length === 0 ? '' : `(\n    ${lines.join(',\n    ')}\n)`;
  let create: string;
  if (d.partitionOf !== undefined) {
    const parent = r.qualifiedTable(d.partitionOf.parent.schema, d.partitionOf.parent.name);
    create = `CREATE FOREIGN TABLE ${name} PARTITION OF ${parent}${body === '' ? '' : ` ${body}`}\n${sql(d.partitionOf.bound)}`;
  } else {
    create = `CREATE FOREIGN TABLE ${name} ${body === '' ? '()' : body}`;
    if (d.inherits.length > 0) create += `\nINHERITS (${d.inherits.map((p) => r.qualifiedTable(p.schema, p.name)).join(', ')})`;
  }
  create += `\nSERVER ${quoteIdent(d.foreign.server)}${optionsClause(d.foreign.options, '\n')}`;
  const out = [create];
  const alter = `ALTER FOREIGN TABLE ONLY ${name}`;
  for (const c of d.columns) {
    const col = quoteIdent(c.name);
    if (d.partitionOf !== undefined || (c.inherited && !c.local)) {
      if (!c.nullable && !c.parentNotNull) out.push(`${alter} ALTER COLUMN ${col} SET NOT NULL`);
      if (c.generated === undefined && (c.default ?? null) !== (c.parentDefault ?? null)) {
        out.push(c.default === null ? `${alter} ALTER COLUMN ${col} DROP DEFAULT` : `${alter} ALTER COLUMN ${col} SET DEFAULT ${sql(c.default)}`);
      }
    }
    if (c.statistics !== undefined) out.push(`${alter} ALTER COLUMN ${col} SET STATISTICS ${c.statistics}`);
    if (c.storage !== undefined && !r.transforms.omitStorage) out.push(`${alter} ALTER COLUMN ${col} SET STORAGE ${c.storage}`);
  }
  for (const c of d.foreign.columnOptions) out.push(`${alter} ALTER COLUMN ${quoteIdent(c.column)}${optionsClause(c.options)}`);
  out.push(...ownerStatement(o, 'FOREIGN TABLE', { type: 'FOREIGN TABLE', schema, name: o.name, table: o.name }, r));
  return out;
}

/** One column of CREATE FOREIGN TABLE (no identity: foreign tables have none). */
function columnSql(c: PgColumn, sql: (text: string) => string): string {
  let s = `${quoteIdent(c.name)} ${sql(c.nativeType)}`;
  if (c.collation !== undefined) s += ` COLLATE ${sql(c.collation)}`;
  if (c.generated !== undefined && !c.inherited) s += ` GENERATED ALWAYS AS (${sql(c.generated.expression)}) STORED`;
  if (c.default !== null) s += ` DEFAULT ${sql(c.default)}`;
  if (!c.nullable) s += ' NOT NULL';
  return s;
}
