import { describe, expect, it } from 'vitest';
import { AdapterBase, AdapterError, isTransactionRollback, OBJECT_KINDS, OBJECT_PATHS, refKey, tableLabel } from '@sluice/adapter-kit';

describe('adapter-kit helpers', () => {
  it('gives every object kind an object path', () => {
    expect(Object.keys(OBJECT_PATHS).sort()).toEqual([...OBJECT_KINDS].sort());
    expect(OBJECT_PATHS.REF_CONSTRAINT).toBe('TABLE/CONSTRAINT/REF_CONSTRAINT');
  });

  it('keys references unambiguously, quoting names', () => {
    expect(refKey({ kind: 'TABLE', schema: 'hr', name: 'emp' })).toBe('TABLE:"hr"."emp"');
    expect(refKey({ kind: 'USER', schema: null, name: 'scott' })).toBe('USER:"scott"');
    // A dot or quote inside a name cannot make two references collide.
    expect(refKey({ kind: 'TABLE', schema: 'a.b', name: 'c' })).not.toBe(refKey({ kind: 'TABLE', schema: 'a', name: 'b.c' }));
    expect(refKey({ kind: 'TABLE', schema: 'a"', name: 'b' })).toBe('TABLE:"a\\""."b"');
  });

  it('labels tables the way Data Pump logs do', () => {
    expect(tableLabel({ schema: 'HR', name: 'EMP' })).toBe('"HR"."EMP"');
  });

  it('writes statements as a client script, one `;` after each, never doubled', () => {
    class Plain extends AdapterBase {}
    const script = new Plain().scriptFor(['CREATE TABLE t (a int)', 'CREATE INDEX i ON t (a);', "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;  \n"]);
    expect(script).toBe("CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n");
  });

  it('builds the capabilities record from the getters, with conservative defaults', () => {
    class Plain extends AdapterBase {}
    class Rich extends AdapterBase {
      override get supportsSchemas(): boolean {
        return true;
      }
      override get estimateMethods(): readonly ('STATISTICS' | 'BLOCKS')[] {
        return ['STATISTICS', 'BLOCKS'];
      }
    }
    expect(new Plain().capabilities).toEqual({
      transactionalDdl: false, schemas: false, sequences: false, physicalChunks: false, lateSnapshotJoin: false, estimateMethods: ['STATISTICS'], defaultSchemas: [], disableTriggers: false,
    });
    expect(new Rich().capabilities).toMatchObject({ schemas: true, estimateMethods: ['STATISTICS', 'BLOCKS'] });
  });

  it('carries code, object, SQLSTATE and cause in AdapterError', () => {
    const cause = new Error('server said no');
    const err = new AdapterError('NO_SUCH_TABLE', 'Table "s"."t" does not exist.', { object: '"s"."t"', sqlState: '42P01', cause });
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ name: 'AdapterError', code: 'NO_SUCH_TABLE', object: '"s"."t"', sqlState: '42P01', cause });
    const bare = new AdapterError('BAD_ARGUMENT', 'x');
    expect([bare.object, bare.sqlState, bare.cause]).toEqual([undefined, undefined, undefined]);
  });
});

describe('isTransactionRollback', () => {
  it('recognises deadlocks, serialization failures and lock wait timeouts of both engines, nothing else', () => {
    const e = (sqlState?: string): AdapterError => new AdapterError('LOAD_FAILED', 'x', sqlState === undefined ? {} : { sqlState });
    for (const s of ['40P01', '40001', '1213/40001', '1205/HY000']) expect(isTransactionRollback(e(s)), s).toBe(true);
    for (const s of ['23505', '1062/23000', '08006', undefined]) expect(isTransactionRollback(e(s)), String(s)).toBe(false);
    expect(isTransactionRollback(new Error('40P01'))).toBe(false);
  });
});
