import { describe, expect, it } from 'vitest';
import { JobError } from '../errors.js';
import { scanMasterDocument } from './master-document-scan.js';
import { readMasterDocument, writeMasterDocument } from './master-document.js';
import { awkwardRows } from './test-master-rows.js';

const rows = awkwardRows;

describe('scanMasterDocument', () => {
  it('reads the rows readMasterDocument reads, one at a time', () => {
    const bytes = writeMasterDocument(rows);
    const scan = scanMasterDocument(bytes);
    expect(scan.version).toBe(1);
    expect(scan.count).toBe(3);
    expect([...scan.rows()]).toEqual(readMasterDocument(bytes).rows);
    expect(scan.row(2).startedAt).toEqual(new Date('2024-05-01T09:00:00Z'));
    expect(() => scan.row(3)).toThrow(RangeError);
  });

  it('reads documents laid out otherwise (whitespace, key order, older ones without complete/missing)', () => {
    const plain = JSON.parse(writeMasterDocument(rows).toString('utf8')) as Record<string, unknown>;
    for (const text of [
      JSON.stringify(plain, null, 2),
      JSON.stringify({ rows: plain['rows'], version: 1, format: 'sluice-master' }),
      JSON.stringify({ format: 'sluice-master', version: 1, rows: plain['rows'] }),
    ]) {
      expect([...scanMasterDocument(Buffer.from(text)).rows()]).toEqual(readMasterDocument(Buffer.from(text)).rows);
    }
    expect(scanMasterDocument(Buffer.from('{"format":"sluice-master","version":1,"rows":[]}')).count).toBe(0);
  });

  it('decodes a row only when it is asked for', () => {
    // The second row is damaged inside (not JSON): the scan and the first row still read.
    const text = writeMasterDocument(rows).toString('utf8').replace('"objectSchema":"h}r"', '"objectSchema":"h}r" "x"');
    const scan = scanMasterDocument(Buffer.from(text));
    expect(scan.row(0).objectName).toBe('SYS_EXPORT_SCHEMA_01');
    expect(() => scan.row(1)).toThrow(JobError);
  });

  it('refuses what is not a Sluice master document with NO_DUMPFILE_INFO naming the format, as readMasterDocument does', () => {
    for (const [text, message] of [
      ['not json', 'is not JSON'],
      ['', 'is not JSON'],
      ['{"format":"sluice-master","rows":[{"a":1}', 'is not JSON'],
      ['{"format":"sluice-master","rows":[]} x', 'is not JSON'],
      ['null', 'format undefined undefined'],
      ['{"format":"other","version":3,"rows":[]}', 'format "other" 3'],
      ['{"format":"sluice-master","version":1,"rows":{}}', 'format "sluice-master" 1'],
    ] as const) {
      const error = (() => {
        try {
          scanMasterDocument(Buffer.from(text));
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error, text).toBeInstanceOf(JobError);
      expect((error as JobError).code).toBe('NO_DUMPFILE_INFO');
      expect((error as JobError).message).toContain(message);
    }
  });
});
