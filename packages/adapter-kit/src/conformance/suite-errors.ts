import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ConnectionOptions } from '../adapter.js';
import type { AdapterError } from '../errors.js';
import { expectAdapterError, type SuiteContext } from './suite-context.js';

/** Error codes for unknown names, broken DDL, bad credentials and unreachable servers, never showing the password. */
export function describeErrors(ctx: SuiteContext): void {
  describe('errors', () => {
    const secret = 'S3cret-Pa55word-never-shown';

    /** The connection options with a user that does not exist and a password that must never show. */
    function withBadCredentials(o: ConnectionOptions): ConnectionOptions {
      const u = new URL(o.url);
      u.username = `sluice_no_such_user_${Date.now() % 100000}`;
      u.password = secret;
      return { url: u.toString(), password: secret };
    }

    function expectNoSecret(err: AdapterError): void {
      expect(err.message).not.toContain(secret);
      expect(String(err.stack)).not.toContain(secret);
      expect(JSON.stringify({ message: err.message, object: err.object })).not.toContain(secret);
    }

    it('reports an unknown schema as NO_SUCH_SCHEMA and an unknown table as NO_SUCH_TABLE', async () => {
      const e1 = await expectAdapterError(ctx.adapter.introspector.introspect(ctx.conn, { mode: 'SCHEMA', schemas: ['sluice_no_such_schema'] }), 'NO_SUCH_SCHEMA');
      expect(e1.message).toContain('sluice_no_such_schema');
      const e2 = await expectAdapterError(ctx.adapter.introspector.introspect(ctx.conn, { mode: 'TABLE', tables: [{ schema: ctx.source.schema, name: 'no_such_table' }] }), 'NO_SUCH_TABLE');
      expect(e2.message).toContain('no_such_table');
      const e3 = await expectAdapterError(ctx.adapter.data.load(ctx.conn, { schema: ctx.source.schema, name: 'no_such_table' }, Readable.from([Buffer.from('')])), 'NO_SUCH_TABLE');
      expect(e3.message).toContain('no_such_table');
    });

    it('reports a failed DDL statement as DDL_FAILED naming the object and the server code', async () => {
      const err = await expectAdapterError(ctx.adapter.ddl.execute(ctx.conn, ['CREATE TABLE sluice_broken ('], 'TABLE x.sluice_broken'), 'DDL_FAILED');
      expect(err.message).toContain('sluice_broken');
      expect(err.object).toBe('TABLE x.sluice_broken');
      expect(err.sqlState).toBeDefined();
    });

    it('reports a wrong user or password as AUTH_FAILED without the password', async () => {
      const bad = ctx.options.createAdapter(withBadCredentials(ctx.source.options));
      try {
        expectNoSecret(await expectAdapterError(bad.connector.connect('conformance'), 'AUTH_FAILED'));
      } finally {
        await bad.close();
      }
    });

    it('reports an unreachable server as CONNECTION_FAILED without the password', async () => {
      const o = withBadCredentials(ctx.source.options);
      const u = new URL(o.url);
      u.hostname = '127.0.0.1';
      u.port = '1';
      const bad = ctx.options.createAdapter({ url: u.toString(), password: secret });
      try {
        expectNoSecret(await expectAdapterError(bad.connector.connect('conformance'), 'CONNECTION_FAILED'));
      } finally {
        await bad.close();
      }
    });
  });
}
