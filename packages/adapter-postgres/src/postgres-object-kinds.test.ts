import { readFileSync } from 'node:fs';
import { OBJECT_KINDS } from '@sluice/adapter-kit';
import { describe, expect, it } from 'vitest';
import { POSTGRES_OBJECT_KINDS } from './postgres-object-kinds.js';

// The README, `sluice help kinds` and the object-count test all read POSTGRES_OBJECT_KINDS; this keeps the README in step.
describe('POSTGRES_OBJECT_KINDS', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const notCarriedSection = readme.slice(readme.indexOf('### What is not carried yet'), readme.indexOf('## DDL generation'));

  it('the README lists every kind not carried, and no other, under "What is not carried yet"', () => {
    const listed = [...notCarriedSection.slice(notCarriedSection.indexOf('\n- ')).matchAll(/`([A-Z][A-Z_ ]*[A-Z](?: \([A-Za-z -]+\))?)`/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual(POSTGRES_OBJECT_KINDS.notCarried.map((k) => k.kind).sort());
  });

  it('the README introspection table has a row for every kind carried', () => {
    const table = readme.slice(readme.indexOf('| kind (path) |'), readme.indexOf('### What is not carried yet'));
    for (const k of POSTGRES_OBJECT_KINDS.carried) expect(table, k.kind).toContain(`\`${k.kind}\``);
  });

  it('names each kind once per list; a kind carried and also not carried says when it is not', () => {
    for (const list of [POSTGRES_OBJECT_KINDS.carried, POSTGRES_OBJECT_KINDS.notCarried]) {
      const kinds = list.map((k) => k.kind);
      expect(new Set(kinds).size).toBe(kinds.length);
    }
    const carried = new Set(POSTGRES_OBJECT_KINDS.carried.map((k) => k.kind));
    for (const k of POSTGRES_OBJECT_KINDS.notCarried) if (carried.has(k.kind)) expect(k.when, k.kind).toMatch(/^when /);
  });

  it('carries every kind the introspector adds, by its adapter-kit name', () => {
    for (const k of POSTGRES_OBJECT_KINDS.carried) expect(OBJECT_KINDS, k.kind).toContain(k.kind);
  });
});
