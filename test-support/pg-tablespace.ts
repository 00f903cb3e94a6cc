import { chownSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scratchName, TEST_DB_PREFIX } from './scratch.js';

/** A scratch PostgreSQL tablespace of a test: its name (`scratchName('ts')`), and how to drop it (after the tables in it). */
export interface ScratchTablespace {
  readonly name: string;
  drop(): Promise<void>;
}

/**
 * Create a tablespace in a new empty folder under the temporary directory, given to the server's
 * operating-system user (the owner of its data directory): CREATE TABLESPACE ... LOCATION needs
 * that. `run` runs one statement as a superuser and answers the first column of the first row.
 * The test process must be allowed to chown the folder (root, as on CI and the development machines).
 */
export async function createScratchTablespace(run: (sql: string) => Promise<string | undefined>): Promise<ScratchTablespace> {
  const dataDir = await run('SHOW data_directory');
  if (dataDir === undefined) throw new Error('SHOW data_directory answered nothing: a scratch tablespace needs a superuser');
  const owner = statSync(dataDir);
  const dir = mkdtempSync(join(tmpdir(), `${TEST_DB_PREFIX}tsdir-`));
  try {
    chownSync(dir, owner.uid, owner.gid);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`a scratch tablespace's folder must belong to the PostgreSQL server's user (uid ${owner.uid}); this test process cannot chown it: ${(error as Error).message}`);
  }
  const name = scratchName('ts');
  await run(`CREATE TABLESPACE ${name} LOCATION '${dir}'`);
  return {
    name,
    async drop() {
      await run(`DROP TABLESPACE IF EXISTS ${name}`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
