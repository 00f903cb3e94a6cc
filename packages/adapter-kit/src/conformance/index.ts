export { defineConformanceSuite } from './define-conformance-suite.js';
export type { ConformanceOptions, ScratchDatabase } from './conformance-options.js';
export { catalogProblems, normaliseCatalog } from './catalog-checks.js';
export { canonicalRow, collectRows, rowsDigest } from './row-digest.js';
