import type { CatalogObject } from '@sluice/adapter-kit';
import type {
  MysqlAutoIncrementDetail,
  MysqlCheckDetail,
  MysqlEventDetail,
  MysqlForeignKeyDetail,
  MysqlGrantDetail,
  MysqlPackageDetail,
  MysqlRoutineDetail,
  MysqlSchemaDetail,
  MysqlSequenceDetail,
  MysqlSequenceValueDetail,
  MysqlServerDetail,
  MysqlTableDetail,
  MysqlTableIndexDetail,
  MysqlTriggerDetail,
  MysqlUserDetail,
  MysqlViewDetail,
} from './mysql-details.js';

/** Each kind the MySQL introspector reports, with the detail it writes for it (two shapes where a kind has two). */
export interface MysqlDetailOf {
  readonly SCHEMA: MysqlSchemaDetail;
  readonly USER: MysqlUserDetail;
  readonly SERVER: MysqlServerDetail;
  readonly SEQUENCE: MysqlSequenceDetail;
  readonly FUNCTION: MysqlRoutineDetail;
  readonly PROCEDURE: MysqlRoutineDetail;
  readonly PACKAGE: MysqlPackageDetail;
  readonly PACKAGE_BODY: MysqlPackageDetail;
  readonly TABLE: MysqlTableDetail;
  readonly VIEW: MysqlViewDetail;
  /** A secondary index. */
  readonly INDEX: MysqlTableIndexDetail;
  /** A unique key, or a CHECK (it has a `clause`). */
  readonly CONSTRAINT: MysqlTableIndexDetail | MysqlCheckDetail;
  readonly REF_CONSTRAINT: MysqlForeignKeyDetail;
  readonly TRIGGER: MysqlTriggerDetail;
  readonly EVENT: MysqlEventDetail;
  /** A sequence's position (it has a `sequence`), or a table's AUTO_INCREMENT counter. */
  readonly SEQUENCE_VALUE: MysqlSequenceValueDetail | MysqlAutoIncrementDetail;
  readonly GRANT: MysqlGrantDetail;
}

/** A kind of object the MySQL adapter reports. */
export type MysqlObjectKind = keyof MysqlDetailOf;

/** A MySQL catalog object of one kind, its detail typed by the kind. */
export type MysqlObjectOf<K extends MysqlObjectKind> = CatalogObject<MysqlDetailOf[K]> & { readonly kind: K };

/** A MySQL catalog object: a union keyed by `kind`, so a switch on the kind types the detail. */
export type MysqlObject = { [K in MysqlObjectKind]: MysqlObjectOf<K> }[MysqlObjectKind];

/**
 * An object the engine hands back (from the catalog or a dump file set, remaps applied) read as the
 * MySQL model again: the one place where a detail is trusted to be what this adapter's introspector
 * wrote for its kind. A kind the adapter never reports is left to the caller's `default` branch.
 */
export function asMysqlObject(object: CatalogObject): MysqlObject {
  return object as MysqlObject;
}
