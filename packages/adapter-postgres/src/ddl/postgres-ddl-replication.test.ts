import { describe, expect, it } from 'vitest';
import type { CatalogObject } from '@sluice/adapter-kit';
import type { PgEventTriggerDetail, PgPublicationDetail, PgPublicationTableDetail, PgSubscriptionDetail } from '../model/postgres-global-details.js';
import { generatePostgresDdl } from './postgres-ddl-generator.js';

function object(kind: CatalogObject['kind'], name: string, detail: object, extra: Partial<CatalogObject> = {}): CatalogObject {
  return { kind, path: '', schema: null, name, phase: 'post-data', dependsOn: [], ddl: '', detail: detail as Record<string, unknown>, ...extra };
}

const toShop = { remapSchema: new Map([['app', 'shop']]), remapTable: new Map([['app.orders', 'sales']]) };

describe('publications, subscriptions and event triggers', () => {
  it('writes a publication with what it publishes, and its tables and schemas after remaps', () => {
    const all: PgPublicationDetail = { allTables: true, publish: ['insert', 'update', 'delete', 'truncate'], viaPartitionRoot: true };
    expect(generatePostgresDdl(object('PUBLICATION', 'Pub', all, { owner: 'admin' }))).toEqual([
      `CREATE PUBLICATION "Pub" FOR ALL TABLES WITH (publish = 'insert, update, delete, truncate', publish_via_partition_root = true)`,
      'ALTER PUBLICATION "Pub" OWNER TO admin',
    ]);
    const some: PgPublicationDetail = { allTables: false, publish: ['insert'], viaPartitionRoot: false };
    expect(generatePostgresDdl(object('PUBLICATION', 'p', some))).toEqual([`CREATE PUBLICATION p WITH (publish = 'insert')`]);
    const table: PgPublicationTableDetail = { publication: 'p', table: { schema: 'app', name: 'orders' }, columns: ['id', 'Region'], where: '(amount > (100)::numeric)' };
    expect(generatePostgresDdl(object('PUBLICATION_TABLE', 'p app.orders', table), toShop)).toEqual(['ALTER PUBLICATION p ADD TABLE ONLY shop.sales (id, "Region") WHERE ((amount > (100)::numeric))']);
    const schema: PgPublicationTableDetail = { publication: 'p', schema: 'app' };
    expect(generatePostgresDdl(object('PUBLICATION_TABLE', 'p TABLES IN SCHEMA app', schema), toShop)).toEqual(['ALTER PUBLICATION p ADD TABLES IN SCHEMA shop']);
  });

  it('writes a subscription as pg_dump does: never connecting, its slot name kept or NONE', () => {
    const sub: PgSubscriptionDetail = {
      conninfo: "host=h password='it''s'",
      publications: ['p', 'Other Pub'],
      slotName: 'sub',
      binary: true,
      streaming: 't',
      twoPhase: true,
      disableOnError: true,
      synchronousCommit: 'local',
    };
    expect(generatePostgresDdl(object('SUBSCRIPTION', 'sub', sub, { owner: 'admin' }))).toEqual([
      `CREATE SUBSCRIPTION sub CONNECTION 'host=h password=''it''''s''' PUBLICATION p, "Other Pub" WITH (connect = false, slot_name = 'sub', binary = true, streaming = on, two_phase = on, disable_on_error = true, synchronous_commit = local)`,
      'ALTER SUBSCRIPTION sub OWNER TO admin',
    ]);
    const plain: PgSubscriptionDetail = { ...sub, slotName: null, binary: false, streaming: 'f', twoPhase: false, disableOnError: false, synchronousCommit: 'off' };
    expect(generatePostgresDdl(object('SUBSCRIPTION', 'sub', plain))).toEqual([
      `CREATE SUBSCRIPTION sub CONNECTION 'host=h password=''it''''s''' PUBLICATION p, "Other Pub" WITH (connect = false, slot_name = NONE)`,
    ]);
  });

  it('writes an event trigger with its tags, function remapped, and its enabled state', () => {
    const trigger: PgEventTriggerDetail = { event: 'ddl_command_end', tags: ['CREATE TABLE', "it's"], function: 'app.on_ddl', enabled: 'R' };
    expect(generatePostgresDdl(object('EVENT_TRIGGER', 'Et', trigger, { owner: 'admin' }), toShop)).toEqual([
      `CREATE EVENT TRIGGER "Et" ON ddl_command_end WHEN TAG IN ('CREATE TABLE', 'it''s') EXECUTE FUNCTION shop.on_ddl()`,
      'ALTER EVENT TRIGGER "Et" ENABLE REPLICA',
      'ALTER EVENT TRIGGER "Et" OWNER TO admin',
    ]);
    expect(generatePostgresDdl(object('EVENT_TRIGGER', 'e', { ...trigger, tags: null, enabled: 'O' }))).toEqual(['CREATE EVENT TRIGGER e ON ddl_command_end EXECUTE FUNCTION app.on_ddl()']);
  });
});
