/**
 * The pane in a fake Outlook host, one message per verdict level, in Japanese and English and in
 * the dark theme: the banner, the Outlook notification bar, accessibility and screenshots.
 */
import { LEVEL_LABEL } from '../../src/i18n/messages';
import type { FakeItemSpec } from './support/eml-to-item';
import { LEVELS, PaneDriver, VIEWPORT, loadBrowserFixture } from './support/harness';
import type { Level } from './support/harness';
import {
  activeNotifications,
  backgroundLuminance,
  hostErrors,
  notificationLog,
  runAxe,
  seriousOrWorse,
  settle,
} from './support/page-checks';

/** Synthetic messages written to land on each level (see fixtures/README.md). */
const LEVEL_FIXTURES: Record<Level, string> = {
  none: 'level-none.eml',
  low: 'level-low.eml',
  medium: 'level-medium.eml',
  high: 'level-high.eml',
  critical: 'level-critical.eml',
};
/** Levels that raise an Outlook notification bar under the default config.json. */
const NOTIFY: ReadonlySet<Level> = new Set<Level>(['medium', 'high', 'critical']);
/** Outlook's documented limits for one notification. */
const MAX_NOTIFICATION_CHARS = 150;
const MAX_NOTIFICATION_KEY_CHARS = 32;
/** How long to watch for a late (wrong) notification after the banner is final. */
const QUIET_PERIOD_MS = 600;

const LANGS = [
  ['ja-JP', 'ja'],
  ['en-US', 'en'],
] as const;

let d: PaneDriver;
const items = new Map<Level, FakeItemSpec>();

beforeAll(async () => {
  d = await PaneDriver.launch();
  for (const level of LEVELS) items.set(level, await loadBrowserFixture(LEVEL_FIXTURES[level], `item-${level}`));
});

afterAll(async () => {
  await d?.close();
});

describe('risk banner per level', () => {
  const cases = LEVELS.flatMap((level) => LANGS.map(([displayLanguage, lang]) => [level, displayLanguage, lang] as const));

  it.each(cases)('%s message with displayLanguage %s shows the %s label', async (level, displayLanguage, lang) => {
    await d.open({ item: items.get(level) ?? null, displayLanguage });
    const v = await d.waitForVerdict();
    if (level === 'none' || level === 'critical') await d.screenshot(`pane-${level}-${lang}.png`);
    expect(v.level).toBe(level);
    expect(v.text).toContain(LEVEL_LABEL[level][lang]);
    // The other language's label must not leak into the banner.
    expect(v.text).not.toContain(LEVEL_LABEL[level][lang === 'ja' ? 'en' : 'ja']);
    if (level !== 'none') {
      await expectVisible('[data-testid="findings-list"]');
    }
  });
});

describe('Outlook notification bar', () => {
  it.each(LEVELS.map((l) => [l] as const))('%s message: one notification for medium and above, none otherwise', async (level) => {
    const item = items.get(level);
    if (!item) throw new Error(`no fixture for ${level}`);
    await d.open({ item, displayLanguage: 'ja-JP' });
    await d.waitForVerdict();
    const id = JSON.stringify(item.itemId);
    if (NOTIFY.has(level)) {
      const shown = await settle(d.page, `window.__fakeOffice.activeNotifications(${id}).length > 0`, 5_000);
      expect(shown).toBe(true);
    }
    await d.page.waitForTimeout(QUIET_PERIOD_MS);
    const active = await activeNotifications(d, item.itemId);
    const log = (await notificationLog(d)).filter((n) => n.itemId === item.itemId);
    expect(await hostErrors(d)).toEqual([]);
    expect(log.filter((n) => !n.ok && n.op !== 'remove')).toEqual([]);
    if (NOTIFY.has(level)) {
      expect(active).toHaveLength(1);
      const [n] = active;
      expect(n?.message.length).toBeGreaterThan(0);
      expect(n?.message.length).toBeLessThanOrEqual(MAX_NOTIFICATION_CHARS);
      expect(n?.key.length).toBeLessThanOrEqual(MAX_NOTIFICATION_KEY_CHARS);
      // Japanese reader, Japanese bar.
      expect(n?.message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    } else {
      expect(active).toEqual([]);
      expect(log.filter((n) => n.ok && n.op !== 'remove')).toEqual([]);
    }
  });
});

describe('theme and accessibility', () => {
  it.each(LANGS)('high message, light theme, %s: light background, no serious axe violations', async (displayLanguage, lang) => {
    await d.open({ item: items.get('high') ?? null, displayLanguage, theme: 'light' });
    await d.waitForVerdict();
    await d.screenshot(`pane-high-${lang}.png`);
    const bg = await backgroundLuminance(d.page, '[data-testid="findings-list"]');
    expect(bg.luminance).toBeGreaterThan(0.7);
    const violations = seriousOrWorse(await runAxe(d.page));
    expect(violations).toEqual([]);
  });

  it.each(LANGS)('high message, dark theme, %s: dark background, no serious axe violations', async (displayLanguage, lang) => {
    await d.open({ item: items.get('high') ?? null, displayLanguage, theme: 'dark' });
    const v = await d.waitForVerdict();
    expect(v.level).toBe('high');
    // Before the assertions, so a failure leaves the picture to look at.
    await d.screenshot(`pane-dark-${lang}.png`);
    const pane = await backgroundLuminance(d.page, '[data-testid="findings-list"]');
    expect(pane.luminance).toBeLessThan(0.2);
    // What the reader sees at the foot of the pane, wherever the content ends.
    const foot = await backgroundLuminance(d.page, { x: VIEWPORT.width / 2, y: VIEWPORT.height - 4 });
    expect(foot.luminance).toBeLessThan(0.2);
    const violations = seriousOrWorse(await runAxe(d.page));
    expect(violations).toEqual([]);
  });

  it('none message, dark theme: dark background and no serious axe violations', async () => {
    await d.open({ item: items.get('none') ?? null, displayLanguage: 'en-US', theme: 'dark' });
    expect((await d.waitForVerdict()).level).toBe('none');
    await d.screenshot('pane-dark-none-en.png');
    expect((await backgroundLuminance(d.page, '[data-testid="risk-banner"]')).luminance).toBeLessThan(0.2);
    // Short content: the empty area below it must be dark too, not the white page canvas.
    const foot = await backgroundLuminance(d.page, { x: VIEWPORT.width / 2, y: VIEWPORT.height - 4 });
    expect(foot.luminance).toBeLessThan(0.2);
    expect(seriousOrWorse(await runAxe(d.page))).toEqual([]);
  });
});

describe('language switch', () => {
  it('switches the banner from Japanese to English without re-checking the message', async () => {
    await d.open({ item: items.get('high') ?? null, displayLanguage: 'ja-JP' });
    expect((await d.waitForVerdict()).text).toContain(LEVEL_LABEL.high.ja);
    const callsBefore = await d.fake<number>('f.calls.filter((c) => c.api === "body.getAsync").length');
    await switchLanguage('en');
    await d.page.waitForFunction(
      (label) => document.querySelector('[data-testid="risk-banner"]')?.textContent?.includes(label) ?? false,
      LEVEL_LABEL.high.en,
    );
    const callsAfter = await d.fake<number>('f.calls.filter((c) => c.api === "body.getAsync").length');
    expect(callsAfter).toBe(callsBefore);
  });
});

describe('containment', () => {
  it('never asked for anything outside its origin except office.js', () => {
    expect(d.requests.length).toBeGreaterThan(0);
    expect(d.requestsOutsideOrigin()).toEqual([]);
    expect(d.offsite).toEqual([]);
    expect(d.dialogs).toEqual([]);
    expect(d.pageErrors).toEqual([]);
  });
});

async function expectVisible(selector: string): Promise<void> {
  await d.page.locator(selector).first().waitFor({ state: 'visible', timeout: 5_000 });
}

/** The switch is a toggle that shows the current language in data-lang; click until it matches. */
async function switchLanguage(lang: 'ja' | 'en'): Promise<void> {
  const sw = d.page.locator('[data-testid="language-switch"]');
  if ((await sw.getAttribute('data-lang')) !== lang) await sw.click();
  await d.page.waitForFunction((l) => document.querySelector('[data-testid="language-switch"]')?.getAttribute('data-lang') === l, lang);
}
