import type { CatalogObject } from '../catalog/catalog-object.js';
import type { NeutralType } from '../catalog/neutral-type.js';
import type { DdlOptions } from '../ddl-options.js';
import type { ForeignType } from './foreign-type.js';
import type { NeutralObject, NeutralTable, NotCarried } from './neutral-object.js';

/** The cross-engine part of an adapter: its objects in neutral terms as a source, neutral objects made native as a target. Pure: needs no connection. */
export interface CrossEngine {
  /** As a source: this adapter's objects in neutral terms, one per object in order (views, routines... as `not-translated`). */
  neutralCatalog(objects: readonly CatalogObject[]): NeutralObject[];
  /** As a target: how this engine stores a column of that type, or undefined when it has no mapping. */
  foreignType(type: NeutralType): ForeignType | undefined;
  /** As a target: parse a type written in a TRANSFORM=COLUMN_TYPE override (e.g. `varchar(64)`), or undefined when it is not one of this engine's. */
  parseForeignType(native: string): ForeignType | undefined;
  /** As a target: the statements that create a neutral object here (columns carry their `target` type). */
  generateNeutralDdl(object: NeutralObject, options: DdlOptions): string[];
  /** As a target: what `generateNeutralDdl` leaves out of this table here (MariaDB: a CHECK on an AUTO_INCREMENT column). */
  neutralLosses(table: NeutralTable): NotCarried[];
  /** As a target: why a name does not fit here (too long for this engine's identifiers), or undefined. */
  identifierProblem(name: string): string | undefined;
}

/** A `CrossEngine` with the defaults: no TRANSFORM=COLUMN_TYPE types, nothing lost, every name fits. */
export abstract class CrossEngineBase implements CrossEngine {
  abstract neutralCatalog(objects: readonly CatalogObject[]): NeutralObject[];
  abstract foreignType(type: NeutralType): ForeignType | undefined;
  abstract generateNeutralDdl(object: NeutralObject, options: DdlOptions): string[];
  /** No type written by hand is taken. */
  parseForeignType(_native: string): ForeignType | undefined {
    return undefined;
  }
  /** Nothing left out. */
  neutralLosses(_table: NeutralTable): NotCarried[] {
    return [];
  }
  /** Every name fits. */
  identifierProblem(_name: string): string | undefined {
    return undefined;
  }
}
