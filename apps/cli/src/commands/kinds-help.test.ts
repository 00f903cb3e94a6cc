import { MYSQL_OBJECT_KINDS } from '@sluice/adapter-mysql';
import { POSTGRES_OBJECT_KINDS } from '@sluice/adapter-postgres';
import { describe, expect, it } from 'vitest';
import { helpText } from './help.js';

describe('sluice help kinds', () => {
  const text = helpText('kinds');
  const section = (title: string, next?: string): string => text.slice(text.indexOf(`\n${title}\n`), next === undefined ? undefined : text.indexOf(`\n${next}\n`));

  it('lists, per engine, every kind its adapter carries and every kind it names as not exported', () => {
    for (const [title, kinds, next] of [
      ['PostgreSQL', POSTGRES_OBJECT_KINDS, 'MySQL / MariaDB'],
      ['MySQL / MariaDB', MYSQL_OBJECT_KINDS, undefined],
    ] as const) {
      const part = section(title, next);
      expect(part.length, title).toBeGreaterThan(0);
      const [carried, notCarried] = part.split('Not carried yet');
      for (const k of kinds.carried) expect(carried, `${title} ${k.kind}`).toMatch(new RegExp(`\\n {4}${k.kind} +${k.covers.replace(/[()]/g, '\\$&')}`));
      for (const k of kinds.notCarried) expect(notCarried, `${title} ${k.kind}`).toContain(k.kind);
    }
  });

  it('says what happens to a kind that is not carried, and which PostgreSQL kinds only FULL mode looks for', () => {
    expect(text).toContain('was not exported');
    expect(text).toContain('exit code 5');
    const pg = section('PostgreSQL', 'MySQL / MariaDB');
    expect(pg.slice(pg.indexOf('Database-wide (FULL mode):'))).toMatch(
      /\n {6}SUBSCRIPTION when the exporting user may not read its connection string \(only a superuser may\)\n {6}USER_MAPPING when /,
    );
    expect(pg).not.toContain('In the exported schemas:');
    expect(helpText('objects')).toBe(text);
    expect(helpText(undefined)).toContain('sluice help kinds lists the object kinds each engine carries');
  });
});
