/**
 * Profiling aid (not part of npm test; run by hand):
 *   PROF_DIRS=/path/before,/path/after npx jest --testMatch '**\/*.prof.ts' test/browser/profile-banner.prof.ts
 * Each dir is a production build with source maps (npx webpack --mode production --devtool source-map).
 * For each scenario it alternates the builds, RUNS times each, and takes a CPU profile from
 * Office.onReady to the first banner (console.profile started and stopped by setters on
 * window.__mfgTiming, so the pane is not changed), then splits the samples by source module.
 */
import * as fs from 'fs';
import * as path from 'path';
import { chromium } from 'playwright-core';
import { SourceMapConsumer } from 'source-map';
import { emlToItem, type FakeItemSpec } from './support/eml-to-item';
import { startStaticServer } from './support/static-server';
import { BROWSER_FIXTURES, OFFICE_JS_URL } from './support/harness';

const RUNS = Number(process.env.PROF_RUNS ?? 7);
/** PROF_CPU=0: times only, no CPU profile (starting one walks the heap and skews the times). */
const CPU = process.env.PROF_CPU !== '0';
const DIRS = (process.env.PROF_DIRS ?? '').split(',').filter(Boolean);
const FAKE = fs.readFileSync(path.join(__dirname, 'fake-office/office.js'), 'utf8');

function tenMb(): Buffer {
  const bytes = Buffer.alloc(10 * 1024 * 1024);
  bytes.write('%PDF-1.7\n', 0, 'latin1');
  let x = 0x2545f491;
  for (let i = 9; i < bytes.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  const b64 = bytes.toString('base64').replace(/.{76}/g, '$&\r\n');
  const head = ['From: a <hanako.sato@example.go.jp>', 'To: b@example.go.jp', 'Subject: report', 'Date: Mon, 20 Jan 2025 09:00:00 +0900', 'Message-ID: <p@example.go.jp>', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain; charset=UTF-8', '', 'Annual report attached.', '--b', 'Content-Type: application/pdf; name="r.pdf"', 'Content-Disposition: attachment; filename="r.pdf"', 'Content-Transfer-Encoding: base64', ''].join('\r\n');
  return Buffer.from(`${head}\r\n${b64}\r\n--b--\r\n`, 'latin1');
}

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const consumers = new Map<string, SourceMapConsumer | null>();
function consumer(dir: string, url: string): SourceMapConsumer | null {
  const file = path.join(dir, new URL(url).pathname.replace(/^\//, '') + '.map');
  if (!consumers.has(file)) consumers.set(file, fs.existsSync(file) ? new SourceMapConsumer(JSON.parse(fs.readFileSync(file, 'utf8'))) : null);
  return consumers.get(file) ?? null;
}

function category(dir: string, n: Node): string {
  const f = n.callFrame;
  if (!f.url) return f.functionName === '(idle)' ? 'idle' : f.functionName === '(garbage collector)' ? 'GC' : f.functionName === '(program)' ? 'browser (style, layout, paint, parse)' : `native ${f.functionName}`;
  if (f.url.includes('office.js')) return 'office.js (fake host)';
  if (f.lineNumber < 0) return `${path.basename(new URL(f.url).pathname)} (top level)`;
  const c = consumer(dir, f.url);
  const src = c?.originalPositionFor({ line: f.lineNumber + 1, column: f.columnNumber }).source ?? '';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(src);
  if (m) return m[1]!.startsWith('@fluentui') || m[1]!.startsWith('@griffel') || m[1] === 'stylis' || m[1] === 'keyborg' ? `Fluent/Griffel (${m[1]})` : m[1]!;
  const s = /src\/([^/]+\/[^/]+)/.exec(src);
  if (s) return s[1]!.replace(/\.tsx?$/, '');
  return src ? src.replace(/^.*webpack:\/\/[^/]*\//, '') : `${path.basename(new URL(f.url).pathname)} (unmapped)`;
}

function split(dir: string, p: Profile): Map<string, number> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const n = byId.get(p.samples[i]!);
    if (!n) continue;
    const k = category(dir, n);
    // The time a sample stands for is the delta to the next one.
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    out.set(k, (out.get(k) ?? 0) + dt);
  }
  return out;
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

it('profiles onReady -> first banner', async () => {
  expect(DIRS.length).toBeGreaterThan(0);
  const servers = await Promise.all(DIRS.map((d) => startStaticServer(d)));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
  const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
  const page = await context.newPage();
  let init = '';
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.href === OFFICE_JS_URL) return route.fulfill({ status: 200, contentType: 'text/javascript', body: init + FAKE });
    if (url.pathname.endsWith('/config.json')) return route.fulfill({ status: 200, contentType: 'application/json', body: '{}' });
    if (servers.some((s) => url.origin === s.origin)) return route.continue();
    return route.abort();
  });
  await page.addInitScript((cpu: boolean) => {
    const t: Record<string, number> = {};
    const w = window as unknown as { __mfgTiming: unknown; __mfgMarks: Record<string, number> };
    w.__mfgMarks = t;
    w.__mfgTiming = new Proxy(t, {
      set(target, key: string, value: number) {
        target[key] = value;
        if (cpu && key === 'onReady') console.profile('banner');
        if (cpu && key === 'firstBanner' && !('stopped' in target)) {
          target.stopped = 1;
          console.profileEnd('banner');
        }
        return true;
      },
    });
  }, CPU);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const plain = await emlToItem(fs.readFileSync(path.join(BROWSER_FIXTURES, 'level-none.eml')), 'p');
  const high = await emlToItem(fs.readFileSync(path.join(BROWSER_FIXTURES, 'level-high.eml')), 'h');
  const big = await emlToItem(tenMb(), 'big');
  const scenarios: Array<[string, FakeItemSpec, Record<string, unknown>]> = [
    ['10 MB attachment', big, {}],
    ['download hangs', high, { attachmentContent: 'hang' }],
    ['no attachment', plain, {}],
  ];
  const report: string[] = [];
  for (const [name, item, fail] of scenarios) {
    const firsts = DIRS.map(() => [] as number[]);
    const splits = DIRS.map(() => [] as Map<string, number>[]);
    for (let r = 0; r < RUNS; r++) {
      for (let d = 0; d < DIRS.length; d++) {
        init = `window.__fakeOfficeInit = ${JSON.stringify({ host: 'Outlook', item: { ...item, itemId: `${item.itemId}-${r}-${d}` }, displayLanguage: 'ja-JP', theme: 'light', mailboxVersion: '1.13', fail })};\n`;
        const done = new Promise<Profile>((resolve) =>
          (cdp as unknown as { once(e: string, f: (x: { profile: Profile }) => void): void }).once('Profiler.consoleProfileFinished', (e) => resolve(e.profile)),
        );
        await page.goto(`${servers[d]!.origin}/taskpane.html`, { waitUntil: 'load', timeout: 90_000 });
        const prof = CPU ? await done : null;
        if (!CPU) await page.waitForFunction(() => typeof (window as unknown as { __mfgMarks: Record<string, number> }).__mfgMarks.firstBanner === 'number', undefined, { timeout: 60_000 });
        const marks = (await page.evaluate(() => (window as unknown as { __mfgMarks: Record<string, number> }).__mfgMarks)) as Record<string, number>;
        firsts[d]!.push(marks.firstBanner! - marks.onReady!);
        if (prof) splits[d]!.push(split(DIRS[d]!, prof));
      }
    }
    report.push(`\n== ${name}: onReady -> first banner, median of ${RUNS} (runs alternated)`);
    for (let d = 0; d < DIRS.length; d++) {
      report.push(`  ${DIRS[d]}: ${median(firsts[d]!).toFixed(1)} ms  [${firsts[d]!.map((v) => Math.round(v)).join(', ')}]`);
      const keys = new Set(splits[d]!.flatMap((m) => [...m.keys()]));
      const rows = [...keys].map((k) => [k, median(splits[d]!.map((m) => m.get(k) ?? 0))] as const).filter(([, v]) => v >= 0.5).sort((a, b) => b[1] - a[1]);
      for (const [k, v] of rows) report.push(`      ${v.toFixed(1).padStart(7)} ms  ${k}`);
    }
  }
  fs.writeFileSync(process.env.PROF_OUT ?? '/tmp/profile-banner.txt', report.join('\n') + '\n');
  console.log(report.join('\n'));
  await browser.close();
  await Promise.all(servers.map((s) => s.close()));
}, 900_000);
