import { fileURLToPath } from 'node:url';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

/** Tests import sibling packages from their sources, so no build is needed to run them. */
export const sourceAliases: Record<string, string> = {
  '@sluice/dump-format': here('./packages/dump-format/src/index.ts'),
  '@sluice/adapter-kit': here('./packages/adapter-kit/src/index.ts'),
  '@sluice/adapter-kit/conformance': here('./packages/adapter-kit/src/conformance/index.ts'),
  '@sluice/engine': here('./packages/engine/src/index.ts'),
  '@sluice/adapter-postgres': here('./packages/adapter-postgres/src/index.ts'),
  '@sluice/adapter-mysql': here('./packages/adapter-mysql/src/index.ts'),
  '@sluice/storage-s3': here('./packages/storage-s3/src/index.ts'),
  '@sluice/storage-s3/register': here('./packages/storage-s3/src/register/index.ts'),
  '@sluice/server': here('./apps/server/src/index.ts'),
};

// Exact-match aliases: the object form would let `@sluice/adapter-kit` capture
// `@sluice/adapter-kit/conformance` as a path prefix (vite matches `find + '/'`).
const exactAliases = Object.entries(sourceAliases).map(([find, replacement]) => ({
  find: new RegExp(`^${find.replace(/[/.-]/g, '\\$&')}$`),
  replacement,
}));

/** What a project needs besides its own files. */
export interface ProjectNeeds {
  /** The project's tests talk to the PostgreSQL and MariaDB servers: the run fails at once, naming a server that is down. */
  readonly databaseServers?: boolean;
}

/** The project config every package uses: its name, its test files, generous timeouts for database work. */
export function packageProject(name: string, needs: ProjectNeeds = {}, extra: UserWorkspaceConfig['test'] = {}): UserWorkspaceConfig {
  return defineProject({
    resolve: { alias: exactAliases },
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 120_000,
      hookTimeout: 120_000,
      ...(needs.databaseServers ? { globalSetup: [here('./test-support/require-servers.ts')] } : {}),
      ...extra,
    },
  });
}
