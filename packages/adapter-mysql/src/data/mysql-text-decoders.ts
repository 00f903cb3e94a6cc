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
  const decoder = new TextDecoder(label);
  return (b) => decoder.decode(b);
}
