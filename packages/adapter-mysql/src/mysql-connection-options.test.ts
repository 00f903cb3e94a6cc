import { AdapterError } from '@sluice/adapter-kit';
import { describe, expect, it } from 'vitest';
import { parseConnectionOptions } from './mysql-connection-options.js';

const PASSWORDS = ['p@ss', '100%', 'a:b', 'a/b', 'a?b', 'a#b', 'a&b=c', 'a+b', 'a b', `q'u"o\\te`, 'pässwörd✓', '%41%zz'];

describe('MySQL connection URLs', () => {
  it('decode every character of the password, and the one given apart wins', () => {
    for (const password of PASSWORDS) {
      expect(parseConnectionOptions({ url: `mysql://app:${encodeURIComponent(password)}@127.0.0.1:3306/db` }).password).toBe(password);
      expect(parseConnectionOptions({ url: 'mysql://app:other@127.0.0.1:3306/db', password }).password).toBe(password);
    }
  });

  it('refuse malformed percent-encoding with BAD_ARGUMENT, never showing the password', () => {
    for (const url of ['mysql://app:50%off@db/x', 'mysql://app:ab/cd@db/x', 'mysql://app:ab#cd@db/x']) {
      let error: unknown;
      try {
        parseConnectionOptions({ url });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AdapterError);
      expect((error as AdapterError).code).toBe('BAD_ARGUMENT');
      expect((error as AdapterError).message).toContain('mysql://app:***@');
      expect((error as AdapterError).message).toContain('%25 for %');
      expect((error as AdapterError).message).not.toMatch(/off|cd/);
    }
  });
});
