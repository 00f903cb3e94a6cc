import type { NeutralType, UserTypeShape } from '../catalog/neutral-type.js';
import type { RowValue } from '../data/data-encoding.js';
import { AdapterError } from '../errors.js';
import { parseArrayLiteral, type ArrayElement } from './array-literal.js';
import type { ForeignType } from './foreign-type.js';
import { parseCompositeLiteral, parseMultirangeLiteral, parseRangeLiteral, type RangeValue } from './record-literal.js';

/** Converts one value from the source column's text form into the target column's. Throws VALUE_NOT_REPRESENTABLE. */
export type ValueConverter = (value: RowValue) => RowValue;

/**
 * The conversion of a column's values from one engine's row forms (`readRows` / `decodeRows`: text
 * as the engine prints it, bytes for binary columns) into the forms the target's `writeRows` takes,
 * checking the target's limits. Null stays null. Documented per type in the adapter-kit README.
 */
export function valueConverter(from: NeutralType, to: ForeignType): ValueConverter {
  const convert = converterFor(from, to);
  return (value) => (value === null ? null : convert(value));
}

function converterFor(from: NeutralType, to: ForeignType): (value: string | Uint8Array) => RowValue {
  const target = to.type;
  const limits = to.limits ?? {};
  if (to.bytes === true && from.kind !== 'bit') return (v) => toBytes(v, to);
  // Into text (TRANSFORM=COLUMN_TYPE): the source's text form as it is, zero dates and infinity included.
  if (target.kind === 'text' && TEXT_AS_IS.has(from.kind)) return (v) => checkNul(text(v), to);
  switch (from.kind) {
    case 'boolean':
      return (v) => {
        const b = booleanOf(text(v), to);
        return target.kind === 'boolean' ? (b ? 'true' : 'false') : b ? '1' : '0';
      };
    case 'integer':
      if (target.kind === 'boolean') {
        return (v) => {
          const s = text(v);
          if (s !== '0' && s !== '1') throw unrepresentable(s, to, 'a boolean holds only 0 and 1');
          return s === '1' ? 'true' : 'false';
        };
      }
      return text;
    case 'decimal':
    case 'float':
    case 'money':
      return (v) => {
        const s = text(v);
        // NaN and infinity start with a letter or a sign; a number written out starts with a digit.
        const c = s.charCodeAt(0);
        if (!(c >= 0x30 && c <= 0x39)) {
          if (/^nan$/i.test(s) && limits.nan !== true) throw unrepresentable(s, to, 'NaN has no value there');
          if (/^[+-]?inf(inity)?$/i.test(s) && limits.infinity !== true) throw unrepresentable(s, to, 'infinity has no value there');
        }
        if (limits.digits !== undefined) checkDigits(s, limits.digits, to);
        // A single-precision value written with all the digits of its double: the shortest form
        // (3.4028235e+38) can read as just past the largest float on a server that checks the range.
        if (from.kind === 'float' && from.bytes === 4 && target.kind === 'float' && target.bytes === 4) {
          const n = Number(s);
          if (Number.isFinite(n)) return String(Math.fround(n));
        }
        return s;
      };
    case 'date':
      return (v) => {
        const s = text(v);
        // The common form (AD, four-digit year) is checked in place, with no parsing into parts.
        return PLAIN_DATE.test(s) && plainDayOk(s, to) ? s : formatDate(parseDate(s, to), to);
      };
    case 'timestamp':
    case 'datetime': {
      const zone = target.kind === 'timestamp' && target.withTimeZone;
      return (v) => {
        const s = text(v);
        if (PLAIN_TIMESTAMP.test(s) && plainDayOk(s, to)) return zone ? `${s}+00` : s;
        return formatTimestamp(parseTimestamp(s, to), to, from.kind === 'timestamp' && from.withTimeZone);
      };
    }
    case 'time':
      return (v) => convertTime(text(v), to);
    case 'bit':
      return (v) => convertBits(v, from, to);
    case 'blob':
    case 'binary':
      return (v) => toBytes(v, to);
    case 'array':
      if (target.kind === 'json') return (v) => arrayJson(parseArrayLiteral(text(v)), from.element, to);
      return (v) => checkNul(text(v), to);
    case 'json':
      return (v) => checkNul(text(v), to);
    case 'user': {
      const shape = from.shape;
      if (shape !== undefined && target.kind === 'json') return (v) => userJson(text(v), shape, to);
      return (v) => checkNul(text(v), to);
    }
    default:
      return (v) => checkNul(text(v), to);
  }
}

/** Source kinds whose values go into a text column in their text form, unchecked. */
const TEXT_AS_IS = new Set<NeutralType['kind']>(['date', 'timestamp', 'datetime', 'time', 'decimal', 'float', 'money']);

function text(v: string | Uint8Array): string {
  return typeof v === 'string' ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('utf8');
}

/** Whether the target's type name is worth printing beside the reason. */
function unrepresentable(value: string, to: ForeignType, why: string): AdapterError {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return new AdapterError('VALUE_NOT_REPRESENTABLE', `value ${JSON.stringify(shown)} cannot be stored in ${to.native}: ${why}`);
}

/** Digits before and after the point of a plain decimal (`[+-]digits[.digits]`), leading and trailing zeros left out; nothing is checked in any other form. */
function checkDigits(s: string, digits: { readonly integer: number; readonly fraction: number }, to: ForeignType): void {
  const n = s.length;
  let i = 0;
  let c = s.charCodeAt(0);
  if (c === 0x2b || c === 0x2d) c = s.charCodeAt(++i);
  while (c === 0x30) c = s.charCodeAt(++i);
  const integerStart = i;
  while (c >= 0x30 && c <= 0x39) c = s.charCodeAt(++i);
  const integer = i - integerStart;
  let fraction = 0;
  if (c === 0x2e) {
    const fractionStart = ++i;
    c = s.charCodeAt(i);
    while (c >= 0x30 && c <= 0x39) {
      if (c !== 0x30) fraction = i - fractionStart + 1;
      c = s.charCodeAt(++i);
    }
  }
  if (i !== n) return;
  if (integer > digits.integer) throw unrepresentable(s, to, `more than ${digits.integer} digits before the point`);
  if (fraction > digits.fraction) throw unrepresentable(s, to, `more than ${digits.fraction} digits after the point`);
}

function checkNul(s: string, to: ForeignType): string {
  if (to.limits?.nul === false && s.includes('\u0000')) throw unrepresentable(s, to, 'text there cannot hold the NUL character');
  return s;
}

const TRUE = new Set(['t', 'true', '1', 'y', 'yes', 'on']);
const FALSE = new Set(['f', 'false', '0', 'n', 'no', 'off']);

function booleanOf(s: string, to: ForeignType): boolean {
  // The forms the engines print, before any other spelling.
  if (s === 't' || s === '1') return true;
  if (s === 'f' || s === '0') return false;
  const k = s.trim().toLowerCase();
  if (TRUE.has(k)) return true;
  if (FALSE.has(k)) return false;
  throw unrepresentable(s, to, 'not a boolean');
}

// ---- bytes and bits ----

function toBytes(v: string | Uint8Array, to: ForeignType): Uint8Array {
  if (typeof v !== 'string') return v;
  // PostgreSQL's bytea text form (decodeRows cannot tell bytea columns from text ones).
  if (/^\\x([0-9a-f]{2})*$/i.test(v)) return new Uint8Array(Buffer.from(v.slice(2), 'hex'));
  if (to.type.kind === 'blob' || to.type.kind === 'binary') return new Uint8Array(Buffer.from(v, 'utf8'));
  throw unrepresentable(v, to, 'not bytes');
}

function convertBits(v: string | Uint8Array, from: Extract<NeutralType, { kind: 'bit' }>, to: ForeignType): RowValue {
  // Bits travel as text ('0101', PostgreSQL) or as big-endian bytes (MySQL BIT).
  let bits: string;
  if (typeof v === 'string') {
    if (!/^[01]*$/.test(v)) throw unrepresentable(v, to, 'not a bit string');
    bits = v;
  } else {
    bits = [...v].map((b) => b.toString(2).padStart(8, '0')).join('');
    const width = from.length ?? bits.length;
    bits = bits.length > width ? bits.slice(bits.length - width) : bits.padStart(width, '0');
  }
  const target = to.type;
  const length = target.kind === 'bit' ? target.length : undefined;
  if (length !== undefined && bits.length > length) {
    if (/^0*$/.test(bits.slice(0, bits.length - length))) bits = bits.slice(bits.length - length);
    else throw unrepresentable(bits, to, `more than ${length} bits`);
  }
  if (to.bytes !== true) return target.kind === 'bit' && !target.varying && length !== undefined ? bits.padStart(length, '0') : bits;
  const padded = bits.padStart(Math.max(8, Math.ceil(bits.length / 8) * 8), '0');
  const out = new Uint8Array(padded.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(padded.slice(i * 8, i * 8 + 8), 2);
  return out;
}

// ---- dates, timestamps and times ----

interface CalendarDate {
  /** Astronomical year: 1 BC is 0, 2 BC is -1. */
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

interface Timestamp extends CalendarDate {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** The fraction of a second as written, with its dot, or ''. */
  readonly fraction: string;
  /** Offset east of UTC in seconds, or undefined when the value carries none. */
  readonly offset?: number;
}

function checkYear(year: number, s: string, to: ForeignType): void {
  const { minYear, maxYear } = to.limits ?? {};
  if (minYear !== undefined && year < minYear) throw unrepresentable(s, to, `years before ${minYear} cannot be stored`);
  if (maxYear !== undefined && year > maxYear) throw unrepresentable(s, to, `years after ${maxYear} cannot be stored`);
}

function infinite(s: string, to: ForeignType): boolean {
  if (!/^[+-]?infinity$/i.test(s)) return false;
  if (to.limits?.infinity !== true) throw unrepresentable(s, to, 'infinity has no value there');
  return true;
}

function parseDate(s: string, to: ForeignType): CalendarDate | string {
  if (infinite(s, to)) return s;
  const m = /^(\d{4,})-(\d\d)-(\d\d)( BC)?$/.exec(s);
  if (m === null) throw unrepresentable(s, to, 'not a date');
  const date = calendar(m[1]!, m[2]!, m[3]!, m[4] !== undefined, s, to);
  checkYear(date.year, s, to);
  return date;
}

function calendar(y: string, mo: string, d: string, bc: boolean, s: string, to: ForeignType): CalendarDate {
  const year = bc ? 1 - Number(y) : Number(y);
  const month = Number(mo);
  const day = Number(d);
  // MySQL's zero dates ('0000-00-00', '2020-00-10'), year 0 and invalid dates (ALLOW_INVALID_DATES) name no day.
  if (month === 0 || day === 0) throw unrepresentable(s, to, 'not a day of the calendar: a zero date or zero part, which MySQL keeps when sql_mode lacks NO_ZERO_DATE / NO_ZERO_IN_DATE');
  if (year === 0 && !bc) throw unrepresentable(s, to, "not a day of the calendar: MySQL's year 0, which has no AD or BC year on the target");
  if (month > 12 || day > daysIn(year, month)) throw unrepresentable(s, to, 'not a day of the calendar (MySQL keeps such dates with ALLOW_INVALID_DATES)');
  return { year, month, day };
}

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `YYYY-MM-DD` and `YYYY-MM-DD HH:MM:SS[.ffffff]` with no zone and no era: the forms nearly every value has. */
const PLAIN_DATE = /^\d{4}-\d\d-\d\d$/;
const PLAIN_TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?$/;

/** Whether a plain date or timestamp names a real day within the target's years (false: let the full parser say why not). */
function plainDayOk(s: string, to: ForeignType): boolean {
  const year = digitsAt(s, 0, 4);
  const month = digitsAt(s, 5, 2);
  const day = digitsAt(s, 8, 2);
  const { minYear, maxYear } = to.limits ?? {};
  if ((minYear !== undefined && year < minYear) || (maxYear !== undefined && year > maxYear) || year === 0) return false;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

/** The number written by the `n` digits at `at` (checked to be digits already). */
function digitsAt(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) v = v * 10 + s.charCodeAt(i) - 0x30;
  return v;
}

function formatDate(d: CalendarDate | string, _to: ForeignType): string {
  if (typeof d === 'string') return d;
  return d.year <= 0 ? `${pad(1 - d.year, 4)}-${pad(d.month)}-${pad(d.day)} BC` : `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

function parseOffset(o: string | undefined): number | undefined {
  if (o === undefined) return undefined;
  const m = /^([+-])(\d\d):?(\d\d)?:?(\d\d)?$/.exec(o)!;
  const seconds = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  return m[1] === '-' ? -seconds : seconds;
}

function parseTimestamp(s: string, to: ForeignType): Timestamp | string {
  if (infinite(s, to)) return s;
  const m = /^(\d{4,})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(\.\d+)?([+-]\d\d(?::?\d\d(?::?\d\d)?)?|Z)?( BC)?$/.exec(s);
  if (m === null) throw unrepresentable(s, to, 'not a timestamp');
  const date = calendar(m[1]!, m[2]!, m[3]!, m[9] !== undefined, s, to);
  const offset = m[8] === 'Z' ? 0 : parseOffset(m[8]);
  const t: Timestamp = { ...date, hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]), fraction: m[7] ?? '', ...(offset === undefined ? {} : { offset }) };
  const utc = t.offset === undefined || t.offset === 0 ? t : shift(t, -t.offset);
  checkYear(utc.year, s, to);
  return utc;
}

/** The same instant `seconds` later, in UTC (offset 0, or none if it had none). */
function shift(t: Timestamp, seconds: number): Timestamp {
  const d = new Date(0);
  d.setUTCFullYear(t.year, t.month - 1, t.day);
  d.setUTCHours(t.hour, t.minute, t.second + seconds, 0);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), fraction: t.fraction, offset: 0 };
}

function formatTimestamp(t: Timestamp | string, to: ForeignType, _fromZone: boolean): string {
  if (typeof t === 'string') return t;
  const zone = to.type.kind === 'timestamp' && to.type.withTimeZone;
  const date = `${pad(t.year <= 0 ? 1 - t.year : t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
  const time = `${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${t.fraction}`;
  // Values without a zone are UTC: every session of both adapters runs in UTC.
  return `${date} ${time}${zone ? '+00' : ''}${t.year <= 0 ? ' BC' : ''}`;
}

function convertTime(s: string, to: ForeignType): string {
  const m = /^(-)?(\d+):(\d\d):(\d\d)(\.\d+)?([+-]\d\d(?::?\d\d(?::?\d\d)?)?)?$/.exec(s);
  if (m === null) throw unrepresentable(s, to, 'not a time');
  const negative = m[1] !== undefined;
  let seconds = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
  const fraction = m[5] ?? '';
  const offset = parseOffset(m[6]);
  const zone = to.type.kind === 'time' && to.type.withTimeZone;
  if (offset !== undefined && !zone) seconds = (((seconds - offset) % 86400) + 86400) % 86400;
  if (to.limits?.timeOfDay === true && (negative || seconds > 86400 || (seconds === 86400 && /[1-9]/.test(fraction)))) {
    throw unrepresentable(s, to, 'a time of day runs from 00:00:00 to 24:00:00');
  }
  const hh = Math.floor(seconds / 3600);
  const out = `${negative ? '-' : ''}${pad(hh)}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}${fraction}`;
  return zone ? `${out}${offset === undefined ? '+00' : (m[6] ?? '')}` : out;
}

// ---- arrays to JSON ----

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** An array as JSON text, numbers written with all their digits (a JSON number has no precision limit). */
function arrayJson(elements: readonly ArrayElement[], element: NeutralType, to: ForeignType): string {
  const items = elements.map((e): string => {
    if (e === null) return 'null';
    if (typeof e !== 'string') return arrayJson(e, element, to);
    switch (element.kind) {
      case 'integer':
      case 'decimal':
      case 'float': {
        if (/^[+-]?(nan|inf(inity)?)$/i.test(e)) throw unrepresentable(e, to, 'JSON numbers have no NaN or infinity');
        if (!JSON_NUMBER.test(e)) throw unrepresentable(e, to, 'not a number');
        return e;
      }
      case 'boolean':
        return booleanOf(e, to) ? 'true' : 'false';
      case 'json':
        JSON.parse(e);
        return e;
      case 'user':
        return element.shape === undefined ? JSON.stringify(e) : userJson(e, element.shape, to);
      default:
        return JSON.stringify(e);
    }
  });
  return `[${items.join(', ')}]`;
}

// ---- ranges and composites to JSON ----

/** A range (`{"lower": 1, "upper": 5, "lower_inc": true, "upper_inc": false}`, `{"empty": true}`), a multirange (an array of them) or a composite (an object of its attributes) as JSON text. */
function userJson(s: string, shape: UserTypeShape, to: ForeignType): string {
  try {
    if (shape.kind === 'composite') {
      const values = parseCompositeLiteral(s);
      if (values.length !== shape.attributes.length) throw new RangeError('attribute count');
      return `{${shape.attributes.map((a, i) => `${JSON.stringify(a.name)}: ${scalarJson(values[i] ?? null, a.type)}`).join(', ')}}`;
    }
    const range = (r: RangeValue): string =>
      r.empty === true ? '{"empty": true}' : `{"lower": ${scalarJson(r.lower, shape.subtype)}, "upper": ${scalarJson(r.upper, shape.subtype)}, "lower_inc": ${r.lowerInc}, "upper_inc": ${r.upperInc}}`;
    return shape.multi === true ? `[${parseMultirangeLiteral(s).map(range).join(', ')}]` : range(parseRangeLiteral(s));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw unrepresentable(s, to, `not a ${shape.kind === 'composite' ? 'composite' : shape.multi === true ? 'multirange' : 'range'} value`);
  }
}

/** One field as JSON: numbers as numbers (NaN and infinity as strings), booleans as booleans, everything else as a string of its text form. */
function scalarJson(v: string | null, type: NeutralType): string {
  if (v === null) return 'null';
  if ((type.kind === 'integer' || type.kind === 'decimal' || type.kind === 'float') && JSON_NUMBER.test(v)) return v;
  if (type.kind === 'boolean' && (v === 't' || v === 'f')) return v === 't' ? 'true' : 'false';
  return JSON.stringify(v);
}
