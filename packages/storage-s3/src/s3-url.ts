import { DumpFormatError } from '@sluice/dump-format';

/** Where a location URL points: bucket, key prefix (no leading or trailing '/'), and the endpoint an https URL names. */
export interface S3Address {
  readonly bucket: string;
  readonly prefix: string;
  /** For an https:// URL that is not AWS's own virtual-hosted form: the endpoint it names (path-style). */
  readonly endpoint?: string;
  /** The region an AWS host name carries (`bucket.s3.eu-west-1.amazonaws.com`). */
  readonly region?: string;
}

const AWS_VIRTUAL = /^(.+)\.s3[.-](?:([a-z0-9-]+)\.)?amazonaws\.com$/;
const AWS_PATH = /^s3[.-](?:([a-z0-9-]+)\.)?amazonaws\.com$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function bad(url: string, why: string): DumpFormatError {
  return new DumpFormatError('BAD_ARGUMENT', `${url} is not an object-storage location: ${why}; write s3://bucket/prefix or an https:// URL of a bucket`);
}

/**
 * Parses `s3://bucket/prefix`, an AWS virtual-hosted URL (`https://bucket.s3.region.amazonaws.com/prefix`)
 * or a path-style URL (`https://host[:port]/bucket/prefix`, also `http://` for a local endpoint).
 */
export function parseS3Url(url: string): S3Address {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw bad(url, 'it is not a URL');
  }
  if (u.username !== '' || u.password !== '') throw bad(url, 'keys do not belong in the URL (use CREDENTIAL=profile or the AWS environment variables)');
  if (u.search !== '' || u.hash !== '') throw bad(url, 'it has a query or fragment');
  const path = decodeURIComponent(u.pathname).replace(/^\/+|\/+$/g, '');
  let bucket: string;
  let prefix: string;
  let endpoint: string | undefined;
  let region: string | undefined;
  if (u.protocol === 's3:') {
    bucket = u.hostname;
    prefix = path;
  } else if (u.protocol === 'https:' || u.protocol === 'http:') {
    const virtual = AWS_VIRTUAL.exec(u.hostname);
    const awsPath = AWS_PATH.exec(u.hostname);
    const [first = '', ...rest] = path.split('/');
    if (virtual) {
      bucket = virtual[1]!;
      region = virtual[2];
      prefix = path;
    } else {
      bucket = first;
      prefix = rest.join('/');
      if (awsPath) region = awsPath[1];
      else endpoint = u.origin;
    }
  } else {
    throw bad(url, `${u.protocol}// is not s3://, https:// or http://`);
  }
  if (!BUCKET.test(bucket)) throw bad(url, `${JSON.stringify(bucket)} is not a bucket name (3 to 63 lower-case letters, digits, dots and hyphens)`);
  if (prefix.split('/').some((s) => s === '..' || s === '.')) throw bad(url, 'its prefix has a "." or ".." segment');
  return { bucket, prefix, ...(endpoint === undefined ? {} : { endpoint }), ...(region === undefined ? {} : { region }) };
}

/** `s3://bucket/prefix`, the way messages name a location (never an endpoint's credentials). */
export function s3Display(a: S3Address): string {
  return `s3://${a.bucket}${a.prefix === '' ? '' : `/${a.prefix}`}`;
}
