/**
 * The master table: a real table in the job's home database, named after the job, holding the job
 * row (id 0: definition without secrets, state, degree, restart count, dump set GUID and files,
 * the runtime's phase) and one row per work item (object DDL, chunk of table data, per-table log
 * latch). All SQL is composed from the adapter's MasterTableDialect and MASTER_COLUMNS.
 */
export { MasterTableStore, type ItemTotals, type JobPatch } from './master-table-store.js';
export { listJobs, percentOf, listedJobRow, summaryOf, type ListedJobRow } from './list-jobs.js';
export { MASTER_MARKER, withoutSecrets, type FileClaim, type JobProcess, type JobRecord, type JobRunState, type JobSummary } from './job-record.js';
export { JobLock, describeProcesses } from './job-lock.js';
export { WorkerSession, ItemLease, type Claim, type ClaimOptions, type TableLatch } from './worker-session.js';
export { rowFromDb } from './master-sql.js';
export { withoutMasterTables } from './master-tables.js';
export {
  missingData,
  missingDataText,
  masterDocumentBytes,
  masterDocumentSource,
  readMasterDocument,
  writeMasterDocument,
  type DumpObject,
  type MasterDocument,
  type MissingData,
} from './master-document.js';
export { scanMasterDocument, scanMasterDocumentParts, type MasterDocumentScan } from './master-document-scan.js';
