import { describe, expect, it } from 'vitest';
import { bodyText, hasIntroducer } from './mysql-view-introducers.js';

const bytes = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('view introducers', () => {
  it('hasIntroducer finds _charset literals, never a name that merely has an underscore', () => {
    expect(hasIntroducer("select _binary'abc' AS `b`")).toBe(true);
    expect(hasIntroducer("select _latin1 X'E9'")).toBe(true);
    expect(hasIntroducer('select `t`.`_x` AS `_y` from `t`')).toBe(false);
    expect(hasIntroducer("select my_col, 'plain' AS p")).toBe(false);
  });

  it('keeps UTF-8 literals as written and writes the others as hex of the bytes they stand for', () => {
    const body = bytes("select _binary'abc' AS `b`,_latin1'", [0xe9], "' AS `l`,_utf8mb4'x' AS `u`,_binary'\\0", [0xff], "\\'' AS `bb`");
    expect(bodyText(body)).toBe("select _binary'abc' AS `b`,_latin1 X'E9' AS `l`,_utf8mb4'x' AS `u`,_binary X'00FF27' AS `bb`");
  });

  it('leaves introducer-like text inside strings and quoted names alone, and names with an underscore', () => {
    const body = bytes("select '_latin1''x' AS `_latin1'`, `t`.`_a` AS `a_b`, x_latin1 from `t` where `t`.`s` = _latin1'", [0xe9], "'");
    expect(bodyText(body)).toBe("select '_latin1''x' AS `_latin1'`, `t`.`_a` AS `a_b`, x_latin1 from `t` where `t`.`s` = _latin1 X'E9'");
  });

  it('gives up (undefined) when bytes outside an introduced literal are not UTF-8', () => {
    expect(bodyText(bytes("select '", [0xe9], "' AS x"))).toBeUndefined();
  });

  it('an empty body and a body without introducers come back unchanged', () => {
    expect(bodyText(new Uint8Array(0))).toBe('');
    expect(bodyText(bytes('select 1 AS `1`'))).toBe('select 1 AS `1`');
  });
});
