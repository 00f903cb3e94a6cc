import { CrossEngineBase, type CatalogObject, type DdlOptions, type ForeignType, type NeutralObject, type NeutralType } from '@sluice/adapter-kit';
import { parsePostgresForeignType, postgresForeignType } from './postgres-foreign-types.js';
import { postgresNeutralCatalog } from './postgres-neutral-catalog.js';
import { generatePostgresNeutralDdl, postgresIdentifierProblem } from './postgres-neutral-ddl.js';

/** The PostgreSQL cross-engine part: its objects in neutral terms, and neutral objects as PostgreSQL DDL. */
export class PostgresCrossEngine extends CrossEngineBase {
  neutralCatalog(objects: readonly CatalogObject[]): NeutralObject[] {
    return postgresNeutralCatalog(objects);
  }

  foreignType(type: NeutralType): ForeignType | undefined {
    return postgresForeignType(type);
  }

  override parseForeignType(native: string): ForeignType | undefined {
    return parsePostgresForeignType(native);
  }

  generateNeutralDdl(object: NeutralObject, options: DdlOptions): string[] {
    return generatePostgresNeutralDdl(object, options);
  }

  override identifierProblem(name: string): string | undefined {
    return postgresIdentifierProblem(name);
  }
}
