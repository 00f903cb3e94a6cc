import { isIP } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import type { S3Address } from './s3-url.js';

/** How to reach the store: everything optional, the standard AWS chain fills the rest. */
export interface S3ConnectOptions {
  /** CREDENTIAL=name: a profile of the shared config/credentials files (else AWS_PROFILE or the default chain). */
  readonly profile?: string;
  /** S3_ENDPOINT=url (else AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, else AWS). */
  readonly endpoint?: string;
  /** The region (else AWS_REGION / the profile's; us-east-1 for a custom endpoint without one). */
  readonly region?: string;
  /** Path-style addressing; default: on for IP addresses and localhost, off otherwise. */
  readonly forcePathStyle?: boolean;
  /** Attempts per request (the SDK's standard retry strategy); default 3. */
  readonly maxAttempts?: number;
  /** An access key pair to use instead of the chain (a service's named credential); never logged. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
}

/** The endpoint a client will use: the option, the URL's, or the SDK's standard environment variables. */
export function effectiveEndpoint(options: S3ConnectOptions, address: S3Address): string | undefined {
  return options.endpoint ?? address.endpoint ?? process.env['AWS_ENDPOINT_URL_S3'] ?? process.env['AWS_ENDPOINT_URL'];
}

/** Whether an endpoint needs path-style addressing (IP addresses and localhost cannot carry a bucket sub-domain). */
export function needsPathStyle(endpoint: string | undefined): boolean {
  if (endpoint === undefined) return false;
  let host: string;
  try {
    host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  return isIP(host) !== 0 || host === 'localhost' || host.endsWith('.localhost');
}

/** An S3 client for `address` with the standard credential chain (or the named profile). */
export function createS3Client(address: S3Address, options: S3ConnectOptions = {}): S3Client {
  const endpoint = effectiveEndpoint(options, address);
  const envRegion = process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'];
  const region = options.region ?? address.region ?? envRegion ?? (endpoint !== undefined ? 'us-east-1' : undefined);
  return new S3Client({
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(region === undefined ? {} : { region }),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(options.credentials === undefined ? {} : { credentials: { ...options.credentials } }),
    forcePathStyle: options.forcePathStyle ?? needsPathStyle(endpoint),
    maxAttempts: options.maxAttempts ?? 3,
    // Checksums the SDK adds by default (CRC32 trailers) are not understood by every S3-compatible store.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // No "Expect: 100-continue" on parts: the SDK sends each such request on a new connection of its own
    // (no keep-alive: a TCP, and TLS, handshake per part) and waits a round trip before the body. A
    // refusal (keys, bucket) is met by the requests before the first part.
    expectContinueHeader: false,
  });
}
