import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli, type CliResult } from './support/cli.js';
import { TEST_SERVERS, type TestServer } from '../../../test-support/sql-clients.js';
import { MYSQL_URL, PG_URL } from '../../../test-support/servers.js';
import { samplePair } from './support/sample-pair.js';

// Database passwords holding every character a URL reserves (and unicode), given in the URL
// percent-encoded or in SLUICE_SOURCE_PASSWORD, against real users created here: the job runs, and
// the password is in no output, log, error, dump file or master table. MariaDB checks the password;
// the PostgreSQL server here trusts 127.0.0.1, so what pg receives is asserted in adapter-postgres.
beforeAll(() => ensureBuilt());

/** Each reserved character at least once, in the company of the others. */
const PASSWORDS = ['a@b%c:d', 'e/f?g#h&i', `j=k+l m'n"o\\p`, 'pässwörd✓密码'];
/** All of them in one. */
const ALL = `A1@%:/?#&=+ '"\\ü✓-`;

/** Every form the password could leak in: as typed, percent-encoded, and encoded as a form would encode it. */
function forms(password: string): string[] {
  return [password, encodeURIComponent(password), new URLSearchParams({ p: password }).toString().slice(2)];
}

function expectNoPassword(text: string, password: string): void {
  for (const form of forms(password)) expect(text).not.toContain(form);
}

/** A URL for `user` with `password` percent-encoded, as users write it. */
function urlFor(server: TestServer, user: string, database: string, password?: string): string {
  const u = new URL(server.engine === 'postgres' ? PG_URL : MYSQL_URL);
  u.username = user;
  u.pathname = `/${database}`;
  const auth = password === undefined ? user : `${user}:${encodeURIComponent(password)}`;
  return u.toString().replace(`//${user}@`, `//${auth}@`);
}

const sqlString = (server: TestServer, text: string): string => `'${server.engine === 'mysql' ? text.replace(/\\/g, '\\\\').replace(/'/g, "''") : text.replace(/'/g, "''")}'`;

describe.each(TEST_SERVERS)('database passwords on $engine', (server: TestServer) => {
  const pair = samplePair(server, 'pw');
  const { pg, source, home, schema, dir } = pair;
  const users = [...PASSWORDS, ALL].map((password, i) => ({ name: `${source}_u${i}`, password }));
  const all = users[users.length - 1]!;

  beforeAll(() => {
    pair.create(40);
    for (const { name, password } of users) {
      if (pg) {
        server.exec('postgres', `CREATE ROLE ${name} LOGIN PASSWORD ${sqlString(server, password)} IN ROLE pg_read_all_data; GRANT CREATE ON DATABASE ${home} TO ${name};`);
        server.exec(home, `GRANT CREATE ON SCHEMA public TO ${name};`);
      } else {
        server.exec(
          'mysql',
          `SET NAMES utf8mb4; CREATE USER '${name}'@'%' IDENTIFIED BY ${sqlString(server, password)}; GRANT ALL ON \`${source}\`.* TO '${name}'@'%'; GRANT ALL ON \`${home}\`.* TO '${name}'@'%'; GRANT RELOAD, PROCESS ON *.* TO '${name}'@'%';`,
        );
      }
    }
  });

  afterAll(() => {
    pair.drop();
    for (const { name } of users) {
      if (pg) server.exec('postgres', `DROP OWNED BY ${name} CASCADE; DROP ROLE IF EXISTS ${name};`);
      else server.exec('mysql', `DROP USER IF EXISTS '${name}'@'%';`);
    }
  });

  it('connects with each password percent-encoded in the URL, warns about it, and never shows it', async () => {
    for (const { name, password } of users) {
      const r = await runCli(['jobs', '--source', urlFor(server, name, home, password)]);
      expect(r.stdout).toContain(`No Sluice jobs in ${urlFor(server, name, home).replace(`//${name}@`, `//${name}:********@`)}.`);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe(
        'Warning: SOURCE holds a password in its URL, where other users of this machine can read it (ps, shell history, scripts); leave it out and give it in SLUICE_SOURCE_PASSWORD, or let sluice ask for it on a terminal.\n',
      );
      expectNoPassword(r.stdout + r.stderr, password);
    }
  });

  if (!pg) {
    it('a wrong password is refused by the server: the message names the user and the way to give it, not the password', async () => {
      const r = await runCli(['jobs', '--source', urlFor(server, all.name, home)], { env: { SLUICE_SOURCE_PASSWORD: `${all.password}x` } });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`refused the login of ${all.name}: wrong user or password. Give the password in SLUICE_SOURCE_PASSWORD`);
      expectNoPassword(r.stdout + r.stderr, all.password);
    });
  }

  it('exports with the password in the URL and in SLUICE_SOURCE_PASSWORD; no output, log, error, dump file or master table holds it', async () => {
    const inUrl = await runCli([
      'export',
      `SOURCE=${urlFor(server, all.name, home, all.password)}`,
      `SCHEMAS=${schema}`,
      `DIRECTORY=${dir}`,
      'DUMPFILE=url.dmp',
      'LOGFILE=url.log',
      'KEEP_MASTER=Y',
      'JOB_NAME=PW_URL',
    ]);
    expect(inUrl.stdout).toMatch(/exported "[^"]+"\."emp"\s+[\d.]+ [KM]?B\s+40 rows/);
    expect(inUrl.code).toBe(0);
    expect(inUrl.stderr).toContain('Warning: SOURCE holds a password in its URL');
    const urlLog = readFileSync(join(dir, 'url.log'), 'utf8');
    expect(urlLog).toContain('Warning: SOURCE holds a password in its URL');
    expect(urlLog).toContain(`SOURCE=${urlFor(server, all.name, home).replace(`//${all.name}@`, `//${all.name}:********@`)}`);

    const fromEnv = await runCli(
      ['export', `SOURCE=${urlFor(server, all.name, home)}`, `SCHEMAS=${schema}`, `DIRECTORY=${dir}`, 'DUMPFILE=env.dmp', 'LOGFILE=env.log', 'KEEP_MASTER=Y', 'JOB_NAME=PW_ENV'],
      { env: { SLUICE_SOURCE_PASSWORD: all.password } },
    );
    expect(fromEnv.stdout).toMatch(/exported "[^"]+"\."emp"\s+[\d.]+ [KM]?B\s+40 rows/);
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stderr).toBe('');

    // An error that names the database: the URL is shown, the password is not.
    const missing = await runCli(['export', `SOURCE=${urlFor(server, all.name, home, all.password)}`, 'SCHEMAS=no_such_schema', `DIRECTORY=${dir}`, 'DUMPFILE=none.dmp']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/SCHEMAS: (Schema|Database \(schema\)) no_such_schema does not exist in \S+:\/\/\S+:\*{8}@127\.0\.0\.1/);

    for (const r of [inUrl, fromEnv, missing] as CliResult[]) expectNoPassword(r.stdout + r.stderr, all.password);
    for (const file of readdirSync(dir)) expectNoPassword(readFileSync(join(dir, file), 'latin1') + readFileSync(join(dir, file), 'utf8'), all.password);
    for (const job of ['PW_URL', 'PW_ENV']) {
      const master = server.query(home, pg ? `SELECT t::text FROM public."${job}" t` : `SELECT * FROM \`${job}\``);
      expect(master.length).toBeGreaterThan(0);
      expectNoPassword(master.map((row) => row.join('\t')).join('\n'), all.password);
    }
  });
});

describe('a malformed password in a URL', () => {
  const cases: [string, string, RegExp][] = [
    [
      'a % that starts no %XX',
      'postgres://app:50%off@127.0.0.1/db',
      /^sluice: SOURCE=postgres:\/\/app:\*{8}@127\.0\.0\.1\/db: the password is not valid percent-encoding \(a % must start %XX\)\. .*%25 for %.*SLUICE_SOURCE_PASSWORD\.$/,
    ],
    [
      'a # written as is',
      'mysql://app:12#45@127.0.0.1/db',
      /^sluice: SOURCE=mysql:\/\/app:\*{8}@127\.0\.0\.1\/db: an @ follows the host, so the password \(or user name\) holds a \/, \? or # written as is\. .*%23 for #/,
    ],
    ['a space and a / written as is', 'postgres://app:a b/c@127.0.0.1/db', /^sluice: SOURCE=postgres:\/\/app:\*{8}@127\.0\.0\.1\/db: an @ follows the host/],
  ];
  beforeAll(() => ensureBuilt());
  for (const [what, url, message] of cases) {
    it(`${what}: one clear line naming SOURCE and the encoding, exit 1, never the password or "URI malformed"`, async () => {
      const r = await runCli(['export', '--source', url, 'SCHEMAS=hr']);
      expect(r.code).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines.at(-1)).toMatch(message);
      expect(r.stderr).not.toMatch(/URI malformed|off|45|b\/c/);
    });
  }
});
