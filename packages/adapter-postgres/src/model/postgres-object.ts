import type { CatalogObject } from '@sluice/adapter-kit';
import type * as D from './postgres-definition-details.js';
import type * as G from './postgres-global-details.js';
import type * as M from './postgres-details.js';

/** Each kind the PostgreSQL introspector reports, with the detail it writes for it (two or three shapes where a kind has them). */
export interface PgDetailOf {
  /** Nothing beyond the object's name and owner. */
  readonly SCHEMA: object;
  readonly EXTENSION: M.PgExtensionDetail;
  readonly TYPE: M.PgTypeDetail;
  readonly DOMAIN: M.PgDomainDetail;
  readonly SEQUENCE: M.PgSequenceDetail;
  readonly SEQUENCE_VALUE: M.PgSequenceValueDetail;
  readonly FUNCTION: M.PgRoutineDetail;
  readonly PROCEDURE: M.PgRoutineDetail;
  readonly AGGREGATE: M.PgAggregateDetail;
  /** A table, a foreign table (see isForeignTable) or the pseudo table of large objects' data (see isLargeObjectData). */
  readonly TABLE: M.PgTableDetail | G.PgForeignTableDetail | G.PgLargeObjectDataDetail;
  readonly VIEW: M.PgViewDetail;
  readonly MATERIALIZED_VIEW: M.PgMaterializedViewDetail;
  readonly INDEX: M.PgIndexDetail;
  readonly CONSTRAINT: M.PgConstraintDetail;
  readonly REF_CONSTRAINT: M.PgConstraintDetail;
  readonly TRIGGER: M.PgTriggerDetail;
  readonly RULE: M.PgRuleDetail;
  readonly POLICY: M.PgPolicyDetail;
  readonly STATISTICS: M.PgStatisticsDetail;
  readonly COMMENT: M.PgCommentDetail;
  /** Privileges on one object, or a role's default privileges (it has `defaultsFor`). */
  readonly GRANT: M.PgGrantDetail | M.PgDefaultPrivilegesDetail;
  readonly SHELL_TYPE: D.PgShellTypeDetail;
  readonly OPERATOR: D.PgOperatorDetail;
  readonly OPERATOR_FAMILY: D.PgOperatorFamilyDetail;
  readonly OPERATOR_CLASS: D.PgOperatorClassDetail;
  readonly CAST: D.PgCastDetail;
  readonly COLLATION: D.PgCollationDetail;
  readonly CONVERSION: D.PgConversionDetail;
  readonly TEXT_SEARCH_PARSER: D.PgTextSearchParserDetail;
  readonly TEXT_SEARCH_TEMPLATE: D.PgTextSearchTemplateDetail;
  readonly TEXT_SEARCH_DICTIONARY: D.PgTextSearchDictionaryDetail;
  readonly TEXT_SEARCH_CONFIGURATION: D.PgTextSearchConfigurationDetail;
  readonly PROCEDURAL_LANGUAGE: D.PgLanguageDetail;
  readonly ACCESS_METHOD: D.PgAccessMethodDetail;
  readonly TRANSFORM: D.PgTransformDetail;
  readonly FOREIGN_DATA_WRAPPER: G.PgForeignDataWrapperDetail;
  readonly SERVER: G.PgServerDetail;
  readonly USER_MAPPING: G.PgUserMappingDetail;
  readonly PUBLICATION: G.PgPublicationDetail;
  readonly PUBLICATION_TABLE: G.PgPublicationTableDetail;
  readonly SUBSCRIPTION: G.PgSubscriptionDetail;
  readonly EVENT_TRIGGER: G.PgEventTriggerDetail;
  /** Nothing beyond its oid (the name) and owner. */
  readonly LARGE_OBJECT: object;
}

/** A kind of object the PostgreSQL adapter reports. */
export type PgObjectKind = keyof PgDetailOf;

/** A PostgreSQL catalog object of one kind, its detail typed by the kind. */
export type PgObjectOf<K extends PgObjectKind> = CatalogObject<PgDetailOf[K]> & { readonly kind: K };

/** A PostgreSQL catalog object: a union keyed by `kind`, so a switch on the kind types the detail. */
export type PgObject = { [K in PgObjectKind]: PgObjectOf<K> }[PgObjectKind];

/**
 * An object the engine hands back (from the catalog or a dump file set, remaps applied) read as the
 * PostgreSQL model again: the one place where a detail is trusted to be what this adapter's
 * introspector wrote for its kind. A kind the adapter never reports is left to the caller's `default` branch.
 */
export function asPgObject(object: CatalogObject): PgObject {
  return object as PgObject;
}

/** Whether a table's detail is a foreign table's (`tableKind: 'foreign'`). */
export function isForeignTable(d: PgDetailOf['TABLE']): d is G.PgForeignTableDetail {
  return d.tableKind === 'foreign';
}

/** Whether a table's detail is the pseudo table carrying large objects' data. */
export function isLargeObjectData(d: PgDetailOf['TABLE']): d is G.PgLargeObjectDataDetail {
  return 'largeObjects' in d;
}
