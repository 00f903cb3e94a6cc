import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { ApiClient, ensureServeBuilt, startServe, type ServeProcess } from './support/serve.js';
import { scratchName } from '../../../test-support/scratch.js';
import { mysql, postgres } from '../../../test-support/sql-clients.js';
import { bareUrl, tableDigest } from './support/databases.js';
import { TableHold } from './support/table-hold.js';

// The web console in a real browser (Debian's Chromium driven by playwright-core) against a real
// `sluice serve` and PostgreSQL (and MariaDB): sign in, start an export from the form, watch its progress move
// live with a line per worker, read its log, stop and restart it, import it with a remap from the
// form, and find the rows identical.
beforeAll(() => ensureServeBuilt());

const ROWS = 20_000;
/** Each work item waits this long, and chunks are small, so a job runs long enough to watch and stop. */
const SLOW = { SLUICE_TEST_ITEM_DELAY_MS: '300', SLUICE_CHUNK_TARGET_BYTES: '32768' };

/** A fresh start on the sign-in form (nothing kept from an earlier test). */
async function openSignIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.evaluate('sessionStorage.clear()');
  await page.reload();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
}

/** Sign in to a configured database as the PostgreSQL superuser (trust: the password is not checked). */
async function signIn(page: Page, url: string, database: string): Promise<void> {
  await openSignIn(page, url);
  await page.getByLabel('Database').selectOption(database);
  await page.getByLabel('User').fill('postgres');
  await page.getByLabel('Password').fill('trust-ignores-it');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: `Jobs in ${database}` }).waitFor();
}

describe('the web console', () => {
  const source = scratchName();
  const target = scratchName();
  const maria = scratchName();
  const dir = mkdtempSync(join(tmpdir(), 'sluice-console-'));
  let serve: ServeProcess;
  let browser: TestBrowser;

  beforeAll(async () => {
    postgres.createDatabase(source);
    postgres.createDatabase(target);
    mysql.createDatabase(maria);
    postgres.exec(
      source,
      `CREATE SCHEMA app;
       CREATE TABLE app.a (id integer PRIMARY KEY, v text); INSERT INTO app.a SELECT g, md5(g::text) FROM generate_series(1, ${ROWS}) g; ANALYZE app.a;
       CREATE TABLE app.skipme (id integer PRIMARY KEY, v text); INSERT INTO app.skipme VALUES (1, 'x');`,
    );
    serve = await startServe({ databases: { shop: bareUrl(postgres, source), copy: bareUrl(postgres, target), maria: bareUrl(mysql, maria) }, directories: { DUMPS: dir } }, SLOW);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    postgres.dropDatabase(source);
    postgres.dropDatabase(target);
    mysql.dropDatabase(maria);
    rmSync(dir, { recursive: true, force: true });
  });

  it('is served at / with its files, a strict content policy, and only the names of databases and directories', async () => {
    const page = await fetch(`${serve.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>Sluice console</title>');
    const config = await fetch(`${serve.url}/console/config.json`);
    expect(await config.json()).toEqual({ databases: ['shop', 'copy', 'maria'], directories: ['DUMPS'] });
    const js = await fetch(`${serve.url}/console/console.js`);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${serve.url}/console/../package.json`)).status).toBe(404);
  });

  it('signs in (a wrong password is refused and said so), starts an export, shows its progress move with a line per worker, the log, stop and restart', async () => {
    const { page } = browser;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await openSignIn(page, serve.url);

    // A wrong password: the database refuses it, the console says so and stays on the sign-in form.
    await page.getByLabel('Database').selectOption('maria');
    await page.getByLabel('User').fill('root');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('#notice').textContent(), { timeout: 30_000 }).toContain('Wrong user name or password');
    expect(await page.evaluate('sessionStorage.length')).toBe(0);

    await page.getByLabel('Database').selectOption('shop');
    await page.getByLabel('User').fill('postgres');
    await page.getByLabel('Password').fill('trust-ignores-it');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Jobs in shop' }).waitFor();
    // The credentials live in this tab's sessionStorage only: nothing in cookies or localStorage.
    expect(await browser.context.cookies()).toEqual([]);
    expect(await page.evaluate('localStorage.length')).toBe(0);

    // Start an export from the form: schema app but the table skipme, two workers.
    await page.getByRole('link', { name: 'New export' }).click();
    await page.getByLabel('Schemas', { exact: true }).fill('app');
    await page.getByLabel('Leave out tables').fill('skipme');
    await page.getByLabel('Dump files').fill('console%U.dmp');
    await page.getByLabel('Parallel').fill('2');
    await page.getByLabel('Job name').fill('CONSOLE_EXP');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('heading', { name: /\.CONSOLE_EXP$/ }).waitFor();

    // Every percent the page shows, as it shows it (the SSE stream drives it).
    // (Browser code as a string: this package's TypeScript has no DOM types.)
    await page.evaluate(`(() => {
      window.seen = [];
      const shown = document.querySelector('.percent');
      new MutationObserver(() => window.seen.push(shown.textContent)).observe(shown, { childList: true, characterData: true, subtree: true });
    })()`);
    const seenNow = async (): Promise<number[]> => ((await page.evaluate('window.seen')) as string[]).map((p) => Number(p.replace('%', '')));
    await expect.poll(() => page.locator('.workers li').count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    expect(await page.locator('.workers li').first().textContent()).toMatch(/^Worker 1: /);
    await expect.poll(() => page.locator('.eta').textContent(), { timeout: 60_000 }).toMatch(/^ · ETA: /);

    // Stop it in an orderly way: STOPPED, the master table kept; then restart it.
    await expect.poll(async () => (await seenNow()).filter((p) => p > 0 && p < 100).length, { timeout: 60_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect.poll(() => page.locator('.state').textContent(), { timeout: 60_000 }).toBe('STOPPED');
    const stoppedAt = Number((await page.locator('.percent').textContent())!.replace('%', ''));
    expect(stoppedAt).toBeLessThan(100);
    await expect.poll(() => page.getByRole('button', { name: 'Restart' }).isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Restart' }).click();
    await expect.poll(() => page.locator('.state').textContent(), { timeout: 180_000 }).toBe('COMPLETED');
    expect(await page.locator('.percent').textContent()).toBe('100%');

    // The progress moved: several values between 0 and 100 were shown, in order.
    const seen = await seenNow();
    const between = [...new Set(seen.filter((p) => p > 0 && p < 100))];
    expect(between.length, `percentages shown: ${seen.join(', ')}`).toBeGreaterThanOrEqual(2);

    // The log: the table exported, the one left out absent, and the end.
    await expect.poll(() => page.locator('pre.log').textContent(), { timeout: 30_000 }).toMatch(/successfully completed/);
    const log = (await page.locator('pre.log').textContent())!;
    expect(log).toMatch(/exported "app"\."a"/);
    expect(log).not.toContain('skipme');

    // The list: the job with its state and percent done.
    await page.getByRole('link', { name: 'All jobs' }).click();
    const row = page.locator('table.jobs tbody tr', { hasText: 'CONSOLE_EXP' });
    await expect.poll(() => row.locator('td').nth(3).textContent(), { timeout: 30_000 }).toBe('COMPLETED');
    expect(await row.locator('td').nth(4).textContent()).toBe('100%');
    expect(errors).toEqual([]);
  });

  it('says what was wrong with a form in the page (a schema that does not exist), and creates nothing', async () => {
    const { page } = browser;
    await signIn(page, serve.url, 'shop');
    await page.getByRole('link', { name: 'New export' }).click();
    await page.getByLabel('Schemas', { exact: true }).fill('nope');
    await page.getByRole('button', { name: 'Start' }).click();
    // The engine's scope check (the CLI's too), and the form stays filled in for a correction.
    await expect.poll(() => page.locator('#notice').textContent(), { timeout: 30_000 }).toMatch(/nope does not exist/);
    expect(await page.getByLabel('Schemas', { exact: true }).inputValue()).toBe('nope');
    expect(await page.getByRole('heading', { name: 'New export' }).isVisible()).toBe(true);
    // Nothing was created: no job, so no master table.
    expect(postgres.query(source, "SELECT count(*) FROM pg_tables WHERE tablename ILIKE 'SYS\\_EXPORT%'")).toEqual([['0']]);
    await page.getByRole('link', { name: 'Cancel' }).click();
    await page.getByRole('heading', { name: 'Jobs in shop' }).waitFor();
  });

  it('imports the set from the form into another database with a remap, and the rows are identical', async () => {
    const { page } = browser;
    await signIn(page, serve.url, 'copy');
    await page.getByRole('link', { name: 'New import' }).click();
    await page.getByLabel('Dump files').fill('console%U.dmp');
    await page.getByLabel('Remap schemas').fill('app:app_copy');
    await page.getByLabel('Job name').fill('CONSOLE_IMP');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('heading', { name: /\.CONSOLE_IMP$/ }).waitFor();
    await expect.poll(() => page.locator('.state').textContent(), { timeout: 180_000 }).toBe('COMPLETED');
    await expect.poll(() => page.locator('pre.log').textContent(), { timeout: 30_000 }).toMatch(/successfully completed/);
    expect(tableDigest(postgres, target, 'app_copy', 'a')).toBe(tableDigest(postgres, source, 'app', 'a'));
    expect(postgres.query(target, "SELECT count(*) FROM pg_tables WHERE tablename = 'skipme'")).toEqual([['0']]);
  });

  it('restarts a stopped encrypted export once given its password, asked for in the page', async () => {
    const { page } = browser;
    const api = new ApiClient(serve.url, 'shop', 'postgres', 'x');
    // The job waits for app.a until the Stop is made: it cannot complete first, however slow the page.
    const hold = new TableHold(source, 'app.a');
    try {
      await hold.held();
      const created = await api.request('POST', '/export', { datapump_dir: 'DUMPS', filter: 'app', job_name: 'CONSOLE_ENC', file_name: 'enc%U.dmp', encryption_password: 'console-secret-1' });
      expect(created.status).toBe(201);
      await signIn(page, serve.url, 'shop');
      await page.getByRole('link', { name: /\.CONSOLE_ENC$/ }).click();
      await expect.poll(() => page.getByRole('button', { name: 'Stop', exact: true }).isEnabled(), { timeout: 60_000 }).toBe(true);
      await expect.poll(() => hold.waiting(), { timeout: 60_000 }).toBe(true);
      await page.getByRole('button', { name: 'Stop', exact: true }).click();
      await expect.poll(() => page.locator('.state').textContent(), { timeout: 60_000 }).not.toBe('EXECUTING');
    } finally {
      await hold.release();
    }
    await expect.poll(() => page.locator('.state').textContent(), { timeout: 60_000 }).toBe('STOPPED');
    // Without the password the service says what it needs, and the page asks for it.
    await page.getByRole('button', { name: 'Restart' }).click();
    await page.getByLabel('Encryption password').waitFor({ timeout: 30_000 });
    expect(await page.locator('#notice').textContent()).toMatch(/password/i);
    await page.getByLabel('Encryption password').fill('console-secret-1');
    await page.getByRole('button', { name: 'Restart' }).click();
    await expect.poll(() => page.locator('.state').textContent(), { timeout: 180_000 }).toBe('COMPLETED');
    // The password is nowhere in the page or the log.
    await expect.poll(() => page.locator('pre.log').textContent(), { timeout: 30_000 }).toMatch(/successfully completed/);
    expect(await page.content()).not.toContain('console-secret-1');
    expect(serve.output()).not.toContain('console-secret-1');
  });

  it('sets the parallelism of a running job and kills it', async () => {
    const { page } = browser;
    // Back to the source; a job started over the API shows up in the console too.
    const api = new ApiClient(serve.url, 'shop', 'postgres', 'x');
    const created = await api.request('POST', '/export', { datapump_dir: 'DUMPS', filter: 'app', job_name: 'CONSOLE_PAR', file_name: 'par%U.dmp' });
    expect(created.status).toBe(201);
    await signIn(page, serve.url, 'shop');
    await page.getByRole('link', { name: /\.CONSOLE_PAR$/ }).click();
    await page.getByRole('heading', { name: /\.CONSOLE_PAR$/ }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Set parallel' }).isEnabled(), { timeout: 60_000 }).toBe(true);
    await page.getByLabel('Parallel').fill('3');
    await page.getByRole('button', { name: 'Set parallel' }).click();
    await expect.poll(() => page.locator('#notice').textContent(), { timeout: 30_000 }).toContain('now runs with 3 workers');
    await expect.poll(async () => (await api.job('postgres', 'CONSOLE_PAR'))['degree'], { timeout: 30_000 }).toBe(3);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Kill' }).click();
    await page.getByRole('heading', { name: 'Jobs in shop' }).waitFor();
    // Killed: the console says so, the job is gone from the list, and its master table is dropped.
    expect(await page.locator('#notice').textContent()).toBe('Killed CONSOLE_PAR.');
    await expect.poll(() => page.locator('table.jobs tbody tr', { hasText: 'CONSOLE_PAR' }).count(), { timeout: 60_000 }).toBe(0);
    expect(postgres.query(source, "SELECT count(*) FROM pg_tables WHERE lower(tablename) = 'console_par'")).toEqual([['0']]);
  });

  it('runs a TABLESPACE export on MariaDB from the form: signs in as root, the job completes, its log and the list show it', async () => {
    const { page } = browser;
    mysql.exec(
      maria,
      `CREATE TABLE t (id int PRIMARY KEY, v varchar(40)); INSERT INTO t SELECT seq, md5(seq) FROM seq_1_to_2000;
       CREATE TABLE skip2 (id int PRIMARY KEY); INSERT INTO skip2 VALUES (1);`,
    );
    await openSignIn(page, serve.url);
    await page.getByLabel('Database').selectOption('maria');
    await page.getByLabel('User').fill('root');
    // root has an empty password on the test server: the field stays empty.
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Jobs in maria' }).waitFor();

    await page.getByRole('link', { name: 'New export' }).click();
    // The tables of two file-per-table tablespaces (InnoDB names them schema/table), in this schema, but skip2.
    await page.getByLabel('Mode').selectOption('TABLESPACE');
    await page.getByLabel('Schemas', { exact: true }).fill(maria);
    await page.getByLabel('Tablespaces').fill(`${maria}/t, ${maria}/skip2`);
    await page.getByLabel('Leave out tables').fill('skip2');
    await page.getByLabel('Dump files').fill('maria%U.dmp');
    await page.getByLabel('Job name').fill('MARIA_EXP');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('heading', { name: /\.MARIA_EXP$/ }).waitFor();
    await expect.poll(() => page.locator('.state').textContent(), { timeout: 180_000 }).toBe('COMPLETED');
    expect(await page.locator('.percent').textContent()).toBe('100%');
    await expect.poll(() => page.locator('pre.log').textContent(), { timeout: 30_000 }).toMatch(/successfully completed/);
    const log = (await page.locator('pre.log').textContent())!;
    expect(log).toContain(`exported "${maria}"."t"`);
    expect(log).toContain('Processing object type TABLESPACE_EXPORT/TABLE');
    expect(log).not.toContain('skip2');

    await page.getByRole('link', { name: 'All jobs' }).click();
    const row = page.locator('table.jobs tbody tr', { hasText: 'MARIA_EXP' });
    await expect.poll(() => row.locator('td').nth(3).textContent(), { timeout: 30_000 }).toBe('COMPLETED');
    expect(await row.locator('td').nth(4).textContent()).toBe('100%');
  });
});
