import { describe, expect, it } from 'vitest';
import { AdapterError, DataMoverBase, DdlGeneratorBase, IntrospectorBase, isTransactionRollback, OBJECT_KINDS, OBJECT_PATHS, refKey, tableLabel, type EstimateMethod } from '@sluice/adapter-kit';

const none = (): never => {
  throw new Error('not used by these tests');
};

/** Parts that override nothing but what they must. */
class PlainDdl extends DdlGeneratorBase {
  generateDdl = none;
  execute = none;
  truncateTable = none;
  dropTable = none;
}
class PlainData extends DataMoverBase {
  readonly dataEncoding = { name: 'plain', version: 1 };
  estimate = none;
  planChunks = none;
  unload = none;
  load = none;
  deleteChunk = none;
  readRows = none;
  writeRows = none;
  decodeRows = none;
  encodeRows = none;
}
class PlainIntrospector extends IntrospectorBase {
  introspect = none;
  tableExists = none;
  schemaExists = none;
}

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
    const script = new PlainDdl().scriptFor(['CREATE TABLE t (a int)', 'CREATE INDEX i ON t (a);', 'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;  \n']);
    expect(script).toBe('CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n');
  });

  it('gives every part conservative capability defaults, which a subclass overrides one by one', async () => {
    const ddl = new PlainDdl();
    expect([ddl.supportsTransactionalDdl, ddl.defaultSchemas, ddl.supportsOrderedKeys, ddl.supportsKeysAtCreate, ddl.supportsKeysTogether, ddl.scriptPreamble]).toEqual([
      false,
      [],
      false,
      false,
      false,
      [],
    ]);
    expect(() => ddl.keysTogether([])).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
    const data = new PlainData();
    expect([data.estimateMethods, data.supportsPhysicalChunks, data.supportsDisableTriggers, data.supportsNonTransactionalTables]).toEqual([['STATISTICS'], false, false, false]);
    const conn = { id: '1', closed: false, close: async () => undefined };
    const table = { schema: 's', name: 't' };
    expect(await data.estimateMany(conn, [table], 'STATISTICS')).toEqual([]);
    expect(await data.isTransactionalTable(conn, table)).toBe(true);
    expect(await data.loadTriggers(conn, table)).toEqual([]);
    await expect(data.disableTriggers(conn, table, [])).rejects.toMatchObject({ code: 'UNSUPPORTED', message: 'This database cannot turn off the triggers of "s"."t" for a load.' });
    const intro = new PlainIntrospector();
    expect([intro.supportsSchemas, intro.supportsSequences]).toEqual([false, false]);
    expect(await intro.tablesIn(conn, 's')).toBeUndefined();
    class Rich extends PlainData {
      override get estimateMethods(): readonly EstimateMethod[] {
        return ['STATISTICS', 'BLOCKS'];
      }
    }
    expect(new Rich().estimateMethods).toEqual(['STATISTICS', 'BLOCKS']);
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
