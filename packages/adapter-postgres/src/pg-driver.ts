import { createRequire } from 'node:module';
import type pgModule from 'pg';

/**
 * The `pg` driver, loaded here so that loading it costs no more than the driver. As it loads, pg asks
 * whether it runs in a Cloudflare Worker: where there is no `navigator` global (Node 20 has none) it
 * builds a fetch `Response` to find out, which loads Node's whole fetch stack (undici and http), about
 * half of pg's own load time, at every start of the CLI. A `navigator` that says Node.js, there only for
 * the length of the load (nothing else runs meanwhile), answers the question the cheap way. Where Node
 * has its own `navigator` (21 and later) nothing is changed.
 */
function loadPg(): typeof pgModule {
  const require = createRequire(import.meta.url);
  const global = globalThis as { navigator?: unknown };
  if ('navigator' in globalThis) return require('pg') as typeof pgModule;
  global.navigator = { userAgent: 'Node.js' };
  try {
    return require('pg') as typeof pgModule;
  } finally {
    delete global.navigator;
  }
}

export const pg = loadPg();
