import { OBJECT_PATHS, type CatalogObject, type ObjectKind, type ObjectRef } from '@sluice/adapter-kit';
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test/job-error-of.js';
import { definition } from '../../test/definition-fixture.js';
import type { JobError } from '../errors.js';
import type { JobDefinition, MetadataFilterSpec } from '../job/job-definition.js';
import { compileJobFilters } from './compile-job-filters.js';
import { validateDataFilter, validateMetadataFilter } from './filter-specs.js';

function obj(kind: ObjectKind, schema: string | null, name: string, extra: Partial<CatalogObject> = {}): CatalogObject {
  return { kind, path: OBJECT_PATHS[kind], schema, name, phase: 'pre-data', dependsOn: [], ddl: '', detail: {}, ...extra };
}
const ref = (kind: ObjectKind, schema: string | null, name: string): ObjectRef => ({ kind, schema, name });

/** Two schemas: hr (emp with its index, FK to dept, trigger, comment, grant; a view on emp; a serial sequence; a partitioned table) and sales. */
const catalog: CatalogObject[] = [
  obj('USER', null, 'alice'),
  obj('SCHEMA', 'hr', 'hr'),
  obj('SCHEMA', 'sales', 'sales'),
  obj('SEQUENCE', 'hr', 'emp_id_seq'),
  obj('TABLE', 'hr', 'dept'),
  obj('TABLE', 'hr', 'emp', { dependsOn: [ref('SEQUENCE', 'hr', 'emp_id_seq')] }),
  obj('TABLE', 'hr', 'jobs'),
  obj('TABLE', 'hr', 'badge'),
  obj('TABLE', 'hr', 'orders', { detail: { tableKind: 'partitioned' } }),
  obj('TABLE', 'hr', 'orders_2024', { detail: { tableKind: 'partition', partitionOf: { parent: { schema: 'hr', name: 'orders' }, bound: '' } }, dependsOn: [ref('TABLE', 'hr', 'orders')] }),
  obj('INDEX', 'hr', 'emp_name_ix', { table: 'emp', phase: 'post-data' }),
  obj('CONSTRAINT', 'hr', 'emp_pk', { table: 'emp' }),
  obj('REF_CONSTRAINT', 'hr', 'emp_dept_fk', { table: 'emp', phase: 'post-data', dependsOn: [ref('TABLE', 'hr', 'dept')] }),
  obj('TRIGGER', 'hr', 'emp_audit', { table: 'emp', phase: 'post-data' }),
  obj('COMMENT', 'hr', 'emp', { table: 'emp' }),
  obj('GRANT', 'hr', 'emp:select:bob', { table: 'emp', phase: 'post-data' }),
  obj('VIEW', 'hr', 'emp_v', { dependsOn: [ref('TABLE', 'hr', 'emp')] }),
  obj('VIEW', 'hr', 'emp_v2', { dependsOn: [ref('VIEW', 'hr', 'emp_v')] }),
  obj('FUNCTION', 'hr', 'raise'),
  obj('SEQUENCE_VALUE', 'hr', 'emp_id_seq', { phase: 'post-data', dependsOn: [ref('SEQUENCE', 'hr', 'emp_id_seq')] }),
  // A table's own counters: an identity's sequence (PostgreSQL), AUTO_INCREMENT (MySQL), both named by their table.
  obj('SEQUENCE_VALUE', 'hr', 'jobs_id_seq', { table: 'jobs', phase: 'post-data', dependsOn: [ref('TABLE', 'hr', 'jobs')] }),
  obj('SEQUENCE_VALUE', 'hr', 'badge', { table: 'badge', phase: 'post-data', dependsOn: [ref('TABLE', 'hr', 'badge')] }),
  obj('TABLE', 'sales', 'orders'),
  obj('INDEX', 'sales', 'orders_ix', { table: 'orders', phase: 'post-data' }),
];

function job(mode: JobDefinition['mode'], filters: { name: string; value: string; objectPath?: string }[], extra: Partial<JobDefinition> = {}): JobDefinition {
  return definition({ mode, metadataFilters: filters.map((f): MetadataFilterSpec => validateMetadataFilter('T_JOB', f)), ...extra });
}
const names = (objects: readonly CatalogObject[]): string[] => objects.map((o) => `${o.kind} ${o.schema ?? ''}.${o.name}`);
const select = (def: JobDefinition) => compileJobFilters(def).selectObjects(catalog);

describe('selectObjects: modes and schemas', () => {
  it('SCHEMA mode keeps the listed schemas, without users unless USER_METADATA', () => {
    const { selected, unmatched } = select(job('SCHEMA', [{ name: 'SCHEMA_LIST', value: "'sales'" }]));
    expect(names(selected)).toEqual(['SCHEMA sales.sales', 'TABLE sales.orders', 'INDEX sales.orders_ix']);
    expect(unmatched).toEqual([]);
    const withUsers = select(job('SCHEMA', [{ name: 'SCHEMA_LIST', value: "'sales'" }], { parameters: { USER_METADATA: 1 } }));
    expect(names(withUsers.selected)).toContain('USER .alice');
  });

  it('SCHEMA_EXPR selects schemas by expression; FULL mode keeps everything', () => {
    expect(select(job('SCHEMA', [{ name: 'SCHEMA_EXPR', value: "LIKE 'h%'" }])).selected.every((o) => o.schema === 'hr')).toBe(true);
    expect(select(job('FULL', [])).selected).toHaveLength(catalog.length);
  });

  it('TABLE mode keeps the named tables with their partitions, attached objects and the sequences they need', () => {
    const { selected, unmatched } = select(
      job('TABLE', [
        { name: 'SCHEMA_LIST', value: "'hr'" },
        { name: 'NAME_LIST', value: "'emp','orders','nosuch'" },
      ]),
    );
    expect(names(selected)).toEqual([
      'SEQUENCE hr.emp_id_seq',
      'TABLE hr.emp',
      'TABLE hr.orders',
      'TABLE hr.orders_2024',
      'INDEX hr.emp_name_ix',
      'CONSTRAINT hr.emp_pk',
      'REF_CONSTRAINT hr.emp_dept_fk',
      'TRIGGER hr.emp_audit',
      'COMMENT hr.emp',
      'GRANT hr.emp:select:bob',
      'SEQUENCE_VALUE hr.emp_id_seq',
    ]);
    expect(unmatched).toEqual(['TABLE nosuch']);
  });

  it("TABLE mode carries a table's own counter (identity sequence, AUTO_INCREMENT) and no other table's", () => {
    const { selected } = select(
      job('TABLE', [
        { name: 'SCHEMA_LIST', value: "'hr'" },
        { name: 'NAME_LIST', value: "'jobs'" },
      ]),
    );
    expect(names(selected)).toEqual(['TABLE hr.jobs', 'SEQUENCE_VALUE hr.jobs_id_seq']);
    expect(
      names(
        select(
          job('TABLE', [
            { name: 'SCHEMA_LIST', value: "'hr'" },
            { name: 'NAME_LIST', value: "'badge'" },
          ]),
        ).selected,
      ),
    ).toEqual(['TABLE hr.badge', 'SEQUENCE_VALUE hr.badge']);
  });

  it('reports LIST names that match nothing', () => {
    const { unmatched } = select(
      job('SCHEMA', [
        { name: 'SCHEMA_LIST', value: "'hr','nobody'" },
        { name: 'NAME_LIST', value: "'emp','ghost'", objectPath: 'TABLE' },
      ]),
    );
    expect(unmatched).toEqual(['SCHEMA nobody', 'TABLE ghost']);
  });
});

describe('selectObjects: object paths', () => {
  const hr = { name: 'SCHEMA_LIST', value: "'hr'" };

  it('EXCLUDE of TABLE/INDEX (or INDEX) drops indexes only', () => {
    for (const value of ["'TABLE/INDEX'", "'INDEX'", "'SCHEMA_EXPORT/TABLE/INDEX'"]) {
      const kinds = select(job('SCHEMA', [hr, { name: 'EXCLUDE_PATH_LIST', value }])).selected.map((o) => o.kind);
      expect(kinds).not.toContain('INDEX');
      expect(kinds).toContain('TABLE');
      expect(kinds).toContain('CONSTRAINT');
    }
  });

  it('EXCLUDE of CONSTRAINT takes foreign keys too (REF_CONSTRAINT lives under it)', () => {
    const kinds = select(job('SCHEMA', [hr, { name: 'EXCLUDE_PATH_EXPR', value: "= 'CONSTRAINT'" }])).selected.map((o) => o.kind);
    expect(kinds).not.toContain('CONSTRAINT');
    expect(kinds).not.toContain('REF_CONSTRAINT');
  });

  it('INCLUDE of TABLE includes what lives under tables; INCLUDE of VIEW only views', () => {
    const tables = select(job('SCHEMA', [hr, { name: 'INCLUDE_PATH_EXPR', value: "IN ('TABLE')" }])).selected;
    expect(new Set(tables.map((o) => o.kind))).toEqual(new Set(['TABLE', 'INDEX', 'CONSTRAINT', 'REF_CONSTRAINT', 'TRIGGER']));
    const views = select(job('SCHEMA', [hr, { name: 'INCLUDE_PATH_LIST', value: "'VIEW'" }])).selected;
    expect(names(views)).toEqual(['VIEW hr.emp_v', 'VIEW hr.emp_v2']);
  });

  it('several INCLUDE filters add up', () => {
    const kinds = new Set(select(job('SCHEMA', [hr, { name: 'INCLUDE_PATH_LIST', value: "'VIEW'" }, { name: 'INCLUDE_PATH_LIST', value: "'FUNCTION'" }])).selected.map((o) => o.kind));
    expect(kinds).toEqual(new Set(['VIEW', 'FUNCTION']));
  });

  it('path expressions compare in upper case and accept LIKE', () => {
    const kinds = new Set(select(job('SCHEMA', [hr, { name: 'EXCLUDE_PATH_EXPR', value: "LIKE 'table%'" }])).selected.map((o) => o.kind));
    expect(kinds.has('TABLE')).toBe(false);
    expect(kinds.has('INDEX')).toBe(false);
    expect(kinds.has('FUNCTION')).toBe(true);
  });
});

describe('selectObjects: names and dependents', () => {
  const hr = { name: 'SCHEMA_LIST', value: "'hr'" };

  it('an excluded table takes its indexes, constraints, triggers, grants, comments and dependent views with it', () => {
    const { selected } = select(job('SCHEMA', [hr, { name: 'EXCLUDE_NAME_LIST', value: "'emp'", objectPath: 'TABLE' }]));
    const left = names(selected);
    for (const gone of [
      'TABLE hr.emp',
      'INDEX hr.emp_name_ix',
      'CONSTRAINT hr.emp_pk',
      'REF_CONSTRAINT hr.emp_dept_fk',
      'TRIGGER hr.emp_audit',
      'COMMENT hr.emp',
      'GRANT hr.emp:select:bob',
      'VIEW hr.emp_v',
      'VIEW hr.emp_v2',
    ]) {
      expect(left).not.toContain(gone);
    }
    expect(left).toContain('TABLE hr.dept');
    expect(left).toContain('SEQUENCE hr.emp_id_seq');
  });

  it('an object depending on an excluded object goes too (a foreign key to an excluded table)', () => {
    const left = names(select(job('SCHEMA', [hr, { name: 'EXCLUDE_NAME_EXPR', value: "= 'dept'" }])).selected);
    expect(left).not.toContain('REF_CONSTRAINT hr.emp_dept_fk');
    expect(left).toContain('TABLE hr.emp');
    expect(left).toContain('INDEX hr.emp_name_ix');
  });

  it('NAME_EXPR on TABLE keeps matching tables (with their partitions) and drops the dependents of the rest', () => {
    const left = names(select(job('SCHEMA', [hr, { name: 'NAME_EXPR', value: "IN ('emp','orders')", objectPath: 'TABLE' }])).selected);
    expect(left).toContain('TABLE hr.emp');
    expect(left).toContain('TABLE hr.orders_2024');
    expect(left).not.toContain('TABLE hr.dept');
    expect(left).not.toContain('TABLE hr.jobs');
    expect(left).not.toContain('REF_CONSTRAINT hr.emp_dept_fk');
    // Objects of other paths are not named by a TABLE name filter.
    expect(left).toContain('FUNCTION hr.raise');
  });

  it('NAME filters without an object path name tables', () => {
    const left = names(select(job('SCHEMA', [hr, { name: 'EXCLUDE_NAME_EXPR', value: "LIKE 'emp%'" }])).selected);
    expect(left).not.toContain('TABLE hr.emp');
    expect(left).not.toContain('VIEW hr.emp_v');
    expect(left).toContain('TABLE hr.dept');
  });

  it('a name filter on a dependent path names those objects only', () => {
    const left = names(select(job('SCHEMA', [hr, { name: 'EXCLUDE_NAME_LIST', value: "'emp_audit'", objectPath: 'TRIGGER' }])).selected);
    expect(left).not.toContain('TRIGGER hr.emp_audit');
    expect(left).toContain('TABLE hr.emp');
  });
});

describe('introspectScope', () => {
  it('asks for exact schemas when the filters give them, the whole database otherwise', () => {
    expect(compileJobFilters(job('SCHEMA', [{ name: 'SCHEMA_LIST', value: "'hr','sales'" }])).introspectScope(false)).toEqual({ mode: 'SCHEMA', schemas: ['hr', 'sales'], userMetadata: false });
    expect(
      compileJobFilters(
        job('SCHEMA', [
          { name: 'SCHEMA_EXPR', value: "IN ('hr','sales') OR = 'x'" },
          { name: 'SCHEMA_LIST', value: "'hr'" },
        ]),
      ).introspectScope(true),
    ).toEqual({ mode: 'SCHEMA', schemas: ['hr'], userMetadata: true });
    expect(compileJobFilters(job('SCHEMA', [{ name: 'SCHEMA_EXPR', value: "LIKE 'h%'" }])).introspectScope(false)).toEqual({ mode: 'FULL', userMetadata: false });
    expect(
      compileJobFilters(
        job('TABLE', [
          { name: 'SCHEMA_LIST', value: "'hr'" },
          { name: 'NAME_LIST', value: "'emp'" },
        ]),
      ).introspectScope(false),
    ).toEqual({ mode: 'SCHEMA', schemas: ['hr'], userMetadata: false });
    expect(compileJobFilters(job('FULL', [])).introspectScope(true)).toEqual({ mode: 'FULL', userMetadata: true });
  });
});

describe('data filters', () => {
  const emp = { schema: 'hr', name: 'emp' };
  const dept = { schema: 'hr', name: 'dept' };
  const withData = (specs: { name: string; value: string | number; table?: { schema: string; name: string } }[], extra: Partial<JobDefinition> = {}) => {
    let def = definition(extra);
    for (const s of specs) def = { ...def, dataFilters: [...def.dataFilters, validateDataFilter(def, s)] };
    return compileJobFilters(def);
  };

  it("a table's own filter wins over the job-wide one", () => {
    const f = withData([
      { name: 'QUERY', value: 'WHERE salary > 1000' },
      { name: 'QUERY', value: "dept_name <> 'x'", table: dept },
      { name: 'SAMPLE', value: 10 },
      { name: 'INCLUDE_ROWS', value: 0, table: dept },
      { name: 'PARTITION_LIST', value: "'p1','p2'", table: emp },
    ]);
    expect(f.unloadOptions(emp)).toEqual({ query: 'salary > 1000', sample: 10 });
    expect(f.unloadOptions(dept)).toEqual({ query: "dept_name <> 'x'", sample: 10 });
    expect(f.includeRows(emp)).toBe(true);
    expect(f.includeRows(dept)).toBe(false);
    expect(f.partitions(emp)).toEqual(['p1', 'p2']);
    expect(f.partitions(dept)).toBeUndefined();
  });

  it('validates data filters', () => {
    const filterError = (spec: { name: string; value: unknown; table?: unknown }, extra: Partial<JobDefinition> = {}): JobError => errorOf(() => validateDataFilter(definition(extra), spec));
    expect(filterError({ name: 'SAMPLE', value: 0 }).message).toBe('dataFilter: SAMPLE is a percentage of rows, more than 0 and at most 100; got 0');
    expect(filterError({ name: 'QUERY', value: 'x = 1; DROP TABLE t' }).message).toContain("has a ';' at position 6");
    expect(filterError({ name: 'QUERY', value: 'x = 1' }, { operation: 'IMPORT' }).code).toBe('INVALID_OPERATION');
    expect(filterError({ name: 'QUERY', value: 'x = 1' }, { operation: 'IMPORT' }).message).toContain('give QUERY to the export, or import over a network link');
    expect(filterError({ name: 'INCLUDE_ROWS', value: 0 }, { operation: 'SQL_FILE' }).code).toBe('INVALID_OPERATION');
    expect(filterError({ name: 'ROWNUM', value: 1 }).message).toContain('"ROWNUM" is not a data filter');
    expect(filterError({ name: 'QUERY', value: 'x', table: { schema: 'hr' } }).code).toBe('INVALID_ARGVAL');
    const twice = filterError({ name: 'QUERY', value: 'y = 2', table: emp }, { dataFilters: [{ name: 'QUERY', value: 'x = 1', table: emp }] });
    expect(twice.code).toBe('INCONSISTENT_ARGS');
    expect(twice.message).toContain('QUERY was already given for "hr"."emp"');
    expect(() => validateDataFilter(definition({ operation: 'IMPORT', networkLink: true }), { name: 'QUERY', value: 'x = 1' })).not.toThrow();
  });
});

describe('validateMetadataFilter', () => {
  const metadataError = (spec: { name: unknown; value: unknown; objectPath?: unknown }): JobError => errorOf(() => validateMetadataFilter('J', spec));

  it('parses the value at once, so bad syntax fails the call naming filter and position', () => {
    const e = metadataError({ name: 'NAME_EXPR', value: "IN ('A',)" });
    expect(e.code).toBe('INVALID_ARGVAL');
    expect(e.message).toContain('metadataFilter: NAME_EXPR "IN (\'A\',)" is not valid at position 9: expected a quoted name after ","');
  });

  it('checks names, paths and combinations', () => {
    expect(metadataError({ name: 'NAME_REGEX', value: 'x' }).message).toContain('"NAME_REGEX" is not a metadata filter');
    expect(metadataError({ name: 'TABLESPACE_LIST', value: "'users'", objectPath: 'TABLE' }).message).toBe(
      'metadataFilter: TABLESPACE_LIST selects tables by their tablespace itself and takes no objectPath (got "TABLE")',
    );
    expect(metadataError({ name: 'TABLESPACE_EXPR', value: "IN ('users'" }).message).toContain('TABLESPACE_EXPR "IN (\'users\'" is not valid at position 12: expected');
    expect(metadataError({ name: 'NAME_LIST', value: "'x'", objectPath: 'JAVA_SOURCE' }).message).toContain('object path "JAVA_SOURCE" names no kind of object');
    expect(metadataError({ name: 'EXCLUDE_PATH_LIST', value: "'SYNONYM'" }).message).toContain('names object path "SYNONYM"');
    expect(metadataError({ name: 'SCHEMA_LIST', value: "'hr'", objectPath: 'TABLE' }).code).toBe('INCONSISTENT_ARGS');
    expect(validateMetadataFilter('J', { name: 'name_list', value: "'x'", objectPath: 'schema_export/table' })).toEqual({ name: 'NAME_LIST', value: "'x'", objectPath: 'TABLE' });
  });
});

describe('selectObjects: tablespaces', () => {
  const stored = (name: string, storageTablespace: string | null | undefined, extra: Partial<CatalogObject> = {}): CatalogObject =>
    obj('TABLE', 'hr', name, { ...extra, detail: { ...(extra.detail ?? {}), ...(storageTablespace === undefined ? {} : { storageTablespace }) } });
  const tables: CatalogObject[] = [
    obj('SCHEMA', 'hr', 'hr'),
    stored('fast_t', 'fast'),
    stored('slow_t', 'pg_default'),
    stored('heap_t', null),
    stored('parted', 'pg_default', { detail: { tableKind: 'partitioned' } }),
    stored('parted_1', 'fast', { detail: { tableKind: 'partition', partitionOf: { parent: { schema: 'hr', name: 'parted' }, bound: '' } }, dependsOn: [ref('TABLE', 'hr', 'parted')] }),
    obj('INDEX', 'hr', 'fast_ix', { table: 'fast_t', phase: 'post-data' }),
    obj('VIEW', 'hr', 'slow_v', { dependsOn: [ref('TABLE', 'hr', 'slow_t')] }),
    obj('FUNCTION', 'hr', 'f'),
  ];
  const pick = (mode: JobDefinition['mode'], filters: { name: string; value: string }[], objects = tables) => compileJobFilters(job(mode, filters)).selectObjects(objects);

  it('TABLESPACE mode keeps the tables of the listed tablespaces with what lives on them; a partition follows its table', () => {
    const { selected, unmatched } = pick('TABLESPACE', [{ name: 'TABLESPACE_LIST', value: "'fast','nosuch'" }]);
    expect(names(selected)).toEqual(['TABLE hr.fast_t', 'INDEX hr.fast_ix']);
    expect(unmatched).toEqual(['TABLESPACE nosuch']);
    expect(names(pick('TABLESPACE', [{ name: 'TABLESPACE_LIST', value: "'pg_default'" }]).selected)).toEqual(['TABLE hr.slow_t', 'TABLE hr.parted', 'TABLE hr.parted_1']);
  });

  it('TABLESPACE_EXPR narrows a SCHEMA job: tables elsewhere go with their dependents; a table in no tablespace matches no expression', () => {
    const { selected } = pick('SCHEMA', [
      { name: 'SCHEMA_LIST', value: "'hr'" },
      { name: 'TABLESPACE_EXPR', value: "NOT IN ('pg_default')" },
    ]);
    expect(names(selected)).toEqual(['SCHEMA hr.hr', 'TABLE hr.fast_t', 'INDEX hr.fast_ix', 'FUNCTION hr.f']);
  });

  it('refuses to guess a tablespace that is not known', () => {
    let error: JobError | undefined;
    try {
      pick('SCHEMA', [{ name: 'TABLESPACE_EXPR', value: "= 'fast'" }], [...tables, stored('unknown_t', undefined)]);
    } catch (e) {
      error = e as JobError;
    }
    expect(error?.code).toBe('INVALID_OPERATION');
    expect(error?.message).toContain('TABLESPACE_EXPR: the tablespace of table "hr"."unknown_t" is not known');
  });
});
