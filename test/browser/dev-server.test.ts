/**
 * `npm start` as a newcomer runs it: the development server, loaded in Chromium. The page must
 * render the preview under the same Content-Security-Policy as the production build (no
 * 'unsafe-eval'), check a dropped message, and raise no CSP violation at all. A blank page or a
 * blocked script fails here, not in a reader's first look.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BROWSER_FIXTURES, DIST, OFFICE_JS_URL, REPO_ROOT, SCREENSHOTS } from './support/harness';

/** First compile of the development bundle on a busy 2-core CI machine. */
const START_TIMEOUT_MS = 150_000;

let server: ChildProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let origin = '';
const violations: string[] = [];
const consoleErrors: string[] = [];
const pageErrors: string[] = [];
let serverLog = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForServer(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (server?.exitCode !== null && server?.exitCode !== undefined) throw new Error(`npm start exited with ${server.exitCode}:\n${serverLog.slice(-3000)}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`npm start did not serve ${url} within ${START_TIMEOUT_MS} ms:\n${serverLog.slice(-3000)}`);
}

function cspOf(html: string): string {
  const m = /http-equiv="?Content-Security-Policy"?\s+content="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no Content-Security-Policy meta tag in the page');
  return m[1];
}

beforeAll(async () => {
  const port = await freePort();
  origin = `http://localhost:${port}`;
  // Exactly the README's command; npm appends the extra arguments to `webpack serve`.
  server = spawn('npm', ['start', '--', '--port', String(port)], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  server.stdout?.on('data', (b: Buffer) => (serverLog += b.toString()));
  server.stderr?.on('data', (b: Buffer) => (serverLog += b.toString()));
  await waitForServer(`${origin}/`, Date.now() + START_TIMEOUT_MS);

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport: { width: 320, height: 640 }, serviceWorkers: 'block' });
  // Runs before the page's own scripts; records every report the CSP makes.
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  // Offline, like a newcomer without Microsoft's CDN: office.js is missing and the page must
  // still fall back to the preview. Nothing else may leave the origin.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url === OFFICE_JS_URL) return route.fulfill({ status: 404, body: 'not found' });
    if (url.startsWith(origin) || url.startsWith(origin.replace('http', 'ws'))) return route.continue();
    violations.push(`request outside the origin: ${url}`);
    return route.abort('blockedbyclient');
  });
  page = await context.newPage();
  page.on('console', (m) => {
    // office.js is answered 404 on purpose (above); any other missing file is an error.
    if (m.type() === 'error' && !(/404 \(Not Found\)/.test(m.text()) && m.location().url === OFFICE_JS_URL)) consoleErrors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(`${origin}/`, { waitUntil: 'load' });
}, START_TIMEOUT_MS + 60_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  // Only the process group this test started.
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
});

describe('npm start (development server)', () => {
  it('serves the page with the production CSP, without unsafe-eval', async () => {
    const served = await (await fetch(`${origin}/`)).text();
    const csp = cspOf(served);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("script-src 'self'");
    const built = path.join(DIST, 'taskpane.html');
    if (fs.existsSync(built)) expect(csp).toBe(cspOf(fs.readFileSync(built, 'utf8')));
  });

  it('renders the preview, not a blank page', async () => {
    await page.locator('[data-testid="preview-drop"]').waitFor({ state: 'visible', timeout: 30_000 });
    const text = (await page.locator('body').innerText()).trim();
    expect(text.length).toBeGreaterThan(40);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dev-server-320.png') });
  });

  it('checks a dropped message (the lazily loaded parser chunk runs under the CSP)', async () => {
    await page.locator('[data-testid="preview-input"]').setInputFiles(path.join(BROWSER_FIXTURES, 'level-high.eml'));
    await page.waitForFunction(() => document.querySelector('[data-testid="risk-banner"]')?.getAttribute('data-level') === 'high', undefined, {
      timeout: 30_000,
    });
  });

  it('raised no CSP violation, page error or console error', async () => {
    const csp = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    expect(csp).toEqual([]);
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(consoleErrors.filter((t) => /Content Security Policy|unsafe-eval|Refused/i.test(t))).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('names an icon the server has, so a browser tab does not ask for a missing /favicon.ico', async () => {
    const href = await page.locator('link[rel="icon"]').getAttribute('href');
    expect(href).toBeTruthy();
    const icon = new URL(href ?? '', page.url());
    expect(icon.origin).toBe(origin);
    const res = await page.request.get(icon.href);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(/^image\/png/);
  });
});
