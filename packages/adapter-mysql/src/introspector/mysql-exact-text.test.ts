import { describe, expect, it } from 'vitest';
import { exactText } from './mysql-exact-text.js';

describe('exactText', () => {
  it('finds a body whose 4-byte characters came back as one ? each', () => {
    const show = "CREATE DEFINER=`root`@`localhost` TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.s = CONCAT(NEW.s, '🎉')";
    expect(exactText("SET NEW.s = CONCAT(NEW.s, '?')", show, { atEnd: true })).toBe("SET NEW.s = CONCAT(NEW.s, '🎉')");
  });

  it('finds a view definition whose 4-byte characters came back as one ? per byte, before WITH CHECK OPTION', () => {
    const show = "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `v` AS select '🚀' AS `x` WITH CASCADED CHECK OPTION";
    expect(exactText("select '????' AS `x`", show)).toBe("select '🚀' AS `x`");
  });

  it('keeps a real question mark, and text without one, as it is', () => {
    const show = "CREATE TABLE `t` (\n  `s` varchar(9) DEFAULT NULL,\n  CONSTRAINT `c` CHECK (`s` <> '?' and `s` <> '😀')\n)";
    expect(exactText("`s` <> '?' and `s` <> '????'", show)).toBe("`s` <> '?' and `s` <> '😀'");
    expect(exactText("`s` <> '?'", "CHECK (`s` <> '?')")).toBe("`s` <> '?'");
    expect(exactText('a = 1', 'anything')).toBe('a = 1');
  });

  it('gives the lossy text back when the statement does not hold it', () => {
    expect(exactText("RETURN '?'", "CREATE FUNCTION f() RETURNS int RETURN 'x'", { atEnd: true })).toBe("RETURN '?'");
  });
});
