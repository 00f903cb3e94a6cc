import { describe, expect, it } from 'vitest';
import type { NeutralType } from '../catalog/neutral-type.js';
import { AdapterError } from '../errors.js';
import { parseArrayLiteral } from './array-literal.js';
import type { ForeignType } from './foreign-type.js';
import { valueConverter } from './value-conversion.js';

// Targets as the two adapters declare them (their foreignType tables); the conversion itself is engine-neutral.
const mysqlDatetime: ForeignType = { native: 'DATETIME(6)', type: { kind: 'datetime', precision: 6 }, limits: { minYear: 1000, maxYear: 9999 } };
const mysqlDate: ForeignType = { native: 'DATE', type: { kind: 'date' }, limits: { minYear: 1000, maxYear: 9999 } };
const pgTimestamptz: ForeignType = { native: 'timestamp with time zone', type: { kind: 'timestamp', withTimeZone: true }, limits: { infinity: true, minYear: -4712, maxYear: 294276 } };
const pgDate: ForeignType = { native: 'date', type: { kind: 'date' }, limits: { infinity: true, minYear: -4712, maxYear: 294276 } };
const mysqlDecimal: ForeignType = { native: 'DECIMAL(65,30)', type: { kind: 'decimal', precision: 65, scale: 30 }, limits: { nan: false, infinity: false, digits: { integer: 35, fraction: 30 } } };
const pgNumeric: ForeignType = { native: 'numeric', type: { kind: 'decimal' }, limits: { nan: true, infinity: true } };

const convert = (from: NeutralType, to: ForeignType, value: string | Uint8Array | null): unknown => valueConverter(from, to)(value);
const refusal = (from: NeutralType, to: ForeignType, value: string): string => {
  try {
    convert(from, to, value);
  } catch (error) {
    expect(error).toBeInstanceOf(AdapterError);
    expect((error as AdapterError).code).toBe('VALUE_NOT_REPRESENTABLE');
    return (error as Error).message;
  }
  throw new Error(`${value} was not refused`);
};

describe('valueConverter', () => {
  it('keeps null as null for every type', () => {
    for (const t of [{ kind: 'boolean' }, { kind: 'date' }, { kind: 'blob' }, { kind: 'json', binary: true }] as NeutralType[]) expect(convert(t, mysqlDate, null)).toBeNull();
  });

  it('booleans: t/f into TINYINT(1) as 1/0, 0/1 into boolean, anything else refused', () => {
    const tinyint: ForeignType = { native: 'TINYINT(1)', type: { kind: 'integer', bytes: 1 } };
    const boolean: ForeignType = { native: 'boolean', type: { kind: 'boolean' } };
    expect(convert({ kind: 'boolean' }, tinyint, 't')).toBe('1');
    expect(convert({ kind: 'boolean' }, tinyint, 'f')).toBe('0');
    expect(convert({ kind: 'integer', bytes: 1 }, boolean, '1')).toBe('true');
    expect(refusal({ kind: 'integer', bytes: 1 }, boolean, '2')).toMatch(/only 0 and 1/);
  });

  it('numbers: NaN and infinity only where the target holds them; digits beyond DECIMAL(65,30) refused', () => {
    expect(refusal({ kind: 'decimal' }, mysqlDecimal, 'NaN')).toBe('value "NaN" cannot be stored in DECIMAL(65,30): NaN has no value there');
    expect(refusal({ kind: 'float', bytes: 8 }, { native: 'DOUBLE', type: { kind: 'float', bytes: 8 } }, '-Infinity')).toMatch(/infinity/);
    expect(convert({ kind: 'decimal' }, pgNumeric, 'NaN')).toBe('NaN');
    expect(convert({ kind: 'decimal' }, mysqlDecimal, '-12345678901234567890123456789012345.000000000000000000000000000001')).toBe(
      '-12345678901234567890123456789012345.000000000000000000000000000001',
    );
    expect(refusal({ kind: 'decimal' }, mysqlDecimal, '123456789012345678901234567890123456')).toMatch(/more than 35 digits before the point/);
    expect(refusal({ kind: 'decimal' }, mysqlDecimal, '0.0000000000000000000000000000001')).toMatch(/more than 30 digits after the point/);
  });

  it('decimal digits are counted as the regular expression of the plain form counts them, every other form passed unchecked', () => {
    const digits = { integer: 3, fraction: 2 };
    const target: ForeignType = { native: 'DECIMAL(5,2)', type: { kind: 'decimal', precision: 5, scale: 2 }, limits: { nan: false, infinity: false, digits } };
    const plain = /^[+-]?0*(\d*)(?:\.(\d*?)0*)?$/;
    const values = ['', '+', '-', '0', '-0.000', '000123.10', '1234', '+999.99', '999.999', '.5', '5.', '1.050', '0001.0001', '1e5', ' 1', '1.2.3', '12a', '-.', '00000', '123.00000'];
    for (const v of values) {
      const m = plain.exec(v);
      const over = m !== null && ((m[1] ?? '').length > digits.integer || (m[2] ?? '').length > digits.fraction);
      if (over) expect(refusal({ kind: 'decimal' }, target, v)).toMatch(/more than/);
      else expect(convert({ kind: 'decimal' }, target, v)).toBe(v);
    }
    expect(refusal({ kind: 'decimal' }, target, '-inf')).toMatch(/infinity/);
    expect(refusal({ kind: 'decimal' }, target, 'nan')).toMatch(/NaN/);
  });

  it('booleans in every spelling the engines print, and invalid plain dates handed to the full parser', () => {
    const tinyint: ForeignType = { native: 'TINYINT(1)', type: { kind: 'integer', bytes: 1 } };
    for (const [v, b] of [
      ['t', '1'],
      ['true', '1'],
      ['1', '1'],
      [' Yes ', '1'],
      ['ON', '1'],
      ['f', '0'],
      ['false', '0'],
      ['0', '0'],
      ['no', '0'],
      ['off', '0'],
    ])
      expect(convert({ kind: 'boolean' }, tinyint, v as string)).toBe(b);
    expect(refusal({ kind: 'boolean' }, tinyint, '2')).toMatch(/not a boolean/);
    expect(convert({ kind: 'date' }, mysqlDate, '2024-02-29')).toBe('2024-02-29');
    expect(refusal({ kind: 'date' }, mysqlDate, '2023-02-29')).toMatch(/not a day of the calendar/);
    expect(refusal({ kind: 'date' }, mysqlDate, '0999-12-31')).toMatch(/years before 1000/);
    expect(refusal({ kind: 'datetime' }, mysqlDatetime, '2024-13-01 00:00:00')).toMatch(/not a day of the calendar/);
    expect(convert({ kind: 'datetime' }, pgTimestamptz, '2024-12-31 23:59:59.999999')).toBe('2024-12-31 23:59:59.999999+00');
  });

  it('single-precision floats are written with the digits of their double, so FLT_MAX stays in range', () => {
    const float: ForeignType = { native: 'FLOAT', type: { kind: 'float', bytes: 4 } };
    expect(convert({ kind: 'float', bytes: 4 }, float, '3.4028235e+38')).toBe(String(Math.fround(3.4028235e38)));
    expect(Math.fround(Number(convert({ kind: 'float', bytes: 4 }, float, '1.1')))).toBe(Math.fround(1.1));
  });

  it('timestamps with a zone become UTC where the target has none; year limits and BC dates are checked', () => {
    const tz: NeutralType = { kind: 'timestamp', withTimeZone: true };
    expect(convert(tz, mysqlDatetime, '2024-01-01 12:00:00.5+05:30')).toBe('2024-01-01 06:30:00.5');
    expect(convert(tz, mysqlDatetime, '2024-03-01 00:30:00-01')).toBe('2024-03-01 01:30:00');
    expect(convert(tz, mysqlDatetime, '2024-03-01 00:30:00+01')).toBe('2024-02-29 23:30:00');
    expect(refusal({ kind: 'timestamp', withTimeZone: false }, mysqlDatetime, '0999-12-31 23:59:59')).toBe(
      'value "0999-12-31 23:59:59" cannot be stored in DATETIME(6): years before 1000 cannot be stored',
    );
    expect(refusal(tz, mysqlDatetime, 'infinity')).toMatch(/infinity has no value there/);
    expect(refusal({ kind: 'date' }, mysqlDate, '0044-03-15 BC')).toMatch(/years before 1000/);
    // MySQL TIMESTAMP values are UTC (every session runs in UTC): PostgreSQL gets them with their zone.
    expect(convert(tz, pgTimestamptz, '2038-01-19 03:14:07')).toBe('2038-01-19 03:14:07+00');
    expect(convert({ kind: 'date' }, pgDate, '0044-03-15 BC')).toBe('0044-03-15 BC');
    expect(convert({ kind: 'date' }, pgDate, '-infinity')).toBe('-infinity');
    expect(refusal({ kind: 'date' }, pgDate, '0000-00-00')).toMatch(/not a day of the calendar/);
    expect(refusal({ kind: 'date' }, pgDate, '2023-02-29')).toMatch(/not a day of the calendar/);
    expect(refusal({ kind: 'datetime' }, pgTimestamptz, '0000-00-00 00:00:00')).toMatch(/not a day of the calendar/);
    expect(refusal({ kind: 'datetime' }, mysqlDatetime, '2023-04-31 10:00:00')).toMatch(/not a day of the calendar/);
    expect(refusal({ kind: 'date' }, pgDate, '2020-00-10')).toMatch(/zero date or zero part, which MySQL keeps when sql_mode lacks NO_ZERO_DATE/);
    // MySQL's year 0 is not 1 BC: refused, not moved a year.
    expect(refusal({ kind: 'date' }, pgDate, '0000-01-01')).toMatch(/MySQL's year 0/);
    // Into text (TRANSFORM=COLUMN_TYPE), values keep their text form.
    expect(convert({ kind: 'date' }, { native: 'text', type: { kind: 'text' } }, '0000-00-00')).toBe('0000-00-00');
    expect(convert(tz, { native: 'TEXT', type: { kind: 'text' } }, 'infinity')).toBe('infinity');
    expect(convert({ kind: 'datetime' }, mysqlDatetime, '2024-02-29 23:59:59.999999')).toBe('2024-02-29 23:59:59.999999');
  });

  it('times: a zone is taken off into UTC; MySQL durations beyond a day are refused by PostgreSQL time', () => {
    const mysqlTime: ForeignType = { native: 'TIME', type: { kind: 'time', withTimeZone: false } };
    const pgTime: ForeignType = { native: 'time', type: { kind: 'time', withTimeZone: false }, limits: { timeOfDay: true } };
    expect(convert({ kind: 'time', withTimeZone: true }, mysqlTime, '10:00:00+02')).toBe('08:00:00');
    expect(convert({ kind: 'time', withTimeZone: true }, mysqlTime, '01:00:00.25+02')).toBe('23:00:00.25');
    expect(convert({ kind: 'time', withTimeZone: false }, pgTime, '24:00:00')).toBe('24:00:00');
    expect(refusal({ kind: 'time', withTimeZone: false }, pgTime, '-838:59:59')).toMatch(/time of day/);
    expect(refusal({ kind: 'time', withTimeZone: false }, pgTime, '25:00:00')).toMatch(/time of day/);
  });

  it('bytes: PostgreSQL hex text and raw bytes both arrive as bytes', () => {
    const blob: ForeignType = { native: 'LONGBLOB', type: { kind: 'blob' }, bytes: true };
    expect(convert({ kind: 'blob' }, blob, '\\x00ff10')).toEqual(new Uint8Array([0, 255, 16]));
    expect(convert({ kind: 'blob' }, blob, '\\x')).toEqual(new Uint8Array([]));
    expect(convert({ kind: 'blob' }, blob, new Uint8Array([1, 2]))).toEqual(new Uint8Array([1, 2]));
  });

  it('bits: text of 0s and 1s to big-endian bytes and back, padded to the length', () => {
    const mysqlBit: ForeignType = { native: 'BIT(10)', type: { kind: 'bit', length: 10, varying: false }, bytes: true };
    const pgBit: ForeignType = { native: 'bit(10)', type: { kind: 'bit', length: 10, varying: false } };
    expect(convert({ kind: 'bit', length: 10, varying: false }, mysqlBit, '1010101010')).toEqual(new Uint8Array([0b10, 0b10101010]));
    expect(convert({ kind: 'bit', length: 10, varying: false }, pgBit, new Uint8Array([0b10, 0b10101010]))).toBe('1010101010');
    expect(convert({ kind: 'bit', length: 10, varying: false }, pgBit, new Uint8Array([0]))).toBe('0000000000');
  });

  it('arrays become JSON arrays, numbers with every digit, nested, NULLs as null', () => {
    const json: ForeignType = { native: 'JSON', type: { kind: 'json', binary: false } };
    expect(convert({ kind: 'array', element: { kind: 'integer', bytes: 8 }, dimensions: 1 }, json, '{1,NULL,-9223372036854775808}')).toBe('[1, null, -9223372036854775808]');
    expect(convert({ kind: 'array', element: { kind: 'text' }, dimensions: 1 }, json, '{"a b","c\\"d",NULL,"NULL",é}')).toBe('["a b", "c\\"d", null, "NULL", "é"]');
    expect(convert({ kind: 'array', element: { kind: 'integer', bytes: 4 }, dimensions: 2 }, json, '{{1,2},{3,4}}')).toBe('[[1, 2], [3, 4]]');
    expect(convert({ kind: 'array', element: { kind: 'boolean' }, dimensions: 1 }, json, '{t,f}')).toBe('[true, false]');
    expect(convert({ kind: 'array', element: { kind: 'integer', bytes: 4 }, dimensions: 1 }, json, '{}')).toBe('[]');
    expect(refusal({ kind: 'array', element: { kind: 'float', bytes: 8 }, dimensions: 1 }, json, '{1,NaN}')).toMatch(/NaN/);
  });

  it('ranges, multiranges and composites become JSON; numbers and booleans typed, NULLs and unbounded sides null', () => {
    const json: ForeignType = { native: 'JSON', type: { kind: 'json', binary: false } };
    const ref = { kind: 'TYPE', schema: 'app', name: 't' } as const;
    const int4range: NeutralType = { kind: 'user', type: ref, shape: { kind: 'range', subtype: { kind: 'integer', bytes: 4 } } };
    expect(convert(int4range, json, '[1,5)')).toBe('{"lower": 1, "upper": 5, "lower_inc": true, "upper_inc": false}');
    expect(convert(int4range, json, '(,)')).toBe('{"lower": null, "upper": null, "lower_inc": false, "upper_inc": false}');
    expect(convert(int4range, json, 'empty')).toBe('{"empty": true}');
    const tsrange: NeutralType = { kind: 'user', type: ref, shape: { kind: 'range', subtype: { kind: 'timestamp', withTimeZone: false } } };
    expect(convert(tsrange, json, '["2024-01-01 00:00:00","2024-02-01 10:00:00"]')).toBe('{"lower": "2024-01-01 00:00:00", "upper": "2024-02-01 10:00:00", "lower_inc": true, "upper_inc": true}');
    const multi: NeutralType = { kind: 'user', type: ref, shape: { kind: 'range', subtype: { kind: 'decimal' }, multi: true } };
    expect(convert(multi, json, '{[1.5,3), [5,)}')).toBe('[{"lower": 1.5, "upper": 3, "lower_inc": true, "upper_inc": false}, {"lower": 5, "upper": null, "lower_inc": true, "upper_inc": false}]');
    expect(convert(multi, json, '{}')).toBe('[]');
    const pair: NeutralType = {
      kind: 'user',
      type: ref,
      shape: {
        kind: 'composite',
        attributes: [
          { name: 'n', type: { kind: 'integer', bytes: 4 } },
          { name: 'label', type: { kind: 'text' } },
          { name: 'ok', type: { kind: 'boolean' } },
        ],
      },
    };
    expect(convert(pair, json, '(1,"a ""b"" \\\\ (c)",t)')).toBe('{"n": 1, "label": "a \\"b\\" \\\\ (c)", "ok": true}');
    expect(convert(pair, json, '(,"",)')).toBe('{"n": null, "label": "", "ok": null}');
    expect(refusal(pair, json, '(1,2)')).toMatch(/not a composite value/);
    expect(refusal(int4range, json, '[1,5')).toMatch(/not a range value/);
    // Without a shape (into text), the text form.
    expect(convert({ kind: 'user', type: ref }, { native: 'LONGTEXT', type: { kind: 'text' } }, '(1,x)')).toBe('(1,x)');
  });

  it('text: the NUL character only where the target holds it; unicode and empty strings unchanged', () => {
    const pgText: ForeignType = { native: 'text', type: { kind: 'text' }, limits: { nul: false } };
    expect(convert({ kind: 'text' }, pgText, '')).toBe('');
    expect(convert({ kind: 'text' }, pgText, '😀 héllo')).toBe('😀 héllo');
    expect(refusal({ kind: 'text' }, pgText, 'a\u0000b')).toMatch(/NUL/);
  });
});

describe('parseArrayLiteral', () => {
  it('reads quoting, escapes, NULL, nesting and explicit bounds', () => {
    expect(parseArrayLiteral('{a,"b,c","d\\\\e",NULL}')).toEqual(['a', 'b,c', 'd\\e', null]);
    expect(parseArrayLiteral('[0:1]={x,y}')).toEqual(['x', 'y']);
    expect(parseArrayLiteral('{{1},{2}}')).toEqual([['1'], ['2']]);
  });

  it('refuses malformed input with a RangeError', () => {
    for (const bad of ['', '{', '{a', '{"a}', '{a}x', 'a']) expect(() => parseArrayLiteral(bad)).toThrow(RangeError);
  });
});
