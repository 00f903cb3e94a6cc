import type { CatalogObject } from '@sluice/adapter-kit';
import type { PgDomainDetail, PgExtensionDetail, PgTypeDetail } from '../model/postgres-details.js';
import { quoteIdent, quoteLiteral } from '../sql/postgres-quote.js';
import type { PostgresRemapper } from '../sql/postgres-remapper.js';
import { ownerStatement } from './postgres-ddl-annotations.js';
import { baseTypeCreate } from './postgres-ddl-base-types.js';

/**
 * CREATE SCHEMA. `public`, which every new database has, is created only where it is missing (the
 * import runs this even when it exists, for its owner: CREATE SCHEMA IF NOT EXISTS alone would
 * need the CREATE privilege on the database all the same), and its owner is set only when not the
 * one initdb gave it, as pg_dump 15 writes it.
 */
export function schemaDdl(o: CatalogObject, r: PostgresRemapper): string[] {
  const name = r.schema(o.name);
  if (name !== 'public') return [`CREATE SCHEMA ${quoteIdent(name)}`, ...ownerStatement(o, 'SCHEMA', { type: 'SCHEMA', schema: null, name: o.name }, r)];
  return [
    "DO $$BEGIN IF to_regnamespace('public') IS NULL THEN CREATE SCHEMA IF NOT EXISTS public; END IF; END$$",
    ...(o.owner === 'pg_database_owner' ? [] : ownerStatement(o, 'SCHEMA', { type: 'SCHEMA', schema: null, name: o.name }, r)),
  ];
}

/** CREATE EXTENSION in its (remapped) schema; its member objects come with it. */
export function extensionDdl(o: CatalogObject, _d: PgExtensionDetail, r: PostgresRemapper): string[] {
  return [`CREATE EXTENSION IF NOT EXISTS ${quoteIdent(o.name)} WITH SCHEMA ${quoteIdent(r.schema(o.schema ?? 'public'))}`];
}

/** CREATE TYPE for an enum, composite or range type. */
export function typeDdl(o: CatalogObject, d: PgTypeDetail, r: PostgresRemapper): string[] {
  const schema = o.schema ?? '';
  const name = r.qualified(schema, o.name);
  let create: string;
  switch (d.typeKind) {
    case 'enum':
      create = `CREATE TYPE ${name} AS ENUM (${(d.labels ?? []).map(quoteLiteral).join(', ')})`;
      break;
    case 'composite': {
      const attrs = (d.attributes ?? []).map((a) => `${quoteIdent(a.name)} ${r.sql(a.type, schema)}${a.collation ? ` COLLATE ${r.sql(a.collation, schema)}` : ''}`);
      create = `CREATE TYPE ${name} AS (${attrs.length === 0 ? '' : `\n    ${attrs.join(',\n    ')}\n`})`;
      break;
    }
    case 'range': {
      const g = d.range!;
      const opts = [`subtype = ${r.sql(g.subtype, schema)}`];
      if (g.subtypeOpclass) opts.push(`subtype_opclass = ${r.sql(g.subtypeOpclass, schema)}`);
      if (g.collation) opts.push(`collation = ${r.sql(g.collation, schema)}`);
      if (g.canonical) opts.push(`canonical = ${r.sql(g.canonical, schema)}`);
      if (g.subtypeDiff) opts.push(`subtype_diff = ${r.sql(g.subtypeDiff, schema)}`);
      if (g.multirangeTypeName) opts.push(`multirange_type_name = ${r.sql(g.multirangeTypeName, schema)}`);
      create = `CREATE TYPE ${name} AS RANGE (\n    ${opts.join(',\n    ')}\n)`;
      break;
    }
    case 'base':
      create = baseTypeCreate(name, d.base!, r, schema);
      break;
  }
  return [create, ...ownerStatement(o, 'TYPE', { type: 'TYPE', schema, name: o.name }, r)];
}

/** CREATE DOMAIN with its CHECK constraints (NOT VALID ones added afterwards, as they must be). */
export function domainDdl(o: CatalogObject, d: PgDomainDetail, r: PostgresRemapper): string[] {
  const schema = o.schema ?? '';
  const name = r.qualified(schema, o.name);
  let create = `CREATE DOMAIN ${name} AS ${r.sql(d.baseType, schema)}`;
  if (d.collation !== undefined) create += ` COLLATE ${r.sql(d.collation, schema)}`;
  if (d.default !== null) create += ` DEFAULT ${r.sql(d.default, schema)}`;
  if (d.notNull) create += ' NOT NULL';
  const later: string[] = [];
  for (const c of d.constraints) {
    const clause = `CONSTRAINT ${quoteIdent(c.name)} ${r.sql(c.definition, schema)}`;
    if (/\bNOT VALID$/.test(c.definition)) later.push(`ALTER DOMAIN ${name} ADD ${clause}`);
    else create += `\n    ${clause}`;
  }
  return [create, ...later, ...ownerStatement(o, 'DOMAIN', { type: 'DOMAIN', schema, name: o.name }, r)];
}
