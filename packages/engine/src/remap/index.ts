export { ddlOptionsFor, remapTableRef, validateDataRemap, validateMetadataRemap, validateTransform } from './ddl-options.js';
export { RemapFunctionRegistry, dataRemapsFor, registerRemapFunction, remapDataFunctions, type RemapFunction } from './remap-functions.js';
export { REFUSED_TRANSFORMS, TRANSFORMS, columnTypeOverride, type ColumnTypeOverride } from './transforms.js';
