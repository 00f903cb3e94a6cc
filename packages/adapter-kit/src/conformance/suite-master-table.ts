import { describe, expect, it } from 'vitest';
import { MASTER_COLUMNS } from '../master-table/master-rows.js';
import type { SuiteContext } from './suite-context.js';

/** The master-table dialect: create, insert, claim with SKIP LOCKED from two sessions; job locks. */
export function describeMasterTable(ctx: SuiteContext): void {
  describe('master table dialect', () => {
    it('creates a master table, inserts rows and lets two sessions claim different items with SKIP LOCKED', async () => {
      const d = ctx.adapter.masterTable;
      const name = d.tableName(ctx.conn, 'SYS_CONFORMANCE_01');
      const columns = MASTER_COLUMNS.map(([c, kind]) => `${d.quoteIdent(c)} ${d.columnType(kind)}`).join(', ');
      await d.query(ctx.conn, `CREATE TABLE ${name} (${columns}, PRIMARY KEY (${d.quoteIdent('id')}))`);
      try {
        expect(await d.listTables(ctx.conn)).toContain('SYS_CONFORMANCE_01');
        const insert = `INSERT INTO ${name} (${MASTER_COLUMNS.map(([c]) => d.quoteIdent(c)).join(', ')}) VALUES (${MASTER_COLUMNS.map((_, i) => d.placeholder(i + 1)).join(', ')})`;
        for (let id = 0; id <= 3; id++) {
          const values = MASTER_COLUMNS.map(([c]) => {
            switch (c) {
              case 'id':
                return id;
              case 'row_type':
                return id === 0 ? 'JOB' : 'ITEM';
              case 'state':
                return id === 0 ? 'EXECUTING' : 'PENDING';
              case 'priority':
              case 'attempts':
              case 'rows_done':
              case 'bytes_done':
              case 'estimated_bytes':
                return 0;
              case 'item_kind':
                return 'DATA';
              case 'payload':
                return JSON.stringify({ id, text: 'tab\t"quote" ünï' });
              default:
                return null;
            }
          });
          const r = await d.query(ctx.conn, insert, values);
          expect(r.affected).toBe(1);
        }
        const other = await ctx.adapter.connector.connect('conformance worker 2');
        const claim = `SELECT ${d.quoteIdent('id')} FROM ${name} WHERE ${d.quoteIdent('state')} = ${d.placeholder(1)} ORDER BY ${d.quoteIdent('id')} LIMIT 1 FOR UPDATE${d.supportsSkipLocked ? ' SKIP LOCKED' : ''}`;
        try {
          await d.begin(ctx.conn);
          await d.begin(other);
          const first = await d.query(ctx.conn, claim, ['PENDING']);
          const second = await d.query(other, claim, ['PENDING']);
          expect(Number(first.rows[0]?.id)).toBe(1);
          if (d.supportsSkipLocked) expect(Number(second.rows[0]?.id)).toBe(2);
          await d.query(ctx.conn, `UPDATE ${name} SET ${d.quoteIdent('state')} = ${d.placeholder(1)} WHERE ${d.quoteIdent('id')} = ${d.placeholder(2)}`, ['RUNNING', 1]);
          await d.commit(ctx.conn);
          await d.rollback(other);
        } finally {
          await other.close();
        }
        const rows = await d.query(ctx.conn, `SELECT * FROM ${name} ORDER BY ${d.quoteIdent('id')}`);
        expect(rows.rows.map((r) => [Number(r.id), r.state])).toEqual([
          [0, 'EXECUTING'],
          [1, 'RUNNING'],
          [2, 'PENDING'],
          [3, 'PENDING'],
        ]);
        expect(JSON.parse(String(rows.rows[1]!.payload))).toEqual({ id: 1, text: 'tab\t"quote" ünï' });
      } finally {
        await d.query(ctx.conn, `DROP TABLE ${name}`);
      }
      expect(await d.listTables(ctx.conn)).not.toContain('SYS_CONFORMANCE_01');
    });

    it('job locks: each holder its own, seen from another session, released by the server when the session ends', async () => {
      const d = ctx.adapter.masterTable;
      const job = 'SYS_CONFORMANCE_LOCK';
      const first = await ctx.adapter.connector.connect('conformance job lock 1');
      const second = await ctx.adapter.connector.connect('conformance job lock 2');
      try {
        expect(await d.heldJobLocks(ctx.conn, job, ['a', 'b'])).toEqual([]);
        expect(await d.lockJob(first, job, 'a')).toBe(true);
        expect(await d.lockJob(second, job, 'b')).toBe(true);
        // A holder's lock is one session's: another session cannot take it.
        expect(await d.lockJob(ctx.conn, job, 'a')).toBe(false);
        expect(await d.heldJobLocks(ctx.conn, job, ['a', 'b', 'c'])).toEqual(['a', 'b']);
        expect(await d.heldJobLocks(ctx.conn, 'SYS_CONFORMANCE_OTHER', ['a', 'b'])).toEqual([]);
        // A holder name longer than any server's lock-name limit still works.
        const long = 'h'.repeat(200);
        expect(await d.lockJob(first, job, long)).toBe(true);
        expect(await d.heldJobLocks(ctx.conn, job, [long])).toEqual([long]);
        await d.unlockJob(first, job, long);
        await d.unlockJob(first, job, 'a');
        expect(await d.heldJobLocks(ctx.conn, job, ['a', 'b', long])).toEqual(['b']);
        // The session ends: the server lets go of its lock (a killed process's connection ends the same way).
        await second.close();
        let held = await d.heldJobLocks(ctx.conn, job, ['b']);
        for (let i = 0; i < 100 && held.length > 0; i++) {
          // Closing returns before the server has cleaned the session up: wait for that event, briefly.
          await new Promise((r) => setTimeout(r, 20));
          held = await d.heldJobLocks(ctx.conn, job, ['b']);
        }
        expect(held).toEqual([]);
      } finally {
        await first.close().catch(() => undefined);
        await second.close().catch(() => undefined);
      }
    });
  });
}
