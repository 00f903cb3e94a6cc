import { describe, expect, it } from 'vitest';
import { partitionBudgets } from './mysql-chunk-planner.js';

describe('partitionBudgets', () => {
  it('gives each partition about bytes / target chunks, and at least one', () => {
    expect(partitionBudgets([0, 10, 100, 250], 100, 1024)).toEqual([1, 1, 1, 3]);
  });

  it('scales what is above one chunk per partition down to maxChunks', () => {
    const budgets = partitionBudgets([100, 1000, 3000], 100, 10);
    expect(budgets).toEqual([1, 2, 6]);
    expect(budgets.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10);
  });

  it('keeps one chunk per partition when there are more partitions than maxChunks', () => {
    expect(partitionBudgets([500, 500, 500], 100, 2)).toEqual([1, 1, 1]);
  });
});
