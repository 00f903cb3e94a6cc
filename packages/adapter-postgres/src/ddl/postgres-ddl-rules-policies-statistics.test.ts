import { describe, expect, it } from 'vitest';
import type { CatalogObject } from '@sluice/adapter-kit';
import type { PgPolicyDetail, PgRuleDetail, PgStatisticsDetail } from '../model/postgres-details.js';
import { generatePostgresDdl } from './postgres-ddl-generator.js';

function object(kind: CatalogObject['kind'], name: string, detail: object, extra: Partial<CatalogObject> = {}): CatalogObject {
  return { kind, path: '', schema: 'app', name, phase: 'post-data', dependsOn: [], ddl: '', detail: detail as Record<string, unknown>, ...extra };
}

const toShop = { remapSchema: new Map([['app', 'shop']]) };

describe('rules, row-level security policies and extended statistics', () => {
  it('writes a rule as the server printed it, remapped, then its enabled state', () => {
    const rule: PgRuleDetail = {
      name: 'forget',
      table: 'orders',
      definition: "CREATE RULE forget AS\n    ON DELETE TO app.orders DO  INSERT INTO app.orders_log (id, what)\n  VALUES (old.id, 'app.orders'::text)",
      enabled: 'D',
    };
    expect(generatePostgresDdl(object('RULE', 'orders forget', rule, { table: 'orders' }), toShop)).toEqual([
      "CREATE RULE forget AS\n    ON DELETE TO shop.orders DO  INSERT INTO shop.orders_log (id, what)\n  VALUES (old.id, 'app.orders'::text)",
      'ALTER TABLE shop.orders DISABLE RULE forget',
    ]);
    expect(generatePostgresDdl(object('RULE', 'orders_v ins', { ...rule, table: 'orders_v', enabled: 'O' }))).toHaveLength(1);
    expect(generatePostgresDdl(object('RULE', 'orders_v ins', { ...rule, name: 'Ins', table: 'orders_v', enabled: 'A' }))[1]).toBe('ALTER TABLE app.orders_v ENABLE ALWAYS RULE "Ins"');
  });

  it('builds a policy from its parts: restrictive or permissive, command, roles or PUBLIC, USING and WITH CHECK', () => {
    const policy: PgPolicyDetail = {
      name: 'no overdraft',
      table: 'accounts',
      permissive: false,
      command: 'UPDATE',
      roles: ['Reader', 'auditor'],
      using: 'app.non_negative(balance)',
      withCheck: '(balance >= (0)::numeric)',
    };
    expect(generatePostgresDdl(object('POLICY', 'accounts no overdraft', policy, { table: 'accounts' }), { ...toShop, remapTable: new Map([['accounts', 'ledger']]) })).toEqual([
      'CREATE POLICY "no overdraft" ON shop.ledger AS RESTRICTIVE FOR UPDATE TO "Reader", auditor USING (shop.non_negative(balance)) WITH CHECK ((balance >= (0)::numeric))',
    ]);
    const insert: PgPolicyDetail = { ...policy, name: 'p', permissive: true, command: 'INSERT', roles: ['PUBLIC'], using: null, withCheck: '(id > 0)' };
    expect(generatePostgresDdl(object('POLICY', 'accounts p', insert, { table: 'accounts' }))).toEqual(['CREATE POLICY p ON app.accounts AS PERMISSIVE FOR INSERT TO PUBLIC WITH CHECK ((id > 0))']);
  });

  it('creates statistics with their target and owner, remapped', () => {
    const stats: PgStatisticsDetail = { table: 'accounts', definition: 'CREATE STATISTICS app.acc_nd (ndistinct) ON id, owner FROM app.accounts', statisticsTarget: 500 };
    expect(generatePostgresDdl(object('STATISTICS', 'acc_nd', stats, { table: 'accounts', owner: 'boss' }), toShop)).toEqual([
      'CREATE STATISTICS shop.acc_nd (ndistinct) ON id, owner FROM shop.accounts',
      'ALTER STATISTICS shop.acc_nd SET STATISTICS 500',
      'ALTER STATISTICS shop.acc_nd OWNER TO boss',
    ]);
    const { statisticsTarget: _, ...plain } = stats;
    expect(generatePostgresDdl(object('STATISTICS', 'acc_nd', plain, { owner: 'boss' }), { transforms: { omitOwner: true } })).toEqual([stats.definition]);
  });

  it('comments on rules and policies name their table, on statistics their own name', () => {
    const comment = (type: string, name: string, table?: string): CatalogObject =>
      object('COMMENT', `${type} ${name}`, { target: { type, schema: 'app', name, ...(table === undefined ? {} : { table }) }, text: "it's here" });
    expect(generatePostgresDdl(comment('RULE', 'forget', 'orders'), toShop)).toEqual(["COMMENT ON RULE forget ON shop.orders IS 'it''s here'"]);
    expect(generatePostgresDdl(comment('POLICY', 'own rows', 'accounts'), toShop)).toEqual(["COMMENT ON POLICY \"own rows\" ON shop.accounts IS 'it''s here'"]);
    expect(generatePostgresDdl(comment('STATISTICS', 'acc_nd'), toShop)).toEqual(["COMMENT ON STATISTICS shop.acc_nd IS 'it''s here'"]);
  });
});
