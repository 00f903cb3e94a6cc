import type { DumpLocation } from '@sluice/dump-format';
import { registerS3Schemes } from '@sluice/storage-s3/register';
import { isObjectStorage } from '@sluice/engine';
import { CliError } from '../cli-error.js';
import type { ParameterValues } from '../params/parameter-values.js';

/** How this run reaches object storage: CREDENTIAL= (a profile) and S3_ENDPOINT=; the AWS chain does the rest. */
interface ObjectStorageSettings {
  profile?: string;
  endpoint?: string;
  partSize?: number;
}

let settings: ObjectStorageSettings = {};
/** s3:// and https:// bucket URLs open through @sluice/storage-s3 (and the AWS SDK) only when one is used. */
const schemes = registerS3Schemes(['s3', 'https', 'http'], () => settings);

/** Takes CREDENTIAL=, S3_ENDPOINT= and S3_PART_SIZE= of this command line for the object-storage locations it opens. */
export function useObjectStorage(params: ParameterValues): void {
  const profile = params.text('CREDENTIAL');
  const endpoint = endpointParameter(params, 'S3_ENDPOINT');
  const partSize = params.has('S3_PART_SIZE') ? params.size('S3_PART_SIZE') : undefined;
  if (partSize !== undefined && partSize < 5 * 1024 * 1024)
    throw new CliError('BAD_PARAMETER', `S3_PART_SIZE=${partSize} bytes is below 5 MB, the smallest part S3 takes. Give 5MB or more (default 8MB).`);
  settings = {
    ...(profile === undefined ? {} : { profile }),
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(partSize === undefined ? {} : { partSize }),
  };
  schemes.forget();
}

/** An endpoint parameter (S3_ENDPOINT, TO_S3_ENDPOINT), checked: scheme, host and port, no keys. */
function endpointParameter(params: ParameterValues, name: string): string | undefined {
  const endpoint = params.text(name);
  if (endpoint === undefined) return undefined;
  if (!/^https?:\/\/[^/\s]+\/?$/i.test(endpoint)) {
    throw new CliError('BAD_PARAMETER', `${name}=${endpoint} is not an endpoint URL. Give the scheme, host and port only, e.g. ${name}=http://127.0.0.1:9000 or https://s3.eu-west-1.amazonaws.com.`);
  }
  if (/@/.test(endpoint)) throw new CliError('BAD_PARAMETER', `${name} must not carry keys; use a profile (CREDENTIAL, TO_CREDENTIAL) or the AWS environment variables.`);
  return endpoint.replace(/\/$/, '');
}

/**
 * The TO location of `sluice transfer`: like any other, unless TO_CREDENTIAL= or TO_S3_ENDPOINT= say the
 * destination needs other keys or another store than the source.
 */
export async function openTransferDestination(url: string, params: ParameterValues): Promise<DumpLocation | string> {
  const profile = params.text('TO_CREDENTIAL');
  const endpoint = endpointParameter(params, 'TO_S3_ENDPOINT');
  if (!isObjectStorage(url)) {
    if (profile !== undefined || endpoint !== undefined)
      throw new CliError('CONFLICTING_PARAMETERS', `TO=${url} is a folder; TO_CREDENTIAL and TO_S3_ENDPOINT apply to an s3:// TO only. Leave them out.`);
    return url;
  }
  if (profile === undefined && endpoint === undefined) return url;
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const s3 = await import('@sluice/storage-s3');
  return s3.openS3Location(url.replace(/\/+$/, ''), { ...settings, ...(profile === undefined ? {} : { profile }), ...(endpoint === undefined ? {} : { endpoint }) });
}

/** Whether a DIRECTORY (or DUMPFILE) value names object storage rather than a folder (the engine's rule). */
export { isObjectStorage };
