// @sluice/storage-s3: dump file sets in S3-compatible object storage, as a DumpLocation of @sluice/dump-format.
// Loaded only when an s3:// (or https:// bucket) location is used, so start-up does not pay for the AWS SDK.

export { openS3Location, S3Location, DEFAULT_PART_SIZE, DEFAULT_PARTS_IN_FLIGHT, MIN_PART_SIZE, type S3LocationOptions } from './s3-location.js';
export { parseS3Url, s3Display, type S3Address } from './s3-url.js';
export { createS3Client, effectiveEndpoint, needsPathStyle, type S3ConnectOptions } from './s3-client.js';
export type { UploadTuning } from './s3-upload.js';
