import { defineConfig } from 'vitest/config';

// One root config; each package is a project with its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
    // Two test files at a time (vitest's default is one on a 2-core machine): most of a file's time is
    // spent waiting on the servers and child processes. Tests wait on conditions, never on time windows.
    maxWorkers: 2,
    minWorkers: 1,
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
  },
});
