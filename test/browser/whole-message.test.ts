/**
 * Mailbox 1.14: the pane reads the whole message (item.getAsFileAsync) and runs it through the
 * same file adapter as the CLI. Parity: for every rule "hit" fixture and a sample of the real
 * corpora, the pane on the 1.14 path gives exactly the CLI's rules and level; on the per-API path
 * (Mailbox 1.13) it gives the same, or says what it could not check. Also: the fallback when
 * getAsFileAsync fails, and an item in a delegate (shared) folder.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseMessageBytes } from '../../src/adapters/files';
import { evaluate } from '../../src/engine';
import type { Level, Pack } from '../../src/engine/types';
import { readTestIocs, ruleFixtures } from '../helpers/rule-fixtures';
import { packWithAdminIocs } from './support/admin-pack';
import { PaneDriver, REPO_ROOT, SCREENSHOTS, VIEWPORT, loadItem } from './support/harness';

const CORPORA = path.resolve(REPO_ROOT, '../shared/corpora');
const IOC_PATH = '/__browser-test__/admin-iocs.txt';
/** Messages per corpus collection in the sample (sorted by name, so the sample is stable). */
const SAMPLE_PER_COLLECTION = 5;
const COLLECTIONS = ['osst-users_ja-phishing', 'phishing_pot/email'];

const iocs = readTestIocs();
const iocText = [...iocs.hashes, ...iocs.ips].join('\n') + '\n';
const config = { iocListUrls: [IOC_PATH] };

let d: PaneDriver;
let pack: Pack;

function sample(): string[] {
  return COLLECTIONS.flatMap((c) => {
    const dir = path.join(CORPORA, c);
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.eml'))
      .sort()
      .slice(0, SAMPLE_PER_COLLECTION)
      .map((f) => path.join(dir, f));
  });
}

async function expected(file: string): Promise<{ level: Level; rules: string[] }> {
  const records = await parseMessageBytes(new Uint8Array(fs.readFileSync(file)));
  const message = records[0]?.message;
  if (!message) throw new Error(`${file}: the file adapter could not parse it`);
  const v = evaluate(message, pack);
  return { level: v.level, rules: [...new Set(v.findings.map((f) => f.rule))].sort() };
}

async function shown(): Promise<{ level: Level; rules: string[]; incomplete: number }> {
  const v = await d.waitForVerdict();
  const rules = [...new Set(await d.page.locator('[data-testid="finding"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule') ?? '')))].sort();
  const incomplete = await d.page.locator('[data-testid="incomplete-list"] li').count();
  return { level: v.level, rules, incomplete };
}

beforeAll(async () => {
  d = await PaneDriver.launch();
  pack = await packWithAdminIocs(d.origin, config, IOC_PATH, iocText);
});

afterAll(async () => {
  await d?.close();
});

const hits = ruleFixtures('hits').map(([rule, file]) => [`hits/${rule}/${path.basename(file)}`, file] as const);

describe('Mailbox 1.14: the pane reads the whole message and agrees with the CLI', () => {
  it('has cases (the suite cannot pass vacuously)', () => {
    expect(hits.length).toBeGreaterThan(20);
    expect(sample().length).toBe(SAMPLE_PER_COLLECTION * COLLECTIONS.length);
  });

  it.each(hits)('%s: same rules and level as the CLI', async (_name, file) => {
    const want = await expected(file);
    await d.open({ item: await loadItem(file, `w-${path.basename(file, '.eml')}`), mailboxVersion: '1.14', displayLanguage: 'en-US', config, files: { [IOC_PATH]: iocText } });
    const got = await shown();
    expect({ level: got.level, rules: got.rules }).toEqual(want);
    const calls = await d.fake<string[]>('f.calls.map((c) => c.api)');
    expect(calls).toContain('getAsFileAsync');
    // The whole message replaced the per-attachment downloads.
    expect(calls).not.toContain('getAttachmentContentAsync');
  });
});

describe('a corpus sample on both paths', () => {
  it.each(sample().map((f) => [path.relative(CORPORA, f), f] as const))('%s', async (_name, file) => {
    const want = await expected(file);
    const item = await loadItem(file, `c-${path.basename(file, '.eml').slice(0, 40)}`);
    await d.open({ item, mailboxVersion: '1.14', displayLanguage: 'ja-JP', config, files: { [IOC_PATH]: iocText } });
    const whole = await shown();
    expect({ level: whole.level, rules: whole.rules }).toEqual(want);

    await d.open({ item, mailboxVersion: '1.13', displayLanguage: 'ja-JP', config, files: { [IOC_PATH]: iocText } });
    const parts = await shown();
    // The per-API path agrees, or says what it could not check; it never shows less as "nothing".
    if (parts.level !== want.level || parts.rules.join() !== want.rules.join()) expect(parts.incomplete).toBeGreaterThan(0);
  });
});

describe('fallback and delegate items', () => {
  it('falls back to the per-API path when getAsFileAsync fails, and says so', async () => {
    const file = hits.find(([n]) => n.includes('mf-attachment-lnk'))?.[1];
    if (!file) throw new Error('no LNK fixture');
    const want = await expected(file);
    await d.open({ item: await loadItem(file, 'fallback'), mailboxVersion: '1.14', displayLanguage: 'ja-JP', fail: { file: true } });
    const got = await shown();
    expect(got.rules).toEqual(expect.arrayContaining(['mf-attachment-lnk']));
    expect(got.level).toBe(want.level);
    const codes = await d.page.locator('[data-testid="incomplete-list"] li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-code')));
    expect(codes).toContain('api-failed');
    const calls = await d.fake<string[]>('f.calls.map((c) => c.api)');
    expect(calls).toContain('getAttachmentContentAsync');
  });

  it.each(['1.13', '1.14'])('an item in a delegate folder (sent on behalf of the owner) gets the same verdict (Mailbox %s)', async (mailboxVersion) => {
    const file = path.join(REPO_ROOT, 'test/browser/fixtures/level-high.eml');
    const item = await loadItem(file, `delegate-${mailboxVersion}`);
    await d.open({ item, mailboxVersion, displayLanguage: 'ja-JP' });
    const own = await shown();
    const delegate = {
      ...item,
      itemId: `delegate-shared-${mailboxVersion}`,
      sender: { displayName: '秘書 花子', emailAddress: 'hisho@example.go.jp' },
      shared: { owner: 'giin@example.go.jp', targetMailbox: 'giin@example.go.jp', delegatePermissions: 1 },
    };
    await d.open({ item: delegate, mailboxVersion, displayLanguage: 'ja-JP' });
    const got = await shown();
    expect(got.level).toBe(own.level);
    expect(got.rules).toEqual(expect.arrayContaining(own.rules));
    const active = await d.fake<unknown[]>(`f.activeNotifications(${JSON.stringify(delegate.itemId)})`);
    expect(active.length).toBe(1);
  });
});

describe('containment', () => {
  it('never asked for anything outside its origin except office.js', () => {
    expect(d.requestsOutsideOrigin()).toEqual([]);
    expect(d.pageErrors).toEqual([]);
  });
});

describe('the first banner never waits for the whole message (Mailbox 1.14)', () => {
  it.each([
    ['ja-JP', 'メール全体を確認中です'],
    ['en-US', 'Still checking the whole message'],
  ])('a message without attachments shows its headers-and-body verdict, marked as still checking, while getAsFileAsync hangs (%s)', async (displayLanguage, words) => {
    const item = await loadItem(path.join(REPO_ROOT, 'test/browser/fixtures/level-none.eml'), `whole-pending-${displayLanguage}`);
    expect(item.attachments).toHaveLength(0);
    // At Outlook's narrowest pane, for the screenshot.
    await d.page.setViewportSize({ width: 320, height: 640 });
    await d.open({ item, mailboxVersion: '1.14', displayLanguage, fail: { file: 'hang' } });
    await d.page.waitForSelector('[data-testid="risk-banner"][data-pending="true"]', { timeout: 10_000 });
    // A first banner may say the body is still being read (the checking worker still starting);
    // the one with the body says the whole message is next.
    await d.page.locator('[data-testid="still-checking"]', { hasText: words }).waitFor({ timeout: 10_000 });
    // The whole message is asked for once the banner is drawn, and never answers: the banner did not wait for it.
    await d.page.waitForFunction('window.__fakeOffice.calls.some((c) => c.api === "getAsFileAsync")', undefined, { timeout: 10_000 });
    expect(await d.page.locator('[data-testid="risk-banner"]').getAttribute('data-pending')).toBe('true');
    await d.page.screenshot({ path: path.join(SCREENSHOTS, `whole-message-pending-${displayLanguage}-320.png`) });
    await d.page.setViewportSize(VIEWPORT);
  });
});
