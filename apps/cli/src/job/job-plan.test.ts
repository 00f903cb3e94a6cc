import { describe, expect, it } from 'vitest';
import { JobError } from '@sluice/engine';
import { parseParameters } from '../params/parse-command-line.js';
import { buildJobPlan, type JobPlan } from './job-plan.js';

function plan(command: 'export' | 'import', ...argv: string[]): JobPlan {
  return buildJobPlan(command, parseParameters(command, argv).params);
}

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof JobError) return error.message;
    throw error;
  }
  throw new Error('expected a JobError');
}

describe('export plans', () => {
  it('schema mode with files, compression, encryption and checksums', () => {
    const p = plan('export', 'SCHEMAS=hr,sales', 'DUMPFILE=exp%U.dmp', 'FILESIZE=1G', 'COMPRESSION=ALL', 'ENCRYPTION_PASSWORD_FILE=/dev/null', 'CHECKSUM=Y', 'PARALLEL=3', 'JOB_NAME=nightly');
    expect(p.operation).toBe('EXPORT');
    expect(p.mode).toBe('SCHEMA');
    expect(p.schemas).toEqual(['hr', 'sales']);
    expect(p.dumpFiles).toEqual([{ name: 'exp%U.dmp', fileSize: 1024 ** 3 }]);
    expect(p.logFile).toBe('export.log');
    expect(p.parameters).toMatchObject({ COMPRESSION: 'ALL', ENCRYPTION: 'ALL', ENCRYPTION_MODE: 'PASSWORD', CHECKSUM: 1 });
    expect(p.needsPassword).toBe(true);
    expect(p.parallel).toBe(3);
    expect(p.jobName).toBe('nightly');
  });

  it('no encryption unless asked, and a key file means TRANSPARENT mode', () => {
    expect(plan('export', 'SCHEMAS=hr').parameters['ENCRYPTION']).toBeUndefined();
    const k = plan('export', 'SCHEMAS=hr', 'ENCRYPTION_KEY_FILE=/k');
    expect(k.parameters).toMatchObject({ ENCRYPTION: 'ALL', ENCRYPTION_MODE: 'TRANSPARENT' });
    expect(k.needsPassword).toBe(false);
    expect(plan('export', 'SCHEMAS=hr', 'ENCRYPTION=DATA_ONLY').needsPassword).toBe(true);
  });

  it("TABLESPACES= is TABLESPACE mode (expdp's tablespace mode), exclusive of SCHEMAS=", () => {
    const p = plan('export', 'TABLESPACES=fast,pg_default');
    expect([p.mode, p.tablespaces]).toEqual(['TABLESPACE', ['fast', 'pg_default']]);
    expect(plan('import', 'TABLESPACES=fast').mode).toBe('TABLESPACE');
    expect(message(() => plan('export', 'SCHEMAS=hr', 'TABLESPACES=fast'))).toContain('SCHEMAS and TABLESPACES both choose what to export');
  });

  it('CONTENT maps to INCLUDE_METADATA and INCLUDE_ROWS', () => {
    expect(plan('export', 'SCHEMAS=hr', 'CONTENT=DATA_ONLY').parameters['INCLUDE_METADATA']).toBe(0);
    expect(plan('export', 'SCHEMAS=hr', 'CONTENT=METADATA_ONLY').includeRows).toBe(false);
  });

  it('refuses contradictions with a message naming both', () => {
    expect(message(() => plan('export', 'SCHEMAS=hr', 'TABLES=hr.emp'))).toContain('SCHEMAS and TABLES both choose what to export');
    expect(message(() => plan('export'))).toContain('Say what to export');
    expect(message(() => plan('export', 'SCHEMAS=hr', 'ESTIMATE_ONLY=Y', 'DUMPFILE=x.dmp'))).toContain('ESTIMATE_ONLY=Y writes no dump file');
    expect(message(() => plan('export', 'SCHEMAS=hr', 'ENCRYPTION=NONE', 'ENCRYPTION_PASSWORD=abcd'))).toContain('ENCRYPTION=NONE, yet an encryption password');
    expect(message(() => plan('export', 'SCHEMAS=hr', 'INCLUDE=TABLE', 'EXCLUDE=INDEX'))).toContain('INCLUDE and EXCLUDE cannot be used together');
    expect(message(() => plan('export', 'SCHEMAS=hr', 'NOLOGFILE=Y', 'LOGFILE=x.log'))).toContain('NOLOGFILE=Y and LOGFILE= contradict');
    expect(message(() => plan('export', 'SCHEMAS=hr', 'DUMPFILE=a/b.dmp'))).toContain('Put the folder in DIRECTORY: DIRECTORY=a DUMPFILE=b.dmp');
  });
});

describe('import plans', () => {
  it('defaults to FULL, and SQLFILE makes a SQL_FILE job', () => {
    const p = plan('import', 'DUMPFILE=exp%U.dmp', 'REMAP_SCHEMA=hr:hr2', 'TABLE_EXISTS_ACTION=replace', 'TRANSFORM=OMIT_OWNER:Y');
    expect(p.operation).toBe('IMPORT');
    expect(p.mode).toBe('FULL');
    expect(p.remaps).toEqual([{ name: 'REMAP_SCHEMA', from: 'hr', to: 'hr2' }]);
    expect(p.parameters['TABLE_EXISTS_ACTION']).toBe('REPLACE');
    expect(p.transforms).toEqual([{ name: 'OMIT_OWNER', value: true }]);
    expect(plan('import', 'SQLFILE=ddl.sql').operation).toBe('SQL_FILE');
  });

  it('network link: no dump files; source-side parameters allowed only then', () => {
    const p = plan('import', 'NETWORK_LINK=postgres://x@h/db', 'SCHEMAS=hr', 'QUERY=hr.emp:"WHERE id < 5"', 'CONSISTENT=N');
    expect(p.networkLink).toBe(true);
    expect(p.dumpFiles).toEqual([]);
    expect(p.parameters['FLASHBACK']).toBe(0);
    expect(message(() => plan('import', 'QUERY=hr.emp:"WHERE id < 5"'))).toContain('QUERY applies to an import only with NETWORK_LINK');
    expect(message(() => plan('import', 'NETWORK_LINK=postgres://x@h/db', 'SCHEMAS=hr', 'DUMPFILE=x.dmp'))).toContain('NETWORK_LINK reads straight from the source database');
    expect(message(() => plan('import', 'NETWORK_LINK=postgres://x@h/db'))).toContain('Say what to import over NETWORK_LINK');
  });
});
