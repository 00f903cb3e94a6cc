import { JobError } from '../errors.js';
import type { JobDefinition, JobOperation } from '../job/job-definition.js';
import { DATA_OPTION_BITS, PARAMETER_SPECS, REFUSED_PARAMETERS, parameterSpec, type ParameterSpec } from './parameter-specs.js';

/** A SET_PARAMETER value as the caller may give it. */
export type ParameterValue = string | number | boolean;

/** A validated parameter: the canonical value to store, or a secret to hold in memory only. */
export type ValidatedParameter =
  | { readonly kind: 'stored'; readonly name: string; readonly value: string | number }
  | { readonly kind: 'secret'; readonly name: 'ENCRYPTION_PASSWORD' | 'ENCRYPTION_KEY_FILE'; readonly value: string };

/** What a parameter is checked against: the job's operation and whether it reads over a network link. */
export interface ParameterContext {
  readonly jobName: string;
  readonly operation: JobOperation;
  readonly networkLink: boolean;
}

/** Values Oracle has that Sluice refuses, with the reason. */
const REFUSED_VALUES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  DATA_ACCESS_METHOD: {
    EXTERNAL_TABLE: "external tables are an Oracle mechanism; Sluice moves data with the engine's bulk path (DIRECT_PATH) or row by row, chosen by AUTOMATIC",
    CONVENTIONAL: 'the row-by-row path is used automatically when a remap needs rows; use AUTOMATIC',
    INSERT_AS_SELECT: 'a network-link import already streams rows from the source; use AUTOMATIC',
  },
  ENCRYPTION: { ENCRYPTED_COLUMNS_ONLY: 'PostgreSQL and MySQL have no encrypted columns for a dump to keep encrypted; use ALL or DATA_ONLY' },
  ENCRYPTION_MODE: { DUAL: 'a dump file set is encrypted under one key source; choose PASSWORD or TRANSPARENT (key file)' },
  COMPRESSION_ALGORITHM: {
    BASIC: 'the codec is LZ4',
    LOW: 'the codec is LZ4',
    MEDIUM: 'the codec is LZ4',
    HIGH: 'the codec is LZ4',
  },
};

/**
 * Check one SET_PARAMETER call: a known name, a value of the right type among the allowed ones, an
 * operation it applies to. Returns the canonical value (switches as 0/1, words in upper case).
 */
export function validateParameter(context: ParameterContext, rawName: unknown, value: unknown): ValidatedParameter {
  if (typeof rawName !== 'string' || rawName.trim() === '') {
    throw new JobError('INVALID_ARGVAL', `setParameter needs a parameter name as a string, got ${describe(rawName)}; known names: ${knownNames()}`, { jobName: context.jobName });
  }
  const name = rawName.trim().toUpperCase();
  const refused = REFUSED_PARAMETERS[name];
  if (refused !== undefined) {
    throw new JobError('INVALID_ARGVAL', `setParameter: ${name} is not supported because ${refused}`, { jobName: context.jobName });
  }
  const spec = parameterSpec(name);
  if (spec === undefined) {
    throw new JobError('INVALID_ARGVAL', `setParameter: ${JSON.stringify(rawName)} is not a parameter name; known names: ${knownNames()}`, { jobName: context.jobName });
  }
  checkOperation(context, spec);
  if (spec.secret === true) {
    if (typeof value !== 'string' || value === '') {
      // Never echo the value: it may be a password.
      throw new JobError('INVALID_ARGVAL', `setParameter: ${name} must be a non-empty string`, { jobName: context.jobName });
    }
    return { kind: 'secret', name: name as 'ENCRYPTION_PASSWORD' | 'ENCRYPTION_KEY_FILE', value };
  }
  return { kind: 'stored', name, value: canonicalValue(context, spec, value) };
}

function checkOperation(context: ParameterContext, spec: ParameterSpec): void {
  if (spec.operations.includes(context.operation)) return;
  if (spec.networkImport === true && context.operation === 'IMPORT' && context.networkLink) return;
  const applies = spec.operations.join(' and ') + (spec.networkImport === true ? ' (and network-link IMPORT)' : '');
  throw new JobError(
    'INVALID_OPERATION',
    `setParameter: ${spec.name} applies to ${applies} jobs, and job ${context.jobName} is ${context.operation === 'IMPORT' && context.networkLink ? 'a network-link' : 'an'} ${context.operation}; ${hint(spec, context.operation)}`,
    { jobName: context.jobName },
  );
}

function hint(spec: ParameterSpec, operation: JobOperation): string {
  if (operation === 'EXPORT') return `give ${spec.name} to the job that reads this dump`;
  if (spec.operations.includes('EXPORT')) return `${spec.name} is decided when the dump is written; give it to the export`;
  return `leave ${spec.name} out`;
}

function canonicalValue(context: ParameterContext, spec: ParameterSpec, value: unknown): string | number {
  const bad = (expected: string): JobError => new JobError('INVALID_ARGVAL', `setParameter: ${spec.name} cannot be ${describe(value)}; expected ${expected}`, { jobName: context.jobName });
  switch (spec.kind) {
    case 'switch': {
      const v = typeof value === 'string' ? value.trim().toUpperCase() : value;
      if (v === 1 || v === true || v === '1' || v === 'Y' || v === 'YES' || v === 'TRUE') return 1;
      if (v === 0 || v === false || v === '0' || v === 'N' || v === 'NO' || v === 'FALSE') return 0;
      throw bad('1 or 0 (also true/false, Y/N, YES/NO)');
    }
    case 'choice': {
      const values = spec.values ?? [];
      if (typeof value !== 'string') throw bad(`one of ${values.join(', ')}`);
      const word = value.trim().toUpperCase();
      if (values.includes(word)) return word;
      const reason = REFUSED_VALUES[spec.name]?.[word];
      if (reason !== undefined) {
        throw new JobError('INVALID_ARGVAL', `setParameter: ${spec.name}=${word} is not supported because ${reason}`, { jobName: context.jobName });
      }
      throw bad(`one of ${values.join(', ')}`);
    }
    case 'text':
      if (typeof value !== 'string') throw bad('a string');
      return value;
    case 'mask':
      return dataOptionsMask(value, () =>
        bad(`DATA_OPTIONS words (${Object.keys(DATA_OPTION_BITS).join(', ')}) separated by commas, or their bit sum (${Object.values(DATA_OPTION_BITS).join(', ')})`),
      );
  }
}

function dataOptionsMask(value: unknown, bad: () => JobError): number {
  const known = Object.values(DATA_OPTION_BITS).reduce((a, b) => a | b, 0);
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0 || (value & ~known) !== 0) throw bad();
    return value;
  }
  if (typeof value !== 'string') throw bad();
  const text = value.trim();
  if (/^\d+$/.test(text)) return dataOptionsMask(Number(text), bad);
  let mask = 0;
  for (const word of text.split(/[\s,]+/).filter((w) => w !== '')) {
    const bit = DATA_OPTION_BITS[word.toUpperCase()];
    if (bit === undefined) throw bad();
    mask |= bit;
  }
  return mask;
}

function knownNames(): string {
  return PARAMETER_SPECS.map((s) => s.name).join(', ');
}

/** A value for an error message: short, and typed so `1` and `'1'` differ. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `a ${typeof value}`;
}

/** The secrets a job has, as far as parameter checks need to know (never the values). */
export interface SecretsPresent {
  readonly password: boolean;
  readonly keyFile: boolean;
}

/**
 * Checks between parameters and the rest of the definition, run when a parameter is set (with what
 * is known so far) and again by startJob. Throws INCONSISTENT_ARGS naming both sides.
 */
export function checkParameterConsistency(def: JobDefinition, secrets: SecretsPresent, atStart: boolean): void {
  const p = def.parameters;
  const fail = (message: string): never => {
    throw new JobError('INCONSISTENT_ARGS', message, { jobName: def.jobName });
  };
  if (p.TABLE_EXISTS_ACTION === 'REPLACE' && p.INCLUDE_METADATA === 0) {
    fail('TABLE_EXISTS_ACTION=REPLACE re-creates tables, but INCLUDE_METADATA=0 moves rows only; use TRUNCATE or APPEND, or include metadata');
  }
  if (def.operation === 'EXPORT') {
    if (p.ENCRYPTION === 'NONE' && (secrets.password || secrets.keyFile)) {
      fail('ENCRYPTION=NONE contradicts the ENCRYPTION_PASSWORD/ENCRYPTION_KEY_FILE given; leave ENCRYPTION out (it defaults to ALL) or drop the secret');
    }
    if (p.ENCRYPTION_MODE === 'PASSWORD' && secrets.keyFile && !secrets.password) {
      fail('ENCRYPTION_MODE=PASSWORD needs ENCRYPTION_PASSWORD, but only ENCRYPTION_KEY_FILE was given');
    }
    if (p.ENCRYPTION_MODE === 'TRANSPARENT' && secrets.password && !secrets.keyFile) {
      fail('ENCRYPTION_MODE=TRANSPARENT reads the key from ENCRYPTION_KEY_FILE, but only ENCRYPTION_PASSWORD was given');
    }
    if (secrets.password && secrets.keyFile) {
      fail('give either ENCRYPTION_PASSWORD (ENCRYPTION_MODE=PASSWORD) or ENCRYPTION_KEY_FILE (ENCRYPTION_MODE=TRANSPARENT), not both');
    }
  }
  if (def.networkLink && p.MASTER_ONLY === 1) fail('MASTER_ONLY=1 rebuilds the master table from a dump file set, and a network-link import has none');
  if (def.networkLink && p.VERIFY_CHECKSUM === 1) fail('VERIFY_CHECKSUM=1 verifies dump files, and a network-link import has none');
  if (p.DATA_ACCESS_METHOD === 'DIRECT_PATH' && def.dataRemaps.length > 0) {
    fail('DATA_ACCESS_METHOD=DIRECT_PATH moves bytes without touching rows, but DATA_REMAP needs each row; use AUTOMATIC');
  }
  if (!atStart) return;
  const dumps = def.files.filter((f) => f.kind === 'DUMP').length;
  if (def.operation === 'EXPORT') {
    if (p.ESTIMATE_ONLY === 1 && dumps > 0) fail('ESTIMATE_ONLY=1 writes no dump, but dump files were added; drop the dump files or ESTIMATE_ONLY');
    if (p.ESTIMATE_ONLY !== 1 && dumps === 0) fail(`export job ${def.jobName} has no dump file; call addFile({ kind: 'DUMP', name, directory }) before startJob`);
    const encryption = p.ENCRYPTION;
    if (encryption !== undefined && encryption !== 'NONE' && !secrets.password && !secrets.keyFile) {
      fail(`ENCRYPTION=${String(encryption)} needs a key: set ENCRYPTION_PASSWORD (or ENCRYPTION_KEY_FILE with ENCRYPTION_MODE=TRANSPARENT)`);
    }
    if (p.ENCRYPTION_MODE === 'PASSWORD' && !secrets.password) fail('ENCRYPTION_MODE=PASSWORD needs ENCRYPTION_PASSWORD');
    if (p.ENCRYPTION_MODE === 'TRANSPARENT' && !secrets.keyFile) fail('ENCRYPTION_MODE=TRANSPARENT needs ENCRYPTION_KEY_FILE');
  } else if (def.networkLink) {
    if (dumps > 0) fail(`a network-link ${def.operation} reads its source database directly and writes no dump; drop the dump files`);
  } else if (dumps === 0) {
    fail(`${def.operation} job ${def.jobName} reads a dump file set but has none; call addFile({ kind: 'DUMP', name, directory }) or open with a networkLink`);
  }
  if (def.operation === 'SQL_FILE' && !def.files.some((f) => f.kind === 'SQL')) {
    fail(`SQL_FILE job ${def.jobName} needs the file to write; call addFile({ kind: 'SQL', name, directory })`);
  }
}
