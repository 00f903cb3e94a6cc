import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scratch } from './engines.js';
import { runSqlFile } from './sql-client.js';

/** The MariaDB corpus folder (corpus/mysql, see its README). */
export const CORPUS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'corpus', 'mysql');

/** The SQL files `manifest.json` lists, in load order. */
export function corpusFiles(): string[] {
  const manifest = JSON.parse(readFileSync(join(CORPUS_DIR, 'manifest.json'), 'utf8')) as { files: string[] };
  return manifest.files;
}

/** Load corpus files into database `db` through the mariadb client, stopping at the first error. */
export async function loadCorpus(s: Scratch, db: string, files: readonly string[] = corpusFiles()): Promise<void> {
  for (const f of files) {
    try {
      await runSqlFile(s, join(CORPUS_DIR, f), db);
    } catch (error) {
      throw new Error(`corpus file ${f} did not load: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`);
    }
  }
}
