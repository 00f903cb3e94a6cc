import { describe, expect, it } from 'vitest';
import type { CatalogObject } from '@sluice/adapter-kit';
import type { PgColumn } from '../model/postgres-details.js';
import type { PgForeignDataWrapperDetail, PgForeignTableDetail, PgServerDetail, PgUserMappingDetail } from '../model/postgres-global-details.js';
import { generatePostgresDdl } from './postgres-ddl-generator.js';

function object(kind: CatalogObject['kind'], schema: string | null, name: string, detail: object, extra: Partial<CatalogObject> = {}): CatalogObject {
  return { kind, path: '', schema, name, phase: 'pre-data', dependsOn: [], ddl: '', detail: detail as Record<string, unknown>, ...extra };
}

const toShop = { remapSchema: new Map([['app', 'shop']]) };

function column(name: string, nativeType: string, extra: Partial<PgColumn> = {}): PgColumn {
  return { name, ordinal: 1, type: { kind: 'other', native: nativeType }, nativeType, nullable: true, default: null, local: true, inherited: false, ...extra };
}

const table: Omit<PgForeignTableDetail, 'columns' | 'foreign'> = {
  keyColumns: [],
  tableKind: 'foreign',
  tablespace: null,
  hasData: false,
  inherits: [],
  checks: [],
  ownedSequences: [],
  replicaIdentity: 'd',
  rowSecurity: false,
  forceRowSecurity: false,
};

describe('foreign-data wrappers, servers, user mappings and foreign tables', () => {
  it('writes a wrapper with or without handler and validator, options quoted, handler schema remapped', () => {
    const bare: PgForeignDataWrapperDetail = { handler: null, validator: null, options: [] };
    expect(generatePostgresDdl(object('FOREIGN_DATA_WRAPPER', null, 'w', bare))).toEqual(['CREATE FOREIGN DATA WRAPPER w']);
    const full: PgForeignDataWrapperDetail = { handler: 'app.w_handler', validator: 'postgresql_fdw_validator', options: [['Debug', "it's on"]] };
    expect(generatePostgresDdl(object('FOREIGN_DATA_WRAPPER', null, 'My W', full, { owner: 'admin' }), toShop)).toEqual([
      `CREATE FOREIGN DATA WRAPPER "My W" HANDLER shop.w_handler VALIDATOR postgresql_fdw_validator OPTIONS ("Debug" 'it''s on')`,
      'ALTER FOREIGN DATA WRAPPER "My W" OWNER TO admin',
    ]);
  });

  it('writes a server with type, version and options, and a user mapping for a role or PUBLIC', () => {
    const server: PgServerDetail = {
      wrapper: 'w',
      type: 'files',
      version: '1.0',
      options: [
        ['host', 'h'],
        ['port', '5433'],
      ],
    };
    expect(generatePostgresDdl(object('SERVER', null, 's', server, { owner: 'Admin' }))).toEqual([
      "CREATE SERVER s TYPE 'files' VERSION '1.0' FOREIGN DATA WRAPPER w OPTIONS (host 'h', port '5433')",
      'ALTER SERVER s OWNER TO "Admin"',
    ]);
    const mapping: PgUserMappingDetail = { user: 'PUBLIC', server: 's', options: [] };
    expect(generatePostgresDdl(object('USER_MAPPING', null, 'PUBLIC SERVER s', mapping))).toEqual(['CREATE USER MAPPING FOR PUBLIC SERVER s']);
    const secret: PgUserMappingDetail = {
      user: 'Bob',
      server: 's',
      options: [
        ['user', 'bob'],
        ['password', 'x y'],
      ],
    };
    expect(generatePostgresDdl(object('USER_MAPPING', null, 'Bob SERVER s', secret))).toEqual([`CREATE USER MAPPING FOR "Bob" SERVER s OPTIONS ("user" 'bob', password 'x y')`]);
  });

  it('writes a foreign table with columns, checks, options and column options, remapped', () => {
    const detail: PgForeignTableDetail = {
      ...table,
      columns: [column('id', 'bigint', { nullable: false, default: "nextval('app.ids'::regclass)" }), column('label', 'text', { collation: 'pg_catalog."C"', statistics: 300 })],
      checks: [{ name: 'label_set', definition: "CHECK ((label <> ''::text))" }],
      foreign: { server: 's', options: [['table_name', 'items']], columnOptions: [{ column: 'id', options: [['column_name', 'item_id']] }] },
    };
    expect(generatePostgresDdl(object('TABLE', 'app', 'Items', detail, { owner: 'admin' }), toShop)).toEqual([
      `CREATE FOREIGN TABLE shop."Items" (\n    id bigint DEFAULT nextval('shop.ids'::regclass) NOT NULL,\n    label text COLLATE pg_catalog."C",\n    CONSTRAINT label_set CHECK ((label <> ''::text))\n)\nSERVER s\nOPTIONS (table_name 'items')`,
      'ALTER FOREIGN TABLE ONLY shop."Items" ALTER COLUMN label SET STATISTICS 300',
      `ALTER FOREIGN TABLE ONLY shop."Items" ALTER COLUMN id OPTIONS (column_name 'item_id')`,
      'ALTER FOREIGN TABLE shop."Items" OWNER TO admin',
    ]);
  });

  it('writes a foreign partition as PARTITION OF its parent, and a child with INHERITS', () => {
    const partition: PgForeignTableDetail = {
      ...table,
      columns: [column('id', 'integer', { local: false, inherited: true, nullable: false, parentNotNull: true, parentDefault: null })],
      partitionOf: { parent: { schema: 'app', name: 'measures' }, bound: "FOR VALUES FROM ('2000-01-01') TO ('2025-01-01')" },
      foreign: { server: 's', options: [], columnOptions: [] },
    };
    expect(generatePostgresDdl(object('TABLE', 'app', 'old', partition), toShop)).toEqual([
      "CREATE FOREIGN TABLE shop.old PARTITION OF shop.measures\nFOR VALUES FROM ('2000-01-01') TO ('2025-01-01')\nSERVER s",
    ]);
    const child: PgForeignTableDetail = { ...partition, partitionOf: undefined, inherits: [{ schema: 'app', name: 'events' }], columns: [column('note', 'text')] } as PgForeignTableDetail;
    expect(generatePostgresDdl(object('TABLE', 'app', 'archive', child))[0]).toBe('CREATE FOREIGN TABLE app.archive (\n    note text\n)\nINHERITS (app.events)\nSERVER s');
  });
});
