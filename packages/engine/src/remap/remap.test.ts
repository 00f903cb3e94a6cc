import { OBJECT_PATHS, type CatalogObject, type ObjectKind } from '@sluice/adapter-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf } from '../../test/job-error-of.js';
import { definition } from '../../test/definition-fixture.js';
import type { JobDefinition } from '../job/job-definition.js';
import { dataRemapsFor, ddlOptionsFor, registerRemapFunction, remapDataFunctions, remapTableRef, validateDataRemap, validateMetadataRemap, validateTransform } from './index.js';

const importJob = (extra: Partial<JobDefinition> = {}): JobDefinition => definition({ operation: 'IMPORT', files: [{ kind: 'DUMP', name: 'a.dmp', directory: '/tmp' }], ...extra });

/** Build a definition the way the API does: each spec validated against what came before. */
function build(remaps: { name: string; from: string; to: string }[], transforms: { name: string; value: unknown; objectPath?: string }[] = []): JobDefinition {
  let def = importJob();
  for (const r of remaps) def = { ...def, metadataRemaps: [...def.metadataRemaps, validateMetadataRemap(def, r)] };
  for (const t of transforms) def = { ...def, transforms: [...def.transforms, validateTransform(def, t)] };
  return def;
}

const obj = (kind: ObjectKind): CatalogObject => ({ kind, path: OBJECT_PATHS[kind], schema: 'hr', name: 'x', phase: 'pre-data', dependsOn: [], ddl: '', detail: {} });

describe('ddlOptionsFor', () => {
  it('turns remaps into the maps adapters read', () => {
    const def = build([
      { name: 'REMAP_SCHEMA', from: 'hr', to: 'hr_test' },
      { name: 'REMAP_TABLE', from: 'hr.emp', to: 'employees' },
      { name: 'REMAP_TABLE', from: 'dept', to: 'departments' },
      { name: 'REMAP_TABLE', from: '"hr"."odd.name"', to: 'even' },
      { name: 'REMAP_TABLESPACE', from: 'fast', to: 'pg_default' },
    ]);
    const options = ddlOptionsFor(def);
    expect(options.remapSchema).toEqual(new Map([['hr', 'hr_test']]));
    expect(options.remapTable).toEqual(
      new Map([
        ['hr.emp', 'employees'],
        ['dept', 'departments'],
        ['hr.odd.name', 'even'],
      ]),
    );
    expect(options.remapTablespace).toEqual(new Map([['fast', 'pg_default']]));
    expect(options.transforms).toBeUndefined();
  });

  it('turns transforms into DdlTransforms', () => {
    const def = build(
      [],
      [
        { name: 'SEGMENT_ATTRIBUTES', value: 'N' },
        { name: 'owner', value: 0 },
        { name: 'GRANTS', value: false },
        { name: 'DEFINER', value: 'NO' },
        { name: 'TABLE_OPTIONS', value: 'n' },
        { name: 'ENGINE', value: 'N' },
        { name: 'COMMENTS', value: 'N' },
        { name: 'STORAGE', value: 'Y' },
      ],
    );
    expect(ddlOptionsFor(def).transforms).toEqual({
      omitTablespace: true,
      omitStorage: true,
      omitOwner: true,
      omitGrants: true,
      omitDefiner: true,
      omitTableOptions: true,
      omitEngine: true,
      omitComments: true,
    });
    expect(ddlOptionsFor(build([], [{ name: 'STORAGE', value: 'N' }])).transforms).toEqual({ omitStorage: true });
  });

  it('applies a transform given with an object path only to objects under it', () => {
    const def = build([], [{ name: 'STORAGE', value: 'N', objectPath: 'INDEX' }]);
    expect(ddlOptionsFor(def, obj('INDEX')).transforms).toEqual({ omitStorage: true });
    expect(ddlOptionsFor(def, obj('TABLE')).transforms).toBeUndefined();
    expect(ddlOptionsFor(def).transforms).toBeUndefined();
  });
});

describe('remapTableRef', () => {
  it('applies REMAP_TABLE (qualified first) then REMAP_SCHEMA', () => {
    const def = build([
      { name: 'REMAP_SCHEMA', from: 'hr', to: 'hr2' },
      { name: 'REMAP_TABLE', from: 'hr.emp', to: 'employees' },
      { name: 'REMAP_TABLE', from: 'emp', to: 'never_used_for_hr' },
      { name: 'REMAP_TABLE', from: 'dept', to: 'departments' },
    ]);
    expect(remapTableRef(def, { schema: 'hr', name: 'emp' })).toEqual({ schema: 'hr2', name: 'employees' });
    expect(remapTableRef(def, { schema: 'sales', name: 'emp' })).toEqual({ schema: 'sales', name: 'never_used_for_hr' });
    expect(remapTableRef(def, { schema: 'hr', name: 'dept' })).toEqual({ schema: 'hr2', name: 'departments' });
    expect(remapTableRef(def, { schema: 'x', name: 'y' })).toEqual({ schema: 'x', name: 'y' });
  });
});

describe('validation', () => {
  it('refuses unknown and Oracle-only transforms with INVALID_ARGVAL', () => {
    const unknown = errorOf(() => build([], [{ name: 'PRETTY', value: 'Y' }]));
    expect(unknown.code).toBe('INVALID_ARGVAL');
    expect(unknown.message).toBe(
      'metadataTransform: "PRETTY" is not a transform; known transforms: SEGMENT_ATTRIBUTES, STORAGE, TABLESPACE, OWNER, GRANTS, DEFINER, TABLE_OPTIONS, ENGINE, COMMENTS, COLUMN_TYPE',
    );
    expect(errorOf(() => build([], [{ name: 'OID', value: 'N' }])).message).toContain('OID is not supported because object identifiers');
    expect(errorOf(() => build([], [{ name: 'STORAGE', value: 'maybe' }])).message).toContain('STORAGE is Y (keep, the default) or N (leave out)');
    expect(errorOf(() => build([], [{ name: 'STORAGE', value: 'N', objectPath: 'JAVA_SOURCE' }])).message).toContain('object path "JAVA_SOURCE" names no kind of object');
    expect(
      errorOf(() =>
        build(
          [],
          [
            { name: 'STORAGE', value: 'N' },
            { name: 'STORAGE', value: 'Y' },
          ],
        ),
      ).code,
    ).toBe('INCONSISTENT_ARGS');
  });

  it('refuses remaps and transforms on an export with INVALID_OPERATION', () => {
    const def = definition();
    expect(errorOf(() => validateMetadataRemap(def, { name: 'REMAP_SCHEMA', from: 'a', to: 'b' })).code).toBe('INVALID_OPERATION');
    expect(errorOf(() => validateTransform(def, { name: 'OWNER', value: 'N' })).message).toContain('give it to the import');
  });

  it('checks remap names and values', () => {
    expect(errorOf(() => build([{ name: 'REMAP_DATAFILE', from: 'a', to: 'b' }])).message).toContain('REMAP_DATAFILE is not supported');
    expect(errorOf(() => build([{ name: 'REMAP_TABLE', from: 'hr.emp', to: 'other.emp' }])).message).toContain('must be a bare table name; move schemas with REMAP_SCHEMA');
    expect(errorOf(() => build([{ name: 'REMAP_SCHEMA', from: '', to: 'b' }])).message).toContain('REMAP_SCHEMA needs the old name as a non-empty string');
    const twice = errorOf(() =>
      build([
        { name: 'REMAP_SCHEMA', from: 'a', to: 'b' },
        { name: 'REMAP_SCHEMA', from: 'a', to: 'c' },
      ]),
    );
    expect(twice.code).toBe('INCONSISTENT_ARGS');
    expect(twice.message).toContain('REMAP_SCHEMA of "a" was already given (to "b")');
  });
});

describe('DATA_REMAP functions', () => {
  afterEach(() => {
    remapDataFunctions.unregister('test.mask');
  });

  it("registers functions by name and hands the runtime each table's functions by column", () => {
    registerRemapFunction('test.mask', (v) => (v === null ? null : 'XXX'));
    const emp = { schema: 'hr', name: 'emp' };
    let def = importJob();
    def = { ...def, dataRemaps: [validateDataRemap(def, { table: emp, column: 'ssn', functionName: 'test.mask' })] };
    const fns = dataRemapsFor(def, emp);
    expect([...fns.keys()]).toEqual(['ssn']);
    expect(fns.get('ssn')?.('123-45-6789')).toBe('XXX');
    expect(fns.get('ssn')?.(null)).toBeNull();
    expect(dataRemapsFor(def, { schema: 'hr', name: 'dept' }).size).toBe(0);
    remapDataFunctions.unregister('test.mask');
    expect(errorOf(() => dataRemapsFor(def, emp)).message).toContain('names function test.mask, which is not registered in this process');
  });

  it('refuses unregistered functions, bad names, duplicates and SQL_FILE jobs', () => {
    const emp = { schema: 'hr', name: 'emp' };
    expect(errorOf(() => validateDataRemap(importJob(), { table: emp, column: 'ssn', functionName: 'nope' })).message).toContain(
      'function "nope" is not registered; call registerRemapFunction(name, fn) first',
    );
    expect(errorOf(() => registerRemapFunction('drop table x', (v) => v)).code).toBe('INVALID_ARGVAL');
    registerRemapFunction('test.mask', (v) => v);
    const def = importJob({ dataRemaps: [{ table: emp, column: 'ssn', functionName: 'test.mask' }] });
    expect(errorOf(() => validateDataRemap(def, { table: emp, column: 'ssn', functionName: 'test.mask' })).code).toBe('INCONSISTENT_ARGS');
    expect(errorOf(() => validateDataRemap(definition({ operation: 'SQL_FILE' }), { table: emp, column: 'ssn', functionName: 'test.mask' })).code).toBe('INVALID_OPERATION');
  });
});
