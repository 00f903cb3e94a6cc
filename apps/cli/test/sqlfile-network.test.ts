import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePair } from './support/sample-pair.js';
import { ensureBuilt, runCli } from './support/cli.js';
import { TEST_SERVERS, type TestServer } from '../../../test-support/sql-clients.js';
import { fingerprint, tablesOf } from './support/sample-data.js';

// SQLFILE writes the DDL an import would run and changes nothing; run through psql / mariadb it
// creates the schema. NETWORK_LINK imports straight from another database, with no dump file (across
// engines too: see cross-engine.test.ts).
beforeAll(() => ensureBuilt());

function columns(server: TestServer, database: string, schema: string): string[] {
  return server
    .query(
      server.engine === 'postgres' ? database : schema,
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = '${schema}' ORDER BY table_name, ordinal_position`,
    )
    .map((r) => r.join(' '));
}

describe.each(TEST_SERVERS)('SQLFILE and NETWORK_LINK on $engine', (server: TestServer) => {
  const pair = samplePair(server, 'sql');
  const { pg, source, sourceUrl, target, schema, dir } = pair;
  const viaSql = pair.remapped('sql');
  const viaLink = pair.remapped('link');

  beforeAll(async () => {
    pair.create(2000);
    const exp = await runCli(['export', '--source', sourceUrl, `SCHEMAS=${schema}`, `DIRECTORY=${dir}`, 'DUMPFILE=ddl.dmp', 'NOLOGFILE=Y']);
    if (exp.code !== 0) throw new Error(`the export the SQLFILE tests read failed:\n${exp.stdout}${exp.stderr}`);
  });

  afterAll(() => pair.drop([viaSql, viaLink]));

  it('SQLFILE writes the remapped DDL and changes nothing; the file creates the same tables', async () => {
    const before = tablesOf(server, target, [target, viaSql]);
    const r = await runCli(['import', '--target', server.url(target), `DIRECTORY=${dir}`, 'DUMPFILE=ddl.dmp', 'SQLFILE=ddl.sql', `REMAP_SCHEMA=${schema}:${viaSql}`, 'NOLOGFILE=Y']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(tablesOf(server, target, [target, viaSql])).toEqual(before);
    const sql = readFileSync(join(dir, 'ddl.sql'), 'utf8');
    expect(sql).toMatch(new RegExp(`CREATE TABLE [\`"]?${viaSql}[\`"]?\\.[\`"]?emp`));
    expect(sql).not.toMatch(new RegExp(`[\`" .]${schema}[\`"]?\\.[\`"]?emp\\b`));

    // The same with `sluice sqlfile`.
    const alias = await runCli(['sqlfile', '--target', server.url(target), `DIRECTORY=${dir}`, 'DUMPFILE=ddl.dmp', 'SQLFILE=alias.sql', `REMAP_SCHEMA=${schema}:${viaSql}`, 'NOLOGFILE=Y']);
    expect(alias.code).toBe(0);
    expect(readFileSync(join(dir, 'alias.sql'), 'utf8').replace(/^--.*\n/gm, '')).toBe(sql.replace(/^--.*\n/gm, ''));

    if (!pg) server.createDatabase(viaSql);
    server.exec(target, sql);
    expect(columns(server, target, viaSql)).toEqual(columns(server, source, schema));
  });

  it('NETWORK_LINK: straight from the source database, with QUERY applied as it is read', async () => {
    const r = await runCli([
      'import',
      '--target',
      server.url(target),
      '--network-link',
      sourceUrl,
      `SCHEMAS=${schema}`,
      `REMAP_SCHEMA=${schema}:${viaLink}`,
      `QUERY=${schema}.emp:"WHERE id <= 1500"`,
      'PARALLEL=2',
      'NOLOGFILE=Y',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`\\. \\. imported "${viaLink}"\\."emp"\\s+.*\\s1500 rows`));
    const wanted = server.query(pg ? source : schema, `SELECT count(*) FROM ${schema}.emp WHERE id <= 1500`)[0]![0];
    expect(server.query(pg ? target : viaLink, `SELECT count(*) FROM ${viaLink}.emp`)[0]![0]).toBe(wanted);
    expect(fingerprint(server, target, viaLink).split('|')[2]).toBe('5');
  });
});
