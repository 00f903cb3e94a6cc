import { describe, expect, it } from 'vitest';
import { JobError } from '../errors.js';
import type { ParameterWords } from './parameter-words.js';
import { planJob } from './plan-job.js';
import { planParameters, type PlanValues } from './plan-values.js';

/** A REST body's words: `"file_name": "x.dmp"`. */
const JSON_WORDS: ParameterWords = {
  name: (p) => p.toLowerCase(),
  given: (p, value) => (value === undefined ? `"${p.toLowerCase()}"` : `"${p.toLowerCase()}": ${value === 'Y' ? 'true' : JSON.stringify(value)}`),
};

function failure(fn: () => unknown): JobError {
  try {
    fn();
  } catch (error) {
    if (error instanceof JobError) return error;
    throw error;
  }
  throw new Error('expected a JobError');
}

describe("planJob over plain values (the REST service's path)", () => {
  it('plans the ORDS demonstration: a schema but one table, then its import with a remap', () => {
    const exp = planJob('export', planParameters({ SCHEMA_EXPR: ["IN ('hr')"], NAME_EXPR: ["!= 'logs'"], DIRECTORY: '/dumps', DUMPFILE: ['hr%U.dmp'], PARALLEL: 2, KEEP_MASTER: false }));
    expect(exp).toMatchObject({ operation: 'EXPORT', mode: 'SCHEMA', directory: '/dumps', dumpFiles: [{ name: 'hr%U.dmp' }], parallel: 2, logFile: 'export.log' });
    expect(exp.schemaExpressions).toEqual(["IN ('hr')"]);
    expect(exp.nameExpressions).toEqual([{ expression: "!= 'logs'" }]);
    expect(exp.parameters).toEqual({ KEEP_MASTER: 0 });
    const imp = planJob('import', planParameters({ DUMPFILE: ['hr%U.dmp'], REMAP_SCHEMA: [{ from: 'hr', to: 'hr2' }], TABLE_EXISTS_ACTION: 'replace' }));
    expect(imp).toMatchObject({ operation: 'IMPORT', mode: 'FULL', remaps: [{ name: 'REMAP_SCHEMA', from: 'hr', to: 'hr2' }] });
    expect(imp.parameters).toEqual({ TABLE_EXISTS_ACTION: 'REPLACE' });
  });

  it('NAME_EXPR entries apply to tables unless they name an object type, which is checked', () => {
    const plan = planJob('export', planParameters({ SCHEMAS: ['hr'], NAME_EXPR: ["!= 'logs'", { expression: "LIKE 'V%'", objectType: 'view' }, { expression: "!= 'x'" }] }));
    expect(plan.nameExpressions).toEqual([{ expression: "!= 'logs'" }, { expression: "LIKE 'V%'", objectType: 'VIEW' }, { expression: "!= 'x'" }]);
    const error = failure(() => planJob('export', planParameters({ SCHEMAS: ['hr'], NAME_EXPR: [{ expression: "= 'a'", objectType: 'TABEL' }] })));
    expect(error).toMatchObject({ code: 'INVALID_ARGVAL', parameter: 'NAME_EXPR' });
    expect(error.message).toMatch(/^NAME_EXPR\[0\]: the object type "TABEL" names no kind of object; give one such as TABLE, VIEW/);
  });

  it('the same plan as the command line gives for the same parameters', () => {
    const values: PlanValues = { TABLES: [{ schema: 'hr', name: 'emp' }], ENCRYPTION_PASSWORD: true, CHECKSUM: true, COMPRESSION: 'all' };
    const p = planJob('export', planParameters(values));
    expect(p.mode).toBe('TABLE');
    expect(p.needsPassword).toBe(true);
    expect(p.parameters).toEqual({ CHECKSUM: 1, COMPRESSION: 'ALL', ENCRYPTION: 'ALL', ENCRYPTION_MODE: 'PASSWORD' });
    expect(planJob('export', planParameters({ SCHEMAS: ['hr'], ENCRYPTION_PASSWORD: false })).needsPassword).toBe(false);
  });

  it("names the parameters of a contradiction in the caller's words, with the parameter on the error", () => {
    const both = failure(() => planJob('export', planParameters({ SCHEMAS: ['hr'], TABLES: [{ name: 't' }] }), JSON_WORDS));
    expect(both.code).toBe('INCONSISTENT_ARGS');
    expect(both.message).toBe('schemas and tables both choose what to export. Give only one of "full": true, "schemas", "tables" and "tablespaces".');
    const tablespace = planJob('export', planParameters({ TABLESPACES: ['fast'], TABLESPACE_EXPR: ["NOT IN ('slow')"] }));
    expect([tablespace.mode, tablespace.tablespaces, tablespace.tablespaceExpressions]).toEqual(['TABLESPACE', ['fast'], ["NOT IN ('slow')"]]);
    expect(failure(() => planJob('import', planParameters({ TABLESPACES: ['fast'], SCHEMAS: ['hr'] }))).message).toBe(
      'SCHEMAS and TABLESPACES both choose what to import. Give only one of FULL=Y, SCHEMAS=, TABLES= and TABLESPACES=.',
    );
    const path = failure(() => planJob('export', planParameters({ SCHEMAS: ['hr'], DUMPFILE: ['../x.dmp'] }), JSON_WORDS));
    expect(path.code).toBe('INVALID_ARGVAL');
    expect(path.parameter).toBe('DUMPFILE');
    expect(path.message).toContain('"dumpfile": "../x.dmp" is not a simple file name');
    const estimate = failure(() => planJob('export', planParameters({ SCHEMAS: ['hr'], ESTIMATE_ONLY: true, DUMPFILE: ['x.dmp'] })));
    expect(estimate.message).toBe('ESTIMATE_ONLY=Y writes no dump file, so DUMPFILE= has no meaning with it. Leave one of them out.');
    expect(failure(() => planJob('export', planParameters({}))).message).toContain('Say what to export: SCHEMAS=name[,...]');
  });
});
