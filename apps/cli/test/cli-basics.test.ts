import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from './support/cli.js';

// The built CLI, without a database: help, version, and every mistake caught before connecting.
beforeAll(() => ensureBuilt());

describe('sluice help and --version', () => {
  it("prints the commands, and a command's parameters", async () => {
    const general = await runCli(['help']);
    expect(general.code).toBe(0);
    expect(general.stdout).toMatch(/export\s+Write a database, schemas or tables to a dump file set/);
    expect(general.stdout).toContain('Exit codes: 0 success, 5 completed with errors, 1 failed.');
    const exp = await runCli(['export', '--help']);
    expect(exp.code).toBe(0);
    expect(exp.stdout).toMatch(/SCHEMAS=schema\[,\.\.\.\]\s+Move these schemas/);
    expect(exp.stdout).not.toContain('REMAP_SCHEMA');
    const imp = await runCli(['help', 'import']);
    expect(imp.stdout).toContain('REMAP_SCHEMA=source:target');
    expect(imp.stdout).toContain('EXIT_CLIENT');
  });

  it('prints the version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^sluice \d+\.\d+\.\d+/);
  });
});

describe('mistakes found before connecting: one message, exit 1, no stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['a misspelled parameter', ['export', '--source', 'postgres://postgres@127.0.0.1/postgres', 'SCHEMES=hr'], /^sluice: Unknown parameter SCHEMES; did you mean SCHEMAS\?/],
    ['a misspelled long option', ['import', '--target', 'postgres://postgres@127.0.0.1/postgres', '--remap-shema', 'a:b'], /^sluice: Unknown parameter --remap-shema; did you mean --remap-schema\?/],
    ['a parameter of the other command', ['export', '--source', 'postgres://x@h/db', 'REMAP_SCHEMA=a:b'], /REMAP_SCHEMA is not a parameter of sluice export; it applies to sluice import/],
    ['a misspelled command', ['exprot'], /^sluice: Unknown command exprot; did you mean export\?/],
    ['a path as DUMPFILE', ['export', '--source', 'postgres://x@h/db', 'SCHEMAS=hr', 'DUMPFILE=/tmp/x.dmp'], /DUMPFILE=\/tmp\/x\.dmp is not a simple file name.*DIRECTORY=\/tmp DUMPFILE=x\.dmp/],
    ['a path as LOGFILE', ['export', '--source', 'postgres://x@h/db', 'SCHEMAS=hr', 'LOGFILE=../x.log'], /LOGFILE=\.\.\/x\.log is not a simple file name.*DIRECTORY=\.\. LOGFILE=x\.log/],
    ['an unknown URL scheme', ['export', '--source', 'oracle://scott:tiger@h/db', 'SCHEMAS=hr'], /SOURCE=oracle:\/\/scott:\*{8}@h\/db: the scheme oracle:\/\/ is not one sluice knows/],
    ['no source', ['export', 'SCHEMAS=hr'], /sluice export needs --source URL/],
    ['no mode', ['export', '--source', 'postgres://x@h/db'], /Say what to export: SCHEMAS=/],
    ['two modes', ['export', '--source', 'postgres://x@h/db', 'FULL=Y', 'SCHEMAS=hr'], /FULL=Y and SCHEMAS both choose what to export/],
    ['a bad number', ['export', '--source', 'postgres://x@h/db', 'SCHEMAS=hr', 'PARALLEL=lots'], /PARALLEL=lots is not valid: expected a whole number/],
    ['a missing folder', ['export', '--source', 'postgres://x@h/db', 'SCHEMAS=hr', 'DIRECTORY=/nonexistent/sluice'], /DIRECTORY=\/nonexistent\/sluice does not exist/],
    ['a missing parfile', ['export', 'PARFILE=/nonexistent/x.par'], /PARFILE=\/nonexistent\/x\.par: no such file/],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const r = await runCli(args);
      expect(r.stderr).toMatch(message);
      expect(r.code).toBe(1);
      // A password in a URL (the oracle:// case) draws a warning line first; the error itself is one line.
      expect(
        r.stderr
          .trim()
          .split('\n')
          .filter((l) => !l.startsWith('Warning: ')),
      ).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('--debug adds the stack trace', async () => {
    const r = await runCli(['export', '--debug', '--source', 'postgres://x@h/db', 'SCHEMES=hr']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('a parfile mistake names the file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-cli-'));
    const par = join(dir, 'exp.par');
    writeFileSync(par, '# export\nSCHEMAS=hr\nPARALEL=4\n');
    const r = await runCli(['export', `PARFILE=${par}`]);
    rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Unknown parameter PARALEL; did you mean PARALLEL? (parfile ${par} line 3)`);
  });

  it('ENCRYPTION_PASSWORD on the command line: warned about, never echoed', async () => {
    const r = await runCli(['export', '--source', 'postgres://x:urlsecret@h/db', 'ENCRYPTION_PASSWORD=hunter22', 'SCHEMAS=hr', 'DUMPFILE=/x.dmp']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Warning: ENCRYPTION_PASSWORD on the command line can be read by other users');
    expect(r.stdout + r.stderr).not.toContain('hunter22');
    expect(r.stdout + r.stderr).not.toContain('urlsecret');
  });
});
