import { describe, expect, it } from 'vitest';
import type { TableRef } from '../catalog/object-ref.js';
import { AdapterError } from '../errors.js';
import type { SuiteContext } from './suite-context.js';

/**
 * Triggers on loads: `loadTriggers` lists a table's enabled user triggers; where the adapter can turn
 * them off (`data.supportsDisableTriggers`), that happens inside a transaction, so a rollback leaves
 * them on, and `enableTriggers` restores them as they were. Elsewhere turning them off is UNSUPPORTED.
 */
export function describeTriggers(ctx: SuiteContext): void {
  describe('triggers on loads', () => {
    const sql = ctx.options.triggerSql;
    it.runIf(sql !== undefined)("lists a table's triggers, and turns them off only inside a transaction", async () => {
      const { adapter, conn } = ctx;
      for (const statement of sql!(ctx.source.schema)) await adapter.ddl.execute(conn, [statement], 'trigger fixture');
      const table: TableRef = { schema: ctx.source.schema, name: 'marked' };
      const triggers = await adapter.data.loadTriggers(conn, table);
      expect(triggers.map((t) => t.name)).toEqual(['marked_upper']);
      expect(await adapter.data.loadTriggers(conn, ctx.plain())).toEqual([]);
      if (!adapter.data.supportsDisableTriggers) {
        expect(await adapter.data.mayDisableTriggers(conn, table)).toBe(false);
        const refused = await adapter.data.disableTriggers(conn, table, triggers).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(refused).toBeInstanceOf(AdapterError);
        expect((refused as AdapterError).code).toBe('UNSUPPORTED');
        return;
      }
      expect(await adapter.data.mayDisableTriggers(conn, table)).toBe(true);
      await adapter.connector.begin(conn);
      await adapter.data.disableTriggers(conn, table, triggers);
      expect(await adapter.data.loadTriggers(conn, table)).toEqual([]);
      await adapter.connector.rollback(conn);
      expect(await adapter.data.loadTriggers(conn, table)).toEqual(triggers);
      await adapter.connector.begin(conn);
      await adapter.data.disableTriggers(conn, table, triggers);
      await adapter.data.enableTriggers(conn, table, triggers);
      await adapter.connector.commit(conn);
      expect(await adapter.data.loadTriggers(conn, table)).toEqual(triggers);
    });
  });
}
