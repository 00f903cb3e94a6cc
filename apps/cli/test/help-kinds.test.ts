import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from './support/cli.js';

beforeAll(() => ensureBuilt());

describe('sluice help kinds', () => {
  it('prints, per engine, the kinds carried and the kinds named as not exported, exit 0', async () => {
    const r = await runCli(['help', 'kinds']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nPostgreSQL\n {2}Carried:\n {4}SCHEMA +schemas/);
    expect(r.stdout).toMatch(/\n {4}RULE +rules, including the INSTEAD rules/);
    expect(r.stdout).toMatch(/\n {4}OPERATOR_CLASS +operator classes/);
    expect(r.stdout).toMatch(/Not carried yet \(named in the log as not exported; exit 5\):\n {4}Database-wide \(FULL mode\):\n {6}SUBSCRIPTION when the exporting user may not read/);
    expect(r.stdout).toMatch(/\nMySQL \/ MariaDB\n {2}Carried:/);
    expect(r.stdout).toContain('TABLE (WITH SYSTEM VERSIONING)');
  });
});
