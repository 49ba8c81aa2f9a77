/**
 * A large attachment in the Outlook pane: its base64 (21 MB for a 16 MB file from
 * getAttachmentContentAsync on the per-API path; 18 MB for a message with a 10 MB file from
 * getAsFileAsync on Mailbox 1.14) goes to the checking Web Worker as text and is decoded there, so
 * the pane keeps drawing frames while it is read. Before, atob and a per-character loop decoded it
 * on the pane's thread: one long freeze.
 *
 * The requestAnimationFrame probe (support/frame-probe.ts): the longest gap between two drawn
 * frames from onReady to the final banner. Best of RUNS runs, because a loaded machine can drop a
 * frame anywhere, while a decode on the pane's thread freezes it in every run. And the attachment's
 * SHA-256 is an admin IOC, so the pane's verdict shows it hashed exactly the sender's bytes, and
 * agrees with the CLI's. (Against a build from before this change, `MFG_TEST_DIST=/that/dist`,
 * both cases fail the bound: README, Performance.)
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { parseMessageBytes } from '../../src/adapters/files';
import { evaluate } from '../../src/engine';
import type { Pack } from '../../src/engine/types';
import { packWithAdminIocs } from './support/admin-pack';
import { emlToItem, type FakeItemSpec } from './support/eml-to-item';
import { installFrameProbe, longestFrameGap, type FrameGap } from './support/frame-probe';
import { PaneDriver, RESULTS } from './support/harness';
import { hostErrors } from './support/page-checks';
import { ATTACHMENT_BYTES, largeAttachmentEml } from './support/ten-mb-message';

/**
 * Longest frame gap allowed while the attachment is read. The page's decode froze the pane for
 * 367-483 ms per run here (2-core machine; README, Performance); with the decode in the worker the
 * longest gap is a few frames, 100-167 ms: handing the text over (a structured clone, 80 ms for
 * 18 MB in Chromium) and the verdict's render. Room for a loaded CI box, where every gap grows
 * (217 ms once under a load average of 6), yet under what the old decode alone cost.
 */
const MAX_FRAME_GAP_MS = 250;
/** Runs per case; the best (smallest longest gap) is judged. */
const RUNS = 2;
const IOC_PATH = '/__browser-test__/admin-iocs.txt';
const config = { iocListUrls: [IOC_PATH] };
/** Per-API path: under the 25 MB download cap. Whole message: declared sizes under MAX_WHOLE_MESSAGE_BYTES (15 MB). */
const SIZES = { '1.13': 16 * 1024 * 1024, '1.14': ATTACHMENT_BYTES } as const;
const emls = { '1.13': largeAttachmentEml(SIZES['1.13']), '1.14': largeAttachmentEml(SIZES['1.14']) };
/**
 * The attachment's own bytes, as the sender sent them (its part's base64, decoded here in Node).
 * Found by plain search: a regular expression over the 21 MB of text overflowed V8's backtracking
 * stack in one CI run and not in another.
 */
function sha256Of(eml: Buffer): string {
  const head = Buffer.from('Content-Transfer-Encoding: base64\r\n\r\n', 'latin1');
  const start = eml.indexOf(head);
  const end = eml.lastIndexOf(Buffer.from('\r\n--b-10mb--', 'latin1'));
  if (start < 0 || end < start) throw new Error('the generated message has no base64 attachment part');
  const bytes = Buffer.from(eml.subarray(start + head.length, end).toString('latin1'), 'base64');
  return crypto.createHash('sha256').update(bytes).digest('hex');
}
const iocText = Object.values(emls).map((e) => `${sha256Of(e)}\n`).join('');

let d: PaneDriver;
let pack: Pack;
const measured: Record<string, FrameGap[]> = {};

beforeAll(async () => {
  d = await PaneDriver.launch();
  await installFrameProbe(d.page);
  pack = await packWithAdminIocs(d.origin, config, IOC_PATH, iocText);
});

afterAll(async () => {
  await d?.close();
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, 'large-attachment.json'), JSON.stringify({ maxFrameGapMs: MAX_FRAME_GAP_MS, attachmentBytes: SIZES, measured }, null, 2) + '\n');
});

describe('a large attachment: decoded in the worker, the pane keeps drawing, and the verdict is the CLI\'s', () => {
  it.each([
    ['16 MB, attachments one by one (Mailbox 1.13)', '1.13', 'getAttachmentContentAsync'],
    ['10 MB, the whole message (Mailbox 1.14)', '1.14', 'getAsFileAsync'],
  ] as const)('%s', async (_name, mailboxVersion, api) => {
    const eml = emls[mailboxVersion];
    const [record] = await parseMessageBytes(new Uint8Array(eml));
    const v = evaluate(record!.message!, pack);
    const want = { level: v.level, rules: [...new Set(v.findings.map((f) => f.rule))].sort() };
    // The admin IOC fired on the CLI path: the same bytes must reach the same finding in the pane.
    expect(want.rules.length).toBeGreaterThan(0);
    const whole = await emlToItem(eml, `big-${mailboxVersion}`);
    expect(whole.attachments.map((a) => a.size)).toEqual([SIZES[mailboxVersion]]);
    // Only what this path reads travels in the fake office.js (a shorter load, the same pane work).
    const item: FakeItemSpec = api === 'getAsFileAsync' ? { ...whole, attachments: whole.attachments.map((a) => ({ ...a, contentBase64: '' })) } : { ...whole, emlBase64: '' };

    const runs: FrameGap[] = [];
    for (let i = 0; i < RUNS; i++) {
      await d.open({ item: { ...item, itemId: `${item.itemId}-${i}` }, mailboxVersion, displayLanguage: 'en-US', config, files: { [IOC_PATH]: iocText } });
      const shown = await d.waitForVerdict(60_000);
      const rules = [...new Set(await d.page.locator('[data-testid="finding"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule') ?? '')))].sort();
      expect({ level: shown.level, rules }).toEqual(want);
      expect(await d.page.locator('[data-testid="incomplete-list"] li').count()).toBe(0);
      expect(await d.fake<string[]>('f.calls.map((c) => c.api)')).toContain(api);
      runs.push(await longestFrameGap(d.page));
    }
    measured[mailboxVersion] = runs;
    expect(Math.min(...runs.map((r) => r.gap))).toBeLessThan(MAX_FRAME_GAP_MS);
    expect(await hostErrors(d)).toEqual([]);
  }, 240_000);
});
