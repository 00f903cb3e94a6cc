import { describe, expect, it } from 'vitest';
import type { MysqlColumnDef } from '../model/mysql-details.js';
import { exactColumn } from './mysql-exact-columns.js';

const show = [
  'CREATE TABLE `t` (',
  "  `a` varchar(5) DEFAULT '😀',",
  "  `mood` enum('🙂','🙃','?') NOT NULL DEFAULT '🙃' COMMENT 'mood 😶',",
  "  `shout` varchar(30) GENERATED ALWAYS AS (concat(`a`,'📣')) VIRTUAL",
  ") ENGINE=InnoDB COMMENT='table 🗂'",
].join('\n');

const column = (c: Partial<MysqlColumnDef>): MysqlColumnDef =>
  ({ name: 'mood', ordinal: 2, type: { kind: 'enum', values: ['?', '?', '?'] }, nativeType: "enum('?','?','?')", nullable: false, default: "'?'", ...c }) as MysqlColumnDef;

describe('exactColumn', () => {
  it("takes ENUM members, the default and the comment from the column's own line", () => {
    const c = exactColumn(column({ comment: 'mood ?' }), show);
    expect(c.nativeType).toBe("enum('🙂','🙃','?')");
    expect(c.type).toEqual({ kind: 'enum', values: ['🙂', '🙃', '?'] });
    expect(c.default).toBe("'🙃'");
    expect(c.comment).toBe('mood 😶');
  });

  it("never matches another column's text, and takes a generation expression too", () => {
    const a = exactColumn(column({ name: 'a', type: { kind: 'varchar', length: 5 } as never, nativeType: 'varchar(5)', default: "'?'" }), show);
    expect(a.default).toBe("'😀'");
    const g = exactColumn(
      column({ name: 'shout', nativeType: 'varchar(30)', type: { kind: 'varchar', length: 30 } as never, default: null, generated: { expression: "concat(`a`,'?')", stored: false } }),
      show,
    );
    expect(g.generated?.expression).toBe("concat(`a`,'📣')");
  });

  it('leaves a column without a ? as it is', () => {
    const c = column({ nativeType: 'int(11)', type: { kind: 'int', bits: 32, unsigned: false } as never, default: '1' });
    expect(exactColumn(c, show)).toBe(c);
  });
});
