import { describe, expect, it } from 'vitest';
import { pageRanges } from './postgres-chunk-planner.js';

describe('pageRanges', () => {
  it('covers every page exactly once, in order, the last range open-ended', () => {
    for (const [pages, wanted] of [
      [1, 1],
      [1, 8],
      [7, 3],
      [100, 7],
      [25552, 8],
      [5, 5],
      [1000, 1024],
    ] as const) {
      const ranges = pageRanges(pages, wanted);
      expect(ranges.length).toBe(Math.min(pages, wanted));
      const seen = new Array<number>(pages + 50).fill(0);
      for (const r of ranges) {
        if (r.kind !== 'ctid') throw new Error('not a ctid range');
        // pages added after planning (up to +50 here) fall into the open-ended last range
        for (let p = r.fromPage; p < (r.toPage ?? seen.length); p++) seen[p]! += 1;
      }
      expect(seen.every((n) => n === 1)).toBe(true);
      expect(ranges[0]).toMatchObject({ fromPage: 0 });
      expect(ranges.at(-1)).not.toHaveProperty('toPage');
      for (let i = 1; i < ranges.length; i++) expect(ranges[i]).toMatchObject({ fromPage: (ranges[i - 1] as { toPage: number }).toPage });
      // about equal: page counts differ by at most one (the last one's planned part)
      const sizes = ranges.map((r) => (r.kind === 'ctid' ? (r.toPage ?? pages) - r.fromPage : 0));
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });
});
