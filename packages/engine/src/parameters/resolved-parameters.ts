import type { JobDefinition } from '../job/job-definition.js';
import { KU$_DATAOPT_ACCEPT_INCOMPLETE_SET, KU$_DATAOPT_CONT_LD_ON_FMT_ERR, KU$_DATAOPT_DISABLE_TRIGGERS, KU$_DATAOPT_SKIP_CONST_ERR } from './parameter-specs.js';

/** Every SET_PARAMETER of a job with its default applied, typed, for the runtime. */
export interface ResolvedParameters {
  readonly clientCommand: string;
  readonly compression: 'ALL' | 'DATA_ONLY' | 'METADATA_ONLY' | 'NONE';
  readonly compressionAlgorithm: 'LZ4';
  readonly dataAccessMethod: 'AUTOMATIC' | 'DIRECT_PATH';
  /** DATA_OPTIONS as its bit mask. */
  readonly dataOptions: number;
  /** DATA_OPTIONS SKIP_CONSTRAINT_ERRORS: rejected rows go to the reject file. */
  readonly skipConstraintErrors: boolean;
  /** DATA_OPTIONS CONTINUE_LOAD_ON_FORMAT_ERROR: damaged frames are skipped. */
  readonly continueLoadOnFormatError: boolean;
  /** DATA_OPTIONS ACCEPT_INCOMPLETE_SET: an incomplete dump file set is imported, its missing tables named. */
  readonly acceptIncompleteSet: boolean;
  /** DATA_OPTIONS DISABLE_TRIGGERS: existing tables' user triggers are off while rows load. */
  readonly disableTriggers: boolean;
  readonly encryption: 'ALL' | 'DATA_ONLY' | 'METADATA_ONLY' | 'NONE';
  readonly encryptionAlgorithm: 'AES128' | 'AES192' | 'AES256';
  /** Undefined when the job encrypts nothing. */
  readonly encryptionMode: 'PASSWORD' | 'TRANSPARENT' | undefined;
  readonly estimate: 'BLOCKS' | 'STATISTICS';
  readonly estimateOnly: boolean;
  /** One consistent snapshot for the whole export. */
  readonly flashback: boolean;
  readonly includeMetadata: boolean;
  readonly keepMaster: boolean;
  readonly logtime: 'NONE' | 'STATUS' | 'LOGFILE' | 'ALL';
  readonly masterOnly: boolean;
  readonly metrics: boolean;
  readonly partitionOptions: 'NONE' | 'DEPARTITION' | 'MERGE';
  readonly tableExistsAction: 'SKIP' | 'APPEND' | 'TRUNCATE' | 'REPLACE';
  readonly userMetadata: boolean;
  readonly checksum: boolean;
  readonly verifyChecksum: boolean;
}

/**
 * Every parameter of `def` with its default applied. startJob has already written ENCRYPTION and
 * ENCRYPTION_MODE into the definition when a secret was given, so this needs no secrets.
 */
export function resolvedParameters(def: JobDefinition): ResolvedParameters {
  const p = def.parameters;
  const word = <T extends string>(name: string, fallback: T): T => (typeof p[name] === 'string' ? (p[name] as T) : fallback);
  const on = (name: string, fallback: boolean): boolean => (p[name] === undefined ? fallback : p[name] === 1);
  const includeMetadata = on('INCLUDE_METADATA', true);
  const dataOptions = typeof p.DATA_OPTIONS === 'number' ? p.DATA_OPTIONS : 0;
  const encryption = word<ResolvedParameters['encryption']>('ENCRYPTION', 'NONE');
  return {
    clientCommand: word('CLIENT_COMMAND', ''),
    compression: word('COMPRESSION', 'METADATA_ONLY'),
    compressionAlgorithm: 'LZ4',
    dataAccessMethod: word('DATA_ACCESS_METHOD', 'AUTOMATIC'),
    dataOptions,
    skipConstraintErrors: (dataOptions & KU$_DATAOPT_SKIP_CONST_ERR) !== 0,
    continueLoadOnFormatError: (dataOptions & KU$_DATAOPT_CONT_LD_ON_FMT_ERR) !== 0,
    acceptIncompleteSet: (dataOptions & KU$_DATAOPT_ACCEPT_INCOMPLETE_SET) !== 0,
    disableTriggers: (dataOptions & KU$_DATAOPT_DISABLE_TRIGGERS) !== 0,
    encryption,
    encryptionAlgorithm: word('ENCRYPTION_ALGORITHM', 'AES128'),
    encryptionMode: encryption === 'NONE' ? undefined : word<'PASSWORD' | 'TRANSPARENT'>('ENCRYPTION_MODE', 'PASSWORD'),
    estimate: word('ESTIMATE', 'STATISTICS'),
    estimateOnly: on('ESTIMATE_ONLY', false),
    flashback: on('FLASHBACK', true),
    includeMetadata,
    keepMaster: on('KEEP_MASTER', false),
    logtime: word('LOGTIME', 'NONE'),
    masterOnly: on('MASTER_ONLY', false),
    metrics: on('METRICS', false),
    partitionOptions: word('PARTITION_OPTIONS', 'NONE'),
    tableExistsAction: word('TABLE_EXISTS_ACTION', includeMetadata ? 'SKIP' : 'APPEND'),
    userMetadata: on('USER_METADATA', def.mode === 'FULL'),
    checksum: on('CHECKSUM', false),
    verifyChecksum: on('VERIFY_CHECKSUM', false),
  };
}
