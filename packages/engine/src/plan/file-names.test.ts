import { describe, expect, it } from 'vitest';
import { JobError } from '../errors.js';
import { checkSimpleName } from './file-names.js';

function message(name: string, parameter = 'DUMPFILE'): string {
  try {
    checkSimpleName(parameter, name);
  } catch (error) {
    if (error instanceof JobError) return error.message;
  }
  return 'accepted';
}

describe('file names inside DIRECTORY', () => {
  it('accepts simple names and templates', () => {
    expect(message('exp%U.dmp')).toBe('accepted');
    expect(message('nightly.log', 'LOGFILE')).toBe('accepted');
  });

  it('refuses paths, naming the parameter and the spelling to use instead', () => {
    expect(message('/backups/hr.dmp')).toBe(
      'DUMPFILE=/backups/hr.dmp is not a simple file name: files live inside DIRECTORY and may not name another folder. Put the folder in DIRECTORY: DIRECTORY=/backups DUMPFILE=hr.dmp.',
    );
    expect(message('../x.sql', 'SQLFILE')).toContain('DIRECTORY=.. SQLFILE=x.sql');
    expect(message('..')).toContain('Give a plain file name such as export.dmp.');
    expect(message('a\\b.dmp')).toContain('is not a simple file name');
  });
});
