import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../adapter.js';
import type { AdapterConnection } from '../adapter-connection.js';
import type { ConformanceOptions, ScratchDatabase } from './conformance-options.js';
import type { ScratchTarget, SuiteContext } from './suite-context.js';
import { describeChunks } from './suite-chunks.js';
import { describeErrors } from './suite-errors.js';
import { describeIntrospection } from './suite-introspection.js';
import { describeMasterTable } from './suite-master-table.js';
import { describeRoundTrip } from './suite-round-trip.js';
import { describeSnapshot } from './suite-snapshot.js';
import { describeTriggers } from './suite-triggers.js';

/**
 * Register the conformance suite for an adapter: vitest `describe`/`it` blocks that run against a
 * real server through scratch databases. Call it from a test file of the adapter's package. Any
 * adapter that passes works with the engine.
 */
export function defineConformanceSuite(options: ConformanceOptions): void {
  let source: ScratchDatabase | undefined;
  let adapter: Adapter | undefined;
  let conn: AdapterConnection | undefined;
  const scratch: ScratchDatabase[] = [];
  const adapters: Adapter[] = [];
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`The conformance suite's ${what} is not set up (its beforeAll failed).`);
    return value;
  };

  const ctx: SuiteContext = {
    options,
    workers: options.workers ?? 4,
    get source() {
      return ready(source, 'source database');
    },
    get adapter() {
      return ready(adapter, 'adapter');
    },
    get conn() {
      return ready(conn, 'session');
    },
    async another(): Promise<ScratchTarget> {
      const db = await options.createScratchDatabase();
      scratch.push(db);
      const a = options.createAdapter(db.options);
      adapters.push(a);
      return { db, adapter: a, conn: await a.connector.connect('conformance target') };
    },
    items: () => ({ schema: ctx.source.schema, name: 'items' }),
    plain: () => ({ schema: ctx.source.schema, name: 'plain' }),
  };

  describe(`adapter conformance: ${options.name}`, () => {
    beforeAll(async () => {
      source = await options.createScratchDatabase();
      scratch.push(source);
      adapter = options.createAdapter(source.options);
      adapters.push(adapter);
      conn = await adapter.connector.connect('conformance');
      for (const sql of options.fixtureSql(source.schema)) await adapter.ddl.execute(conn, [sql], 'fixture');
    });

    afterAll(async () => {
      for (const a of adapters) await a.close();
      for (const db of scratch.reverse()) await db.drop();
    });

    it('connects and reports server facts', async () => {
      const info = await ctx.adapter.connector.serverInfo(ctx.conn);
      expect(info.engine).toBe(ctx.adapter.name);
      expect(info.version).not.toBe('');
      expect(info.versionNumber).toBeGreaterThan(0);
      expect(info.database).not.toBe('');
      expect(info.user).not.toBe('');
      expect(ctx.conn.id).not.toBe('');
      expect(ctx.conn.closed).toBe(false);
      const extra = await ctx.adapter.connector.connect('conformance probe');
      await extra.close();
      expect(extra.closed).toBe(true);
      expect(ctx.adapter.data.dataEncoding.name).not.toBe('');
    });

    describeIntrospection(ctx);
    describeRoundTrip(ctx);
    describeChunks(ctx);
    describeErrors(ctx);
    describeMasterTable(ctx);
    describeSnapshot(ctx);
    describeTriggers(ctx);
  });
}
