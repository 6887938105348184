// Shared helpers for the browser tests: a real `corridor serve` on a loopback port with a
// fresh data directory, headless Chromium through playwright-core, the login with the forced
// first password change, and screenshots of failing steps.
//
// Environment:
//   CORRIDOR_BIN        the corridor binary (default: build/corridor in the repository)
//   CORRIDOR_TEST_DB    a PostgreSQL URL: each server gets a fresh schema there (`?schema=e2e_…`,
//                       dropped with psql after the run) instead of a SQLite file in its data
//                       directory; scripts/run-tests.sh sets it for the PostgreSQL pass
//   CORRIDOR_E2E_KEEP=1 keep the temporary data directories (their paths are printed)
//   CORRIDOR_E2E_SLOWMO milliseconds between browser actions, for watching a run
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, readdir, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { it, before, after } from 'node:test';

const execFileP = promisify(execFile);

export const E2E_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_DIR = path.resolve(E2E_DIR, '..', '..');
export const FIXTURES_DIR = path.join(E2E_DIR, 'fixtures');
export const ARTIFACTS_DIR = path.join(E2E_DIR, '.artifacts');
export const CORRIDOR_BIN = path.resolve(REPO_DIR, process.env.CORRIDOR_BIN || 'build/corridor');
export const CHROMIUM = '/usr/bin/chromium';

export const ADMIN_EMAIL = 'admin@localhost';
// The password the tests choose at the forced first change (at least 10 characters).
export const ADMIN_PASSWORD = 'e2e-Correct-Horse-42';

// The environment of every corridor process: no database from the caller's shell.
function corridorEnv() {
  const env = { ...process.env };
  delete env.CORRIDOR_DB;
  return env;
}

/** Runs one corridor CLI command; resolves {stdout, stderr}, rejects with both on failure. */
export async function corridor(args, { timeout = 60_000 } = {}) {
  try {
    return await execFileP(CORRIDOR_BIN, args, { env: corridorEnv(), timeout, maxBuffer: 16 << 20 });
  } catch (e) {
    throw new Error(`corridor ${args.join(' ')} failed (${e.code ?? e.signal}):\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

/**
 * The database of one server: a SQLite file in `dir`, or with CORRIDOR_TEST_DB a fresh schema
 * in that PostgreSQL database. Resolves {db, schema} (schema null on SQLite).
 */
export function testDatabase(dir) {
  const pg = process.env.CORRIDOR_TEST_DB;
  if (!pg) return { db: `sqlite:${path.join(dir, 'corridor.db')}`, schema: null };
  if (!/^postgres(ql)?:\/\//.test(pg))
    throw new Error(`CORRIDOR_TEST_DB must be a postgresql:// URL, not ${pg}`);
  const schema = `e2e_${randomBytes(8).toString('hex')}`;
  return { db: `${pg}${pg.includes('?') ? '&' : '?'}schema=${schema}`, schema };
}

/** Drops a testDatabase() schema (best effort: a throwaway cluster goes anyway). */
async function dropSchema(schema) {
  if (!schema) return;
  try {
    await execFileP('psql', [process.env.CORRIDOR_TEST_DB, '-q', '-c', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`],
      { env: corridorEnv(), timeout: 30_000 });
  } catch (e) {
    console.log(`# could not drop schema ${schema}: ${e.message}`);
  }
}

/** A fresh data directory; with `cordis`, the fixture corpus imported into its database. */
export async function prepareData({ cordis = true } = {}) {
  if (!existsSync(CORRIDOR_BIN))
    throw new Error(`no corridor binary at ${CORRIDOR_BIN}: build it, or set CORRIDOR_BIN`);
  const dir = await mkdtemp(path.join(tmpdir(), 'corridor-e2e-'));
  const { db, schema } = testDatabase(dir);
  if (cordis) {
    const corpus = path.join(FIXTURES_DIR, 'cordis');
    await corridor(['import', 'cordis', path.join(corpus, 'project.csv'), path.join(corpus, 'organization.csv'),
      '--db', db, '--quiet']);
  }
  return { dir, db, schema };
}

/**
 * Starts `corridor serve` on 127.0.0.1 with a kernel-chosen free port.
 * Resolves {url, oneTimePassword, dataDir, db, stop(), output()}.
 */
export async function startServer({ cordis = true, demo = true, startTimeout = 30_000 } = {}) {
  const { dir, db, schema } = await prepareData({ cordis });
  const args = ['serve', '--listen', '127.0.0.1:0', '--data', dir, '--db', db];
  if (!demo) args.push('--no-demo');
  const child = spawn(CORRIDOR_BIN, args, { env: corridorEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  // Never leave a server behind, even when the test process ends without calling stop().
  const killOnExit = () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); };
  process.once('exit', killOnExit);
  exited.then(() => process.off('exit', killOnExit));

  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(
      `corridor serve printed no URL within ${startTimeout} ms.\nstdout:\n${stdout}\nstderr:\n${stderr}`)), startTimeout);
    const check = () => {
      const url = stdout.match(/Corridor is running at (http:\/\/[^\s/]+:\d+)\//);
      // The password line follows the URL line in the same flushed write; wait for the newline.
      const pw = stdout.match(/one-time password\s+(\S+)\s*\n/);
      const noPw = /Log in with your account/.test(stdout);
      if (url && (pw || noPw)) {
        clearTimeout(timer);
        resolve({ url: url[1], oneTimePassword: pw ? pw[1] : null });
      }
    };
    child.stdout.on('data', (d) => { stdout += d; check(); });
    child.stderr.on('data', (d) => { stderr += d; });
    child.once('error', (e) => { clearTimeout(timer); reject(e); });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`corridor serve exited (${code ?? signal}) before it was ready.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    });
  });

  let info;
  try {
    info = await ready;
  } catch (e) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    await dropSchema(schema);
    throw e;
  }

  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(kill);
    }
    if (process.env.CORRIDOR_E2E_KEEP === '1') {
      console.log(`# kept data directory ${dir}${schema ? ` and PostgreSQL schema ${schema}` : ''}`);
    } else {
      await rm(dir, { recursive: true, force: true });
      await dropSchema(schema);
    }
  }

  return {
    url: info.url,
    oneTimePassword: info.oneTimePassword,
    password: info.oneTimePassword, // updated by login() after the forced change
    dataDir: dir,
    db,
    pid: child.pid,
    stop,
    output: () => ({ stdout, stderr }),
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    slowMo: Number(process.env.CORRIDOR_E2E_SLOWMO || 0),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
}

/**
 * A new context and page on the server, with errors the page logs collected in
 * page.consoleErrors (CSP violations and script errors show up there).
 */
export async function newPage(browser, server) {
  const context = await browser.newContext({ baseURL: server.url, acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  const page = await context.newPage();
  page.consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => page.consoleErrors.push(String(e)));
  return page;
}

/**
 * Logs in as the administrator. On the first login the server sends the browser to
 * /account/password; the helper chooses ADMIN_PASSWORD there and checks that the change
 * was confirmed. Returns {forcedChange}.
 */
export async function login(page, server, { email = ADMIN_EMAIL } = {}) {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(server.password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.getByRole('button', { name: 'Log in' }).click()]);
  const forcedChange = new URL(page.url()).pathname === '/account/password';
  if (forcedChange) {
    const notice = await page.locator('p.notice').textContent();
    if (!/choose your own password/i.test(notice ?? ''))
      throw new Error(`the forced password page lacks its notice; it shows: ${notice}`);
    await page.getByLabel('Current password').fill(server.password);
    await page.getByLabel(/^New password/).fill(ADMIN_PASSWORD);
    await page.getByLabel('Repeat new password').fill(ADMIN_PASSWORD);
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.getByRole('button', { name: 'Save password' }).click()]);
    server.password = ADMIN_PASSWORD;
  }
  return { forcedChange };
}

function safeName(s) {
  return s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100) || 'step';
}

/** Saves a full-page screenshot and the page's HTML under tests/e2e/.artifacts/. */
export async function saveArtifacts(page, name) {
  if (!page || page.isClosed()) return null;
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const base = path.join(ARTIFACTS_DIR, safeName(name));
  try {
    await page.screenshot({ path: `${base}.png`, fullPage: true, timeout: 5_000 });
    await writeFile(`${base}.html`, `<!-- ${page.url()} -->\n${await page.content()}`);
    return `${base}.png`;
  } catch {
    return null;
  }
}

/**
 * Runs fn; when it throws, saves a screenshot of `getPage()` named after the test and
 * rethrows with the screenshot's path and the page URL added to the message.
 */
export function withScreenshot(getPage, title, fn) {
  return async (t) => {
    // A screenshot from an earlier failing run of this test is stale now.
    const base = path.join(ARTIFACTS_DIR, safeName(title));
    await Promise.all(['png', 'html'].map((ext) => rm(`${base}.${ext}`, { force: true })));
    try {
      await fn(t);
    } catch (e) {
      const page = getPage();
      const shot = await saveArtifacts(page, title);
      if (e && typeof e === 'object' && 'message' in e) {
        const where = page && !page.isClosed() ? ` [page ${page.url()}]` : '';
        try { e.message += `${where}${shot ? ` [screenshot ${path.relative(REPO_DIR, shot)}]` : ''}`; } catch { /* read-only */ }
      }
      throw e;
    }
  };
}

/**
 * What a browser suite sets up, called inside describe(): before its steps a server (startServer
 * options) and a page on it, both closed after them. Returns {server, page, step} (server and page
 * once the before hook ran); step(title, fn) is an it() that saves a screenshot when it fails.
 */
export function browserSuite(serverOptions = { cordis: false }) {
  const suite = { server: null, browser: null, page: null };
  suite.step = (title, fn) => it(title, withScreenshot(() => suite.page, title, fn));
  before(async () => {
    suite.server = await startServer(serverOptions);
    suite.browser = await launchBrowser();
    suite.page = await newPage(suite.browser, suite.server);
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}

/** Waits for the server's delivery loop to write a mail to `to` in DATA/outbox; returns its text. */
export async function mailTo(dir, to, { timeout = 15_000 } = {}) {
  const outbox = path.join(dir, 'outbox');
  const until = Date.now() + timeout;
  while (Date.now() < until) {
    let files = [];
    try { files = (await readdir(outbox)).filter((f) => f.endsWith('.eml')); } catch { /* not yet created */ }
    for (const f of files.sort()) {
      const eml = await readFile(path.join(outbox, f), 'utf8');
      if (eml.includes(`To: <${to}>`)) return eml;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${to} in ${outbox} within ${timeout} ms`);
}

/** The text of an element with runs of white space collapsed (for comparing visible text). */
export async function text(locator) {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** The <dd> shown after the <dt> with exactly this label in a <dl class="fields"> (record and preview pages). */
export function fieldValue(scope, label) {
  return scope.locator('dl.fields dt').filter({ hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) })
    .locator('xpath=following-sibling::dd[1]');
}

export function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Reads a downloaded file fully. */
export async function readDownload(download) {
  const p = await download.path();
  return readFile(p);
}
