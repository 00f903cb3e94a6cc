import { DumpFormatError, type DumpFormatErrorCode } from '@sluice/dump-format';

/** What the SDK tells about a failed request: its error name and HTTP status. Nothing else is kept (no headers, no keys). */
function facts(e: unknown): { name: string; status: number | undefined; message: string } {
  const err = e as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number }; message?: string; code?: string } | undefined;
  return { name: err?.Code ?? err?.name ?? 'Error', status: err?.$metadata?.httpStatusCode, message: String(err?.message ?? e) };
}

/**
 * Turns an S3 failure into a DumpFormatError that names the object (`s3://bucket/key`) and says what to do.
 * The SDK error is not kept as the cause: nothing of a request (signature, key id) reaches a log.
 */
export function s3Error(e: unknown, object: string, doing: string): DumpFormatError {
  if (e instanceof DumpFormatError) return e;
  const { name, status, message } = facts(e);
  const say = (code: DumpFormatErrorCode, text: string): DumpFormatError => new DumpFormatError(code, text, { file: object });
  switch (name) {
    case 'InvalidAccessKeyId':
      return say(
        'IO_ERROR',
        `${object}: the object store does not know the access key (InvalidAccessKeyId) while ${doing}; check AWS_ACCESS_KEY_ID, the profile named by CREDENTIAL or AWS_PROFILE, and the endpoint`,
      );
    case 'SignatureDoesNotMatch':
      return say('IO_ERROR', `${object}: the object store refused the request signature (SignatureDoesNotMatch) while ${doing}; check the secret access key of the credentials in use`);
    case 'AccessDenied':
    case 'Forbidden':
      return say(
        'IO_ERROR',
        `${object}: access denied while ${doing}; give the credentials in use s3:GetObject, s3:PutObject, s3:ListBucket, s3:ListBucketMultipartUploads and s3:AbortMultipartUpload on the bucket`,
      );
    case 'NoSuchBucket':
      return say('BAD_ARGUMENT', `${object}: the bucket does not exist (NoSuchBucket) while ${doing}; create it or fix DIRECTORY / DUMPFILE`);
    case 'NoSuchKey':
    case 'NotFound':
      return say('MISSING_FILE', `dump file ${object} does not exist (while ${doing}); check DIRECTORY and DUMPFILE`);
    case 'CredentialsProviderError':
      return say('IO_ERROR', `${object}: no credentials for the object store while ${doing} (${message}); set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or name a profile with CREDENTIAL=`);
    default:
      break;
  }
  if (status === 403) return say('IO_ERROR', `${object}: access denied (HTTP 403) while ${doing}; check the credentials in use and their rights on the bucket`);
  if (status === 404) return say('MISSING_FILE', `dump file ${object} does not exist (while ${doing}); check DIRECTORY and DUMPFILE`);
  const network = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|socket hang up/i.test(`${name} ${message}`);
  if (network) {
    return say(
      'IO_ERROR',
      `${object}: the object store cannot be reached while ${doing} (${name === 'Error' ? message : name}); check the endpoint and the network, then restart the job (it resumes)`,
    );
  }
  return say('IO_ERROR', `${object}: the object store answered ${name}${status === undefined ? '' : ` (HTTP ${status})`} while ${doing}: ${message}`);
}
