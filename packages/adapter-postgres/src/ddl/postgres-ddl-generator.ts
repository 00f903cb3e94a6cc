import { AdapterError, type CatalogObject, type DdlOptions } from '@sluice/adapter-kit';
import type * as D from '../model/postgres-definition-details.js';
import type * as M from '../model/postgres-details.js';
import { PostgresRemapper } from '../sql/postgres-remapper.js';
import { commentDdl, grantDdl } from './postgres-ddl-annotations.js';
import { constraintDdl, triggerDdl } from './postgres-ddl-constraints.js';
import { defaultPrivilegesDdl } from './postgres-ddl-default-privileges.js';
import { indexDdl, materializedViewDdl, sequenceDdl, sequenceValueDdl, viewDdl } from './postgres-ddl-relations.js';
import { aggregateDdl, routineDdl } from './postgres-ddl-routines.js';
import { policyDdl, ruleDdl, statisticsDdl } from './postgres-ddl-rules-policies-statistics.js';
import { tableDdl } from './postgres-ddl-tables.js';
import { foreignDataWrapperDdl, foreignTableDdl, serverDdl, userMappingDdl } from './postgres-ddl-foreign.js';
import { eventTriggerDdl, publicationDdl, publicationTableDdl, subscriptionDdl } from './postgres-ddl-replication.js';
import { largeObjectDdl } from './postgres-ddl-large-objects.js';
import type * as G from '../model/postgres-global-details.js';
import { unpartitionedDetail } from './postgres-ddl-unpartitioned.js';
import { shellTypeDdl } from './postgres-ddl-base-types.js';
import { collationDdl, conversionDdl } from './postgres-ddl-collations.js';
import { accessMethodDdl, castDdl, languageDdl, transformDdl } from './postgres-ddl-database-objects.js';
import { operatorClassDdl, operatorDdl, operatorFamilyDdl } from './postgres-ddl-operators.js';
import { textSearchConfigurationDdl, textSearchDictionaryDdl, textSearchParserDdl, textSearchTemplateDdl } from './postgres-ddl-text-search.js';
import { domainDdl, extensionDdl, schemaDdl, typeDdl } from './postgres-ddl-types.js';

/**
 * The statements creating one object, from its model, with remaps and transforms applied to the
 * model. Statements carry no trailing semicolon.
 */
export function generatePostgresDdl(object: CatalogObject, options: DdlOptions = {}): string[] {
  const r = new PostgresRemapper(options);
  const d = r.transforms.unpartitioned ? unpartitionedDetail(object) : (object.detail as unknown);
  switch (object.kind) {
    case 'SCHEMA':
      return schemaDdl(object, r);
    case 'EXTENSION':
      return extensionDdl(object, d as M.PgExtensionDetail, r);
    case 'TYPE':
      return typeDdl(object, d as M.PgTypeDetail, r);
    case 'DOMAIN':
      return domainDdl(object, d as M.PgDomainDetail, r);
    case 'SEQUENCE':
      return sequenceDdl(object, d as M.PgSequenceDetail, r);
    case 'SEQUENCE_VALUE':
      return sequenceValueDdl(d as M.PgSequenceValueDetail, r);
    case 'FUNCTION':
    case 'PROCEDURE':
      return routineDdl(object, d as M.PgRoutineDetail, r);
    case 'AGGREGATE':
      return aggregateDdl(object, d as M.PgAggregateDetail, r);
    case 'TABLE':
      // The pseudo table of large objects' data has no DDL: LARGE_OBJECT objects create them.
      if ('largeObjects' in (d as object)) return [];
      return (d as M.PgTableDetail).tableKind === 'foreign' ? foreignTableDdl(object, d as G.PgForeignTableDetail, r) : tableDdl(object, d as M.PgTableDetail, r);
    case 'VIEW':
      return viewDdl(object, d as M.PgViewDetail, r);
    case 'MATERIALIZED_VIEW':
      return materializedViewDdl(object, d as M.PgMaterializedViewDetail, r);
    case 'INDEX':
      return indexDdl(object, d as M.PgIndexDetail, r);
    case 'CONSTRAINT':
    case 'REF_CONSTRAINT':
      return constraintDdl(object, d as M.PgConstraintDetail, r);
    case 'TRIGGER':
      return triggerDdl(object, d as M.PgTriggerDetail, r);
    case 'RULE':
      return ruleDdl(object, d as M.PgRuleDetail, r);
    case 'POLICY':
      return policyDdl(object, d as M.PgPolicyDetail, r);
    case 'STATISTICS':
      return statisticsDdl(object, d as M.PgStatisticsDetail, r);
    case 'COMMENT':
      return commentDdl(d as M.PgCommentDetail, r);
    case 'GRANT':
      return 'defaultsFor' in (d as object) ? defaultPrivilegesDdl(d as M.PgDefaultPrivilegesDetail, r) : grantDdl(d as M.PgGrantDetail, r);
    case 'SHELL_TYPE':
      return shellTypeDdl(object, d as D.PgShellTypeDetail, r);
    case 'OPERATOR':
      return operatorDdl(object, d as D.PgOperatorDetail, r);
    case 'OPERATOR_FAMILY':
      return operatorFamilyDdl(object, d as D.PgOperatorFamilyDetail, r);
    case 'OPERATOR_CLASS':
      return operatorClassDdl(object, d as D.PgOperatorClassDetail, r);
    case 'COLLATION':
      return collationDdl(object, d as D.PgCollationDetail, r);
    case 'CONVERSION':
      return conversionDdl(object, d as D.PgConversionDetail, r);
    case 'TEXT_SEARCH_PARSER':
      return textSearchParserDdl(object, d as D.PgTextSearchParserDetail, r);
    case 'TEXT_SEARCH_TEMPLATE':
      return textSearchTemplateDdl(object, d as D.PgTextSearchTemplateDetail, r);
    case 'TEXT_SEARCH_DICTIONARY':
      return textSearchDictionaryDdl(object, d as D.PgTextSearchDictionaryDetail, r);
    case 'TEXT_SEARCH_CONFIGURATION':
      return textSearchConfigurationDdl(object, d as D.PgTextSearchConfigurationDetail, r);
    case 'CAST':
      return castDdl(d as D.PgCastDetail, r);
    case 'PROCEDURAL_LANGUAGE':
      return languageDdl(object, d as D.PgLanguageDetail, r);
    case 'ACCESS_METHOD':
      return accessMethodDdl(d as D.PgAccessMethodDetail, r);
    case 'TRANSFORM':
      return transformDdl(d as D.PgTransformDetail, r);
    case 'FOREIGN_DATA_WRAPPER':
      return foreignDataWrapperDdl(object, d as G.PgForeignDataWrapperDetail, r);
    case 'SERVER':
      return serverDdl(object, d as G.PgServerDetail, r);
    case 'USER_MAPPING':
      return userMappingDdl(d as G.PgUserMappingDetail);
    case 'PUBLICATION':
      return publicationDdl(object, d as G.PgPublicationDetail, r);
    case 'PUBLICATION_TABLE':
      return publicationTableDdl(d as G.PgPublicationTableDetail, r);
    case 'SUBSCRIPTION':
      return subscriptionDdl(object, d as G.PgSubscriptionDetail, r);
    case 'EVENT_TRIGGER':
      return eventTriggerDdl(object, d as G.PgEventTriggerDetail, r);
    case 'LARGE_OBJECT':
      return largeObjectDdl(object, r);
    case 'USER':
    case 'ROLE':
    case 'EVENT':
    case 'PACKAGE':
    case 'PACKAGE_BODY':
      throw new AdapterError('UNSUPPORTED', `The PostgreSQL adapter cannot create ${object.kind} objects (${object.name}).`, { object: object.name });
  }
}

/** The `ddl` text of a catalog object: its statements, each ending with a semicolon. */
export function ddlText(statements: readonly string[]): string {
  return statements.map((s) => `${s};`).join('\n');
}
