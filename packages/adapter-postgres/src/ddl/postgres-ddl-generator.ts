import { AdapterError, type CatalogObject, type DdlOptions } from '@sluice/adapter-kit';
import { asPgObject, isForeignTable, isLargeObjectData } from '../model/postgres-object.js';
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
import { unpartitioned } from './postgres-ddl-unpartitioned.js';
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
  // The object itself goes to the writers (its name, owner, table); its detail may be the unpartitioned one.
  const o = r.transforms.unpartitioned ? unpartitioned(asPgObject(object)) : asPgObject(object);
  switch (o.kind) {
    case 'SCHEMA':
      return schemaDdl(object, r);
    case 'EXTENSION':
      return extensionDdl(object, o.detail, r);
    case 'TYPE':
      return typeDdl(object, o.detail, r);
    case 'DOMAIN':
      return domainDdl(object, o.detail, r);
    case 'SEQUENCE':
      return sequenceDdl(object, o.detail, r);
    case 'SEQUENCE_VALUE':
      return sequenceValueDdl(o.detail, r);
    case 'FUNCTION':
    case 'PROCEDURE':
      return routineDdl(object, o.detail, r);
    case 'AGGREGATE':
      return aggregateDdl(object, o.detail, r);
    case 'TABLE':
      // The pseudo table of large objects' data has no DDL: LARGE_OBJECT objects create them.
      if (isLargeObjectData(o.detail)) return [];
      if (isForeignTable(o.detail)) return foreignTableDdl(object, o.detail, r);
      // A small table's keys (withKeysAtCreate) follow its CREATE TABLE, each as its own object would be.
      return [...tableDdl(object, o.detail, r), ...(o.detail.keysAtCreate ?? []).flatMap((k) => generatePostgresDdl(k, options))];
    case 'VIEW':
      return viewDdl(object, o.detail, r);
    case 'MATERIALIZED_VIEW':
      return materializedViewDdl(object, o.detail, r);
    case 'INDEX':
      return indexDdl(object, o.detail, r);
    case 'CONSTRAINT':
    case 'REF_CONSTRAINT':
      return constraintDdl(object, o.detail, r);
    case 'TRIGGER':
      return triggerDdl(object, o.detail, r);
    case 'RULE':
      return ruleDdl(object, o.detail, r);
    case 'POLICY':
      return policyDdl(object, o.detail, r);
    case 'STATISTICS':
      return statisticsDdl(object, o.detail, r);
    case 'COMMENT':
      return commentDdl(o.detail, r);
    case 'GRANT':
      return 'defaultsFor' in o.detail ? defaultPrivilegesDdl(o.detail, r) : grantDdl(o.detail, r);
    case 'SHELL_TYPE':
      return shellTypeDdl(object, o.detail, r);
    case 'OPERATOR':
      return operatorDdl(object, o.detail, r);
    case 'OPERATOR_FAMILY':
      return operatorFamilyDdl(object, o.detail, r);
    case 'OPERATOR_CLASS':
      return operatorClassDdl(object, o.detail, r);
    case 'COLLATION':
      return collationDdl(object, o.detail, r);
    case 'CONVERSION':
      return conversionDdl(object, o.detail, r);
    case 'TEXT_SEARCH_PARSER':
      return textSearchParserDdl(object, o.detail, r);
    case 'TEXT_SEARCH_TEMPLATE':
      return textSearchTemplateDdl(object, o.detail, r);
    case 'TEXT_SEARCH_DICTIONARY':
      return textSearchDictionaryDdl(object, o.detail, r);
    case 'TEXT_SEARCH_CONFIGURATION':
      return textSearchConfigurationDdl(object, o.detail, r);
    case 'CAST':
      return castDdl(o.detail, r);
    case 'PROCEDURAL_LANGUAGE':
      return languageDdl(object, o.detail, r);
    case 'ACCESS_METHOD':
      return accessMethodDdl(o.detail, r);
    case 'TRANSFORM':
      return transformDdl(o.detail, r);
    case 'FOREIGN_DATA_WRAPPER':
      return foreignDataWrapperDdl(object, o.detail, r);
    case 'SERVER':
      return serverDdl(object, o.detail, r);
    case 'USER_MAPPING':
      return userMappingDdl(o.detail);
    case 'PUBLICATION':
      return publicationDdl(object, o.detail, r);
    case 'PUBLICATION_TABLE':
      return publicationTableDdl(o.detail, r);
    case 'SUBSCRIPTION':
      return subscriptionDdl(object, o.detail, r);
    case 'EVENT_TRIGGER':
      return eventTriggerDdl(object, o.detail, r);
    case 'LARGE_OBJECT':
      return largeObjectDdl(object, r);
    default:
      // USER, ROLE, EVENT, PACKAGE, PACKAGE_BODY: kinds of the other engine.
      throw new AdapterError('UNSUPPORTED', `The PostgreSQL adapter cannot create ${object.kind} objects (${object.name}).`, { object: object.name });
  }
}

/** The `ddl` text of a catalog object: its statements, each ending with a semicolon. */
export function ddlText(statements: readonly string[]): string {
  return statements.map((s) => `${s};`).join('\n');
}
