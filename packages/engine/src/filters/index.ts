export { compileJobFilters, type JobFilters } from './compile-job-filters.js';
export { DEFAULT_NAME_PATH, METADATA_FILTERS, validateDataFilter, validateMetadataFilter, type MetadataFilterName } from './filter-specs.js';
export { isKnownPath, normalizePath, pathCovers, pathNames } from './object-path.js';
export { evaluatePredicate, likeMatches, parseNameList, parsePredicate, type Predicate } from './predicate.js';
