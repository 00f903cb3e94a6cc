import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestServer } from '../../../../test-support/sql-clients.js';
import { scratchName } from '../../../../test-support/scratch.js';
import { createSample } from './sample-data.js';

/**
 * The databases most CLI tests need on one server: a source holding the sample schema, an empty
 * target, and a directory for dump and log files. Names are fixed when the test file is collected
 * (the describe block uses them in its test names and arguments); nothing exists until `create()`.
 */
export interface SamplePair {
  readonly pg: boolean;
  /** The database holding the sample schema. */
  readonly source: string;
  /** Where an export keeps its master table: the source on PostgreSQL; on MySQL a database apart from the schema exported. */
  readonly home: string;
  readonly sourceUrl: string;
  readonly target: string;
  /** The sample schema: `hr` in `source` on PostgreSQL; on MySQL the source database itself. */
  readonly schema: string;
  readonly dir: string;
  /** A schema REMAP_SCHEMA creates on the target: `hr_<suffix>` on PostgreSQL, `<target>_<suffix>` on MySQL. */
  remapped(suffix: string): string;
  /** Create the databases and the sample (`rows` rows in its big table). */
  create(rows?: number): void;
  /** Drop everything created, the remapped schemas named (MySQL: databases) included, and the directory. */
  drop(remapped?: readonly string[]): void;
}

export function samplePair(server: TestServer, tag: string): SamplePair {
  const pg = server.engine === 'postgres';
  const source = scratchName();
  const home = pg ? source : scratchName();
  const target = scratchName();
  const schema = pg ? 'hr' : source;
  return {
    pg,
    source,
    home,
    sourceUrl: server.url(home),
    target,
    schema,
    dir: mkdtempSync(join(tmpdir(), `sluice-${tag}-${server.engine}-`)),
    remapped: (suffix) => (pg ? `hr_${suffix}` : `${target}_${suffix}`),
    create(rows) {
      server.createDatabase(source);
      if (!pg) server.createDatabase(home);
      server.createDatabase(target);
      createSample(server, source, schema, rows);
    },
    drop(remapped = []) {
      for (const db of [source, target, ...(pg ? [] : [home, ...remapped])]) server.dropDatabase(db);
      rmSync(this.dir, { recursive: true, force: true });
    },
  };
}
