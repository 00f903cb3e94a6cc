import { Type, type Static } from '@sinclair/typebox';

// The JSON schemas that validate requests and describe responses; @fastify/swagger builds the OpenAPI
// document from the same objects. Field names follow ORDS's Data Pump service, then Sluice's own.

const Expression = Type.Object(
  { expression: Type.String({ minLength: 1, maxLength: 4000, description: "A predicate in the engine's filter language, e.g. IN ('HR','SALES'), NOT IN ('AUDIT'), LIKE 'EMP%'." }) },
  { additionalProperties: false },
);
const NameExpression = Type.Object(
  {
    expression: Type.String({ minLength: 1, maxLength: 4000, description: "A predicate on object names, e.g. NOT IN ('AUDIT_LOG')." }),
    object_type: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: "The object type the expression applies to (TABLE, VIEW, SEQUENCE, FUNCTION, ...); left out, the job's default object type: TABLE." }),
    ),
  },
  { additionalProperties: false },
);
const Remap = Type.Object({ source: Type.String({ minLength: 1, maxLength: 200 }), target: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
const Query = Type.Object(
  {
    table: Type.Optional(Type.String({ minLength: 1, maxLength: 400, description: 'schema.table the clause applies to; all tables when left out.' })),
    clause: Type.String({ minLength: 1, maxLength: 4000, description: 'A WHERE clause run read-only inside the export snapshot.' }),
  },
  { additionalProperties: false },
);
const Scope = ['ALL', 'DATA_ONLY', 'METADATA_ONLY', 'NONE'] as const;

/** The body of POST export, import and jobs/. */
export const JobRequest = Type.Object(
  {
    operation: Type.Optional(
      Type.Union([Type.Literal('EXPORT'), Type.Literal('IMPORT'), Type.Literal('SQL_FILE')], {
        description:
          "Required for POST jobs/; export and import imply it. SQL_FILE (DBMS_DATAPUMP.OPEN's operation) writes the DDL an import of the dump file set would run into sql_file, and changes nothing.",
      }),
    ),
    job_mode: Type.Optional(
      Type.Union([Type.Literal('FULL'), Type.Literal('SCHEMA'), Type.Literal('TABLE'), Type.Literal('TABLESPACE')], {
        description: 'Default: SCHEMA for an export, FULL for an import. TABLESPACE moves the tables stored in the tablespaces filter names, with what lives on them.',
      }),
    ),
    job_name: Type.Optional(Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_$#]+$' })),
    datapump_dir: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: "A directory name from the server's configuration (never a path)." })),
    file_name: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 400,
        description:
          'Dump file names inside datapump_dir, comma separated, with %U templates (default EXPDAT%U.DMP); with credential_name, object-storage URLs such as s3://bucket/prefix/EXPDAT%U.DMP.',
      }),
    ),
    credential_name: Type.Optional(
      Type.String({ minLength: 1, maxLength: 128, description: "The name of a credential of the server's configuration that reaches the object storage file_name's URL names (never a key itself)." }),
    ),
    sql_file: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'SQL_FILE jobs: the file inside datapump_dir the DDL is written to (default <JOB_NAME>.sql). On POST import it makes the job a SQL_FILE job, as impdp SQLFILE= does.',
      }),
    ),
    log_file: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Log file name inside datapump_dir (default <JOB_NAME>.LOG).' })),
    filter: Type.Optional(
      Type.String({ minLength: 1, maxLength: 4000, description: 'SCHEMA mode: schema names, comma separated; TABLE mode: table names (schema.table); TABLESPACE mode: tablespace names.' }),
    ),
    name_expressions: Type.Optional(Type.Array(NameExpression, { maxItems: 100 })),
    schema_expressions: Type.Optional(Type.Array(Expression, { maxItems: 100 })),
    tablespace_expressions: Type.Optional(
      Type.Array(Expression, {
        maxItems: 100,
        description:
          "Tables by the tablespace their rows are stored in, e.g. IN ('fast'): PostgreSQL's names (pg_default for the default one); InnoDB's innodb_system, or schema/table for a file-per-table table (MariaDB has no other tablespaces); a table in no tablespace (MyISAM, Aria, foreign) matches none. Alone, it makes a TABLESPACE-mode job.",
      }),
    ),
    remap_schemas: Type.Optional(Type.Array(Remap, { maxItems: 100 })),
    remap_tables: Type.Optional(Type.Array(Remap, { maxItems: 100 })),
    query: Type.Optional(Type.Array(Query, { maxItems: 100 })),
    compression: Type.Optional(Type.Union(Scope.map((s) => Type.Literal(s)))),
    encryption: Type.Optional(Type.Union(Scope.map((s) => Type.Literal(s)))),
    encryption_password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'Never stored, logged or returned.' })),
    encryption_secret: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: "The name of a secret in the server's configuration holding the encryption password." })),
    table_exists_action: Type.Optional(Type.Union(['SKIP', 'APPEND', 'TRUNCATE', 'REPLACE'].map((s) => Type.Literal(s)))),
    content: Type.Optional(Type.Union(['ALL', 'DATA_ONLY', 'METADATA_ONLY'].map((s) => Type.Literal(s)))),
    network_link: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: "Import straight from this database of the server's configuration (same engine), with no dump files." })),
    threads: Type.Optional(Type.Integer({ minimum: 1, maximum: 1024 })),
    keep_master: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, $id: 'JobRequest' },
);
/** A job request as parsed. */
export type JobRequestBody = Static<typeof JobRequest>;

const Link = Type.Object({ rel: Type.String(), href: Type.String(), mediaType: Type.Optional(Type.String()) });

const Worker = Type.Object({
  worker_number: Type.Integer(),
  state: Type.String(),
  object: Type.Optional(Type.String()),
  rows: Type.Number(),
  bytes: Type.Number(),
  percent_done: Type.Number(),
});

/** A job as GET jobs/{owner},{job}/ answers. */
export const JobObject = Type.Object(
  {
    owner_name: Type.String(),
    job_name: Type.String(),
    operation: Type.String(),
    job_mode: Type.String(),
    state: Type.String(),
    degree: Type.Integer(),
    attached_sessions: Type.Integer(),
    datapump_sessions: Type.Integer(),
    percent_done: Type.Number(),
    rows: Type.Number(),
    bytes: Type.Number(),
    total_bytes: Type.Number(),
    errors: Type.Integer(),
    phase: Type.String(),
    restart_count: Type.Integer(),
    workers: Type.Array(Worker),
    files: Type.Array(Type.String()),
    links: Type.Array(Link),
    error: Type.Optional(Type.String({ description: 'Why the job stopped, when it failed.' })),
  },
  { $id: 'Job' },
);
/** The job object. */
export type JobBody = Static<typeof JobObject>;

/** One row of GET jobs/: the job object's identity, state and progress (the same field schemas, picked from it). */
export const JobSummaryObject = Type.Pick(JobObject, ['owner_name', 'job_name', 'operation', 'job_mode', 'state', 'degree', 'attached_sessions', 'percent_done', 'links'], { $id: 'JobSummary' });
/** A row of the job list. */
export type JobSummaryBody = Static<typeof JobSummaryObject>;

/** GET jobs/: one page, ORDS's collection shape. */
export const JobList = Type.Object({
  items: Type.Array(JobSummaryObject),
  hasMore: Type.Boolean(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  count: Type.Integer(),
  links: Type.Array(Link),
});

/** An error, as RFC 9457 problem details. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    field: Type.Optional(Type.String()),
    code: Type.Optional(Type.String()),
  },
  { $id: 'Problem' },
);

export const DatabaseParams = Type.Object({ database: Type.String({ minLength: 1, maxLength: 128 }) });
export const JobParams = Type.Object({
  database: Type.String({ minLength: 1, maxLength: 128 }),
  owner: Type.String({ minLength: 1, maxLength: 256 }),
  job: Type.String({ minLength: 1, maxLength: 128 }),
});
export const FileParams = Type.Object({
  database: Type.String({ minLength: 1, maxLength: 128 }),
  owner: Type.String({ minLength: 1, maxLength: 256 }),
  job: Type.String({ minLength: 1, maxLength: 128 }),
  filename: Type.String({ minLength: 1, maxLength: 400 }),
});
export const PageQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 25 })), offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })) },
  { additionalProperties: false },
);
export const StopRequest = Type.Object(
  {
    immediate: Type.Optional(Type.Boolean({ description: 'true: workers drop their current items (redone on restart); false (default): they finish them.' })),
    keep_master: Type.Optional(Type.Boolean({ description: 'Keep the master table so the job can be restarted (default true).' })),
  },
  { additionalProperties: false },
);
export const StartRequest = Type.Object(
  {
    skip_current: Type.Optional(Type.Boolean({ description: 'Skip the items that were in progress when the job stopped.' })),
    encryption_password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    encryption_secret: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  },
  { additionalProperties: false },
);
export const ParallelRequest = Type.Object({ threads: Type.Integer({ minimum: 1, maximum: 1024 }) }, { additionalProperties: false });
