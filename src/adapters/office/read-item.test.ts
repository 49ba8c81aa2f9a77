import * as fs from 'fs';
import * as path from 'path';
import { parseMessageBytes } from '../files';
import { readItem, FIRST_REPORT_WAIT_MS, MAX_ATTACHMENT_FETCH_BYTES, type ReadItemDeps } from './read-item';
import { readBodyParts, type BodyParts } from '../files/body';
import { fakeItemFromEml, isSetSupportedFor, type ClientProfile } from './fake-office.test-helper';
import type { NormalisedMessage } from '../../engine/types';

const CORPORA = path.resolve(__dirname, '../../../../shared/corpora');
const read = (rel: string): Uint8Array => new Uint8Array(fs.readFileSync(path.join(CORPORA, rel)));

// Real mail: links in HTML, an Authentication-Results chain, and a ZIP payload (parsed only).
const SAMPLES = [
  'sublime-rules_emls/emls/amazon_phish_url_shortener.eml',
  'sublime-rules_emls/emls/punycode_robinhood.eml',
  'usrp-users_mailman/10904_685bb508238ff6d77003bea0ee7fba44e5340418.eml',
  'spamscope_mail-parser/mail_test_7',
  'spamscope_mail-parser/mail_test_4',
];

const FULL: ClientProfile = { maxSet: '1.13' };

async function viaOffice(bytes: Uint8Array, profile: ClientProfile, timeoutMs = 2000): Promise<NormalisedMessage> {
  const fake = await fakeItemFromEml(bytes, profile);
  const m = await readItem(null, undefined, { isMailboxSetSupported: isSetSupportedFor(profile), callTimeoutMs: timeoutMs }, fake.item);
  if (!m) throw new Error('readItem returned null for an item');
  return m;
}

describe('readItem gives the engine what the .eml path gives it (contract on real mail)', () => {
  it('finds the corpus (fails loudly without ../shared)', () => {
    expect(fs.existsSync(CORPORA)).toBe(true);
  });

  it.each(SAMPLES)('%s', async (rel) => {
    const bytes = read(rel);
    const [record] = await parseMessageBytes(bytes);
    const fromFile = record?.message;
    expect(fromFile).toBeDefined();
    if (!fromFile) return;
    const fromOffice = await viaOffice(bytes, FULL);

    expect(fromOffice.origin).toEqual({ kind: 'office', itemId: 'AAMkAGFakeItemId=' });
    expect(fromOffice.subject).toBe(fromFile.subject);
    expect(fromOffice.from?.address).toBe(fromFile.from?.address);
    expect(fromOffice.replyTo).toEqual(fromFile.replyTo);
    expect(fromOffice.auth).toEqual(fromFile.auth);
    expect(fromOffice.headers.length).toBe(fromFile.headers.length);
    expect(new Set(fromOffice.links.map((l) => l.href))).toEqual(new Set(fromFile.links.map((l) => l.href)));
    const hashes = (m: NormalisedMessage) => m.attachments.map((a) => a.hashes?.sha256 ?? 'none').sort();
    expect(hashes(fromOffice)).toEqual(hashes(fromFile));
    expect(fromOffice.attachments.map((a) => a.sniffedType)).toEqual(fromFile.attachments.map((a) => a.sniffedType));
    // A full client loses nothing the file path had.
    expect(fromOffice.incomplete.filter((i) => !['parse-error'].includes(i.code))).toEqual(
      fromFile.incomplete.filter((i) => !['parse-error'].includes(i.code)),
    );
  });
});

const ZIP_MAIL = 'spamscope_mail-parser/mail_test_4';

describe('what a client could not give becomes incomplete (cause and effect), never silence', () => {
  it.each<[string, ClientProfile, string[]]>([
    ['Mailbox 1.5 client: no headers, no attachment content', { maxSet: '1.5' }, ['api-unsupported', 'headers-unavailable', 'attachment-content-unavailable']],
    ['headers call fails', { ...FULL, failHeaders: true }, ['api-failed', 'headers-unavailable']],
    ['headers empty with success (Sent Items)', { ...FULL, emptyHeaders: true }, ['headers-unavailable']],
    ['HTML body fails, text works', { ...FULL, failBodyHtml: true }, ['api-failed']],
    ['body fails entirely', { ...FULL, failBody: true }, ['api-failed', 'body-unavailable']],
    ['attachment download hangs', { ...FULL, hangAttachments: ['att-0'] }, ['timeout', 'attachment-content-unavailable']],
    ['attachment comes back empty', { ...FULL, emptyAttachments: ['att-0'] }, ['attachment-content-unavailable']],
    ['attachment above the download cap', { ...FULL, declaredSize: { 'att-0': MAX_ATTACHMENT_FETCH_BYTES + 1 } }, ['attachment-too-large']],
  ])('%s', async (_name, profile, codes) => {
    const m = await viaOffice(read(ZIP_MAIL), profile, 300);
    const got = m.incomplete.map((i) => i.code);
    for (const c of codes) expect(got).toContain(c);
    // The attachment is still listed by name even when its content is missing.
    expect(m.attachments.length).toBeGreaterThan(0);
  });

  it('the payload sample really carries an inspected archive (so the table above is not vacuous)', async () => {
    const m = await viaOffice(read(ZIP_MAIL), FULL);
    expect(m.attachments.some((a) => a.sniffedType === 'zip' && a.hashes?.sha256.length === 64)).toBe(true);
    expect(m.incomplete.filter((i) => i.code.startsWith('attachment'))).toEqual([]);
  });

  it('lists attachments with a where that names them', async () => {
    const m = await viaOffice(read(ZIP_MAIL), { maxSet: '1.5' });
    const names = m.attachments.map((a) => `attachment:${a.name}`);
    const wheres = m.incomplete.filter((i) => i.code === 'attachment-content-unavailable').map((i) => i.where);
    expect(wheres).toEqual(names);
  });

  it('returns null when no item is selected', async () => {
    expect(await readItem(null, undefined, {}, null)).toBeNull();
  });

  it('marks a non-mail item and reads nothing else', async () => {
    const fake = await fakeItemFromEml(read(ZIP_MAIL), { ...FULL, itemType: 'appointment' });
    const m = await readItem(null, undefined, { isMailboxSetSupported: () => true }, fake.item);
    expect(m?.incomplete.map((i) => i.code)).toEqual(['not-a-message']);
    expect(fake.calls).toEqual([]);
  });

  it('survives an item whose getters throw', async () => {
    const hostile = Object.defineProperty({ itemType: 'message' }, 'subject', {
      get() {
        throw new Error('boom');
      },
    });
    const m = await readItem(null, undefined, { isMailboxSetSupported: () => true, callTimeoutMs: 100 }, hostile);
    expect(m).not.toBeNull();
    expect(m?.incomplete.length).toBeGreaterThan(0);
  });

  it('reports attachment progress up to the total', async () => {
    const seen: string[] = [];
    const fake = await fakeItemFromEml(read(ZIP_MAIL), FULL);
    await readItem(null, (p) => seen.push(`${p.done}/${p.total}`), { isMailboxSetSupported: () => true }, fake.item);
    const total = (fake.item.attachments as unknown[]).length;
    expect(seen[0]).toBe(`0/${total}`);
    expect(seen[seen.length - 1]).toBe(`${total}/${total}`);
  });

  it('downloads attachments one at a time (concurrent calls return empty content, #3897)', async () => {
    const fake = await fakeItemFromEml(read(ZIP_MAIL), FULL);
    await readItem(null, undefined, { isMailboxSetSupported: () => true }, fake.item);
    expect(fake.calls.filter((c) => c.startsWith('attachment:'))).toEqual((fake.item.attachments as Array<{ id: string }>).map((a) => `attachment:${a.id}`));
  });
});

describe('the first report says when the whole message is read next (Mailbox 1.14), so the pane marks its first banner', () => {
  const failingFile = (cb: (r: unknown) => void): void => cb({ status: 'failed', value: undefined, error: { code: 9002, name: 'InternalServerError', message: 'test' } });
  it.each<[string, string, boolean, boolean]>([
    ['a Mailbox 1.14 client whose item has getAsFileAsync', '1.14', true, true],
    ['a Mailbox 1.13 client (getAsFileAsync present but not supported)', '1.13', true, false],
    ['a Mailbox 1.14 client whose item lacks getAsFileAsync', '1.14', false, false],
  ])('%s', async (_name, maxSet, hasApi, want) => {
    const fake = await fakeItemFromEml(read(ZIP_MAIL), { maxSet });
    if (hasApi) fake.item.getAsFileAsync = failingFile;
    const firsts: Array<boolean | undefined> = [];
    await readItem(null, (p) => p.partial && firsts.push(p.wholeMessageNext), { isMailboxSetSupported: isSetSupportedFor({ maxSet }), callTimeoutMs: 300 }, fake.item);
    expect(firsts).toEqual([want ? true : undefined]);
  });
});

describe('the read waits for the first verdict to be drawn before it downloads attachments', () => {
  const downloads = (calls: string[]): string[] => calls.filter((c) => c.startsWith('attachment:'));

  it('downloads nothing until the first report is answered', async () => {
    const fake = await fakeItemFromEml(read(ZIP_MAIL), FULL);
    let release: (() => void) | undefined;
    let atRelease = -1;
    const run = readItem(null, (p) => (p.partial ? new Promise<void>((resolve) => (release = resolve)) : undefined), { isMailboxSetSupported: () => true }, fake.item);
    await new Promise((r) => setTimeout(r, FIRST_REPORT_WAIT_MS / 4));
    atRelease = downloads(fake.calls).length;
    release?.();
    const m = await run;
    expect(atRelease).toBe(0);
    expect(downloads(fake.calls).length).toBe((fake.item.attachments as unknown[]).length);
    expect(m?.attachments.some((a) => a.hashes?.sha256.length === 64)).toBe(true);
  });

  it('a first report never answered (a hidden pane draws no frame) holds the read FIRST_REPORT_WAIT_MS, not forever', async () => {
    const fake = await fakeItemFromEml(read(ZIP_MAIL), FULL);
    const t0 = performance.now();
    const m = await readItem(null, (p) => (p.partial ? new Promise<void>(() => undefined) : undefined), { isMailboxSetSupported: () => true }, fake.item);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(FIRST_REPORT_WAIT_MS - 5);
    expect(m?.attachments.some((a) => a.hashes?.sha256.length === 64)).toBe(true);
  });
});

describe('the body is read by the injected reader (in the pane: the checking worker), never assumed', () => {
  const HTML_LINKS = 'test/fixtures/rules/hits/mf-link-text-mismatch/';
  const stopped = { code: 'time-budget' as const, where: 'body', detail: 'body not read: time limit exceeded: still running after 0.03 s' };

  async function withReader(readBody: ReadItemDeps['readBody']): Promise<{ m: NormalisedMessage; asked: BodyParts[] }> {
    const fake = await fakeItemFromEml(read(ZIP_MAIL), FULL);
    fake.item.body = {
      getAsync(coercion: string, cb: (r: { status: string; value: string }) => void) {
        cb({ status: 'succeeded', value: coercion === 'html' ? '<p>勉強会 <a href="https://html.example/a.zip">資料</a></p>' : '勉強会 資料 https://text.example/b.zip' });
      },
    };
    const asked: BodyParts[] = [];
    const m = await readItem(null, undefined, { isMailboxSetSupported: () => true, readBody: async (b) => (asked.push(b), readBody(b)) }, fake.item);
    if (!m) throw new Error('no message');
    return { m, asked };
  }

  it('hands Outlook\'s HTML and text to the reader and takes its text, links and gaps, listed before the headers\' and attachments\'', async () => {
    const { m, asked } = await withReader(async (b) => ({ ...readBodyParts(b), incomplete: [{ code: 'parse-error', where: 'body', detail: 'cut' }] }));
    expect(asked).toEqual([{ html: '<p>勉強会 <a href="https://html.example/a.zip">資料</a></p>', text: '勉強会 資料 https://text.example/b.zip' }]);
    expect(m.text).toBe('勉強会 資料 https://text.example/b.zip');
    expect(m.links.map((l) => l.href)).toEqual(['https://html.example/a.zip', 'https://text.example/b.zip']);
    expect(m.incomplete[0]).toEqual({ code: 'parse-error', where: 'body', detail: 'cut' });
  });

  it('a reader stopped on the HTML: the text is read alone, and the stop stays listed (never "nothing found")', async () => {
    const { m, asked } = await withReader(async (b) => (b.html !== undefined ? { text: '', links: [], incomplete: [stopped], notRead: true } : readBodyParts(b)));
    expect(asked.map((b) => Object.keys(b).sort().join('+'))).toEqual(['html+text', 'text']);
    expect(m.text).toBe('勉強会 資料 https://text.example/b.zip');
    expect(m.links.map((l) => l.href)).toEqual(['https://text.example/b.zip']);
    expect(m.incomplete).toContainEqual(stopped);
  });

  it.each<[string, ReadItemDeps['readBody'], string]>([
    ['stopped on the text too', async () => ({ text: '', links: [], incomplete: [stopped], notRead: true }), 'time-budget'],
    ['that throws', async () => Promise.reject(new Error('boom')), 'parse-error'],
  ])('a reader %s: no text, and the body is listed as not read', async (_what, reader, code) => {
    const { m, asked } = await withReader(reader);
    expect(asked).toHaveLength(2);
    expect(m.text).toBe('');
    expect(m.links).toEqual([]);
    expect(m.incomplete.filter((i) => i.where === 'body').map((i) => i.code)).toEqual([code]);
  });

  it('an HTML fixture read through Office, with the default reader, gives the .eml path\'s body text and links (parity)', async () => {
    const dir = path.resolve(__dirname, '../../..', HTML_LINKS);
    const bytes = new Uint8Array(fs.readFileSync(path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.eml')) ?? '')));
    const [record] = await parseMessageBytes(bytes);
    const m = await viaOffice(bytes, FULL);
    expect(m.text).toBe(record?.message?.text);
    expect(m.links).toEqual(record?.message?.links);
    expect(m.links.length).toBeGreaterThan(0);
  });
});

describe('a body still being read once the headers are read does not hold the first verdict back', () => {
  type Report = { partial: NormalisedMessage; bodyPending?: boolean; total: number };
  const later = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

  async function reports(opts: { bodyMs: number; headersMs: number }): Promise<{ firsts: Report[]; m: NormalisedMessage | null; calls: string[] }> {
    const fake = await fakeItemFromEml(read(ZIP_MAIL), FULL);
    const headers = fake.item.getAllInternetHeadersAsync as (cb: (r: unknown) => void) => void;
    // The headers answer after opts.headersMs, the body's reader after opts.bodyMs.
    fake.item.getAllInternetHeadersAsync = (cb: (r: unknown) => void) => void later(opts.headersMs).then(() => headers(cb));
    const firsts: Report[] = [];
    const m = await readItem(
      null,
      (p) => void (p.partial && firsts.push({ partial: p.partial, total: p.total, ...(p.bodyPending ? { bodyPending: p.bodyPending } : {}) })),
      { isMailboxSetSupported: () => true, readBody: async (b) => (await later(opts.bodyMs), readBodyParts(b)) },
      fake.item,
    );
    return { firsts, m, calls: fake.calls };
  }

  it('body slower than the headers: a first partial without the body, marked body-pending, then the one with it', async () => {
    const { firsts, m, calls } = await reports({ bodyMs: 150, headersMs: 0 });
    expect(firsts.map((f) => f.bodyPending === true)).toEqual([true, false]);
    const [pending, withBody] = firsts;
    // Nothing of the body yet: no text, no links, and no gap the body would list.
    expect(pending?.partial.text).toBe('');
    expect(pending?.partial.links).toEqual([]);
    expect(pending?.partial.headers.length).toBeGreaterThan(0);
    expect(pending?.partial.attachments.length).toBe(withBody?.partial.attachments.length);
    expect(pending?.total).toBe(withBody?.total);
    expect(withBody?.partial.text).toBe(m?.text);
    expect(withBody?.partial.text.length).toBeGreaterThan(0);
    // Office calls stay one at a time and in the same order: body, headers, then attachments.
    expect(calls.slice(0, 3)).toEqual(['body:html', 'body:text', 'headers']);
  });

  it('body already read when the headers are: one partial, as before', async () => {
    const { firsts, m } = await reports({ bodyMs: 0, headersMs: 100 });
    expect(firsts).toHaveLength(1);
    expect(firsts[0]?.bodyPending).toBeUndefined();
    expect(firsts[0]?.partial.text).toBe(m?.text);
    expect(firsts[0]?.partial.text.length).toBeGreaterThan(0);
  });
});
