import type { DdlTransforms } from '@sluice/adapter-kit';
import type { MysqlServerFeatures } from '../mysql-server-features.js';
import type { MysqlForeignKeyDetail, MysqlIndexDetail, MysqlKeyPart } from '../model/mysql-details.js';
import { qualify, quoteIdent, quoteString } from '../sql/mysql-quote.js';

function keyPart(p: MysqlKeyPart, features: MysqlServerFeatures | undefined): string {
  let sql = p.column === null ? `(${p.expression ?? ''})` : quoteIdent(p.column);
  if (p.length !== undefined) sql += `(${p.length})`;
  if (p.descending === true && (features?.supportsDescendingIndexes ?? true)) sql += ' DESC';
  return sql;
}

/** A key as written inside CREATE TABLE or after ALTER TABLE ... ADD. */
export function keyDefinition(k: MysqlIndexDetail, transforms: DdlTransforms, features: MysqlServerFeatures | undefined): string {
  const list = k.parts.map((p) => keyPart(p, features));
  if (k.withoutOverlaps !== undefined) list.push(`${quoteIdent(k.withoutOverlaps)} WITHOUT OVERLAPS`);
  const parts = `(${list.join(',')})`;
  let sql: string;
  switch (k.kind) {
    case 'PRIMARY':
      sql = `PRIMARY KEY ${parts}`;
      break;
    case 'UNIQUE':
      sql = `UNIQUE KEY ${quoteIdent(k.name)} ${parts}`;
      break;
    case 'FULLTEXT':
      sql = `FULLTEXT KEY ${quoteIdent(k.name)} ${parts}`;
      break;
    case 'SPATIAL':
      sql = `SPATIAL KEY ${quoteIdent(k.name)} ${parts}`;
      break;
    case 'INDEX':
      sql = `KEY ${quoteIdent(k.name)} ${parts}`;
      break;
  }
  if (k.using !== undefined) sql += ` USING ${k.using}`;
  if (k.comment !== undefined && transforms.omitComments !== true) sql += ` COMMENT ${quoteString(k.comment)}`;
  const hidden = features?.hiddenIndexKeyword ?? null;
  if (k.hidden === true && hidden !== null) sql += ` ${hidden}`;
  return sql;
}

/** ALTER TABLE ... ADD <key>. */
export function addKeyStatement(qualifiedTable: string, k: MysqlIndexDetail, transforms: DdlTransforms, features: MysqlServerFeatures | undefined): string {
  return `ALTER TABLE ${qualifiedTable} ADD ${keyDefinition(k, transforms, features)}`;
}

/**
 * ALTER TABLE ... ADD <key>, as statements: MariaDB refuses to add a unique key to a system-versioned
 * table unless system_versioning_alter_history = KEEP (the key only gains rows' ROW END; no history changes).
 */
export function addKeyStatements(
  qualifiedTable: string,
  k: MysqlIndexDetail & { readonly alsoKeys?: readonly MysqlIndexDetail[] },
  transforms: DdlTransforms,
  features: MysqlServerFeatures | undefined,
): string[] {
  const also = k.alsoKeys ?? [];
  // More keys of the table in the same ALTER TABLE: one pass over its rows builds them all.
  const add = [addKeyStatement(qualifiedTable, k, transforms, features), ...also.map((a) => `ADD ${keyDefinition(a, transforms, features)}`)].join(',\n  ');
  if (k.versionedTable !== true && !also.some((a) => a.versionedTable === true)) return [add];
  return ['SET SESSION system_versioning_alter_history = KEEP', add, 'SET SESSION system_versioning_alter_history = DEFAULT'];
}

/** ALTER TABLE ... ADD CONSTRAINT ... CHECK. */
export function addCheckStatement(qualifiedTable: string, name: string, clause: string): string {
  return `ALTER TABLE ${qualifiedTable} ADD CONSTRAINT ${quoteIdent(name)} CHECK (${clause})`;
}

/** ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY, naming the referenced table in its (remapped) schema. */
export function addForeignKeyStatement(qualifiedTable: string, fk: MysqlForeignKeyDetail, refSchema: string, refTable: string): string {
  let sql =
    `ALTER TABLE ${qualifiedTable} ADD CONSTRAINT ${quoteIdent(fk.name)} FOREIGN KEY (${fk.columns.map(quoteIdent).join(', ')})` +
    ` REFERENCES ${qualify(refSchema, refTable)} (${fk.refColumns.map(quoteIdent).join(', ')})`;
  if (fk.onDelete !== 'RESTRICT') sql += ` ON DELETE ${fk.onDelete}`;
  if (fk.onUpdate !== 'RESTRICT') sql += ` ON UPDATE ${fk.onUpdate}`;
  return sql;
}
