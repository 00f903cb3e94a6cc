import type { FastifyError } from 'fastify';
import { fieldOf as requestField } from '../jobs/request-words.js';
import { ServerError } from '../server-error.js';

/** RFC 9457 problem details, as every error answer of the service is written. */
export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly field?: string;
  readonly code?: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const SERVER_STATUS: Record<ServerError['code'], number> = { BAD_CONFIG: 500, BAD_REQUEST: 400, NOT_FOUND: 404, CONFLICT: 409, UNAUTHORIZED: 401, FORBIDDEN: 403, TOO_MANY_REQUESTS: 429 };

/** Data Pump codes as HTTP statuses: the caller's mistake 400, a job in the wrong state 409, the database's refusal 403. */
const JOB_STATUS: Record<string, number> = {
  INVALID_ARGVAL: 400,
  INVALID_OPERATION: 400,
  INCONSISTENT_ARGS: 400,
  INVALID_STATE: 409,
  JOB_EXISTS: 409,
  NO_SUCH_JOB: 404,
  PRIVILEGE_ERROR: 403,
  JOB_FAILED: 409,
};

const ADAPTER_STATUS: Record<string, number> = { AUTH_FAILED: 401, PRIVILEGE_ERROR: 403, CONNECTION_FAILED: 503, NO_SUCH_SCHEMA: 400, NO_SUCH_TABLE: 400 };

function problem(status: number, detail: string, extra: { field?: string; code?: string } = {}): ProblemBody {
  return { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail, ...extra };
}

/** An ajv error's location as a field name: `threads`, `name_expressions[0].expression`. */
function fieldOf(error: { instancePath?: string; params?: Record<string, unknown> }): string | undefined {
  const parts = (error.instancePath ?? '').split('/').filter((p) => p !== '');
  const extra = error.params?.['additionalProperty'] ?? error.params?.['missingProperty'];
  if (typeof extra === 'string') parts.push(extra);
  if (parts.length === 0) return undefined;
  return parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** The words of a database's refusal, from the error or its cause. */
function withCause(error: Error): string {
  const cause = error.cause;
  if (cause instanceof Error && !error.message.includes(cause.message)) return `${error.message}: ${cause.message}`;
  return error.message;
}

/** Any error as problem details; never a secret (messages of the engine and adapters hold none, and no URL here carries a password). */
export function problemOf(error: unknown): ProblemBody {
  if (error instanceof ServerError) return problem(SERVER_STATUS[error.code], error.message, { ...(error.field === undefined ? {} : { field: error.field }), code: error.code });
  const e = error as Partial<FastifyError> & Error & { validation?: { instancePath?: string; params?: Record<string, unknown>; message?: string; keyword?: string }[]; validationContext?: string };
  if (Array.isArray(e.validation) && e.validation.length > 0) {
    const first = e.validation[0]!;
    const field = fieldOf(first);
    const where = e.validationContext ?? 'body';
    const detail =
      first.keyword === 'additionalProperties'
        ? `${field ?? where}: unknown field. Check its spelling against the OpenAPI document (openapi.json).`
        : `${field ?? where}: ${first.message ?? 'not valid'}.`;
    return problem(400, detail, { ...(field === undefined ? {} : { field }), code: 'BAD_REQUEST' });
  }
  if (e instanceof Error && e.name === 'JobError') {
    const code = (e as { code?: string }).code ?? 'INTERNAL_ERROR';
    const parameter = (e as { parameter?: string }).parameter;
    return problem(JOB_STATUS[code] ?? 500, withCause(e), { code, ...(parameter === undefined ? {} : { field: requestField(parameter) }) });
  }
  if (e instanceof Error && e.name === 'AdapterError') {
    const code = (e as { code?: string }).code ?? 'SERVER_ERROR';
    return problem(ADAPTER_STATUS[code] ?? 500, e.message, { code });
  }
  if (e instanceof Error && e.name === 'DumpFormatError') {
    const code = (e as { code?: string }).code ?? 'BAD_ARGUMENT';
    return problem(400, e.message, { code });
  }
  const status = typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 600 ? e.statusCode : 500;
  if (status === 413) return problem(413, 'The request body is larger than the server takes (body_limit in its configuration).', { code: 'BODY_TOO_LARGE' });
  if (status === 401) return problem(401, 'Log in with HTTP Basic as a database user (Authorization: Basic ...).', { code: 'UNAUTHORIZED' });
  if (status < 500) return problem(status, e.message ?? 'The request is not valid.', { ...(e.code === undefined ? {} : { code: e.code }) });
  return problem(500, 'The service failed on this request; its log says why.', { code: 'INTERNAL_ERROR' });
}
