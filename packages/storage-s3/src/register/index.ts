// @sluice/storage-s3/register: the light entry an application imports at start-up; the AWS SDK and
// the rest of the package load only when an object-storage location is first opened.
export { registerS3Schemes, type S3Schemes } from './s3-schemes.js';
