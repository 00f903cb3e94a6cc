import { describe, expect, it } from 'vitest';
import { decodeUrlPart, hasAtAfterHost, redactUrl, urlPasswordSpan } from './connection-url.js';

const PASSWORDS = ['p@ss', 'a%b', 'x:y', 'a/b', 'q?r', 'h#s', 'a&b=c+d', 'sp ace', `qu'o"te\\`, 'pässwörd✓', '日本語'];

describe('connection URL passwords', () => {
  it('are masked exactly, percent-encoded or written as is', () => {
    for (const password of PASSWORDS) {
      for (const written of [encodeURIComponent(password), password]) {
        const url = `postgres://app:${written}@db.example.com:5432/sales?application_name=x`;
        expect(redactUrl(url)).toBe('postgres://app:***@db.example.com:5432/sales?application_name=x');
        const span = urlPasswordSpan(url)!;
        expect(url.slice(span[0], span[1])).toBe(written);
      }
    }
  });

  it('are absent from URLs without one, however the host and port are written', () => {
    for (const url of ['postgres://app@db:5432/sales', 'mysql://db:3306/x', 'postgres://[::1]:5432/db', 'postgres://u@[::1]:5432/db', 'db.example.com']) {
      expect(urlPasswordSpan(url)).toBeUndefined();
      expect(redactUrl(url)).toBe(url);
    }
  });

  it('decode when valid percent-encoding, else undefined', () => {
    for (const password of PASSWORDS) expect(decodeUrlPart(encodeURIComponent(password))).toBe(password);
    expect(decodeUrlPart('a%zz')).toBeUndefined();
    expect(decodeUrlPart('100%')).toBeUndefined();
    expect(decodeUrlPart('%FF')).toBeUndefined();
  });

  it('tell an @ after the host part, the sign of an unencoded / ? or # in a password', () => {
    expect(hasAtAfterHost('postgres://u:a/b@h/db')).toBe(true);
    expect(hasAtAfterHost('postgres://u:12#b@h/db')).toBe(true);
    expect(hasAtAfterHost('postgres://u:p@ss@h/db')).toBe(false);
    expect(hasAtAfterHost('postgres://u:p%2Fss@h/db')).toBe(false);
  });
});
