import { describe, expect, it } from 'vitest';
import type { CatalogObject, DdlOptions } from '@sluice/adapter-kit';
import type { PgColumn, PgConstraintDetail, PgIndexDetail, PgTableDetail } from '../model/postgres-details.js';
import { generatePostgresDdl } from './postgres-ddl-generator.js';

function object(kind: CatalogObject['kind'], name: string, detail: object, extra: Partial<CatalogObject> = {}): CatalogObject {
  return { kind, path: '', schema: 'app', name, phase: 'pre-data', dependsOn: [], ddl: '', detail: detail as Record<string, unknown>, ...extra };
}

const column = (name: string, nativeType: string, extra: Partial<PgColumn>): PgColumn =>
  ({ name, ordinal: 0, type: { kind: 'text' }, nativeType, nullable: true, default: null, local: true, inherited: false, ...extra }) as PgColumn;

const table = (extra: Partial<PgTableDetail>): PgTableDetail => ({
  columns: [],
  keyColumns: [],
  tableKind: 'regular',
  tablespace: null,
  options: {},
  hasData: true,
  inherits: [],
  checks: [],
  ownedSequences: [],
  replicaIdentity: 'd',
  rowSecurity: false,
  forceRowSecurity: false,
  ...extra,
});

const parentCheck = { name: 'm_qty_check', definition: 'CHECK ((qty >= 0))' };
const ownCheck = { name: 'm_2024_note_len', definition: 'CHECK ((length(note) < 100))' };

/** A partition attached from a table of its own: its own column order, its own default for region. */
const partition = table({
  tableKind: 'partition',
  partitionOf: { parent: { schema: 'app', name: 'm' }, bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" },
  columns: [
    column('note', 'text', { local: false, inherited: true, collation: 'pg_catalog."C"', parentNotNull: false, parentDefault: null }),
    column('qty', 'integer', { local: false, inherited: true, parentNotNull: false, parentDefault: null }),
    column('region', 'text', { local: false, inherited: true, nullable: false, default: "'us'::text", parentNotNull: true, parentDefault: "'eu'::text" }),
    column('id', 'bigint', { local: false, inherited: true, nullable: false, parentNotNull: true, parentDefault: null }),
  ],
  checks: [ownCheck],
  parentChecks: [parentCheck],
  replicaIdentity: 'f',
});

const root = table({
  tableKind: 'partitioned',
  hasData: false,
  partitionKey: 'RANGE (id)',
  partitions: ['m_2024'],
  tablespace: 'fast',
  columns: [column('id', 'bigint', { nullable: false }), column('region', 'text', { nullable: false, default: "'eu'::text" })],
  checks: [parentCheck],
});

const index: PgIndexDetail = {
  table: 'm',
  unique: false,
  method: 'btree',
  keys: 'note',
  include: [],
  nullsNotDistinct: false,
  predicate: null,
  options: {},
  tablespace: null,
  only: true,
  clustered: false,
  replicaIdentity: true,
};
const key: PgConstraintDetail = {
  name: 'm_2024_pkey',
  table: 'm_2024',
  type: 'p',
  columns: ['id', 'region'],
  include: [],
  nullsNotDistinct: false,
  definition: 'PRIMARY KEY (id, region)',
  options: {},
  tablespace: null,
  deferrable: false,
  deferred: false,
  validated: true,
  only: true,
  attachTo: { schema: 'app', name: 'm_pkey' },
};

const unpartitioned: DdlOptions = { remapSchema: new Map([['app', 'flat']]), transforms: { unpartitioned: true } };

describe('generatePostgresDdl with TRANSFORM unpartitioned', () => {
  it("writes a partition as a table of its own: every column declared, its parent's CHECKs too, no PARTITION OF", () => {
    const o = object('TABLE', 'm_2024', partition, { owner: 'alice' });
    expect(generatePostgresDdl(o, unpartitioned)).toEqual([
      'CREATE TABLE flat.m_2024 (\n' +
        '    note text COLLATE pg_catalog."C",\n' +
        '    qty integer,\n' +
        "    region text DEFAULT 'us'::text NOT NULL,\n" +
        '    id bigint NOT NULL,\n' +
        '    CONSTRAINT m_qty_check CHECK ((qty >= 0)),\n' +
        '    CONSTRAINT m_2024_note_len CHECK ((length(note) < 100))\n' +
        ')',
      'ALTER TABLE ONLY flat.m_2024 REPLICA IDENTITY FULL',
      'ALTER TABLE flat.m_2024 OWNER TO alice',
    ]);
    // Without the transform: the partition as the source has it.
    expect(generatePostgresDdl(o)).toEqual([
      'CREATE TABLE app.m_2024 PARTITION OF app.m (\n    CONSTRAINT m_2024_note_len CHECK ((length(note) < 100))\n)\n' + "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
      "ALTER TABLE ONLY app.m_2024 ALTER COLUMN region SET DEFAULT 'us'::text",
      'ALTER TABLE ONLY app.m_2024 REPLICA IDENTITY FULL',
      'ALTER TABLE app.m_2024 OWNER TO alice',
    ]);
  });

  it('writes a partitioned table, or a sub-partitioned partition, without PARTITION BY', () => {
    expect(generatePostgresDdl(object('TABLE', 'm', root), unpartitioned)).toEqual([
      "CREATE TABLE flat.m (\n    id bigint NOT NULL,\n    region text DEFAULT 'eu'::text NOT NULL,\n    CONSTRAINT m_qty_check CHECK ((qty >= 0))\n) TABLESPACE fast",
    ]);
    const sub = { ...partition, tableKind: 'partitioned', partitionKey: 'LIST (region)', checks: [], replicaIdentity: 'd' };
    const [create, ...rest] = generatePostgresDdl(object('TABLE', 'm_2024', sub), unpartitioned);
    expect(create).toMatch(/^CREATE TABLE flat\.m_2024 \(\n {4}note text/);
    expect(create).not.toMatch(/PARTITION|FOR VALUES/);
    expect(rest).toEqual([]);
  });

  it("creates indexes and keys on the table itself, never attached to a parent's", () => {
    const onParent = object('INDEX', 'm_note', index, { table: 'm' });
    expect(generatePostgresDdl(onParent, unpartitioned)).toEqual(['CREATE INDEX m_note ON flat.m USING btree (note)', 'ALTER TABLE ONLY flat.m REPLICA IDENTITY USING INDEX m_note']);
    expect(generatePostgresDdl(onParent)[0]).toBe('CREATE INDEX m_note ON ONLY app.m USING btree (note)');
    const onPartition = object('INDEX', 'm_2024_note_idx', { ...index, table: 'm_2024', only: false, replicaIdentity: false, attachTo: { schema: 'app', name: 'm_note' } }, { table: 'm_2024' });
    expect(generatePostgresDdl(onPartition, unpartitioned)).toEqual(['CREATE INDEX m_2024_note_idx ON flat.m_2024 USING btree (note)']);
    expect(generatePostgresDdl(onPartition)).toContain('ALTER INDEX app.m_note ATTACH PARTITION app.m_2024_note_idx');
    const pkey = object('CONSTRAINT', 'm_2024 m_2024_pkey', key, { table: 'm_2024' });
    expect(generatePostgresDdl(pkey, unpartitioned)).toEqual(['ALTER TABLE ONLY flat.m_2024 ADD CONSTRAINT m_2024_pkey PRIMARY KEY (id, region)']);
    expect(generatePostgresDdl(pkey)).toContain('ALTER INDEX app.m_pkey ATTACH PARTITION app.m_2024_pkey');
  });
});
