import type { TableRef } from '@sluice/adapter-kit';
import { JobError } from '../errors.js';
import { validateDataFilter, validateMetadataFilter } from '../filters/index.js';
import type { DataRemapSpec, JobDefinition, MetadataFilterSpec, MetadataRemapSpec, MetadataTransformSpec } from '../job/job-definition.js';
import { checkParameterConsistency, describe, validateParameter, type ParameterValue } from '../parameters/index.js';
import { validateDataRemap, validateMetadataRemap, validateTransform } from '../remap/index.js';
import { validateFileSpec, type AddFileSpec } from './file-spec.js';
import { checkedState, currentState, secretsPresent, type JobHandle } from './job-handle.js';

/** The largest SET_PARALLEL degree. */
export const MAX_DEGREE = 1024;

/** Read-modify-write of the stored definition (the job row is the one place it lives, so every session sees it). */
async function updateDefinition(h: JobHandle, change: (def: JobDefinition) => JobDefinition, extra: { degree?: number } = {}): Promise<JobDefinition> {
  const record = await h.store.readJob();
  const next = change(record.definition);
  await h.store.updateJob({ definition: next, ...extra });
  h.lastRecord = { ...record, definition: next };
  return next;
}

/** ADD_FILE: a dump, log or SQL file. While the job runs (or idles) only dump files of an export. */
export async function addFile(h: JobHandle, spec: AddFileSpec): Promise<void> {
  const state = await checkedState(h, 'ADD_FILE', { fileKind: spec?.kind ?? 'DUMP' });
  const def = await updateDefinition(h, (d) => ({ ...d, files: [...d.files, validateFileSpec(d, spec)] }));
  const added = def.files[def.files.length - 1];
  if (added !== undefined && state === 'EXECUTING' && h.run !== undefined && !h.run.ended) h.run.addFile(added.directory, added.name);
}

/** METADATA_FILTER: INCLUDE/EXCLUDE_PATH_EXPR/LIST, NAME_EXPR/LIST, EXCLUDE_NAME_EXPR/LIST, SCHEMA_EXPR/LIST. */
export async function metadataFilter(h: JobHandle, spec: MetadataFilterSpec): Promise<void> {
  await checkedState(h, 'METADATA_FILTER');
  const filter = validateMetadataFilter(h.jobName, spec);
  await updateDefinition(h, (d) => ({ ...d, metadataFilters: [...d.metadataFilters, filter] }));
}

/** DATA_FILTER: INCLUDE_ROWS, QUERY, SAMPLE, PARTITION_LIST, for one table (as named in the source) or the whole job. */
export async function dataFilter(h: JobHandle, spec: { name: string; value: string | number | boolean; table?: TableRef }): Promise<void> {
  await checkedState(h, 'DATA_FILTER');
  await updateDefinition(h, (d) => ({ ...d, dataFilters: [...d.dataFilters, validateDataFilter(d, spec)] }));
}

/** DATA_REMAP: pass a column's values through a function registered with registerRemapFunction. */
export async function dataRemap(h: JobHandle, spec: DataRemapSpec): Promise<void> {
  await checkedState(h, 'DATA_REMAP');
  await updateDefinition(h, (d) => {
    const next = { ...d, dataRemaps: [...d.dataRemaps, validateDataRemap(d, spec)] };
    checkParameterConsistency(next, secretsPresent(h), false);
    return next;
  });
}

/** METADATA_REMAP: REMAP_SCHEMA, REMAP_TABLE, REMAP_TABLESPACE (import and SQL_FILE). */
export async function metadataRemap(h: JobHandle, spec: MetadataRemapSpec): Promise<void> {
  await checkedState(h, 'METADATA_REMAP');
  await updateDefinition(h, (d) => ({ ...d, metadataRemaps: [...d.metadataRemaps, validateMetadataRemap(d, spec)] }));
}

/** METADATA_TRANSFORM: SEGMENT_ATTRIBUTES, STORAGE, TABLESPACE, OWNER, GRANTS, DEFINER, TABLE_OPTIONS, ENGINE, COMMENTS = Y|N. */
export async function metadataTransform(h: JobHandle, spec: MetadataTransformSpec): Promise<void> {
  await checkedState(h, 'METADATA_TRANSFORM');
  await updateDefinition(h, (d) => ({ ...d, transforms: [...d.transforms, validateTransform(d, spec)] }));
}

/** SET_PARAMETER. ENCRYPTION_PASSWORD and ENCRYPTION_KEY_FILE are held in this process only, and may be given again while IDLING. */
export async function setParameter(h: JobHandle, name: string, value: ParameterValue): Promise<void> {
  const upper = typeof name === 'string' ? name.trim().toUpperCase() : '';
  await checkedState(h, 'SET_PARAMETER', { parameter: upper });
  const record = await h.store.readJob();
  const def = record.definition;
  const parameter = validateParameter({ jobName: h.jobName, operation: def.operation, networkLink: def.networkLink }, name, value);
  if (parameter.kind === 'secret') {
    const secrets = { ...h.channel.secrets, ...(parameter.name === 'ENCRYPTION_PASSWORD' ? { encryptionPassword: parameter.value } : { keyFile: parameter.value }) };
    checkParameterConsistency(def, { password: secrets.encryptionPassword !== undefined, keyFile: secrets.keyFile !== undefined }, false);
    h.channel.secrets = secrets;
    return;
  }
  const previous = def.parameters[parameter.name];
  if (previous !== undefined) {
    throw new JobError('INCONSISTENT_ARGS', `setParameter: ${parameter.name} was already set to ${describe(previous)} for job ${h.jobName}; each parameter is set once`, {
      jobName: h.jobName,
    });
  }
  if (parameter.name === 'ESTIMATE') checkEstimateMethod(h, def, parameter.value as 'BLOCKS' | 'STATISTICS');
  const next: JobDefinition = { ...def, parameters: { ...def.parameters, [parameter.name]: parameter.value } };
  checkParameterConsistency(next, secretsPresent(h), false);
  await h.store.updateJob({ definition: next });
}

function checkEstimateMethod(h: JobHandle, def: JobDefinition, method: 'BLOCKS' | 'STATISTICS'): void {
  const source = def.operation === 'EXPORT' ? (h.source ?? h.home) : h.networkLink;
  if (source === undefined || source.data.estimateMethods.includes(method)) return;
  throw new JobError('INVALID_ARGVAL', `setParameter: ESTIMATE=${method} is not available on the source (${source.name}), which estimates by ${source.data.estimateMethods.join(' or ')}`, {
    jobName: h.jobName,
  });
}

/** SET_PARALLEL: the number of active workers; while the job runs, workers are added or retired. */
export async function setParallel(h: JobHandle, degree: number): Promise<void> {
  if (!Number.isInteger(degree) || degree < 1 || degree > MAX_DEGREE) {
    await currentState(h);
    throw new JobError('INVALID_ARGVAL', `setParallel: the degree must be a whole number from 1 to ${MAX_DEGREE}, got ${describe(degree)}`, { jobName: h.jobName });
  }
  const state = await checkedState(h, 'SET_PARALLEL');
  // The job row carries it to a run in another process, and to a restart.
  const write = async (): Promise<void> => {
    await updateDefinition(h, (d) => ({ ...d, parallel: degree }), { degree });
  };
  if (state === 'EXECUTING' && h.run !== undefined && !h.run.ended) await h.run.setParallelAndRecord(degree, write);
  else await write();
}
