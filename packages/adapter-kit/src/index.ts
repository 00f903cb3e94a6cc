export type { Adapter, AdapterFactory, ConnectionOptions } from './adapter.js';
export { ConnectorBase, type Connector } from './connector.js';
export { IntrospectorBase, type Introspector } from './introspector.js';
export { DdlGeneratorBase, type DdlGenerator } from './ddl-generator.js';
export { DataMoverBase, type DataMover, type EstimateMethod, type UnloadStream } from './data/data-mover.js';
export { CrossEngineBase, type CrossEngine } from './cross-engine/cross-engine.js';
export { decodeUrlPart, hasAtAfterHost, PERCENT_ENCODING_ADVICE, redactUrl, urlPasswordSpan } from './connection-url.js';
export type { AdapterConnection } from './adapter-connection.js';
export { sessionName } from './session-name.js';
export { AdapterError, isTransactionRollback, isTransientFailure, type AdapterErrorCode } from './errors.js';
export type { ServerInfo } from './server-info.js';
export type { Snapshot, SnapshotOptions, SnapshotPosition } from './snapshot.js';
export type { DdlOptions, DdlTransforms } from './ddl-options.js';
export { OBJECT_KINDS, type ObjectKind, type ObjectPhase } from './catalog/object-kind.js';
export { OBJECT_PATHS } from './catalog/object-paths.js';
export { refKey, tableLabel, type ObjectRef, type TableRef } from './catalog/object-ref.js';
export type { NeutralType, NeutralTypeKind, UserTypeShape } from './catalog/neutral-type.js';
export type { Catalog, CatalogObject, IntrospectScope, NotExportedObject } from './catalog/catalog-object.js';
export { isTableObject, type ColumnDef, type TableDetail, type TableObject } from './catalog/table-detail.js';
export type { CarriedObjectKind, EngineObjectKinds, NotCarriedObjectKind } from './catalog/carried-kinds.js';
export type { ChunkDescriptor, ChunkPlanOptions, ChunkRange, SizeEstimate, UnloadOptions } from './data/chunk.js';
export type { DataEncoding, LoadOptions, LoadResult, Row, RowValue } from './data/data-encoding.js';
export type { TableTrigger } from './data/table-trigger.js';
export { MASTER_COLUMNS, type ItemState, type MasterColumnClass, type MasterRow } from './master-table/master-rows.js';
export { MasterTableDialectBase, type MasterTableDialect } from './master-table/master-table-dialect.js';
export type { ForeignType, ForeignTypeLimits } from './cross-engine/foreign-type.js';
export { valueConverter, type ValueConverter } from './cross-engine/value-conversion.js';
export { parseArrayLiteral, type ArrayElement } from './cross-engine/array-literal.js';
export type {
  NeutralCheck,
  NeutralColumn,
  NeutralCounter,
  NeutralDefault,
  NeutralForeignKey,
  NeutralIdentity,
  NeutralIndex,
  NeutralKey,
  NeutralObject,
  NeutralTable,
  NotCarried,
} from './cross-engine/neutral-object.js';
