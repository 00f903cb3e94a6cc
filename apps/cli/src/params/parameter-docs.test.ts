import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parameterTableMarkdown } from './parameter-docs.js';
import { PARAMETERS } from './parameter-table.js';

describe('the parameter table', () => {
  it('is the one in the README', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    const m = /<!-- parameters:begin -->\n([^]*?)\n<!-- parameters:end -->/.exec(readme);
    expect(m, 'README.md has no <!-- parameters:begin --> ... <!-- parameters:end --> block').not.toBeNull();
    // Regenerate with: node -e "import('./apps/cli/dist/params/parameter-docs.js').then(m => console.log(m.parameterTableMarkdown()))"
    expect(m![1]).toBe(parameterTableMarkdown());
  });

  it('lists each parameter once, in alphabetical order, each with a description and a command', () => {
    const names = PARAMETERS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(names);
    for (const p of PARAMETERS) {
      expect(p.description.length, p.name).toBeGreaterThan(10);
      expect(p.commands.length, p.name).toBeGreaterThan(0);
      if (p.kind === 'enum') expect(p.values?.length, p.name).toBeGreaterThan(0);
    }
  });
});
