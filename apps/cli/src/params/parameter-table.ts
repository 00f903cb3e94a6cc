import { DATA_OPTION_BITS, PARAMETER_SPECS } from '@sluice/engine';
import type { CommandName, ParameterSpec } from './parameter-spec.js';

/**
 * The values of the engine's parameter of that name (SET_PARAMETER): the command line accepts the same
 * words, so the engine's spec is their one source.
 */
function engineValues(name: string): readonly string[] {
  const values = PARAMETER_SPECS.find((spec) => spec.name === name)?.values;
  if (values === undefined) throw new Error(`the engine has no parameter ${name} with a list of values`);
  return values;
}

const EXP: readonly CommandName[] = ['export'];
const IMP: readonly CommandName[] = ['import'];
const BOTH: readonly CommandName[] = ['export', 'import'];

/**
 * Every parameter `sluice` accepts, in alphabetical order. The parser, `sluice help` and the README's
 * parameter table are all built from this one list.
 */
// biome-ignore format: a table, one parameter per entry with its description on the next line
export const PARAMETERS: readonly ParameterSpec[] = [
  { name: 'ACCESS_METHOD', kind: 'enum', commands: BOTH, values: engineValues('DATA_ACCESS_METHOD'), defaultValue: 'AUTOMATIC',
    description: 'How table data is moved: AUTOMATIC, or DIRECT_PATH (the native bulk path: COPY, LOAD DATA).' },
  { name: 'CHECKSUM', kind: 'bool', commands: EXP, defaultValue: 'N',
    description: 'Write a SHA-256 of every dump file in its trailer (every frame is always checksummed).' },
  { name: 'COMPRESSION', kind: 'enum', commands: EXP, values: engineValues('COMPRESSION'), defaultValue: 'METADATA_ONLY',
    description: 'What to compress: ALL, DATA_ONLY, METADATA_ONLY or NONE.' },
  { name: 'COMPRESSION_ALGORITHM', kind: 'enum', commands: EXP, values: engineValues('COMPRESSION_ALGORITHM'), defaultValue: 'LZ4',
    description: 'The compression algorithm.' },
  { name: 'CONSISTENT', kind: 'bool', commands: BOTH, defaultValue: 'Y',
    description: 'Read every table from one consistent snapshot of the source (export, or import with NETWORK_LINK).' },
  { name: 'CONTENT', kind: 'enum', commands: BOTH, values: ['ALL', 'DATA_ONLY', 'METADATA_ONLY'], defaultValue: 'ALL',
    description: 'What to move: ALL, DATA_ONLY (rows only) or METADATA_ONLY (definitions only).' },
  { name: 'CONTENTS', kind: 'bool', commands: ['info'], defaultValue: 'N',
    description: 'Also list the objects in the dump file set, from its master table.' },
  { name: 'CONTROL', kind: 'url', commands: ['export', 'import', 'attach', 'jobs'], placeholder: 'URL',
    description: 'A database that holds the job\'s master table instead of the source (export) or target (import): PostgreSQL or MySQL/MariaDB, on this server or another, where the user may create tables. A user with only SELECT on the source exports this way (password: SLUICE_CONTROL_PASSWORD or the prompt).' },
  { name: 'CREDENTIAL', kind: 'text', commands: ['export', 'import', 'attach', 'info', 'verify', 'transfer'], placeholder: 'profile',
    description: 'The AWS profile (shared config and credentials files) whose keys reach an s3:// location; without it the standard AWS chain is used (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, the default profile).' },
  { name: 'DATA_OPTIONS', kind: 'list', commands: IMP, values: Object.keys(DATA_OPTION_BITS), placeholder: 'option[,...]',
    description: 'SKIP_CONSTRAINT_ERRORS (rejected rows go to a reject file), CONTINUE_LOAD_ON_FORMAT_ERROR (skip damaged frames), DISABLE_TRIGGERS (the user triggers of existing tables do not fire while rows load; PostgreSQL, as the table\'s owner), ACCEPT_INCOMPLETE_SET (import a set whose export did not finish every table).' },
  { name: 'DEBUG', kind: 'bool', commands: ['export', 'import', 'attach', 'jobs', 'info', 'verify', 'transfer'], defaultValue: 'N',
    description: 'Show the stack trace of an unexpected error.' },
  { name: 'DIRECTORY', kind: 'path', commands: ['export', 'import', 'attach', 'info', 'verify', 'transfer'], defaultValue: '.', placeholder: 'folder',
    description: 'The folder dump, log and SQL files are written to and read from, or an object-storage location: s3://bucket/prefix (or an https:// bucket URL). For transfer: where the set is copied from.' },
  { name: 'DUMPFILE', kind: 'files', commands: ['export', 'import', 'info', 'verify', 'transfer'], defaultValue: 'expdat.dmp', placeholder: 'file[,...]', repeatable: true,
    description: 'Dump file names inside DIRECTORY; templates %U, %L (and, for export, %d %m %y %t) number the files of a set. A whole URL (s3://bucket/prefix/exp%U.dmp) names the location too.' },
  { name: 'ENCRYPTION', kind: 'enum', commands: EXP, values: engineValues('ENCRYPTION'), defaultValue: 'NONE (ALL when a password is given)',
    description: 'What to encrypt: ALL, DATA_ONLY, METADATA_ONLY or NONE.' },
  { name: 'ENCRYPTION_ALGORITHM', kind: 'enum', commands: EXP, values: engineValues('ENCRYPTION_ALGORITHM'), defaultValue: 'AES128',
    description: 'The AES-GCM key length.' },
  { name: 'ENCRYPTION_KEY_FILE', kind: 'path', commands: ['export', 'import', 'attach', 'info', 'verify'], placeholder: 'path',
    description: 'A file holding the encryption key, for unattended jobs (ENCRYPTION_MODE=TRANSPARENT).' },
  { name: 'ENCRYPTION_MODE', kind: 'enum', commands: EXP, values: engineValues('ENCRYPTION_MODE'), defaultValue: 'PASSWORD, or TRANSPARENT with ENCRYPTION_KEY_FILE',
    description: 'PASSWORD (a key derived from the encryption password) or TRANSPARENT (the key in ENCRYPTION_KEY_FILE).' },
  { name: 'ENCRYPTION_PASSWORD', kind: 'secret', commands: ['export', 'import', 'attach', 'info', 'verify'], placeholder: 'password',
    description: 'The encryption password. Prefer the prompt, ENCRYPTION_PASSWORD_FILE or SLUICE_ENCRYPTION_PASSWORD: a command line can be read by other users.' },
  { name: 'ENCRYPTION_PASSWORD_FILE', kind: 'path', commands: ['export', 'import', 'attach', 'info', 'verify'], placeholder: 'path',
    description: 'A file whose first line is the encryption password.' },
  { name: 'ENCRYPTION_PWD_PROMPT', kind: 'bool', commands: ['export', 'import', 'attach', 'info', 'verify'], defaultValue: 'N',
    description: 'Ask for the encryption password on the terminal, without echo.' },
  { name: 'ESTIMATE', kind: 'enum', commands: BOTH, values: engineValues('ESTIMATE'), defaultValue: 'STATISTICS',
    description: 'How table sizes are estimated (export, or import with NETWORK_LINK).' },
  { name: 'ESTIMATE_ONLY', kind: 'bool', commands: EXP, defaultValue: 'N',
    description: 'Only estimate the size of the export; write no dump file.' },
  { name: 'EXCLUDE', kind: 'filter', commands: BOTH, repeatable: true, placeholder: 'object_type[:name_clause][,...]',
    description: 'Leave out objects of a type, optionally only those whose names match, e.g. INDEX:"LIKE \'EMP%\'".' },
  { name: 'FILESIZE', kind: 'size', commands: EXP, placeholder: 'size',
    description: 'Close a dump file at this size and open the next one (e.g. 2G, 500MB).' },
  { name: 'FULL', kind: 'bool', commands: BOTH, defaultValue: 'N',
    description: 'Move the whole database.' },
  { name: 'HELP', kind: 'bool', commands: ['export', 'import', 'attach', 'jobs', 'info', 'verify', 'transfer'], defaultValue: 'N',
    description: 'Show the command\'s parameters and stop (also --help, -h, `sluice help COMMAND`).' },
  { name: 'INCLUDE', kind: 'filter', commands: BOTH, repeatable: true, placeholder: 'object_type[:name_clause][,...]',
    description: 'Move only objects of a type, optionally only those whose names match, e.g. TABLE:"IN (\'EMP\',\'DEPT\')".' },
  { name: 'JOB_NAME', kind: 'text', commands: BOTH, defaultValue: 'SYS_<OPERATION>_<MODE>_NN', placeholder: 'name',
    description: 'The job\'s name, which is also the name of its master table.' },
  { name: 'KEEP_MASTER', kind: 'bool', commands: BOTH, defaultValue: 'N',
    description: 'Keep the master table after the job completes.' },
  { name: 'LOGFILE', kind: 'file', commands: ['export', 'import', 'transfer'], defaultValue: 'export.log / import.log / transfer.log', placeholder: 'file',
    description: 'The log file name inside DIRECTORY (transfer: inside TO).' },
  { name: 'LOGTIME', kind: 'enum', commands: BOTH, values: engineValues('LOGTIME'), defaultValue: 'NONE',
    description: 'Put timestamps on messages: on the screen (STATUS), in the log file (LOGFILE), both (ALL).' },
  { name: 'MASTER_ONLY', kind: 'bool', commands: IMP, defaultValue: 'N',
    description: 'Only rebuild the master table from the dump file set (see `sluice info --contents`); import nothing.' },
  { name: 'METRICS', kind: 'bool', commands: BOTH, defaultValue: 'N',
    description: 'Log the time taken by each kind of object and the number of objects.' },
  { name: 'NETWORK_LINK', kind: 'url', commands: ['import', 'attach'], placeholder: 'URL',
    description: 'Import straight from this source database, with no dump file (same engine as the target).' },
  { name: 'NOLOGFILE', kind: 'bool', commands: ['export', 'import', 'transfer'], defaultValue: 'N',
    description: 'Write no log file.' },
  { name: 'PARALLEL', kind: 'int', commands: ['export', 'import', 'attach'], min: 1, max: 1024, defaultValue: '1', placeholder: 'n',
    description: 'The number of workers; one large table is split among them.' },
  { name: 'PARFILE', kind: 'path', commands: ['export', 'import', 'attach', 'jobs', 'info', 'verify', 'transfer'], placeholder: 'path',
    description: 'Read parameters from this file: one or more per line, # comments, a trailing \\ continues a line.' },
  { name: 'PARTITION_OPTIONS', kind: 'enum', commands: IMP, values: engineValues('PARTITION_OPTIONS'), defaultValue: 'NONE',
    description: 'NONE creates partitioned tables as they were. MERGE creates each as one ordinary table with every partition\'s rows. DEPARTITION makes each partition an ordinary table (PostgreSQL keeps the partition\'s name; MySQL names it <table>_<partition>).' },
  { name: 'QUERY', kind: 'query', commands: BOTH, repeatable: true, placeholder: '[schema.][table:]"clause"',
    description: 'Move only the rows of a table (or of every table) that a WHERE clause selects (export, or import with NETWORK_LINK).' },
  { name: 'REMAP_DATA', kind: 'remapData', commands: BOTH, repeatable: true, placeholder: '[schema.]table.column:function',
    description: 'Pass a column\'s values through a remap function registered with the engine.' },
  { name: 'REMAP_SCHEMA', kind: 'remap', commands: IMP, repeatable: true, placeholder: 'source:target',
    description: 'Create the objects of one schema in another.' },
  { name: 'REMAP_TABLE', kind: 'remap', commands: IMP, repeatable: true, placeholder: '[schema.]old:new',
    description: 'Rename a table on import.' },
  { name: 'REMAP_TABLESPACE', kind: 'remap', commands: IMP, repeatable: true, placeholder: 'source:target',
    description: 'Create objects of one tablespace in another.' },
  { name: 'REUSE_DUMPFILES', kind: 'bool', commands: ['export', 'transfer'], defaultValue: 'N',
    description: 'Overwrite dump files that already exist (otherwise an existing file is an error; transfer skips verified copies of the set\'s own files either way).' },
  { name: 'S3_ENDPOINT', kind: 'text', commands: ['export', 'import', 'attach', 'info', 'verify', 'transfer'], placeholder: 'URL',
    description: 'The endpoint of an S3-compatible store (MinIO, R2, Ceph, Garage...), e.g. http://127.0.0.1:9000; default AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL, else AWS. IP addresses and localhost are reached path-style.' },
  { name: 'S3_PART_SIZE', kind: 'size', commands: ['export', 'attach', 'transfer'], defaultValue: '8MB', placeholder: 'size',
    description: 'The part size of the multipart uploads that stream dump files into object storage (at least 5MB); four parts per file are in flight.' },
  { name: 'SAMPLE', kind: 'sample', commands: EXP, repeatable: true, placeholder: '[[schema.]table:]percent',
    description: 'Export only this percentage of the rows of a table (or of every table).' },
  { name: 'SCHEMAS', kind: 'list', commands: BOTH, repeatable: true, placeholder: 'schema[,...]',
    description: 'Move these schemas (MySQL: databases). The default mode when neither FULL nor TABLES is given.' },
  { name: 'SERVE', kind: 'bool', commands: ['attach'], defaultValue: 'N',
    description: 'Add this process\'s workers (PARALLEL of them) to a job running in another process, on this machine or another, with its dump files in a shared location (a bucket or a shared folder); stay until no work is left.' },
  { name: 'SOURCE', kind: 'url', commands: ['export', 'attach', 'jobs'], placeholder: 'URL',
    description: 'The source database: postgres://, postgresql://, mysql:// or mariadb:// URL (password: SLUICE_SOURCE_PASSWORD or the prompt).' },
  { name: 'SQLFILE', kind: 'file', commands: IMP, placeholder: 'file',
    description: 'Write the DDL the import would run to this file inside DIRECTORY, and change nothing.' },
  { name: 'START', kind: 'bool', commands: ['attach'], defaultValue: 'N',
    description: 'Restart the stopped job and stay attached until it ends, exiting with its exit code.' },
  { name: 'STATUS', kind: 'int', commands: ['export', 'import', 'attach'], min: 0, max: 86_400, defaultValue: '0', placeholder: 'seconds',
    description: 'Also print a status summary every this many seconds.' },
  { name: 'TABLES', kind: 'tables', commands: BOTH, repeatable: true, placeholder: '[schema.]table[:partition][,...]',
    description: 'Move these tables only.' },
  { name: 'TABLESPACES', kind: 'list', commands: BOTH, repeatable: true, placeholder: 'tablespace[,...]',
    description: 'Move the tables stored in these tablespaces, with their indexes, constraints, triggers and grants (PostgreSQL: pg_default for the default one; InnoDB: innodb_system, or schema/table for a file-per-table table).' },
  { name: 'TABLE_EXISTS_ACTION', kind: 'enum', commands: IMP, values: engineValues('TABLE_EXISTS_ACTION'), defaultValue: 'SKIP (APPEND with CONTENT=DATA_ONLY)',
    description: 'What to do when a table already exists on the target.' },
  { name: 'TARGET', kind: 'url', commands: ['import', 'attach', 'jobs'], placeholder: 'URL',
    description: 'The target database URL (password: SLUICE_TARGET_PASSWORD or the prompt).' },
  { name: 'TO', kind: 'path', commands: ['transfer'], placeholder: 'folder',
    description: 'Where transfer copies the set to: a folder, or s3://bucket/prefix (or an https:// bucket URL).' },
  { name: 'TO_CREDENTIAL', kind: 'text', commands: ['transfer'], defaultValue: 'CREDENTIAL', placeholder: 'profile',
    description: 'The AWS profile whose keys reach an s3:// TO, when the destination needs other keys than the source.' },
  { name: 'TO_S3_ENDPOINT', kind: 'text', commands: ['transfer'], defaultValue: 'S3_ENDPOINT', placeholder: 'URL',
    description: 'The endpoint of an s3:// TO, when the destination is another store than the source.' },
  { name: 'TRANSFORM', kind: 'transform', commands: IMP, repeatable: true, placeholder: 'name:value[:object_type]',
    description: 'Change generated DDL, e.g. OMIT_OWNER:Y, SEGMENT_ATTRIBUTES:N, STORAGE:N.' },
  { name: 'USER_METADATA', kind: 'bool', commands: BOTH, defaultValue: 'Y with FULL=Y, else N',
    description: 'Include users, roles and their grants (export, or import with NETWORK_LINK).' },
  { name: 'VERIFY_CHECKSUM', kind: 'bool', commands: IMP, defaultValue: 'N',
    description: 'Verify the checksums of the whole dump file set before the target is touched.' },
  { name: 'VERSION', kind: 'text', commands: EXP, defaultValue: 'LATEST', placeholder: 'COMPATIBLE|LATEST|major.minor',
    description: 'The dump format version to write, so an older Sluice can read the set.' },
];

const byName = new Map(PARAMETERS.map((p) => [p.name, p]));

/** The parameter of that name (upper case), or undefined. */
export function findParameter(name: string): ParameterSpec | undefined {
  return byName.get(name);
}

/** The parameters a command takes, in table order. */
export function parametersOf(command: CommandName): ParameterSpec[] {
  return PARAMETERS.filter((p) => p.commands.includes(command));
}
