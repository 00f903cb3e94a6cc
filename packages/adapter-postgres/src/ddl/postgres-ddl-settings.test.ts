import { describe, expect, it } from 'vitest';
import type { CatalogObject } from '@sluice/adapter-kit';
import type { PgColumn, PgDefaultPrivilegesDetail, PgTableDetail, PgTriggerDetail, PgViewDetail } from '../model/postgres-details.js';
import { generatePostgresDdl } from './postgres-ddl-generator.js';

function object(kind: CatalogObject['kind'], name: string, detail: object, extra: Partial<CatalogObject> = {}): CatalogObject {
  return { kind, path: '', schema: 'app', name, phase: 'post-data', dependsOn: [], ddl: '', detail: detail as Record<string, unknown>, ...extra };
}

const trigger: PgTriggerDetail = {
  name: 'stamp',
  table: 'events',
  definition: 'CREATE TRIGGER stamp BEFORE INSERT ON app.events FOR EACH ROW EXECUTE FUNCTION app.stamp()',
  enabled: 'O',
};
const clone = (table: string, enabled: string): CatalogObject =>
  object('TRIGGER', `${table} stamp`, { ...trigger, table, definition: trigger.definition.replace('app.events', `app.${table}`), enabled, clone: true }, { table });

const column = (name: string, extra: Partial<PgColumn>): PgColumn =>
  ({ name, ordinal: 1, type: { kind: 'text' }, nativeType: 'text', nullable: true, default: null, local: true, inherited: false, ...extra }) as PgColumn;

const docs: PgTableDetail = {
  columns: [column('body', { compression: 'lz4', attributeOptions: { n_distinct: '-0.5', n_distinct_inherited: '10' } })],
  keyColumns: [],
  tableKind: 'regular',
  tablespace: null,
  options: { fillfactor: '70', 'toast.autovacuum_enabled': 'false' },
  hasData: true,
  inherits: [],
  checks: [],
  ownedSequences: [],
  replicaIdentity: 'd',
  rowSecurity: false,
  forceRowSecurity: false,
} as PgTableDetail;

describe('generatePostgresDdl: settings pg_dump carries', () => {
  it('sets the enabled state of trigger clones on partitions, under REMAP_SCHEMA and REMAP_TABLE', () => {
    const options = { remapSchema: new Map([['app', 'copy']]), remapTable: new Map([['events_2025', 'ev25']]) };
    expect(generatePostgresDdl(object('TRIGGER', 'events stamp', trigger, { table: 'events' }), options)).toEqual([
      'CREATE TRIGGER stamp BEFORE INSERT ON copy.events FOR EACH ROW EXECUTE FUNCTION copy.stamp()',
    ]);
    expect([clone('events_2024', 'D'), clone('events_2025', 'A'), clone('events_2026', 'R'), clone('events_2027', 'O')].flatMap((c) => generatePostgresDdl(c, options))).toEqual([
      'ALTER TABLE copy.events_2024 DISABLE TRIGGER stamp',
      'ALTER TABLE copy.ev25 ENABLE ALWAYS TRIGGER stamp',
      'ALTER TABLE copy.events_2026 ENABLE REPLICA TRIGGER stamp',
      'ALTER TABLE copy.events_2027 ENABLE TRIGGER stamp',
    ]);
  });

  it('writes nothing for a clone when partitions become tables of their own (TRANSFORM unpartitioned)', () => {
    const options = { transforms: { unpartitioned: true } };
    expect(generatePostgresDdl(clone('events_2024', 'D'), options)).toEqual([]);
    expect(generatePostgresDdl(object('TRIGGER', 'events stamp', { ...trigger, enabled: 'D' }, { table: 'events' }), options)).toEqual([
      trigger.definition,
      'ALTER TABLE app.events DISABLE TRIGGER stamp',
    ]);
  });

  it('writes column compression, attribute options and TOAST parameters; compression goes with the storage transform', () => {
    const ddl = generatePostgresDdl(object('TABLE', 'docs', docs, { phase: 'pre-data' }));
    expect(ddl[0]).toBe(`CREATE TABLE app.docs (\n    body text\n) WITH (fillfactor='70', toast.autovacuum_enabled='false')`);
    expect(ddl.slice(1)).toEqual(['ALTER TABLE ONLY app.docs ALTER COLUMN body SET COMPRESSION lz4', `ALTER TABLE ONLY app.docs ALTER COLUMN body SET (n_distinct='-0.5', n_distinct_inherited='10')`]);
    expect(generatePostgresDdl(object('TABLE', 'docs', docs, { phase: 'pre-data' }), { transforms: { omitStorage: true } }).slice(1)).toEqual([
      `ALTER TABLE ONLY app.docs ALTER COLUMN body SET (n_distinct='-0.5', n_distinct_inherited='10')`,
    ]);
  });

  it("writes a view column's default", () => {
    const view: PgViewDetail = { definition: ' SELECT 1 AS id', options: {}, columnDefaults: [{ name: 'id', default: "nextval('app.s'::regclass)" }] };
    expect(generatePostgresDdl(object('VIEW', 'v', view, { phase: 'pre-data' }), { remapSchema: new Map([['app', 'copy']]) })).toEqual([
      'CREATE VIEW copy.v AS\n SELECT 1 AS id',
      `ALTER TABLE ONLY copy.v ALTER COLUMN id SET DEFAULT nextval('copy.s'::regclass)`,
    ]);
  });

  it('writes default privileges of a schema under REMAP_SCHEMA, and database-wide ones as changes', () => {
    const inSchema: PgDefaultPrivilegesDetail = {
      defaultsFor: { role: 'Owner', schema: 'app', objects: 'TABLES' },
      revokes: [],
      grants: [
        { grantee: 'PUBLIC', privilege: 'SELECT', grantable: false },
        { grantee: 'PUBLIC', privilege: 'INSERT', grantable: false },
        { grantee: 'boss', privilege: 'UPDATE', grantable: true },
      ],
    };
    expect(generatePostgresDdl(object('GRANT', 'DEFAULT PRIVILEGES FOR TABLES Owner', inSchema), { remapSchema: new Map([['app', 'copy']]) })).toEqual([
      'ALTER DEFAULT PRIVILEGES FOR ROLE "Owner" IN SCHEMA copy GRANT SELECT, INSERT ON TABLES TO PUBLIC',
      'ALTER DEFAULT PRIVILEGES FOR ROLE "Owner" IN SCHEMA copy GRANT UPDATE ON TABLES TO boss WITH GRANT OPTION',
    ]);
    const global: PgDefaultPrivilegesDetail = {
      defaultsFor: { role: 'postgres', schema: null, objects: 'FUNCTIONS' },
      revokes: ['PUBLIC'],
      grants: [],
    };
    expect(generatePostgresDdl(object('GRANT', 'DEFAULT PRIVILEGES FOR FUNCTIONS postgres', global, { schema: null }))).toEqual([
      'ALTER DEFAULT PRIVILEGES FOR ROLE postgres REVOKE ALL ON FUNCTIONS FROM PUBLIC',
    ]);
    expect(generatePostgresDdl(object('GRANT', 'x', inSchema), { transforms: { omitGrants: true } })).toEqual([]);
  });
});
