import type { Adapter } from '@sluice/adapter-kit';

/**
 * The other engine's adapter, never connected, to read a dump file set that engine wrote into a
 * database of this one (a cross-engine import): loaded only when a job needs it, as the CLI does.
 */
export async function codecFor(home: Adapter): Promise<Adapter> {
  return home.name === 'postgres'
    ? (await import('@sluice/adapter-mysql')).createMysqlAdapter({ url: 'mysql://codec@127.0.0.1/codec' })
    : (await import('@sluice/adapter-postgres')).createPostgresAdapter({ url: 'postgres://codec@127.0.0.1/codec' });
}
