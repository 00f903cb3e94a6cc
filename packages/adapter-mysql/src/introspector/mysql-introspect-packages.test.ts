import { describe, expect, it } from 'vitest';
import { packageBody } from './mysql-introspect-packages.js';

describe('packageBody', () => {
  it('is everything after the name of a package or package body, characteristics included', () => {
    expect(packageBody('CREATE DEFINER="root"@"127.0.0.1" PACKAGE "billing"    COMMENT \'c\'\n AS\n  FUNCTION f RETURN INT;\nEND')).toBe("    COMMENT 'c'\n AS\n  FUNCTION f RETURN INT;\nEND");
    expect(packageBody('CREATE DEFINER="a ""b"""@"%" PACKAGE BODY "we""ird" AS\n  x INT;\nEND')).toBe(' AS\n  x INT;\nEND');
    expect(packageBody('CREATE PACKAGE `p` AS END')).toBe(' AS END');
  });

  it('is undefined for a statement of another shape', () => {
    expect(packageBody('CREATE FUNCTION f() RETURNS INT RETURN 1')).toBeUndefined();
  });
});
