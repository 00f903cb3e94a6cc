import type { JobOperation } from '../job/job-definition.js';

/** How a parameter's value is written: a 0/1 switch, one of a set of words, free text, or a bit mask. */
export type ParameterKind = 'switch' | 'choice' | 'text' | 'mask';

/** One SET_PARAMETER name: its type, values, the operations it applies to, and its default. */
export interface ParameterSpec {
  readonly name: string;
  readonly kind: ParameterKind;
  /** For `choice`: the accepted words (upper case). */
  readonly values?: readonly string[];
  /** Operations the parameter means something for; other operations get INVALID_OPERATION. */
  readonly operations: readonly JobOperation[];
  /** Held in JobSecrets, never in the definition. */
  readonly secret?: boolean;
  /** A network-link IMPORT also reads a source: source-side parameters apply to it. */
  readonly networkImport?: boolean;
  /** One line for the README and error messages. */
  readonly doc: string;
}

const EXPORT: readonly JobOperation[] = ['EXPORT'];
const IMPORT: readonly JobOperation[] = ['IMPORT'];
const ALL_OPS: readonly JobOperation[] = ['EXPORT', 'IMPORT', 'SQL_FILE'];

/** DATA_OPTIONS bit: rows that break a constraint are written to the reject file and the load goes on. */
export const KU$_DATAOPT_SKIP_CONST_ERR = 1;
/** DATA_OPTIONS bit: a damaged frame is skipped and the load resynchronises on the next one. */
export const KU$_DATAOPT_CONT_LD_ON_FMT_ERR = 1024;
/** DATA_OPTIONS bit: a dump file set whose export did not finish every table is imported anyway (what it holds). */
export const KU$_DATAOPT_ACCEPT_INCOMPLETE_SET = 65536;
/** DATA_OPTIONS bit (Sluice's own, as pg_restore's --disable-triggers): an existing table's user triggers do not fire while its rows load. */
export const KU$_DATAOPT_DISABLE_TRIGGERS = 8192;

/** The DATA_OPTIONS words and their bits. */
export const DATA_OPTION_BITS: Readonly<Record<string, number>> = {
  SKIP_CONSTRAINT_ERRORS: KU$_DATAOPT_SKIP_CONST_ERR,
  CONTINUE_LOAD_ON_FORMAT_ERROR: KU$_DATAOPT_CONT_LD_ON_FMT_ERR,
  DISABLE_TRIGGERS: KU$_DATAOPT_DISABLE_TRIGGERS,
  ACCEPT_INCOMPLETE_SET: KU$_DATAOPT_ACCEPT_INCOMPLETE_SET,
};

/** Every SET_PARAMETER name Sluice accepts. */
export const PARAMETER_SPECS: readonly ParameterSpec[] = [
  { name: 'CLIENT_COMMAND', kind: 'text', operations: ALL_OPS, doc: 'The command line that started the job, shown in the log.' },
  { name: 'COMPRESSION', kind: 'choice', values: ['ALL', 'DATA_ONLY', 'METADATA_ONLY', 'NONE'], operations: EXPORT, doc: 'Which frames are compressed. Default METADATA_ONLY.' },
  { name: 'COMPRESSION_ALGORITHM', kind: 'choice', values: ['LZ4'], operations: EXPORT, doc: 'The compression codec; LZ4 is the one there is. Default LZ4.' },
  {
    name: 'DATA_ACCESS_METHOD',
    kind: 'choice',
    values: ['AUTOMATIC', 'DIRECT_PATH'],
    operations: ['EXPORT', 'IMPORT'],
    doc: 'AUTOMATIC (default) picks the native bulk path (COPY, LOAD DATA) and falls back to rows when a remap needs them; DIRECT_PATH insists on the bulk path.',
  },
  {
    name: 'DATA_OPTIONS',
    kind: 'mask',
    operations: IMPORT,
    doc: 'SKIP_CONSTRAINT_ERRORS (1): rejected rows go to the reject file; CONTINUE_LOAD_ON_FORMAT_ERROR (1024): skip damaged frames; DISABLE_TRIGGERS (8192): the user triggers of existing target tables are off while their rows load (where the target can, and the user may); ACCEPT_INCOMPLETE_SET (65536): import a set whose export did not finish every table, naming the missing ones. Words or the bit sum. Default 0.',
  },
  {
    name: 'ENCRYPTION',
    kind: 'choice',
    values: ['ALL', 'DATA_ONLY', 'METADATA_ONLY', 'NONE'],
    operations: EXPORT,
    doc: 'Which frames are encrypted. Default NONE, or ALL when a password or key file is given.',
  },
  { name: 'ENCRYPTION_ALGORITHM', kind: 'choice', values: ['AES128', 'AES192', 'AES256'], operations: EXPORT, doc: 'AES-GCM key size. Default AES128.' },
  {
    name: 'ENCRYPTION_MODE',
    kind: 'choice',
    values: ['PASSWORD', 'TRANSPARENT'],
    operations: EXPORT,
    doc: 'PASSWORD: key derived from ENCRYPTION_PASSWORD; TRANSPARENT: key read from ENCRYPTION_KEY_FILE (unattended jobs). Default follows the secret given.',
  },
  {
    name: 'ENCRYPTION_PASSWORD',
    kind: 'text',
    operations: ALL_OPS,
    secret: true,
    doc: 'Password to encrypt (export) or decrypt (import, SQL_FILE). Kept in memory only; may be given again while IDLING.',
  },
  { name: 'ENCRYPTION_KEY_FILE', kind: 'text', operations: ALL_OPS, secret: true, doc: 'Sluice: a file holding the key for ENCRYPTION_MODE=TRANSPARENT. Kept in memory only.' },
  { name: 'ESTIMATE', kind: 'choice', values: ['BLOCKS', 'STATISTICS'], operations: EXPORT, networkImport: true, doc: 'How table sizes are estimated. Default STATISTICS.' },
  { name: 'ESTIMATE_ONLY', kind: 'switch', operations: EXPORT, doc: 'Report sizes and write no dump. Default 0.' },
  { name: 'FLASHBACK', kind: 'switch', operations: EXPORT, networkImport: true, doc: 'Sluice: 1 (default) reads every table in one consistent snapshot; 0 reads each table as it is when reached.' },
  { name: 'INCLUDE_METADATA', kind: 'switch', operations: ALL_OPS, doc: '0 moves rows only (CONTENT=DATA_ONLY). Default 1.' },
  { name: 'KEEP_MASTER', kind: 'switch', operations: ALL_OPS, doc: 'Keep the master table after the job completes. Default 0.' },
  { name: 'LOGTIME', kind: 'choice', values: ['NONE', 'STATUS', 'LOGFILE', 'ALL'], operations: ALL_OPS, doc: 'Where lines get timestamps. Default NONE.' },
  { name: 'MASTER_ONLY', kind: 'switch', operations: ['IMPORT', 'SQL_FILE'], doc: 'Rebuild the master table from the dump and stop. Default 0.' },
  { name: 'METRICS', kind: 'switch', operations: ALL_OPS, doc: 'Log object counts and elapsed times. Default 0.' },
  {
    name: 'PARTITION_OPTIONS',
    kind: 'choice',
    values: ['NONE', 'DEPARTITION', 'MERGE'],
    operations: ['IMPORT', 'SQL_FILE'],
    doc: "NONE (the default) creates partitioned tables as they were; MERGE creates each as one ordinary table holding every partition's rows; DEPARTITION makes each partition an ordinary table (PostgreSQL: the partition's own name; MySQL: <table>_<partition>).",
  },
  {
    name: 'TABLE_EXISTS_ACTION',
    kind: 'choice',
    values: ['SKIP', 'APPEND', 'TRUNCATE', 'REPLACE'],
    operations: IMPORT,
    doc: 'What to do when a table exists. Default SKIP, or APPEND when INCLUDE_METADATA=0.',
  },
  { name: 'USER_METADATA', kind: 'switch', operations: EXPORT, networkImport: true, doc: 'Include users/roles and their grants for the exported schemas. Default 1 in FULL mode, else 0.' },
  { name: 'CHECKSUM', kind: 'switch', operations: EXPORT, doc: 'Add a SHA-256 over each whole file. Default 0.' },
  { name: 'VERIFY_CHECKSUM', kind: 'switch', operations: ['IMPORT', 'SQL_FILE'], doc: "Verify the files' SHA-256 before touching the target. Default 0." },
];

/** Oracle parameters that have no meaning for PostgreSQL/MySQL, with the reason given to the caller. */
export const REFUSED_PARAMETERS: Readonly<Record<string, string>> = {
  TABLESPACE_DATAFILE: 'it names the data files of a transportable tablespace, and Sluice moves data through dump files or a network link, never data files',
  TTS_FULL_CHECK: 'it checks transportable-tablespace containment, and there are no transportable tablespaces here',
  TRANSPORTABLE: 'transportable tablespaces copy Oracle data files, which PostgreSQL and MySQL do not have',
  SOURCE_EDITION: 'editions are an Oracle feature PostgreSQL and MySQL do not have',
  TARGET_EDITION: 'editions are an Oracle feature PostgreSQL and MySQL do not have',
  STREAMS_CONFIGURATION: 'Oracle Streams metadata does not exist here',
  SKIP_UNUSABLE_INDEXES: 'PostgreSQL and MySQL have no unusable indexes',
  FLASHBACK_SCN: 'neither engine can read a table as of a past point; FLASHBACK=1 reads everything in one snapshot taken when the job starts',
  FLASHBACK_TIME: 'neither engine can read a table as of a past point; FLASHBACK=1 reads everything in one snapshot taken when the job starts',
  REUSE_DATAFILES: 'imports create tables, never data files',
  OPTIMIZE_ESTIMATE: 'ESTIMATE=STATISTICS already reads the optimizer statistics',
};

const BY_NAME = new Map(PARAMETER_SPECS.map((spec) => [spec.name, spec]));

/** The spec of a parameter name, or undefined. */
export function parameterSpec(name: string): ParameterSpec | undefined {
  return BY_NAME.get(name);
}
