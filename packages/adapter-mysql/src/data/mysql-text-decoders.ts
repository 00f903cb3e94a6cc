import type { RowValue } from '@sluice/adapter-kit';

/** MySQL character set names → WHATWG encoding labels Node's TextDecoder knows. */
const LABELS: Record<string, string> = {
  utf8: 'utf-8',
  utf8mb3: 'utf-8',
  utf8mb4: 'utf-8',
  ascii: 'windows-1252',
  latin1: 'windows-1252',
  latin2: 'iso-8859-2',
  latin5: 'windows-1254',
  latin7: 'iso-8859-13',
  greek: 'iso-8859-7',
  hebrew: 'iso-8859-8',
  cp1250: 'windows-1250',
  cp1251: 'windows-1251',
  cp1256: 'windows-1256',
  cp1257: 'windows-1257',
  cp866: 'ibm866',
  koi8r: 'koi8-r',
  koi8u: 'koi8-u',
  tis620: 'windows-874',
  macroman: 'macintosh',
  sjis: 'shift_jis',
  cp932: 'shift_jis',
  ujis: 'euc-jp',
  eucjpms: 'euc-jp',
  euckr: 'euc-kr',
  gbk: 'gbk',
  gb2312: 'gbk',
  gb18030: 'gb18030',
  big5: 'big5',
  ucs2: 'utf-16be',
  utf16: 'utf-16be',
  utf16le: 'utf-16le',
};

/**
 * MySQL's latin1 is windows-1252 (0x80 is €, 0x93 and 0x94 are “ ”), but Node's TextDecoder reads
 * 'windows-1252' as ISO-8859-1 (C1 control characters there): the 32 bytes 0x80-0x9f by hand, as
 * the WHATWG table and MySQL map them (0x81, 0x8d, 0x8f, 0x90, 0x9d stay U+0081 ...).
 */
const WINDOWS_1252_C1 = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc,
  0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];
const C1 = /[\u0080-\u009f]/g;
const fromC1 = (c: string): string => String.fromCharCode(WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] as number);

function windows1252(b: Buffer): string {
  const s = b.toString('latin1');
  C1.lastIndex = 0;
  return C1.test(s) ? s.replace(C1, fromC1) : s;
}

/**
 * Node's ICU reads shift_jis's bytes 0x1A, 0x1C and 0x7F as U+001C, U+007F and U+001A (an IBM
 * control-code swap); in MySQL's sjis and cp932 each of them is itself, as in ASCII. Those three
 * characters come from nothing else, so they are swapped back after decoding.
 */
const ICU_SJIS_SWAPPED = /[\u001a\u001c\u007f]/g;
const unswapSjis = (c: string): string => (c === '\u001c' ? '\u001a' : c === '\u007f' ? '\u001c' : '\u007f');

function shiftJis(decode: (b: Buffer) => string): (b: Buffer) => string {
  return (b) => {
    const s = decode(b);
    ICU_SJIS_SWAPPED.lastIndex = 0;
    return ICU_SJIS_SWAPPED.test(s) ? s.replace(ICU_SJIS_SWAPPED, unswapSjis) : s;
  };
}

function utf32(b: Buffer): string {
  let s = '';
  for (let i = 0; i + 3 < b.length; i += 4) s += String.fromCodePoint(b.readUInt32BE(i));
  return s;
}

/** How to turn a column's stream bytes into a row value: bytes stay bytes, text is decoded. */
export function decoderFor(charset: string | null): (b: Buffer) => RowValue {
  if (charset === 'binary') return (b) => new Uint8Array(b);
  if (charset === null) return (b) => b.toString('latin1');
  if (charset === 'utf32') return utf32;
  const label = LABELS[charset];
  if (label === 'utf-8' || label === undefined) return (b) => b.toString('utf8');
  if (label === 'windows-1252') return windows1252;
  const decoder = new TextDecoder(label);
  if (label === 'shift_jis') return shiftJis((b) => decoder.decode(b));
  return (b) => decoder.decode(b);
}
