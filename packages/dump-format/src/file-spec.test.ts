import { describe, expect, it } from 'vitest';
import { assertFileName, expandExportSpec, FileNameGenerator, matchImportSpec, parseFileSize } from './file-spec.js';

const when = new Date(2024, 2, 5, 7, 8, 9); // local time: 05 March 2024 07:08:09

describe('file specs', () => {
  it('expands %U %L %d %m %y %t %% as Oracle does', () => {
    expect(expandExportSpec('exp%U.dmp', 1, when)).toBe('exp01.dmp');
    expect(expandExportSpec('exp%u_%U.dmp', 42, when)).toBe('exp42_42.dmp');
    expect(expandExportSpec('exp%L.dmp', 99, when)).toBe('exp99.dmp');
    expect(expandExportSpec('exp%L.dmp', 100, when)).toBe('exp100.dmp');
    expect(expandExportSpec('exp%L.dmp', 2147483646, when)).toBe('exp2147483646.dmp');
    expect(expandExportSpec('%d%m%y_%t.dmp', 1, when)).toBe('050324_070809.dmp');
    expect(expandExportSpec('100%%.dmp', 1, when)).toBe('100%.dmp');
  });

  it('refuses unknown substitutions and names that are paths', () => {
    expect(() => expandExportSpec('exp%Q.dmp', 1, when)).toThrow(expect.objectContaining({ code: 'BAD_FILE_NAME' }));
    expect(() => expandExportSpec('exp%', 1, when)).toThrow(expect.objectContaining({ code: 'BAD_FILE_NAME' }));
    for (const bad of ['../etc/passwd', 'a/b.dmp', '..', '.', '', 'x\0y', 'c:\\x', 'a..b']) {
      expect(() => assertFileName(bad)).toThrow(expect.objectContaining({ code: 'BAD_FILE_NAME' }));
    }
    expect(() => new FileNameGenerator(['ok%U.dmp', '../x%U.dmp'], when)).toThrow(expect.objectContaining({ code: 'BAD_FILE_NAME' }));
  });

  it('uses several specs round-robin and stops %U at 99', () => {
    const g = new FileNameGenerator(['a%U.dmp', 'b%U.dmp', 'single.dmp'], when);
    expect([g.next(), g.next(), g.next(), g.next(), g.next(), g.next()]).toEqual(['a01.dmp', 'b01.dmp', 'single.dmp', 'a02.dmp', 'b02.dmp', 'a03.dmp']);
    const u = new FileNameGenerator(['u%U.dmp'], when);
    const names: Array<string | null> = [];
    for (let i = 0; i < 100; i++) names.push(u.next());
    expect(names[98]).toBe('u99.dmp');
    expect(names[99]).toBeNull();
    u.add('more%L.dmp');
    expect(u.next()).toBe('more01.dmp');
  });

  it('runs %L past 99 into three digits', () => {
    const g = new FileNameGenerator(['l%L.dmp'], when);
    let last = '';
    for (let i = 0; i < 101; i++) last = g.next()!;
    expect(last).toBe('l101.dmp');
  });

  it('skips names that are taken', () => {
    const g = new FileNameGenerator(['a%U.dmp'], when);
    expect(g.next((n) => n === 'a01.dmp' || n === 'a02.dmp')).toBe('a03.dmp');
  });

  it('matches existing files on import, in number order, and refuses export-only variables', () => {
    const listing = ['exp03.dmp', 'exp01.dmp', 'exp1.dmp', 'exp100.dmp', 'expAB.dmp', 'exp02.dmp', 'other.dmp', 'x07y07.dmp', 'x07y08.dmp'];
    expect(matchImportSpec('exp%U.dmp', listing)).toEqual(['exp01.dmp', 'exp02.dmp', 'exp03.dmp']);
    expect(matchImportSpec('exp%L.dmp', listing)).toEqual(['exp01.dmp', 'exp02.dmp', 'exp03.dmp', 'exp100.dmp']);
    expect(matchImportSpec('x%Uy%U.dmp', listing)).toEqual(['x07y07.dmp']);
    expect(matchImportSpec('other.dmp', listing)).toEqual(['other.dmp']);
    expect(matchImportSpec('missing.dmp', listing)).toEqual(['missing.dmp']);
    expect(() => matchImportSpec('exp_%d.dmp', listing)).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT' }));
  });

  it('parses FILESIZE and enforces the 40 KB minimum', () => {
    expect(parseFileSize(40960)).toBe(40960);
    expect(parseFileSize('100M')).toBe(100 * 1024 * 1024);
    expect(parseFileSize('2GB')).toBe(2 * 1024 ** 3);
    expect(parseFileSize('64k')).toBe(65536);
    expect(() => parseFileSize(40959)).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT', message: expect.stringContaining('40960') }));
    expect(() => parseFileSize('10K')).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT' }));
    expect(() => parseFileSize('lots')).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT' }));
    expect(() => parseFileSize(Number.NaN)).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT' }));
  });
});
