/**
 * taskpane.html opened outside Outlook: office.js missing (404) or loaded with no Office host.
 * The pane must offer its local preview (drop or choose .eml files) and check files in the page.
 */
import * as fs from 'fs';
import * as path from 'path';
import { LEVEL_LABEL } from '../../src/i18n/messages';
import { BROWSER_FIXTURES, PaneDriver } from './support/harness';
import { runAxe, seriousOrWorse } from './support/page-checks';

const HOSTILE_IMG = '<img src=x onerror=alert(1)>';
const HOSTILE_SCRIPT = '<script>window.__pwned=1</script>';

let d: PaneDriver;

beforeAll(async () => {
  d = await PaneDriver.launch();
});

afterAll(async () => {
  await d?.close();
});

describe.each([
  ['office.js answers 404', 'missing'],
  ['office.js loads with no Office host', 'no-host'],
] as const)('standalone preview: %s', (_name, officeJs) => {
  beforeAll(async () => {
    await d.open({ officeJs });
    await d.page.locator('[data-testid="preview-drop"]').waitFor({ state: 'visible', timeout: 15_000 });
  });

  it('offers the drop zone and the file input', async () => {
    expect(await d.page.locator('[data-testid="preview-input"]').count()).toBe(1);
    if (officeJs === 'missing') await d.screenshot('preview.png');
  });

  it('checks an uploaded message and shows its banner', async () => {
    await d.page.locator('[data-testid="preview-input"]').setInputFiles(path.join(BROWSER_FIXTURES, 'level-high.eml'));
    const v = await d.waitForLevel('high');
    expect(v.text.includes(LEVEL_LABEL.high.ja) || v.text.includes(LEVEL_LABEL.high.en)).toBe(true);
    if (officeJs === 'missing') await d.screenshot('preview-high.png');
  });
});

describe('standalone preview: hostile message', () => {
  beforeAll(async () => {
    await d.open({ officeJs: 'missing' });
    await d.page.locator('[data-testid="preview-input"]').waitFor({ state: 'attached', timeout: 15_000 });
    await d.page.locator('[data-testid="preview-input"]').setInputFiles({
      name: 'hostile-names.eml',
      mimeType: 'message/rfc822',
      buffer: fs.readFileSync(path.join(BROWSER_FIXTURES, 'hostile-names.eml')),
    });
    await d.waitForVerdict();
  });

  it('shows the hostile subject as literal text', async () => {
    const text = await d.page.locator('body').innerText();
    expect(text).toContain(HOSTILE_IMG);
    expect(text).toContain(HOSTILE_SCRIPT);
  });

  it('injects no element, runs no script, opens no dialog', async () => {
    expect(await d.page.locator('img[src="x"], img[onerror]').count()).toBe(0);
    expect(await d.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(d.dialogs).toEqual([]);
  });

  it('has no serious accessibility violations with a verdict on screen', async () => {
    expect(seriousOrWorse(await runAxe(d.page))).toEqual([]);
  });
});

describe('containment', () => {
  it('never asked for anything outside its origin except office.js', () => {
    expect(d.requests.length).toBeGreaterThan(0);
    expect(d.requestsOutsideOrigin()).toEqual([]);
    expect(d.offsite).toEqual([]);
    expect(d.pageErrors).toEqual([]);
  });
});
