import { registerLocationScheme, type DumpLocation } from '@sluice/dump-format';
import type { S3LocationOptions } from '../s3-location.js';

/** What an application registered: `forget()` drops the opened locations, so new settings apply. */
export interface S3Schemes {
  forget(): void;
}

/**
 * Makes `s3://` (and any other of `schemes`, e.g. `https` for bucket URLs) open as dump-file-set
 * locations through this package, loaded only when the first such location is opened, so a run that
 * never touches object storage does not pay for the AWS SDK. `settings` is read at each opening;
 * a location opened once is reused (one client per bucket prefix).
 */
export function registerS3Schemes(schemes: readonly string[], settings: () => S3LocationOptions): S3Schemes {
  const opened = new Map<string, Promise<DumpLocation>>();
  const open = (url: string): Promise<DumpLocation> => {
    const key = url.replace(/\/+$/, '');
    let location = opened.get(key);
    if (location === undefined) {
      // The pinned SDK runs on Node 20; its notice that releases from 2027 will need Node 22 is not for every run.
      process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
      location = import('../index.js').then((s3) => s3.openS3Location(key, settings()));
      opened.set(key, location);
      location.catch(() => opened.delete(key));
    }
    return location;
  };
  for (const scheme of schemes) registerLocationScheme(scheme, open);
  return { forget: () => opened.clear() };
}
