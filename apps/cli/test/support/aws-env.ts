import { join } from 'node:path';
import type { TestS3Server } from '../../../../test-support/s3-server.js';

/**
 * The AWS environment of a CLI child process: the test server's keys and endpoint, and none of the
 * developer's (no profile; config and credentials files in the test's own `home`).
 */
export function awsEnv(s3: TestS3Server, home: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    ...s3.env(),
    AWS_PROFILE: undefined,
    AWS_ENDPOINT_URL_S3: undefined,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    ...extra,
  };
}
