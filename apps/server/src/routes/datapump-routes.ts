import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { DatabaseLogin } from '../databases/database-login.js';
import { DatabaseParams, FileParams, JobParams, PageQuery, ParallelRequest, StartRequest, StopRequest, type JobRequestBody } from '../http/schemas.js';
import { openJobFile } from '../jobs/job-files.js';
import { basePath, type JobService } from '../jobs/job-service.js';
import { jobBody, jobPath } from '../jobs/job-view.js';
import { ServerError } from '../server-error.js';

const ref = (id: string) => ({ $ref: `${id}#` });
const problems = { 400: ref('Problem'), 401: ref('Problem'), 403: ref('Problem'), 404: ref('Problem'), 409: ref('Problem'), 429: ref('Problem') };

function loginOf(request: FastifyRequest): DatabaseLogin {
  const login = (request as FastifyRequest & { login?: DatabaseLogin }).login;
  if (login === undefined) throw new ServerError('UNAUTHORIZED', 'Log in with HTTP Basic as a database user.');
  return login;
}

type JobParamsT = Static<typeof JobParams>;

/** The Data Pump routes under /db/{database}/datapump; `auth` checks the HTTP Basic login against the database. */
export function registerDatapumpRoutes(app: FastifyInstance, jobs: JobService, auth: (request: FastifyRequest, reply: FastifyReply) => Promise<void>): void {
  const prefix = '/db/:database/datapump';
  const job = `${prefix}/jobs/:owner(^[^,]+),:job`;
  const security = [{ basic: [] as string[] }];
  const emptyBody = async (request: FastifyRequest): Promise<void> => {
    request.body ??= {};
  };

  const create = (route: 'EXPORT' | 'IMPORT' | undefined) => async (request: FastifyRequest, reply: FastifyReply) => {
    const login = loginOf(request);
    const created = await jobs.create(login, route, request.body as JobRequestBody);
    const location = jobPath(basePath(login.database), created.owner_name, created.job_name);
    return reply.code(201).header('Location', location).header('Content-Location', location).send(created);
  };
  const createSchema = (summary: string) => ({
    summary,
    tags: ['jobs'],
    security,
    params: DatabaseParams,
    body: ref('JobRequest'),
    response: { 201: ref('Job'), ...problems },
  });

  app.post(`${prefix}/export`, { onRequest: auth, schema: createSchema('Create and start an export job') }, create('EXPORT'));
  app.post(`${prefix}/import`, { onRequest: auth, schema: createSchema('Create and start an import job') }, create('IMPORT'));
  app.post(`${prefix}/jobs/`, { onRequest: auth, schema: createSchema('Create and start a job (operation EXPORT, IMPORT or SQL_FILE)') }, create(undefined));

  app.get(
    `${prefix}/jobs/`,
    {
      onRequest: auth,
      schema: {
        summary: 'List the jobs (paged)',
        tags: ['jobs'],
        security,
        params: DatabaseParams,
        querystring: PageQuery,
        response: {
          200: Type.Object({
            items: Type.Unsafe<unknown[]>({ type: 'array', items: ref('JobSummary') }),
            hasMore: Type.Boolean(),
            limit: Type.Integer(),
            offset: Type.Integer(),
            count: Type.Integer(),
            links: Type.Array(Type.Object({ rel: Type.String(), href: Type.String() })),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const login = loginOf(request);
      const { limit = 25, offset = 0 } = request.query as Static<typeof PageQuery>;
      const all = await jobs.list(login);
      const items = all.slice(offset, offset + limit);
      const base = `${basePath(login.database)}/jobs/`;
      const hasMore = offset + limit < all.length;
      return {
        items,
        hasMore,
        limit,
        offset,
        count: items.length,
        links: [
          { rel: 'self', href: `${base}?limit=${limit}&offset=${offset}` },
          { rel: 'first', href: `${base}?limit=${limit}&offset=0` },
          ...(offset > 0 ? [{ rel: 'prev', href: `${base}?limit=${limit}&offset=${Math.max(0, offset - limit)}` }] : []),
          ...(hasMore ? [{ rel: 'next', href: `${base}?limit=${limit}&offset=${offset + limit}` }] : []),
        ],
      };
    },
  );

  app.get(
    `${job}/`,
    { onRequest: auth, schema: { summary: 'A job: state, progress, workers, links to its files', tags: ['jobs'], security, params: JobParams, response: { 200: ref('Job'), ...problems } } },
    async (request) => {
      const p = request.params as JobParamsT;
      return jobs.get(loginOf(request), p.owner, p.job);
    },
  );

  app.delete(
    `${job}/`,
    {
      onRequest: auth,
      schema: { summary: "Delete a finished job's files (and its master table, when kept)", tags: ['jobs'], security, params: JobParams, response: { 204: Type.Null(), ...problems } },
    },
    async (request, reply) => {
      const p = request.params as JobParamsT;
      await jobs.remove(loginOf(request), p.owner, p.job);
      return reply.code(204).send();
    },
  );

  app.post(
    `${job}/stop`,
    {
      onRequest: auth,
      preValidation: emptyBody,
      schema: {
        summary: 'Stop a job: orderly or immediate, keeping its master table for a restart or not',
        tags: ['control'],
        security,
        params: JobParams,
        body: StopRequest,
        response: { 200: ref('Job'), ...problems },
      },
    },
    async (request) => {
      const p = request.params as JobParamsT;
      const b = request.body as Static<typeof StopRequest>;
      return jobs.stop(loginOf(request), p.owner, p.job, { immediate: b.immediate === true, keepMaster: b.keep_master !== false });
    },
  );

  app.post(
    `${job}/start`,
    {
      onRequest: auth,
      preValidation: emptyBody,
      schema: {
        summary: 'Restart a stopped job, or one whose process died (NOT RUNNING), in this service',
        tags: ['control'],
        security,
        params: JobParams,
        body: StartRequest,
        response: { 200: ref('Job'), ...problems },
      },
    },
    async (request) => {
      const p = request.params as JobParamsT;
      const b = request.body as Static<typeof StartRequest>;
      return jobs.start(loginOf(request), p.owner, p.job, { skipCurrent: b.skip_current === true, ...b });
    },
  );

  app.post(
    `${job}/parallel`,
    { onRequest: auth, schema: { summary: 'Change the number of active workers', tags: ['control'], security, params: JobParams, body: ParallelRequest, response: { 200: ref('Job'), ...problems } } },
    async (request) => {
      const p = request.params as JobParamsT;
      return jobs.parallel(loginOf(request), p.owner, p.job, (request.body as Static<typeof ParallelRequest>).threads);
    },
  );

  app.post(
    `${job}/kill`,
    {
      onRequest: auth,
      preValidation: emptyBody,
      schema: {
        summary: 'Kill a job: stop at once and drop its master table',
        tags: ['control'],
        security,
        params: JobParams,
        body: Type.Object({}, { additionalProperties: false }),
        response: { 204: Type.Null(), ...problems },
      },
    },
    async (request, reply) => {
      const p = request.params as JobParamsT;
      await jobs.kill(loginOf(request), p.owner, p.job);
      return reply.code(204).send();
    },
  );

  app.get(
    `${job}/status`,
    {
      onRequest: auth,
      schema: {
        summary: 'Follow a job live (Server-Sent Events: status, log, end)',
        tags: ['jobs'],
        security,
        params: JobParams,
        response: {
          200: { description: 'event: status (the job object), event: log ({line, error}), event: end (the last job object)', content: { 'text/event-stream': { schema: { type: 'string' } } } },
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const login = loginOf(request);
      const p = request.params as JobParamsT;
      // Refuse an unknown job with a 404 before the stream starts.
      const facts = await jobs.facts(login, p.owner, p.job);
      const base = basePath(login.database);
      const raw = reply.raw;
      reply.hijack();
      raw.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
      const closed = new Promise<void>((resolve) => raw.on('close', () => resolve()));
      const write = (event: string, data: unknown): void => {
        if (!raw.writableEnded) raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      try {
        await jobs.follow(
          login,
          p.owner,
          p.job,
          (e) => {
            if (e.kind === 'log') write('log', { line: e.line, error: e.error });
            else write(e.kind, e.status === undefined ? null : jobBody(base, p.owner, e.status, facts.logFile, facts.sqlFile));
          },
          closed,
        );
      } catch (error) {
        write('error', { detail: error instanceof Error ? error.message : String(error) });
      } finally {
        raw.end();
        await login.adapter.close().catch(() => undefined);
      }
    },
  );

  app.get(
    `${job}/:filename`,
    {
      onRequest: auth,
      schema: {
        summary: "A job's file: the log and a SQL_FILE job's SQL file as text/plain, a dump file as a download",
        tags: ['jobs'],
        security,
        params: FileParams,
        response: {
          200: { description: 'The file', content: { 'text/plain': { schema: { type: 'string' } }, 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const login = loginOf(request);
      const p = request.params as Static<typeof FileParams>;
      const { directory, isText } = await jobs.file(login, p.owner, p.job, p.filename);
      const file = await openJobFile(directory, p.filename);
      if (file === undefined) throw new ServerError('NOT_FOUND', `The file ${p.filename} of job ${p.owner}.${p.job} is no longer in its directory (deleted or moved).`);
      reply.header('Content-Length', String(file.size));
      if (isText) reply.type('text/plain; charset=utf-8');
      else reply.type('application/octet-stream').header('Content-Disposition', `attachment; filename="${p.filename.replace(/["\\]/g, '_')}"`);
      return reply.send(file.stream);
    },
  );
}
