/**
 * Drives the production task pane (dist/taskpane.html) in Chromium inside a fake Outlook host.
 *
 * One browser and one page per test file: each scenario re-navigates the same page, and the fake
 * office.js is served with that scenario's host settings prepended, so nothing accumulates
 * between scenarios the way page.addInitScript would. Every request the page makes is recorded;
 * anything not bound for the test server or the office.js CDN is aborted and kept for asserting.
 */
import * as fs from 'fs';
import * as path from 'path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { emlToItem } from './eml-to-item';
import type { FakeItemSpec } from './eml-to-item';
import { startStaticServer } from './static-server';
import type { StaticServer } from './static-server';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
/** The production build under test; MFG_TEST_DIST points the suite at another build directory. */
export const DIST = process.env.MFG_TEST_DIST ? path.resolve(process.env.MFG_TEST_DIST) : path.join(REPO_ROOT, 'dist');
export const RESULTS = path.join(REPO_ROOT, 'test-results');
export const SCREENSHOTS = path.join(RESULTS, 'screenshots');
export const BROWSER_FIXTURES = path.join(REPO_ROOT, 'test/browser/fixtures');
export const OFFICE_JS_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const OFFICE_CDN_ORIGIN = new URL(OFFICE_JS_URL).origin;
const FAKE_OFFICE_SOURCE = path.join(__dirname, '../fake-office/office.js');
const AXE_SOURCE = require.resolve('axe-core/axe.min.js');
/** Where the test serves axe-core on the pane's origin (never part of dist/). */
export const AXE_PATH = '/__browser-test__/axe.min.js';

/** Task-pane width Outlook on the web gives a pinned pane, and a tall enough window to see it all. */
export const VIEWPORT = { width: 360, height: 800 } as const;
/** Longest a verdict may take to appear before a test gives up; generous for a 2-core CI box. */
export const VERDICT_TIMEOUT_MS = 20_000;

export type Level = 'none' | 'low' | 'medium' | 'high' | 'critical';
export const LEVELS: readonly Level[] = ['none', 'low', 'medium', 'high', 'critical'];

export type FailSwitch = true | 'hang';
export interface FakeFailures {
  headers?: FailSwitch;
  body?: FailSwitch;
  attachments?: FailSwitch;
  attachmentContent?: FailSwitch;
  notifications?: FailSwitch;
  /** getAsFileAsync (Mailbox 1.14). */
  file?: FailSwitch;
}

export interface HostOptions {
  item?: FakeItemSpec | null;
  /** Office.context.displayLanguage, e.g. ja-JP or en-US. */
  displayLanguage?: string;
  theme?: 'light' | 'dark';
  /** Highest Mailbox requirement set the client supports (1.5 hides the 1.8+ APIs). */
  mailboxVersion?: string;
  fail?: FakeFailures;
  /** fake: our host; missing: office.js answers 404; no-host: office.js loads outside Outlook. */
  officeJs?: 'fake' | 'missing' | 'no-host';
  /**
   * Body of config.json; null answers 404; 'dist' serves the file as built. Default {}: the
   * documented defaults, so a sample config in dist/ cannot change what a test sees.
   */
  config?: Record<string, unknown> | null | 'dist';
  /** Extra same-origin files (path → body), e.g. an admin IOC list named in config. */
  files?: Record<string, string>;
  /** Query string for the pane's URL, e.g. `?file-timeout=0.001` (the checking worker's limit). */
  query?: string;
}

/** Fails with the fix in the message, because the pane is tested as built, not from source. */
export function assertBuilt(): void {
  const html = path.join(DIST, 'taskpane.html');
  if (!fs.existsSync(html)) {
    throw new Error(`${html} is missing: run npm run build first`);
  }
}

export async function loadItem(file: string, itemId = path.basename(file, '.eml')): Promise<FakeItemSpec> {
  return emlToItem(fs.readFileSync(file), itemId);
}

export async function loadBrowserFixture(name: string, itemId?: string): Promise<FakeItemSpec> {
  return loadItem(path.join(BROWSER_FIXTURES, name), itemId);
}

export interface VerdictView {
  level: Level;
  text: string;
}

export class PaneDriver {
  /** Every URL the page asked for, in order (including office.js and config.json). */
  readonly requests: string[] = [];
  /** Requests that would have left the machine; aborted. */
  readonly offsite: string[] = [];
  /** alert/confirm/prompt dialogs the page opened (should stay empty). */
  readonly dialogs: string[] = [];
  readonly pageErrors: string[] = [];
  private options: HostOptions = {};

  private constructor(
    readonly browser: Browser,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly server: StaticServer,
  ) {}

  static async launch(): Promise<PaneDriver> {
    assertBuilt();
    const server = await startStaticServer(DIST);
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const context = await browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'block' });
    const page = await context.newPage();
    const driver = new PaneDriver(browser, context, page, server);
    await driver.install();
    return driver;
  }

  get origin(): string {
    return this.server.origin;
  }

  get paneUrl(): string {
    return `${this.server.origin}/taskpane.html`;
  }

  private async install(): Promise<void> {
    const fakeSource = fs.readFileSync(FAKE_OFFICE_SOURCE, 'utf8');
    this.page.on('request', (r) => this.requests.push(r.url()));
    this.page.on('websocket', (ws) => this.offsite.push(ws.url()));
    this.page.on('pageerror', (e) => this.pageErrors.push(String(e)));
    this.page.on('dialog', (d) => {
      this.dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss().catch(() => undefined);
    });
    await this.context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin === OFFICE_CDN_ORIGIN) {
        const mode = this.options.officeJs ?? 'fake';
        if (mode === 'missing') return route.fulfill({ status: 404, body: 'not found' });
        const init = {
          host: mode === 'no-host' ? null : 'Outlook',
          item: this.options.item ?? null,
          displayLanguage: this.options.displayLanguage ?? 'ja-JP',
          theme: this.options.theme ?? 'light',
          mailboxVersion: this.options.mailboxVersion ?? '1.13',
          fail: this.options.fail ?? {},
        };
        // `<` escaped so a hostile subject can never close a script context, and non-ASCII escaped
        // so the script decodes the same whatever charset the browser assumes; JSON stays equal.
        const json = JSON.stringify(init).replace(/[<\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
        const prelude = `window.__fakeOfficeInit = ${json};\n`;
        return route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: prelude + fakeSource });
      }
      if (url.origin === this.server.origin) {
        const config = this.options.config === undefined ? {} : this.options.config;
        if (url.pathname.endsWith('/config.json') && config !== 'dist') {
          if (config === null) return route.fulfill({ status: 404, body: 'not found' });
          return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(config) });
        }
        const extra = this.options.files?.[url.pathname];
        if (extra !== undefined) return route.fulfill({ status: 200, contentType: 'text/plain; charset=utf-8', body: extra });
        // axe-core is injected from the page's own origin because the pane's CSP forbids inline script.
        if (url.pathname === AXE_PATH) {
          return route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: fs.readFileSync(AXE_SOURCE, 'utf8') });
        }
        return route.continue();
      }
      this.offsite.push(url.href);
      return route.abort('blockedbyclient');
    });
  }

  /** Loads the pane afresh with a new host. Resolves when the document has loaded. */
  async open(options: HostOptions): Promise<Page> {
    this.options = options;
    // The pane remembers a chosen language in localStorage; each scenario starts as a new reader.
    if (this.page.url().startsWith(this.server.origin)) {
      await this.page.evaluate(() => localStorage.clear()).catch(() => undefined);
    }
    await this.page.emulateMedia({ colorScheme: options.theme === 'dark' ? 'dark' : 'light' });
    // Generous: a 10 MB test item travels inside the fake office.js, and CI machines are shared.
    await this.page.goto(this.paneUrl + (options.query ?? ''), { waitUntil: 'load', timeout: 90_000 });
    return this.page;
  }

  /**
   * Waits until the banner shows a final level and the checking indicator has gone, and
   * returns what it says. Right after a navigation only; after an item switch use waitForLevel.
   */
  async waitForVerdict(timeout = VERDICT_TIMEOUT_MS): Promise<VerdictView> {
    const banner = this.page.locator('[data-testid="risk-banner"]');
    await this.page.waitForFunction(
      (levels) => {
        const b = document.querySelector('[data-testid="risk-banner"]');
        const level = b?.getAttribute('data-level') ?? '';
        // A banner marked "still checking attachments" is the first, not the final, verdict; the
        // sections after the banner load on demand beside it (verdict-details).
        return (
          levels.includes(level) &&
          !document.querySelector('[data-testid="checking"]') &&
          b?.getAttribute('data-pending') !== 'true' &&
          document.querySelector('[data-testid="verdict-details"]') !== null
        );
      },
      [...LEVELS] as string[],
      { timeout },
    );
    const level = (await banner.getAttribute('data-level')) as Level;
    return { level, text: (await banner.innerText()).trim() };
  }

  /** Recorded request URLs that were neither same-origin, office.js, data: nor a same-origin blob:. */
  requestsOutsideOrigin(): string[] {
    return this.requests.filter((u) => {
      if (u.startsWith('data:') || u.startsWith(`blob:${this.server.origin}/`) || u === OFFICE_JS_URL) return false;
      try {
        return new URL(u).origin !== this.server.origin;
      } catch {
        return true;
      }
    });
  }

  /**
   * Waits until the banner shows exactly `level` with checking finished. Use after switching
   * items, where the previous item's banner may still be on screen for a moment.
   */
  async waitForLevel(level: Level, timeout = VERDICT_TIMEOUT_MS): Promise<VerdictView> {
    await this.page.waitForFunction(
      (want) =>
        document.querySelector('[data-testid="risk-banner"]')?.getAttribute('data-level') === want &&
        document.querySelector('[data-testid="risk-banner"]')?.getAttribute('data-pending') !== 'true' &&
        !document.querySelector('[data-testid="checking"]') &&
        document.querySelector('[data-testid="verdict-details"]') !== null,
      level,
      { timeout },
    );
    return { level, text: (await this.page.locator('[data-testid="risk-banner"]').innerText()).trim() };
  }

  /** Waits until no verdict banner is on screen (e.g. after the selection became empty). */
  async waitForNoBanner(timeout = VERDICT_TIMEOUT_MS): Promise<void> {
    await this.page.waitForFunction(() => document.querySelector('[data-testid="risk-banner"]') === null, undefined, { timeout });
  }

  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const file = path.join(SCREENSHOTS, name);
    await this.page.screenshot({ path: file, fullPage: false });
    return file;
  }

  async fake<T>(fn: string): Promise<T> {
    return this.page.evaluate(`(() => { const f = window.__fakeOffice; return ${fn}; })()`) as Promise<T>;
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.server.close();
  }
}
