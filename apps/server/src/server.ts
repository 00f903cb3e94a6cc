import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyBasicAuth from '@fastify/basic-auth';
import fastifySwagger from '@fastify/swagger';
import type { JobTuning } from '@sluice/engine';
import { useObjectStorage } from './config/object-storage.js';
import type { ResolvedConfig } from './config/server-config.js';
import { logIn, type DatabaseLogin } from './databases/database-login.js';
import { LoginThrottle } from './http/login-throttle.js';
import { problemOf } from './http/problem.js';
import { JobObject, JobRequest, JobSummaryObject, Problem } from './http/schemas.js';
import { JobService } from './jobs/job-service.js';
import { consoleRoutes } from './console/console-routes.js';
import { registerDatapumpRoutes } from './routes/datapump-routes.js';
import { ServerError } from './server-error.js';

/** The service's version in the OpenAPI document. */
const API_VERSION = '1.0.0';

/** A running service: its address, and how to stop it. */
export interface SluiceServer {
  readonly app: FastifyInstance;
  /** http(s)://host:port, with the port actually bound. */
  readonly url: string;
  close(): Promise<void>;
}

/** How a service runs, beside its configuration. */
export interface ServerOptions {
  /** Fastify's request log (default on). */
  readonly logger?: boolean;
  /** The engine's item delay and chunk target for the jobs this service runs (tests and tuning). */
  readonly tuning?: JobTuning;
}

/** Build the service (routes, validation, OpenAPI, HTTP Basic against the databases) without listening. */
export async function buildServer(config: ResolvedConfig, options: ServerOptions = {}): Promise<{ app: FastifyInstance; jobs: JobService }> {
  useObjectStorage(config);
  const app = Fastify({
    logger: options.logger === false ? false : { level: 'info', redact: ['req.headers.authorization'] },
    bodyLimit: config.bodyLimit,
    routerOptions: { ignoreTrailingSlash: true },
    // Unknown fields are refused (400), never silently dropped.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    ...(config.tls === undefined ? {} : { https: { cert: config.tls.cert, key: config.tls.key } }),
  }) as unknown as FastifyInstance;
  const jobs = new JobService(config, options.tuning);
  const throttle = new LoginThrottle(config.failedLoginDelayMs);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Sluice Data Pump API', version: API_VERSION, description: "ORDS's Data Pump endpoints and what they lack: stop, restart, parallelism, kill, live status." },
      components: { securitySchemes: { basic: { type: 'http', scheme: 'basic', description: "A database user's name and password." } } },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json['$id'] === 'string' ? json['$id'] : `def-${i}`) },
  });
  for (const schema of [JobRequest, JobObject, JobSummaryObject, Problem]) app.addSchema(schema);

  await app.register(fastifyBasicAuth, {
    authenticate: { realm: 'sluice' },
    async validate(user: string, password: string, request: FastifyRequest, reply: FastifyReply) {
      const database = (request.params as { database?: string }).database ?? '';
      // Waits behind an attempt in flight for the same user (or a busy address), so a parallel burst reaches the database once.
      const decision = await throttle.begin(request.ip, database, user);
      if (!decision.allowed) {
        // Too early after failed logins: answered at once, the password not even tried.
        const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
        reply.header('Retry-After', String(seconds));
        throw Object.assign(new ServerError('TOO_MANY_REQUESTS', `Too many failed logins for ${user} (or from this address): try again in ${seconds} s.`), { statusCode: 429 });
      }
      let failed = false;
      try {
        (request as FastifyRequest & { login?: DatabaseLogin }).login = await logIn(config.databases, database, user, password === '' ? undefined : password);
      } catch (error) {
        if (error instanceof ServerError && error.code === 'UNAUTHORIZED') {
          failed = true;
          throttle.end(decision.keys, false);
          // A refused login is answered slowly, so passwords cannot be tried fast.
          await sleep(config.failedLoginDelayMs);
          throw Object.assign(error, { statusCode: 401 });
        }
        const problem = problemOf(error);
        throw Object.assign(error instanceof Error ? error : new Error(String(error)), { statusCode: problem.status });
      } finally {
        if (!failed) throttle.end(decision.keys, true);
      }
    },
  });
  const auth = (request: FastifyRequest, reply: FastifyReply): Promise<void> =>
    new Promise((resolve, reject) => app.basicAuth(request, reply, (error?: Error) => (error === undefined ? resolve() : reject(error))));

  app.addHook('onResponse', async (request) => {
    await (request as FastifyRequest & { login?: DatabaseLogin }).login?.adapter.close().catch(() => undefined);
  });
  app.setErrorHandler((error, request, reply) => {
    const problem = problemOf(error);
    // The web console logs in with its own form: its fetch calls must not raise the browser's Basic dialog.
    if (request.headers['x-requested-with'] === 'sluice-console') reply.removeHeader('WWW-Authenticate');
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(problem.status).type('application/problem+json').send(problem);
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type('application/problem+json')
      .send({
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        detail: `No route ${request.method} ${request.url.split('?')[0]}. The API is under /db/{database}/datapump (openapi.json there).`,
        code: 'NOT_FOUND',
      }),
  );

  registerDatapumpRoutes(app, jobs, auth);
  // The web console at /: static files and the names (never URLs or paths) of databases and directories.
  await app.register(consoleRoutes, { databases: Object.keys(config.databases), directories: Object.keys(config.directories) });
  app.get('/db/:database/datapump/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return { app, jobs };
}

/** Build the service and listen where the configuration says. */
export async function startServer(config: ResolvedConfig, options: ServerOptions = {}): Promise<SluiceServer> {
  const { app, jobs } = await buildServer(config, options);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    app,
    url: `${config.tls === undefined ? 'http' : 'https'}://${host}:${port}`,
    async close() {
      await jobs.close();
      await app.close();
    },
  };
}
