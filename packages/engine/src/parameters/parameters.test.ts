import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test/job-error-of.js';
import { definition } from '../../test/definition-fixture.js';
import { PARAMETER_SPECS, checkParameterConsistency, resolvedParameters, validateParameter } from './index.js';

const exportJob = { jobName: 'EXP1', operation: 'EXPORT', networkLink: false } as const;
const importJob = { jobName: 'IMP1', operation: 'IMPORT', networkLink: false } as const;
const networkImport = { jobName: 'NET1', operation: 'IMPORT', networkLink: true } as const;

describe('validateParameter', () => {
  it('accepts every listed parameter with its canonical value', () => {
    expect(validateParameter(exportJob, 'compression', 'all')).toEqual({ kind: 'stored', name: 'COMPRESSION', value: 'ALL' });
    expect(validateParameter(exportJob, 'ESTIMATE_ONLY', true)).toEqual({ kind: 'stored', name: 'ESTIMATE_ONLY', value: 1 });
    expect(validateParameter(exportJob, 'FLASHBACK', 'N')).toEqual({ kind: 'stored', name: 'FLASHBACK', value: 0 });
    expect(validateParameter(importJob, 'TABLE_EXISTS_ACTION', 'truncate')).toEqual({ kind: 'stored', name: 'TABLE_EXISTS_ACTION', value: 'TRUNCATE' });
    expect(validateParameter(importJob, 'DATA_OPTIONS', 'SKIP_CONSTRAINT_ERRORS, CONTINUE_LOAD_ON_FORMAT_ERROR')).toEqual({ kind: 'stored', name: 'DATA_OPTIONS', value: 1025 });
    expect(validateParameter(importJob, 'DATA_OPTIONS', 1)).toEqual({ kind: 'stored', name: 'DATA_OPTIONS', value: 1 });
    expect(validateParameter(importJob, 'DATA_OPTIONS', 'accept_incomplete_set')).toEqual({ kind: 'stored', name: 'DATA_OPTIONS', value: 65536 });
    expect(validateParameter(importJob, 'DATA_OPTIONS', 'disable_triggers')).toEqual({ kind: 'stored', name: 'DATA_OPTIONS', value: 8192 });
    expect(validateParameter(exportJob, 'CLIENT_COMMAND', 'sluice export SCHEMAS=hr')).toEqual({ kind: 'stored', name: 'CLIENT_COMMAND', value: 'sluice export SCHEMAS=hr' });
    expect(validateParameter(exportJob, 'DATA_ACCESS_METHOD', 'direct_path')).toEqual({ kind: 'stored', name: 'DATA_ACCESS_METHOD', value: 'DIRECT_PATH' });
  });

  it('keeps secrets out of the stored values', () => {
    expect(validateParameter(exportJob, 'ENCRYPTION_PASSWORD', 's3cret')).toEqual({ kind: 'secret', name: 'ENCRYPTION_PASSWORD', value: 's3cret' });
    const e = errorOf(() => validateParameter(exportJob, 'ENCRYPTION_PASSWORD', 12345));
    expect(e.code).toBe('INVALID_ARGVAL');
    expect(e.message).not.toContain('12345');
  });

  it('refuses unknown names, listing the known ones', () => {
    const e = errorOf(() => validateParameter(exportJob, 'COMPRESS', 'ALL'));
    expect(e.code).toBe('INVALID_ARGVAL');
    expect(e.message).toContain('"COMPRESS" is not a parameter name; known names: CLIENT_COMMAND, COMPRESSION');
  });

  it('refuses Oracle parameters that mean nothing here, saying why', () => {
    for (const [name, why] of [
      ['TABLESPACE_DATAFILE', 'never data files'],
      ['TTS_FULL_CHECK', 'no transportable tablespaces'],
      ['SOURCE_EDITION', 'editions are an Oracle feature'],
      ['FLASHBACK_SCN', 'FLASHBACK=1'],
    ] as const) {
      const e = errorOf(() => validateParameter(exportJob, name, 'x'));
      expect(e.code).toBe('INVALID_ARGVAL');
      expect(e.message).toContain(`${name} is not supported because`);
      expect(e.message).toContain(why);
    }
  });

  it('checks types and allowed values', () => {
    expect(errorOf(() => validateParameter(exportJob, 'COMPRESSION', 'GZIP')).message).toBe('setParameter: COMPRESSION cannot be "GZIP"; expected one of ALL, DATA_ONLY, METADATA_ONLY, NONE');
    expect(errorOf(() => validateParameter(exportJob, 'ESTIMATE_ONLY', 2)).message).toContain('ESTIMATE_ONLY cannot be 2; expected 1 or 0');
    expect(errorOf(() => validateParameter(exportJob, 'COMPRESSION', 1)).code).toBe('INVALID_ARGVAL');
    expect(errorOf(() => validateParameter(importJob, 'DATA_OPTIONS', 2)).message).toContain('DATA_OPTIONS cannot be 2');
    expect(errorOf(() => validateParameter(importJob, 'DATA_OPTIONS', 'XML_CLOBS')).code).toBe('INVALID_ARGVAL');
    const dam = errorOf(() => validateParameter(exportJob, 'DATA_ACCESS_METHOD', 'EXTERNAL_TABLE'));
    expect(dam.message).toContain('DATA_ACCESS_METHOD=EXTERNAL_TABLE is not supported because external tables are an Oracle mechanism');
    expect(errorOf(() => validateParameter(exportJob, 'ENCRYPTION', 'ENCRYPTED_COLUMNS_ONLY')).message).toContain('no encrypted columns');
    expect(errorOf(() => validateParameter(exportJob, 'COMPRESSION_ALGORITHM', 'MEDIUM')).message).toContain('the codec is LZ4');
  });

  it('accepts every PARTITION_OPTIONS value for an import, and none for an export', () => {
    for (const word of ['none', 'DEPARTITION', 'merge']) {
      expect(validateParameter(importJob, 'PARTITION_OPTIONS', word)).toEqual({ kind: 'stored', name: 'PARTITION_OPTIONS', value: word.toUpperCase() });
    }
    expect(errorOf(() => validateParameter(importJob, 'PARTITION_OPTIONS', 'SPLIT')).code).toBe('INVALID_ARGVAL');
    expect(errorOf(() => validateParameter(exportJob, 'PARTITION_OPTIONS', 'MERGE')).code).toBe('INVALID_OPERATION');
  });

  it('refuses parameters of the other operation with INVALID_OPERATION', () => {
    const tea = errorOf(() => validateParameter(exportJob, 'TABLE_EXISTS_ACTION', 'APPEND'));
    expect(tea.code).toBe('INVALID_OPERATION');
    expect(tea.message).toBe('setParameter: TABLE_EXISTS_ACTION applies to IMPORT jobs, and job EXP1 is an EXPORT; give TABLE_EXISTS_ACTION to the job that reads this dump');
    const eo = errorOf(() => validateParameter(importJob, 'ESTIMATE_ONLY', 1));
    expect(eo.code).toBe('INVALID_OPERATION');
    expect(eo.message).toContain('ESTIMATE_ONLY is decided when the dump is written; give it to the export');
    expect(errorOf(() => validateParameter(importJob, 'FLASHBACK', 1)).code).toBe('INVALID_OPERATION');
    // A network-link import reads a source, so source-side parameters apply.
    expect(validateParameter(networkImport, 'FLASHBACK', 1)).toEqual({ kind: 'stored', name: 'FLASHBACK', value: 1 });
    expect(validateParameter(networkImport, 'ESTIMATE', 'statistics')).toEqual({ kind: 'stored', name: 'ESTIMATE', value: 'STATISTICS' });
  });

  it('lists every parameter the issue asks for', () => {
    const names = PARAMETER_SPECS.map((s) => s.name);
    for (const n of 'CLIENT_COMMAND COMPRESSION COMPRESSION_ALGORITHM DATA_ACCESS_METHOD DATA_OPTIONS ENCRYPTION ENCRYPTION_ALGORITHM ENCRYPTION_MODE ENCRYPTION_PASSWORD ESTIMATE ESTIMATE_ONLY FLASHBACK INCLUDE_METADATA KEEP_MASTER LOGTIME MASTER_ONLY METRICS PARTITION_OPTIONS TABLE_EXISTS_ACTION USER_METADATA CHECKSUM VERIFY_CHECKSUM'.split(
      ' ',
    )) {
      expect(names).toContain(n);
    }
  });
});

describe('checkParameterConsistency', () => {
  const none = { password: false, keyFile: false };
  const check = (overrides: Parameters<typeof definition>[0], secrets = none, atStart = true) => errorOf(() => checkParameterConsistency(definition(overrides), secrets, atStart));
  const dump = [{ kind: 'DUMP' as const, name: 'x%U.dmp', directory: '/tmp' }];

  it('refuses REPLACE with rows only', () => {
    const e = check({ operation: 'IMPORT', files: dump, parameters: { TABLE_EXISTS_ACTION: 'REPLACE', INCLUDE_METADATA: 0 } }, none, false);
    expect(e.code).toBe('INCONSISTENT_ARGS');
    expect(e.message).toContain('TABLE_EXISTS_ACTION=REPLACE re-creates tables, but INCLUDE_METADATA=0 moves rows only');
  });

  it('needs dump files where a job reads or writes them, and none over a network link', () => {
    expect(check({}).message).toBe("export job T_JOB has no dump file; call addFile({ kind: 'DUMP', name, directory }) before startJob");
    expect(check({ operation: 'IMPORT' }).message).toContain('reads a dump file set but has none');
    expect(check({ operation: 'IMPORT', networkLink: true, files: dump }).message).toContain('network-link IMPORT reads its source database directly');
    expect(check({ files: dump, parameters: { ESTIMATE_ONLY: 1 } }).message).toContain('ESTIMATE_ONLY=1 writes no dump, but dump files were added');
    expect(() => checkParameterConsistency(definition({ parameters: { ESTIMATE_ONLY: 1 } }), none, true)).not.toThrow();
    expect(check({ operation: 'SQL_FILE', files: dump }).message).toContain("needs the file to write; call addFile({ kind: 'SQL'");
  });

  it('needs a key for encryption and refuses contradictions', () => {
    expect(check({ files: dump, parameters: { ENCRYPTION: 'ALL' } }).message).toContain('ENCRYPTION=ALL needs a key: set ENCRYPTION_PASSWORD');
    expect(check({ files: dump, parameters: { ENCRYPTION: 'NONE' } }, { password: true, keyFile: false }).message).toContain('ENCRYPTION=NONE contradicts');
    expect(check({ files: dump, parameters: { ENCRYPTION_MODE: 'TRANSPARENT' } }, { password: true, keyFile: false }).message).toContain('TRANSPARENT reads the key from ENCRYPTION_KEY_FILE');
    expect(() => checkParameterConsistency(definition({ files: dump, parameters: { ENCRYPTION: 'ALL', ENCRYPTION_MODE: 'PASSWORD' } }), { password: true, keyFile: false }, true)).not.toThrow();
  });

  it('refuses DIRECT_PATH with a data remap, MASTER_ONLY over a network link', () => {
    const remap = [{ table: { schema: 's', name: 't' }, column: 'c', functionName: 'f' }];
    expect(check({ files: dump, dataRemaps: remap, parameters: { DATA_ACCESS_METHOD: 'DIRECT_PATH' } }).message).toContain('DATA_REMAP needs each row; use AUTOMATIC');
    expect(check({ operation: 'IMPORT', networkLink: true, parameters: { MASTER_ONLY: 1 } }).message).toContain('MASTER_ONLY=1 rebuilds the master table from a dump file set');
  });
});

describe('resolvedParameters', () => {
  it('applies the defaults', () => {
    const r = resolvedParameters(definition({ operation: 'IMPORT' }));
    expect(r).toMatchObject({
      compression: 'METADATA_ONLY',
      compressionAlgorithm: 'LZ4',
      dataAccessMethod: 'AUTOMATIC',
      dataOptions: 0,
      skipConstraintErrors: false,
      encryption: 'NONE',
      encryptionMode: undefined,
      estimate: 'STATISTICS',
      flashback: true,
      includeMetadata: true,
      keepMaster: false,
      logtime: 'NONE',
      tableExistsAction: 'SKIP',
      userMetadata: false,
      checksum: false,
      verifyChecksum: false,
    });
  });

  it('makes APPEND the default TABLE_EXISTS_ACTION when metadata is excluded, and USER_METADATA on in FULL mode', () => {
    expect(resolvedParameters(definition({ operation: 'IMPORT', parameters: { INCLUDE_METADATA: 0 } })).tableExistsAction).toBe('APPEND');
    expect(resolvedParameters(definition({ operation: 'IMPORT', parameters: { INCLUDE_METADATA: 0, TABLE_EXISTS_ACTION: 'TRUNCATE' } })).tableExistsAction).toBe('TRUNCATE');
    expect(resolvedParameters(definition({ mode: 'FULL' })).userMetadata).toBe(true);
  });

  it('reads DATA_OPTIONS=ACCEPT_INCOMPLETE_SET', () => {
    expect(resolvedParameters(definition({ operation: 'IMPORT', parameters: { DATA_OPTIONS: 65536 } }))).toMatchObject({ acceptIncompleteSet: true, skipConstraintErrors: false });
    expect(resolvedParameters(definition({ operation: 'IMPORT' })).acceptIncompleteSet).toBe(false);
  });

  it('reads DATA_OPTIONS bits and the encryption the job was started with', () => {
    const r = resolvedParameters(definition({ parameters: { DATA_OPTIONS: 1024, ENCRYPTION: 'DATA_ONLY', ENCRYPTION_MODE: 'TRANSPARENT' } }));
    expect(r.continueLoadOnFormatError).toBe(true);
    expect(r.skipConstraintErrors).toBe(false);
    expect(r.disableTriggers).toBe(false);
    expect(resolvedParameters(definition({ parameters: { DATA_OPTIONS: 8193 } }))).toMatchObject({ disableTriggers: true, skipConstraintErrors: true });
    expect(r.encryption).toBe('DATA_ONLY');
    expect(r.encryptionMode).toBe('TRANSPARENT');
  });
});
