import { execFileSync } from 'node:child_process';

/**
 * A schema as `pg_dump --schema-only` prints it, comparable between a source and its copy: comments,
 * session settings and `\restrict` lines left out, and the schema's name (and `source`'s, which
 * function bodies keep: REMAP_SCHEMA does not rewrite code, as in Data Pump) made neutral.
 */
export function schemaOnly(url: string, schema: string, source: string, options: { privileges: boolean }): string {
  const args = ['--schema-only', '--no-owner', ...(options.privileges ? [] : ['--no-privileges']), '-n', schema, '-d', url];
  return execFileSync('pg_dump', args, { encoding: 'utf8' })
    .split('\n')
    .filter((l) => !l.startsWith('--') && !/^SET |^SELECT pg_catalog.set_config|^\\(un)?restrict /.test(l))
    .join('\n')
    .replaceAll(`${schema}.`, 'S.')
    .replaceAll(`${source}.`, 'S.')
    .replaceAll(`SCHEMA ${schema}`, 'SCHEMA S')
    .replace(/\n{2,}/g, '\n');
}
