import { isAbsolute } from 'node:path';
import { isLocationUrl, MIN_FILE_SIZE } from '@sluice/dump-format';
import { JobError } from '../errors.js';
import type { JobDefinition, JobFileSpec } from '../job/job-definition.js';
import { describe } from '../parameters/index.js';

/** What addFile accepts: a JobFileSpec, the kind defaulting to DUMP. */
export interface AddFileSpec {
  readonly kind?: JobFileSpec['kind'];
  readonly name: string;
  readonly directory: string;
  readonly fileSize?: number;
  readonly reuse?: boolean;
}

/** Check an ADD_FILE call against the job; returns the spec in canonical form. */
export function validateFileSpec(def: JobDefinition, spec: AddFileSpec): JobFileSpec {
  const fail = (message: string, code: 'INVALID_ARGVAL' | 'INVALID_OPERATION' | 'INCONSISTENT_ARGS' = 'INVALID_ARGVAL'): never => {
    throw new JobError(code, `addFile: ${message}`, { jobName: def.jobName });
  };
  if (typeof spec !== 'object' || spec === null) return fail(`needs { kind, name, directory }, got ${describe(spec)}`);
  const kind = spec.kind ?? 'DUMP';
  if (kind !== 'DUMP' && kind !== 'LOG' && kind !== 'SQL') return fail(`kind ${describe(spec.kind)} is not a file kind; use DUMP, LOG or SQL`);
  const { name, directory } = spec;
  if (typeof name !== 'string' || name === '') return fail(`the file name must be a non-empty string, got ${describe(name)}`);
  if (/[/\\\0]/.test(name) || name.includes('..') || name === '.') {
    fail(`${JSON.stringify(name)} is not a simple file name; files live inside their directory, so give the directory separately and a name without /, \\ or ..`);
  }
  if (typeof directory !== 'string' || directory === '' || !(isAbsolute(directory) || isLocationUrl(directory)) || directory.includes('\0')) {
    return fail(`the directory must be an absolute path or an object-storage URL (s3://bucket/prefix), got ${describe(directory)}`);
  }
  checkTemplate(def, kind, name, fail);
  if (spec.fileSize !== undefined) {
    if (kind !== 'DUMP') fail(`fileSize applies to dump files, not ${kind} files`, 'INCONSISTENT_ARGS');
    if (!Number.isSafeInteger(spec.fileSize) || spec.fileSize < MIN_FILE_SIZE) fail(`fileSize must be a whole number of bytes, at least ${MIN_FILE_SIZE}; got ${describe(spec.fileSize)}`);
  }
  if (spec.reuse !== undefined) {
    if (typeof spec.reuse !== 'boolean') fail(`reuse must be true or false, got ${describe(spec.reuse)}`);
    if (kind !== 'DUMP' || def.operation !== 'EXPORT') fail('reuse (REUSE_DUMPFILES) applies to dump files an export writes', 'INCONSISTENT_ARGS');
  }
  if (kind === 'SQL' && def.operation !== 'SQL_FILE') fail(`a SQL file is what a SQL_FILE job writes, and job ${def.jobName} is an ${def.operation}`, 'INVALID_OPERATION');
  if (kind === 'DUMP' && def.networkLink) fail(`job ${def.jobName} reads its source over a network link and uses no dump files`, 'INCONSISTENT_ARGS');
  if (kind !== 'DUMP' && def.files.some((f) => f.kind === kind)) {
    fail(`job ${def.jobName} already has a ${kind} file (${def.files.find((f) => f.kind === kind)?.name}); a job has one`, 'INCONSISTENT_ARGS');
  }
  if (def.files.some((f) => f.name === name && f.directory === directory)) fail(`${name} in ${directory} was already added`, 'INCONSISTENT_ARGS');
  return {
    kind,
    name,
    directory,
    ...(spec.fileSize === undefined ? {} : { fileSize: spec.fileSize }),
    ...(spec.reuse === undefined ? {} : { reuse: spec.reuse }),
  };
}

/** File name templates: %U and %L for dump files, %d %m %y %t for dump files an export writes, %% everywhere. */
function checkTemplate(def: JobDefinition, kind: JobFileSpec['kind'], name: string, fail: (m: string) => never): void {
  const found: string[] = [];
  for (let i = 0; i < name.length; i++) {
    if (name[i] !== '%') continue;
    const t = name[i + 1];
    if (t === undefined) fail(`${JSON.stringify(name)} ends with a lone %; write %% for a percent sign`);
    i++;
    const letter = (t as string).toUpperCase();
    if (letter === '%') continue;
    if (!['U', 'L', 'D', 'M', 'Y', 'T'].includes(letter)) fail(`${JSON.stringify(name)} has %${t}, which is not a template; templates are %U, %L, %d, %m, %y, %t and %%`);
    if (kind !== 'DUMP') fail(`templates such as %${t} are for dump files; a ${kind} file has one fixed name`);
    if (letter !== 'U' && letter !== 'L' && def.operation !== 'EXPORT') fail(`%${t} stamps the date an export writes its files; an ${def.operation} names existing files, so write the name in full`);
    found.push(letter);
  }
  if (found.includes('U') && found.includes('L')) fail(`${JSON.stringify(name)} uses both %U and %L; use one`);
}
