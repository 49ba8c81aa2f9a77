/**
 * Time from Office.onReady to the first banner (headers, body and links; marked "still checking
 * attachments" while they download) and to the final banner, as the pane itself records them in
 * window.__mfgTiming once the frame showing each banner has been drawn (src/taskpane/timing.ts), for a message without attachments, one with a 10 MB attachment and one whose
 * attachment download hangs. Also the cold load to the first banner with the network emulated at
 * 10 Mbit/s and 100 ms RTT (CDP). Written to test-results/time-to-banner.json for `npm run bench`;
 * the budgets are judged there, not here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { emlToItem } from './support/eml-to-item';
import type { FakeItemSpec } from './support/eml-to-item';
import { PaneDriver, RESULTS, loadBrowserFixture } from './support/harness';
import { median } from './support/page-checks';
import { ATTACHMENT_BYTES, tenMbEml } from './support/ten-mb-message';

/** Runs per message; the median of these is reported. Odd, so the median is one real run. */
const RUNS = 5;

interface Timing {
  onReady: number;
  banner: number;
  firstBanner: number;
  finalBanner: number;
}

/** Generous for a loaded 2-core CI runner: ten navigations with a 10 MB message each. */
const TEST_TIMEOUT_MS = 400_000;
/** The cold-load condition the budget is stated for. */
const SLOW_NETWORK = { offline: false, latency: 100, downloadThroughput: (10 * 1000 * 1000) / 8, uploadThroughput: (10 * 1000 * 1000) / 8 };

let d: PaneDriver;

beforeAll(async () => {
  d = await PaneDriver.launch();
});

afterAll(async () => {
  await d?.close();
});


async function timings(): Promise<Timing> {
  const t = await d.page.waitForFunction(
    () => {
      const m = (window as unknown as { __mfgTiming?: Partial<Timing> }).__mfgTiming;
      return m && typeof m.onReady === 'number' && typeof m.firstBanner === 'number' && typeof m.finalBanner === 'number' ? m : null;
    },
    undefined,
    { timeout: 30_000 },
  );
  return (await t.jsonValue()) as Timing;
}

async function measure(item: FakeItemSpec): Promise<{ first: number[]; final: number[]; fromNavigation: number[] }> {
  const first: number[] = [];
  const final: number[] = [];
  // performance.now() counts from the navigation: the whole wait, whatever ran before onReady.
  const fromNavigation: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await d.open({ item: { ...item, itemId: `${item.itemId}-${i}` }, displayLanguage: 'ja-JP' });
    await d.waitForVerdict();
    const timing = await timings();
    expect(timing.firstBanner).toBeGreaterThanOrEqual(timing.onReady);
    expect(timing.finalBanner).toBeGreaterThanOrEqual(timing.firstBanner);
    first.push(timing.firstBanner - timing.onReady);
    final.push(timing.finalBanner - timing.onReady);
    fromNavigation.push(timing.firstBanner);
  }
  return { first, final, fromNavigation };
}

const r1 = (v: number): number => Math.round(v * 10) / 10;

it(
  `shows a first and a final banner for a plain message and a 10 MB attachment (${RUNS} runs each), and a first banner while a download hangs`,
  async () => {
    const plain = await loadBrowserFixture('level-none.eml', 'timing-plain');
    const big = await emlToItem(tenMbEml(), 'timing-10mb');
    expect(big.attachments).toHaveLength(1);
    expect(big.attachments[0]?.size).toBe(ATTACHMENT_BYTES);

    const plainRuns = await measure(plain);
    const bigRuns = await measure(big);
    // The big attachment was really downloaded and inspected, not skipped.
    const codes = await d.page.locator('[data-testid="incomplete-list"] li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-code')));
    expect(codes).not.toContain('attachment-too-large');
    expect(codes).not.toContain('attachment-content-unavailable');

    // A stuck download: the first banner appears, marked as still checking, long before the
    // download gives up; it is never held back by the attachment.
    const high = await loadBrowserFixture('level-high.eml', 'timing-stuck');
    await d.open({ item: high, displayLanguage: 'ja-JP', fail: { attachmentContent: 'hang' } });
    await d.page.waitForSelector('[data-testid="risk-banner"][data-pending="true"]', { timeout: 10_000 });
    const stuckMarks = await d.page.waitForFunction(
      () => {
        const m = (window as unknown as { __mfgTiming?: Partial<Timing> }).__mfgTiming;
        return m && typeof m.onReady === 'number' && typeof m.firstBanner === 'number' ? m : null;
      },
      undefined,
      { timeout: 10_000 },
    );
    const stuck = (await stuckMarks.jsonValue()) as Timing;
    const stuckFirst = stuck.firstBanner - stuck.onReady;
    expect(await d.page.locator('[data-testid="still-checking"]').count()).toBe(1);

    // Cold load at 10 Mbit/s and 100 ms RTT: navigation start to the first banner.
    const cdp = await d.context.newCDPSession(d.page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', SLOW_NETWORK);
    await d.open({ item: { ...plain, itemId: 'timing-cold' }, displayLanguage: 'ja-JP' });
    await d.waitForVerdict(60_000);
    const cold = await timings();
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.detach();

    const result = {
      noAttachmentMs: r1(median(plainRuns.final)),
      tenMbAttachmentMs: r1(median(bigRuns.final)),
      firstBanner: { noAttachmentMs: r1(median(plainRuns.first)), tenMbAttachmentMs: r1(median(bigRuns.first)), stuckAttachmentMs: r1(stuckFirst) },
      // Navigation start to the first banner, warm cache, no attachment (the 10 MB case's fake
      // office.js carries the message, so its load says nothing about the pane): shows whether
      // work was moved before onReady rather than saved.
      navigationToFirstBannerMs: r1(median(plainRuns.fromNavigation)),
      finalBanner: { noAttachmentMs: r1(median(plainRuns.final)), tenMbAttachmentMs: r1(median(bigRuns.final)) },
      coldLoadToFirstBannerMs: r1(cold.firstBanner),
      coldLoadNetwork: '10 Mbit/s, 100 ms RTT (CDP Network.emulateNetworkConditions), cache disabled; office.js is the test host stand-in',
      runs: RUNS,
      samples: {
        firstNoAttachmentMs: plainRuns.first.map((v) => Math.round(v)),
        navigationToFirstNoAttachmentMs: plainRuns.fromNavigation.map((v) => Math.round(v)),
        firstTenMbMs: bigRuns.first.map((v) => Math.round(v)),
        finalNoAttachmentMs: plainRuns.final.map((v) => Math.round(v)),
        finalTenMbMs: bigRuns.final.map((v) => Math.round(v)),
      },
      measured:
        'window.__mfgTiming.{firstBanner,finalBanner} (performance.now once the frame showing the banner was drawn) - window.__mfgTiming.onReady, fake Office host, headless Chromium',
    };
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, 'time-to-banner.json'), JSON.stringify(result, null, 2) + '\n');
  },
  TEST_TIMEOUT_MS,
);
