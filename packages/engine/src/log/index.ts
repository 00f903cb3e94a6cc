export { JobLog, type JobLogOptions, type LogLine, type LogTime } from './job-log.js';
export { formatCompletedAt, formatElapsed, formatLogTime, formatSize, quotedTable, tableDataLine, withoutFullStop } from './log-format.js';
export { MASK, redact } from './redact.js';
