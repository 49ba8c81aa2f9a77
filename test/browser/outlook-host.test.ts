/**
 * The pane against the things Outlook does to it: a pinned pane whose item changes (also to no
 * item), slow answers that must not leak into the next item, hostile names, APIs that fail or do
 * not exist on older clients, and the report-to-security draft.
 */
import { INCOMPLETE_LABEL, LEVEL_LABEL } from '../../src/i18n/messages';
import type { FakeItemSpec } from './support/eml-to-item';
import { PaneDriver, loadBrowserFixture } from './support/harness';
import { activeNotifications, hostErrors } from './support/page-checks';

/** Long enough that a quick switch lands while the first item's attachment is still "downloading". */
const SLOW_ATTACHMENT_MS = 2_500;
const SECURITY_ADDRESS = 'soc@example.go.jp';
const HOSTILE_IMG = '<img src=x onerror=alert(1)>';
const HOSTILE_SCRIPT = '<script>window.__pwned=1</script>';

let d: PaneDriver;
let none: FakeItemSpec;
let low: FakeItemSpec;
let high: FakeItemSpec;
let critical: FakeItemSpec;
let hostile: FakeItemSpec;

beforeAll(async () => {
  d = await PaneDriver.launch();
  none = await loadBrowserFixture('level-none.eml', 'item-none');
  low = await loadBrowserFixture('level-low.eml', 'item-low');
  high = await loadBrowserFixture('level-high.eml', 'item-high');
  critical = await loadBrowserFixture('level-critical.eml', 'item-critical');
  hostile = await loadBrowserFixture('hostile-names.eml', 'item-hostile');
});

afterAll(async () => {
  await d?.close();
});

async function setItem(item: FakeItemSpec | null): Promise<void> {
  await d.page.evaluate((spec) => (window as unknown as { __fakeOffice: { setItem(s: unknown): void } }).__fakeOffice.setItem(spec), item);
}

async function bannerLevel(): Promise<string | null> {
  return d.page.locator('[data-testid="risk-banner"]').getAttribute('data-level', { timeout: 1_000 }).catch(() => null);
}

describe('pinned pane: ItemChanged', () => {
  it('follows the selection through several items', async () => {
    await d.open({ item: none, displayLanguage: 'en-US' });
    await d.waitForLevel('none');
    for (const [item, level] of [
      [high, 'high'],
      [low, 'low'],
      [critical, 'critical'],
      [none, 'none'],
    ] as const) {
      await setItem(item);
      const v = await d.waitForLevel(level);
      expect(v.text).toContain(LEVEL_LABEL[level].en);
    }
    // One handler registration, not one per item.
    expect(await d.fake<number>('f.calls.filter((c) => c.api === "mailbox.addHandlerAsync").length')).toBe(1);
  });

  it('clears the verdict when nothing is selected, then checks the next item', async () => {
    await d.open({ item: high, displayLanguage: 'ja-JP' });
    await d.waitForLevel('high');
    await setItem(null);
    await d.waitForNoBanner();
    expect(await d.page.locator('[data-testid="findings-list"]').count()).toBe(0);
    await setItem(critical);
    await d.waitForLevel('critical');
  });

  it('starts with no item (pane opened before a selection) and checks the first one selected', async () => {
    await d.open({ item: null, displayLanguage: 'en-US' });
    await d.page.waitForFunction(() => (window as unknown as { __fakeOffice?: { readyAt: number | null } }).__fakeOffice?.readyAt !== null);
    await d.page.waitForTimeout(300);
    expect(await d.page.locator('[data-testid="risk-banner"]').count()).toBe(0);
    await setItem(low);
    await d.waitForLevel('low');
  });

  it('never shows a slow item\'s verdict on the item selected after it', async () => {
    const slowHigh: FakeItemSpec = { ...high, itemId: 'item-high-slow', delays: { attachmentContent: SLOW_ATTACHMENT_MS } };
    await d.open({ item: slowHigh, displayLanguage: 'en-US' });
    // Switch while the high item's attachment download is in flight.
    await d.page.waitForFunction(() =>
      (window as unknown as { __fakeOffice: { calls: { api: string }[] } }).__fakeOffice.calls.some((c) => c.api === 'getAttachmentContentAsync'),
    );
    await setItem(none);
    await d.waitForLevel('none');
    // Let the slow download finish and any late result arrive.
    await d.page.waitForTimeout(SLOW_ATTACHMENT_MS + 700);
    expect(await bannerLevel()).toBe('none');
    expect(await d.page.locator('[data-testid="finding"]').count()).toBe(0);
    expect(await activeNotifications(d, none.itemId)).toEqual([]);
  });

  it('shows the slow item once it is selected again and its check completes', async () => {
    const slowCritical: FakeItemSpec = { ...critical, itemId: 'item-critical-slow', delays: { attachmentContent: 800 } };
    await d.open({ item: none, displayLanguage: 'en-US' });
    await d.waitForLevel('none');
    await setItem(slowCritical);
    await setItem(low);
    await setItem(slowCritical);
    await d.waitForLevel('critical');
    await d.page.waitForTimeout(1_200);
    expect(await bannerLevel()).toBe('critical');
  });
});

describe('pin hint (first run, where the client can pin)', () => {
  it('is offered once, below the verdict, and can be dismissed', async () => {
    await d.open({ item: high, displayLanguage: 'ja-JP', mailboxVersion: '1.13' });
    await d.waitForLevel('high');
    const hint = d.page.locator('[data-testid="pin-hint"]');
    await hint.waitFor({ state: 'visible', timeout: 5_000 });
    expect(await hint.innerText()).toContain('ピン留め');
    // After the verdict, never above it.
    const bannerBox = await d.page.locator('[data-testid="risk-banner"]').boundingBox();
    const hintBox = await hint.boundingBox();
    expect((hintBox?.y ?? 0) > (bannerBox?.y ?? 0)).toBe(true);
    await hint.getByRole('button').click();
    expect(await hint.count()).toBe(0);
    // The next time the pane opens (storage kept), it is not offered again.
    await d.page.reload({ waitUntil: 'load' });
    await d.waitForLevel('high');
    expect(await d.page.locator('[data-testid="pin-hint"]').count()).toBe(0);
  });

  it('is not offered where the client cannot pin (Mailbox 1.4: no ItemChanged)', async () => {
    await d.open({ item: high, displayLanguage: 'en-US', mailboxVersion: '1.4' });
    await d.waitForVerdict();
    // ItemChanged registration has been answered by now (it runs before the first check ends).
    await d.page.waitForTimeout(300);
    expect(await d.page.locator('[data-testid="pin-hint"]').count()).toBe(0);
  });
});

describe('hostile names render as text', () => {
  beforeAll(async () => {
    await d.open({ item: hostile, displayLanguage: 'en-US' });
    await d.waitForVerdict();
  });

  it('shows the literal markup from the attachment name', async () => {
    const text = await d.page.locator('body').innerText();
    expect(text).toContain(HOSTILE_IMG);
  });

  it('injects no element, runs no script and opens no dialog', async () => {
    expect(await d.page.locator('img[src="x"], img[onerror]').count()).toBe(0);
    expect(await d.page.locator('body script').evaluateAll((els) => els.filter((e) => (e.textContent ?? '').includes('__pwned')).length)).toBe(0);
    expect(await d.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(d.dialogs).toEqual([]);
  });

  it('keeps the script-like attachment name inert too', async () => {
    // Whether or not this name is displayed, it must never have become markup.
    const html = await d.page.locator('body').innerHTML();
    expect(html).not.toContain(HOSTILE_SCRIPT);
  });
});

describe('could not check', () => {
  it.each([
    ['headers API fails', { fail: { headers: true as const } }, 'headers-unavailable'],
    ['Mailbox 1.5 client (no headers or attachment API)', { mailboxVersion: '1.5' }, 'headers-unavailable'],
  ])('%s: the none-level message is "not fully checked", never "nothing found"', async (_name, host, code) => {
    await d.open({ item: none, displayLanguage: 'ja-JP', ...host });
    const v = await d.waitForVerdict();
    expect(v.text).not.toContain(LEVEL_LABEL.none.ja);
    const codes = await d.page.locator('[data-testid="incomplete-list"] li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-code')));
    expect(codes).toContain(code);
    await expectVisibleText(INCOMPLETE_LABEL['headers-unavailable'].ja);
  });

  it.each([
    ['attachment download fails', { fail: { attachmentContent: true as const } }],
    ['Mailbox 1.5 client', { mailboxVersion: '1.5' }],
  ])('%s: a message with an attachment lists the attachment as unchecked', async (_name, host) => {
    await d.open({ item: high, displayLanguage: 'en-US', ...host });
    const v = await d.waitForVerdict();
    expect(v.text).not.toContain(LEVEL_LABEL.none.en);
    const codes = await d.page.locator('[data-testid="incomplete-list"] li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-code')));
    expect(codes).toContain('attachment-content-unavailable');
  });

  it('before Mailbox 1.14, each downloaded attachment is inspected in the checking worker, under its time limit', async () => {
    // The per-API path: the ZIP is downloaded with getAttachmentContentAsync and inspected and
    // hashed in the worker, not on the pane's thread. With the worker's limit cut to 1 ms
    // (the pane URL's file-timeout), the inspection is stopped and the attachment is listed as
    // not checked; the name rule still gives the verdict.
    for (const [query, stopped] of [['', false], ['?file-timeout=0.001', true]] as const) {
      await d.open({ item: critical, displayLanguage: 'en-US', mailboxVersion: '1.13', query });
      const v = await d.waitForVerdict();
      expect(v.level).toBe('critical');
      const stops = await d.page.locator('[data-testid="incomplete-list"] li[data-code="time-budget"]').count();
      expect(stops > 0).toBe(stopped);
      expect(await d.fake<string[]>('f.calls.map((c) => c.api)')).toContain('getAttachmentContentAsync');
    }
    expect(await hostErrors(d)).toEqual([]);
  });

  it('Mailbox 1.5 client: the pane still calls only APIs that exist there', async () => {
    await d.open({ item: high, displayLanguage: 'en-US', mailboxVersion: '1.5' });
    await d.waitForVerdict();
    const apis = await d.fake<string[]>('f.calls.map((c) => c.api)');
    expect(apis).not.toContain('getAllInternetHeadersAsync');
    expect(apis).not.toContain('getAttachmentContentAsync');
    expect(await hostErrors(d)).toEqual([]);
  });

  it('an appointment is reported as not a message, not as clean', async () => {
    await d.open({ item: { ...none, itemId: 'appt-1', itemType: 'appointment' }, displayLanguage: 'en-US' });
    await d.page.waitForFunction(
      () => document.querySelector('[data-testid="incomplete-list"] li[data-code="not-a-message"]') !== null || document.querySelector('[data-testid="risk-banner"]') !== null,
    );
    const banner = d.page.locator('[data-testid="risk-banner"]');
    if ((await banner.count()) > 0) expect(await banner.innerText()).not.toContain(LEVEL_LABEL.none.en);
  });
});

describe('report to the security team', () => {
  it('is not offered without securityAddress in config.json', async () => {
    await d.open({ item: high, displayLanguage: 'en-US', config: {} });
    await d.waitForLevel('high');
    expect(await d.page.locator('[data-testid="report-button"]').count()).toBe(0);
  });

  it('is not offered when the client cannot open a draft (Mailbox 1.8)', async () => {
    await d.open({ item: high, displayLanguage: 'en-US', mailboxVersion: '1.8', config: { securityAddress: SECURITY_ADDRESS } });
    await d.waitForLevel('high');
    expect(await d.page.locator('[data-testid="report-button"]').count()).toBe(0);
  });

  it('opens a draft to the configured address with the item attached and the findings, and sends nothing', async () => {
    await d.open({ item: high, displayLanguage: 'ja-JP', config: { securityAddress: SECURITY_ADDRESS } });
    await d.waitForLevel('high');
    const ruleIds = await d.page.locator('[data-testid="finding"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule') ?? ''));
    expect(ruleIds.length).toBeGreaterThan(0);
    const requestsBefore = d.requests.length;
    await d.page.locator('[data-testid="report-button"]').click();
    await d.page.waitForFunction(() => (window as unknown as { __fakeOffice: { newMessageForms: unknown[] } }).__fakeOffice.newMessageForms.length > 0);
    const forms = await d.fake<{ api: string; itemId: string; parameters: Record<string, unknown> }[]>('f.newMessageForms');
    expect(forms).toHaveLength(1);
    const [form] = forms;
    const p = form?.parameters as {
      toRecipients: (string | { emailAddress: string })[];
      subject?: string;
      htmlBody?: string;
      attachments?: { type: string; itemId?: string }[];
    };
    const to = p.toRecipients.map((r) => (typeof r === 'string' ? r : r.emailAddress));
    expect(to).toEqual([SECURITY_ADDRESS]);
    expect(p.attachments).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'item', itemId: high.itemId })]));
    for (const rule of ruleIds) expect(p.htmlBody ?? '').toContain(rule);
    expect(await hostErrors(d)).toEqual([]);
    // Nothing was transmitted: no request went anywhere because of the click.
    expect(d.requests.slice(requestsBefore).filter((u) => !u.startsWith(d.origin))).toEqual([]);
  });

  it('escapes hostile text in the draft it prepares', async () => {
    await d.open({ item: hostile, displayLanguage: 'en-US', config: { securityAddress: SECURITY_ADDRESS } });
    await d.waitForVerdict();
    const before = await d.fake<number>('f.newMessageForms.length');
    await d.page.locator('[data-testid="report-button"]').click();
    await d.page.waitForFunction(
      (n) => (window as unknown as { __fakeOffice: { newMessageForms: unknown[] } }).__fakeOffice.newMessageForms.length > n,
      before,
    );
    const body = await d.fake<string>('f.newMessageForms[f.newMessageForms.length - 1].parameters.htmlBody');
    expect(body).not.toContain(HOSTILE_IMG);
    expect(body).not.toContain(HOSTILE_SCRIPT);
  });
});

describe('containment', () => {
  it('never asked for anything outside its origin except office.js, and raised no page errors', () => {
    expect(d.requests.length).toBeGreaterThan(0);
    expect(d.requestsOutsideOrigin()).toEqual([]);
    expect(d.offsite).toEqual([]);
    expect(d.dialogs).toEqual([]);
    expect(d.pageErrors).toEqual([]);
  });
});

async function expectVisibleText(text: string): Promise<void> {
  await d.page.getByText(text, { exact: false }).first().waitFor({ state: 'visible', timeout: 5_000 });
}
