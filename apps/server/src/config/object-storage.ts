import { registerLocationScheme, type DumpLocation } from '@sluice/dump-format';
import { registerS3Schemes } from '@sluice/storage-s3/register';
import { ServerError } from '../server-error.js';
import type { S3LocationOptions } from '@sluice/storage-s3';
import { credentialScheme, readSecretSource, type ResolvedConfig, type ResolvedCredential } from './server-config.js';

// A job whose file_name is an s3:// URL reaches the store with the credential its request named
// (ORDS's credential_name). The job's directory records which: `s3+<credential>://bucket/prefix`, a
// location scheme registered here for each configured credential, so a restarted job (its directory
// read back from its master table) opens its files with the same credential and no secret is stored.

/** `s3://bucket/prefix` as the location of the same prefix reached with `credential`. */
export function credentialLocation(credential: string, s3Url: string): string {
  return s3Url.replace(/^s3:/i, `${credentialScheme(credential)}:`);
}

/** The s3:// URL of a credential's location (for messages and CLIENT_COMMAND). */
export function plainS3Url(location: string): string {
  return location.replace(/^s3\+[^:]*:/i, 's3:');
}

/** The S3 options of a credential, its keys read now (from the environment or files), never kept elsewhere. */
function credentialOptions(config: ResolvedConfig, name: string, credential: ResolvedCredential): S3LocationOptions {
  const endpoint = credential.endpoint ?? config.objectStorage.endpoint;
  let keys: { accessKeyId: string; secretAccessKey: string } | undefined;
  if (credential.accessKeyId !== undefined && credential.secretAccessKey !== undefined) {
    const accessKeyId = readSecretSource(credential.accessKeyId);
    const secretAccessKey = readSecretSource(credential.secretAccessKey);
    if (accessKeyId === undefined || accessKeyId === '' || secretAccessKey === undefined || secretAccessKey === '') {
      const where = (s: { env: string } | { file: string }): string => ('env' in s ? `the environment variable ${s.env}` : `the file ${s.file}`);
      throw new ServerError(
        'CONFLICT',
        `The credential ${name} of the server's configuration has no key now: ${where(credential.accessKeyId)} or ${where(credential.secretAccessKey)} is empty or missing. Set it and restart the service.`,
      );
    }
    keys = { accessKeyId, secretAccessKey };
  }
  return {
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(credential.profile === undefined ? {} : { profile: credential.profile }),
    ...(credential.region === undefined ? {} : { region: credential.region }),
    ...(keys === undefined ? {} : { credentials: keys }),
  };
}

/**
 * s3:// directories open through @sluice/storage-s3 (the AWS chain, object_storage's endpoint and
 * profile); each credential's `s3+<name>://` locations with that credential. The AWS SDK loads only
 * when a location is first opened.
 */
export function useObjectStorage(config: ResolvedConfig): void {
  const settings = {
    ...(config.objectStorage.endpoint === undefined ? {} : { endpoint: config.objectStorage.endpoint }),
    ...(config.objectStorage.profile === undefined ? {} : { profile: config.objectStorage.profile }),
  };
  registerS3Schemes(['s3'], () => settings);
  for (const [name, credential] of Object.entries(config.credentials)) {
    const opened = new Map<string, Promise<DumpLocation>>();
    registerLocationScheme(credentialScheme(name), (url) => {
      const key = plainS3Url(url).replace(/\/+$/, '');
      let location = opened.get(key);
      if (location === undefined) {
        process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
        const options = credentialOptions(config, name, credential);
        location = import('@sluice/storage-s3').then((s3) => s3.openS3Location(key, options));
        opened.set(key, location);
        location.catch(() => opened.delete(key));
      }
      return location;
    });
  }
}
