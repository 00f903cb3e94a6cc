import { isLocationUrl, registerLocationScheme, type DumpLocation } from '@sluice/dump-format';
import { CliError } from '../cli-error.js';
import type { ParameterValues } from '../params/parameter-values.js';

/** How this run reaches object storage: CREDENTIAL= (a profile) and S3_ENDPOINT=; the AWS chain does the rest. */
interface ObjectStorageSettings {
  profile?: string;
  endpoint?: string;
  partSize?: number;
}

let settings: ObjectStorageSettings = {};
const opened = new Map<string, Promise<DumpLocation>>();

/** Opens an s3:// (or https:// bucket) location; @sluice/storage-s3 and the AWS SDK load only now. */
async function openLocation(url: string): Promise<DumpLocation> {
  const key = url.replace(/\/+$/, '');
  let location = opened.get(key);
  if (location === undefined) {
    // The pinned SDK runs on Node 20; its notice that releases from 2027 will need Node 22 is not for every run.
    process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
    location = import('@sluice/storage-s3').then((s3) => s3.openS3Location(key, settings));
    opened.set(key, location);
    location.catch(() => opened.delete(key));
  }
  return location;
}

for (const scheme of ['s3', 'https', 'http']) registerLocationScheme(scheme, openLocation);

/** Takes CREDENTIAL=, S3_ENDPOINT= and S3_PART_SIZE= of this command line for the object-storage locations it opens. */
export function useObjectStorage(params: ParameterValues): void {
  const profile = params.text('CREDENTIAL');
  const endpoint = params.text('S3_ENDPOINT');
  if (endpoint !== undefined && !/^https?:\/\/[^/\s]+\/?$/i.test(endpoint)) {
    throw new CliError('BAD_PARAMETER', `S3_ENDPOINT=${endpoint} is not an endpoint URL. Give the scheme, host and port only, e.g. S3_ENDPOINT=http://127.0.0.1:9000 or https://s3.eu-west-1.amazonaws.com.`);
  }
  if (endpoint !== undefined && /@/.test(endpoint)) throw new CliError('BAD_PARAMETER', 'S3_ENDPOINT must not carry keys; use CREDENTIAL=profile or the AWS environment variables.');
  const partSize = params.has('S3_PART_SIZE') ? params.size('S3_PART_SIZE') : undefined;
  if (partSize !== undefined && partSize < 5 * 1024 * 1024) throw new CliError('BAD_PARAMETER', `S3_PART_SIZE=${partSize} bytes is below 5 MB, the smallest part S3 takes. Give 5MB or more (default 8MB).`);
  settings = {
    ...(profile === undefined ? {} : { profile }),
    ...(endpoint === undefined ? {} : { endpoint: endpoint.replace(/\/$/, '') }),
    ...(partSize === undefined ? {} : { partSize }),
  };
  opened.clear();
}

/** Whether a DIRECTORY (or DUMPFILE) value names object storage rather than a folder. */
export function isObjectStorage(value: string | undefined): value is string {
  return value !== undefined && isLocationUrl(value);
}
