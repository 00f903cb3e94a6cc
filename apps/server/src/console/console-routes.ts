import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

/** What the console may know of the server's configuration: names only, never URLs or paths. */
export interface ConsoleOptions {
  readonly databases: readonly string[];
  readonly directories: readonly string[];
}

/** The console's files, shipped in the package (`src/console/static`), read once: nothing else is served. */
const FILES = [
  { url: '/', file: 'index.html', type: 'text/html; charset=utf-8' },
  { url: '/console/console.js', file: 'console.js', type: 'text/javascript; charset=utf-8' },
  { url: '/console/console.css', file: 'console.css', type: 'text/css; charset=utf-8' },
] as const;

/** From src/console/ and dist/console/ alike: the static files stay in src. */
const STATIC = new URL('../../src/console/static/', import.meta.url);

/** The page keeps to its own origin: no inline script, no other host, no framing. */
const HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

/**
 * The web console at `/`: a plain page over the REST API (sign in with HTTP Basic, jobs, live status,
 * log, stop / restart / parallel, new export or import). Its routes are left out of the OpenAPI document.
 */
export async function consoleRoutes(app: FastifyInstance, options: ConsoleOptions): Promise<void> {
  for (const { url, file, type } of FILES) {
    const body = readFileSync(new URL(file, STATIC));
    app.get(url, { schema: { hide: true } }, async (_request, reply) => reply.headers(HEADERS).type(type).send(body));
  }
  const config = JSON.stringify({ databases: [...options.databases], directories: [...options.directories] });
  app.get('/console/config.json', { schema: { hide: true } }, async (_request, reply) => reply.headers(HEADERS).type('application/json; charset=utf-8').send(config));
}
