import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../cli-error.js';
import { parseCommandLine, parseParameters, type ParsedCommandLine } from './parse-command-line.js';

function parse(command: 'export' | 'import' | 'info' | 'attach', ...argv: string[]): ParsedCommandLine {
  return parseParameters(command, argv);
}

function failure(fn: () => unknown): CliError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a CliError');
}

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function parfile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-parfile-'));
  made.push(dir);
  const path = join(dir, 'job.par');
  writeFileSync(path, text);
  return path;
}

describe('expdp form and long-option form', () => {
  it('read the same values', () => {
    const a = parse('export', 'SCHEMAS=hr,sales', 'DUMPFILE=exp%U.dmp', 'PARALLEL=4', 'FULL=N');
    const b = parse('export', '--schemas', 'hr,sales', '--dumpfile=exp%U.dmp', '--parallel', '4', '--full', 'n');
    for (const p of [a, b]) {
      expect(p.params.list('SCHEMAS')).toEqual(['hr', 'sales']);
      expect(p.params.list('DUMPFILE')).toEqual(['exp%U.dmp']);
      expect(p.params.int('PARALLEL')).toBe(4);
      expect(p.params.bool('FULL')).toBe(false);
    }
  });

  it('takes names in any case, and dashes or underscores in long options', () => {
    const p = parse('import', 'remap_schema=hr:hr2', '--table-exists-action', 'replace', '--REMAP_TABLE=hr.emp:emp2');
    expect(p.params.remaps('REMAP_SCHEMA')).toEqual([{ from: 'hr', to: 'hr2' }]);
    expect(p.params.enumValue('TABLE_EXISTS_ACTION')).toBe('REPLACE');
    expect(p.params.remaps('REMAP_TABLE')).toEqual([{ from: 'hr.emp', to: 'emp2' }]);
  });

  it('treats a bare boolean long option as Y, and does not swallow a positional after it', () => {
    const p = parse('info', '--contents', 'exp01.dmp');
    expect(p.params.bool('CONTENTS')).toBe(true);
    expect(p.positionals).toEqual(['exp01.dmp']);
  });

  it('accumulates repeatable parameters and refuses a single one given twice', () => {
    const p = parse('import', 'REMAP_SCHEMA=a:b', '--remap-schema', 'c:d,e:f');
    expect(p.params.remaps('REMAP_SCHEMA')).toEqual([
      { from: 'a', to: 'b' },
      { from: 'c', to: 'd' },
      { from: 'e', to: 'f' },
    ]);
    const e = failure(() => parse('export', 'PARALLEL=2', '--parallel=3'));
    expect(e.code).toBe('CONFLICTING_PARAMETERS');
    expect(e.message).toContain('PARALLEL is given twice');
  });
});

describe('quoting as expdp reads it', () => {
  it('QUERY with and without the table, quotes kept or stripped by the shell', () => {
    expect(parse('export', 'QUERY=hr.emp:"WHERE id > 10"').params.queries('QUERY')).toEqual([{ table: { schema: 'hr', name: 'emp' }, clause: 'WHERE id > 10' }]);
    expect(parse('export', 'QUERY=hr.emp:WHERE id > 10').params.queries('QUERY')).toEqual([{ table: { schema: 'hr', name: 'emp' }, clause: 'WHERE id > 10' }]);
    expect(parse('export', 'QUERY=emp:"WHERE ts > \'10:00\'"').params.queries('QUERY')).toEqual([{ table: { name: 'emp' }, clause: "WHERE ts > '10:00'" }]);
    expect(parse('export', `QUERY="WHERE created > '2024-01-01 10:00'"`).params.queries('QUERY')).toEqual([{ clause: "WHERE created > '2024-01-01 10:00'" }]);
  });

  it('EXCLUDE and INCLUDE with name clauses containing commas and colons', () => {
    const p = parse('export', `EXCLUDE=INDEX:"LIKE 'EMP%'"`, `--exclude`, `TABLE:"IN ('A','B:C')",trigger`);
    expect(p.params.filters('EXCLUDE')).toEqual([{ objectType: 'INDEX', nameClause: "LIKE 'EMP%'" }, { objectType: 'TABLE', nameClause: "IN ('A','B:C')" }, { objectType: 'TRIGGER' }]);
  });

  it('refuses an object type that does not exist, suggesting one that does', () => {
    const e = failure(() => parse('export', 'EXCLUDE=INDX'));
    expect(e.message).toContain('INDX is not an object type; did you mean INDEX?');
  });

  it('TRANSFORM, SAMPLE, REMAP_DATA, TABLES', () => {
    const p = parse('import', 'TRANSFORM=OMIT_OWNER:Y', 'TRANSFORM=storage:n:table', 'REMAP_DATA=hr.emp.salary:mask', 'TABLES=hr.emp,"Odd.Name":p1');
    expect(p.params.transforms('TRANSFORM')).toEqual([
      { name: 'OMIT_OWNER', value: true },
      { name: 'STORAGE', value: false, objectType: 'TABLE' },
    ]);
    expect(p.params.remapData('REMAP_DATA')).toEqual([{ table: { schema: 'hr', name: 'emp' }, column: 'salary', functionName: 'mask' }]);
    expect(p.params.tables('TABLES')).toEqual([
      { schema: 'hr', name: 'emp' },
      { name: 'Odd.Name', partition: 'p1' },
    ]);
    expect(parse('export', 'SAMPLE=hr.emp:12.5', 'SAMPLE=50').params.samples('SAMPLE')).toEqual([{ table: { schema: 'hr', name: 'emp' }, percent: 12.5 }, { percent: 50 }]);
  });

  it('an unclosed quote is an error naming the parameter', () => {
    const e = failure(() => parse('export', 'QUERY=emp:"WHERE x = 1'));
    expect(e.message).toMatch(/^QUERY: the quote " in .* is never closed/);
  });
});

describe('typed values', () => {
  it('sizes, booleans, enums and bounds', () => {
    const p = parse('export', 'FILESIZE=2G', 'REUSE_DUMPFILES=yes', 'COMPRESSION=all');
    expect(p.params.size('FILESIZE')).toBe(2 * 1024 ** 3);
    expect(p.params.bool('REUSE_DUMPFILES')).toBe(true);
    expect(p.params.enumValue('COMPRESSION')).toBe('ALL');
    expect(failure(() => parse('export', 'FILESIZE=lots')).message).toContain('FILESIZE=lots is not valid');
    expect(failure(() => parse('export', 'PARALLEL=0')).message).toContain('PARALLEL=0 is out of range: give a number from 1 to 1024');
    expect(failure(() => parse('export', 'COMPRESSION=ALLL')).message).toContain('did you mean ALL?');
    expect(failure(() => parse('export', 'FULL=maybe')).message).toContain('expected Y or N');
  });
});

describe('unknown and misplaced parameters', () => {
  it('suggests the closest name in the form it was written', () => {
    expect(failure(() => parse('export', 'SCHEMES=hr')).message).toMatch(/^Unknown parameter SCHEMES; did you mean SCHEMAS\?/);
    expect(failure(() => parse('export', '--dumfile', 'x.dmp')).message).toMatch(/^Unknown parameter --dumfile; did you mean --dumpfile\?/);
    expect(failure(() => parse('export', 'XYZZY=1')).message).toMatch(/^Unknown parameter XYZZY \(`sluice help export`/);
  });

  it('names the command a parameter belongs to', () => {
    const e = failure(() => parse('export', 'REMAP_SCHEMA=a:b'));
    expect(e.code).toBe('UNKNOWN_PARAMETER');
    expect(e.message).toContain('REMAP_SCHEMA is not a parameter of sluice export; it applies to sluice import');
  });

  it('a long option without its value', () => {
    expect(failure(() => parse('export', '--schemas')).message).toContain('--schemas needs a value');
  });

  it('unknown commands suggest the closest', () => {
    expect(failure(() => parseCommandLine(['exprot'])).message).toMatch(/^Unknown command exprot; did you mean export\?/);
  });
});

describe('PARFILE', () => {
  it('reads comments, several per line, continuations and quoted clauses', () => {
    const path = parfile(
      [
        '# nightly export',
        'SCHEMAS=hr,',
        '        sales   # two schemas',
        'DUMPFILE=exp%U.dmp PARALLEL=2',
        "QUERY=hr.emp:\"WHERE dept = 'A#1'",
        '   AND id > 10"',
        'EXCLUDE=INDEX:"LIKE \'EMP%\'" \\',
        '  COMPRESSION=ALL',
      ].join('\n'),
    );
    const p = parse('export', `PARFILE=${path}`, 'JOB_NAME=nightly');
    expect(p.params.list('SCHEMAS')).toEqual(['hr', 'sales']);
    expect(p.params.int('PARALLEL')).toBe(2);
    expect(p.params.queries('QUERY')).toEqual([{ table: { schema: 'hr', name: 'emp' }, clause: "WHERE dept = 'A#1'\n   AND id > 10" }]);
    expect(p.params.filters('EXCLUDE')).toEqual([{ objectType: 'INDEX', nameClause: "LIKE 'EMP%'" }]);
    expect(p.params.enumValue('COMPRESSION')).toBe('ALL');
    expect(p.params.text('JOB_NAME')).toBe('nightly');
  });

  it('reports mistakes with the file and line', () => {
    const path = parfile('SCHEMAS=hr\nPARALEL=2\n');
    expect(failure(() => parse('export', `PARFILE=${path}`)).message).toMatch(/Unknown parameter PARALEL; did you mean PARALLEL\? \(parfile .*job\.par line 2\)/);
    const twice = parfile('PARALLEL=2\n');
    expect(failure(() => parse('export', 'PARALLEL=3', `PARFILE=${twice}`)).message).toMatch(/PARALLEL is given twice \(command line and parfile .* line 1\)/);
    expect(failure(() => parse('export', 'PARFILE=/nonexistent/x.par')).message).toContain('PARFILE=/nonexistent/x.par: no such file');
  });
});

describe('secrets', () => {
  it('masks ENCRYPTION_PASSWORD and URL passwords in the display, and warns', () => {
    const p = parse('export', 'ENCRYPTION_PASSWORD=hunter2', '--source', 'postgres://app:s3cret@db:5432/sales', 'SCHEMAS=hr');
    expect(p.display).not.toContain('hunter2');
    expect(p.display).not.toContain('s3cret');
    expect(p.display).toContain('ENCRYPTION_PASSWORD=********');
    expect(p.display).toContain('--source=postgres://app:********@db:5432/sales');
    expect(p.warnings.join('\n')).toContain('ENCRYPTION_PASSWORD on the command line can be read by other users');
    expect(p.params.text('ENCRYPTION_PASSWORD')).toBe('hunter2');
  });

  it('warns once per URL that holds a password, naming the variable to use instead', () => {
    const p = parse('import', '--target', 'mysql://root:p%40ss@db/x', 'NETWORK_LINK=mysql://app@db2/y', 'SCHEMAS=hr');
    expect(p.warnings).toEqual([
      'TARGET holds a password in its URL, where other users of this machine can read it (ps, shell history, scripts); leave it out and give it in SLUICE_TARGET_PASSWORD, or let sluice ask for it on a terminal.',
    ]);
    expect(parse('export', '--source', 'postgres://app@db/sales', 'SCHEMAS=hr').warnings).toEqual([]);
  });
});

describe('invocations', () => {
  it('help, version, sqlfile and HELP=Y', () => {
    expect(parseCommandLine([])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
    expect(parseCommandLine(['help', 'export'])).toEqual({ kind: 'help', topic: 'export' });
    expect(parseCommandLine(['import', '--help'])).toEqual({ kind: 'help', topic: 'import' });
    const s = parseCommandLine(['sqlfile', 'SQLFILE=x.sql']);
    expect(s.kind === 'command' && s.command === 'import' && s.sqlfileAlias).toBe(true);
  });
});
