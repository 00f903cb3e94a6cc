import { CrossEngineBase, type CatalogObject, type DdlOptions, type ForeignType, type NeutralObject, type NeutralTable, type NeutralType, type NotCarried } from '@sluice/adapter-kit';
import { mysqlForeignType, parseMysqlForeignType } from './mysql-foreign-types.js';
import { mysqlNeutralCatalog } from './mysql-neutral-catalog.js';
import { generateMysqlNeutralDdl, mysqlIdentifierProblem, mysqlNeutralLosses } from './mysql-neutral-ddl.js';

/** The MySQL / MariaDB cross-engine part: its objects in neutral terms, and neutral objects as MySQL DDL. */
export class MysqlCrossEngine extends CrossEngineBase {
  neutralCatalog(objects: readonly CatalogObject[]): NeutralObject[] {
    return mysqlNeutralCatalog(objects);
  }

  foreignType(type: NeutralType): ForeignType | undefined {
    return mysqlForeignType(type);
  }

  override parseForeignType(native: string): ForeignType | undefined {
    return parseMysqlForeignType(native);
  }

  generateNeutralDdl(object: NeutralObject, options: DdlOptions): string[] {
    return generateMysqlNeutralDdl(object, options);
  }

  override neutralLosses(table: NeutralTable): NotCarried[] {
    return mysqlNeutralLosses(table);
  }

  override identifierProblem(name: string): string | undefined {
    return mysqlIdentifierProblem(name);
  }
}
