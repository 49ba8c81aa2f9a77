/**
 * The standalone preview against the CLI, on real mail:
 * - every Japanese message in ../shared/corpora (a Japanese charset declared or raw ISO-2022-JP
 *   in the header block, or Japanese text in the decoded Subject or From name): the subject and
 *   the sender the preview shows are exactly what the CLI's own code (build/bench-lib.js, the
 *   CLI's sources bundled as the CLI is) reads from the same bytes;
 * - a multi-file drop gets one row per message, sorted by level, each expandable, and a summary
 *   whose counts are those rows;
 * - no silent cap: files past the per-drop limit are listed as not checked;
 * - a file that is not mail says "not an email message" (ja and en), never a level.
 */
import * as fs from 'fs';
import * as path from 'path';
import { defang } from '../../src/engine';
import { splitHeaderLines } from '../../src/adapters/files/header-block';
import { decodeHeaderValue } from '../../src/adapters/files/headers';
import { CORPORA, listFiles, requireCorpora } from '../helpers/corpus';
import { BROWSER_FIXTURES, PaneDriver, REPO_ROOT } from './support/harness';

interface CliLib {
  parseMessageBytes: (b: Uint8Array, o: { hasher: unknown }) => Promise<{ index: number; message?: { subject: string; from?: { name: string; address: string } } }[]>;
  nodeHasher: unknown;
}

/** Files per drop in the preview (MAX_PREVIEW_FILES in PreviewPane.tsx). */
const PER_DROP = 50;
const JAPANESE_CHARSET = /iso-2022-jp|shift[_-]jis|x-sjis|euc-jp|cp932|windows-31j|\x1b\$[B@]/i;
const JAPANESE_TEXT = /[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/;
const LARGEST = 8 * 1024 * 1024;

interface Expected {
  file: string;
  name: string;
  index: number;
  subject: string;
  from: string | null;
}

/** The header block's Subject and From, decoded as the file adapter decodes them (cheap pre-filter). */
function looksJapanese(bytes: Buffer): boolean {
  const head = bytes.subarray(0, Math.min(bytes.length, 256 * 1024)).toString('latin1');
  const block = head.split(/\r?\n\r?\n/)[0] ?? '';
  if (JAPANESE_CHARSET.test(block)) return true;
  if (!/=\?|[\x80-\xff]/.test(block)) return false;
  const utf8 = bytes.subarray(0, block.length).toString('utf8');
  return splitHeaderLines(utf8).some((h) => (h.key === 'subject' || h.key === 'from') && JAPANESE_TEXT.test(decodeHeaderValue(h.value)));
}

/** Every Japanese message in the corpora, as the CLI's code reads it. */
async function japaneseMessages(): Promise<Expected[]> {
  requireCorpora();
  const lib = require(path.join(REPO_ROOT, 'build/bench-lib.js')) as CliLib;
  const out: Expected[] = [];
  for (const rel of listFiles(CORPORA)) {
    if (/\.(md|sha256|json|txt\.gz)$/i.test(rel)) continue;
    const file = path.join(CORPORA, rel);
    const bytes = fs.readFileSync(file);
    if (bytes.length > LARGEST) continue;
    const isMsg = bytes.subarray(0, 8).equals(Buffer.from('d0cf11e0a1b11ae1', 'hex'));
    if (!isMsg && !looksJapanese(bytes)) continue;
    const records = await lib.parseMessageBytes(new Uint8Array(bytes), { hasher: lib.nodeHasher });
    for (const r of records) {
      const m = r.message;
      if (!m) continue;
      const japanese = JAPANESE_TEXT.test(m.subject) || JAPANESE_TEXT.test(m.from?.name ?? '') || (!isMsg && JAPANESE_CHARSET.test(bytes.toString('latin1', 0, 65536)));
      if (!japanese) continue;
      out.push({
        file: rel,
        name: path.basename(rel),
        index: r.index,
        subject: defang(m.subject),
        from: m.from ? `${defang(m.from.name)} <${defang(m.from.address)}>` : null,
      });
    }
  }
  return out;
}

let d: PaneDriver;

beforeAll(async () => {
  d = await PaneDriver.launch();
});

afterAll(async () => {
  await d?.close();
});

async function drop(files: { name: string; buffer: Buffer; mimeType?: string }[]): Promise<void> {
  const input = d.page.locator('[data-testid="preview-input"]');
  await input.setInputFiles(files.map((f) => ({ mimeType: 'message/rfc822', ...f })));
  await d.page.waitForFunction(() => document.querySelectorAll('[data-testid="preview-result"]').length > 0 && !document.querySelector('[data-testid="checking"]'), undefined, {
    timeout: 60_000,
  });
}

interface Row {
  file: string;
  index: number;
  kind: string;
  level: string;
  subject: string | null;
  from: string | null;
  summary: string;
}

async function rows(): Promise<Row[]> {
  return d.page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="preview-result"]')].map((li) => ({
      file: li.getAttribute('data-file') ?? '',
      index: Number(li.getAttribute('data-index')),
      kind: li.getAttribute('data-kind') ?? '',
      level: li.getAttribute('data-level') ?? '',
      subject: li.querySelector('[data-testid="preview-subject"]')?.textContent ?? null,
      from: li.querySelector('[data-testid="preview-from"]')?.textContent ?? null,
      summary: li.querySelector('summary')?.textContent ?? '',
    })),
  );
}

describe('preview decodes Japanese mail exactly as the CLI', () => {
  let expected: Expected[] = [];

  beforeAll(async () => {
    expected = await japaneseMessages();
    await d.open({ officeJs: 'missing' });
    await d.page.locator('[data-testid="preview-input"]').waitFor({ state: 'attached', timeout: 15_000 });
  }, 120_000);

  it('finds the Japanese messages (the comparison cannot pass vacuously)', () => {
    // 272 when this was written: 193 osst-users, 28 fml8, the rest across nine collections.
    expect(expected.length).toBeGreaterThan(200);
    expect(expected.some((e) => /iso-2022-jp/i.test(fs.readFileSync(path.join(CORPORA, e.file)).toString('latin1', 0, 65536)))).toBe(true);
  });

  it('shows the same subject and sender for every one', async () => {
    const files = [...new Set(expected.map((e) => e.file))];
    const mismatches: string[] = [];
    let compared = 0;
    for (let i = 0; i < files.length; i += PER_DROP) {
      const batch = files.slice(i, i + PER_DROP);
      // Names made unique per drop: two collections may hold the same file name.
      const named = batch.map((f, n) => ({ rel: f, name: `${n}-${path.basename(f)}` }));
      await drop(named.map((f) => ({ name: f.name, buffer: fs.readFileSync(path.join(CORPORA, f.rel)) })));
      const shown = await rows();
      for (const f of named) {
        for (const e of expected.filter((x) => x.file === f.rel)) {
          const row = shown.find((r) => r.file === f.name && r.index === e.index);
          compared++;
          if (!row) {
            mismatches.push(`${e.file}#${e.index}: not shown`);
            continue;
          }
          if (row.kind !== 'result') mismatches.push(`${e.file}#${e.index}: ${row.kind}`);
          // The preview writes a placeholder for an empty subject.
          if (e.subject !== '' && row.subject !== e.subject) mismatches.push(`${e.file}#${e.index} subject: ${JSON.stringify(row.subject)} ≠ CLI ${JSON.stringify(e.subject)}`);
          if (row.from !== e.from) mismatches.push(`${e.file}#${e.index} from: ${JSON.stringify(row.from)} ≠ CLI ${JSON.stringify(e.from)}`);
        }
      }
    }
    expect(compared).toBe(expected.length);
    expect(mismatches).toEqual([]);
  }, 300_000);
});

describe('multi-file drop', () => {
  const fixtures = ['level-none.eml', 'level-critical.eml', 'level-low.eml', 'level-high.eml', 'level-medium.eml'];
  const order = ['critical', 'high', 'medium', 'low', 'none'];

  beforeAll(async () => {
    await d.open({ officeJs: 'missing' });
    await d.page.locator('[data-testid="preview-input"]').waitFor({ state: 'attached', timeout: 15_000 });
    const files = fixtures.map((f) => ({ name: f, buffer: fs.readFileSync(path.join(BROWSER_FIXTURES, f)) }));
    files.push({ name: 'notes.pdf', buffer: Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1') });
    // 51 more than the five above: past the per-drop limit.
    for (let n = 0; files.length <= PER_DROP; n++) files.push({ name: `extra-${n}.eml`, buffer: fs.readFileSync(path.join(BROWSER_FIXTURES, 'level-none.eml')) });
    await d.page.setViewportSize({ width: 320, height: 640 });
    await drop(files);
    // The standalone preview starts in the browser's language; the reader here reads Japanese.
    if ((await d.page.locator('[data-testid="language-switch"]').getAttribute('data-lang')) !== 'ja') await d.page.locator('[data-testid="language-switch"]').click();
  });

  it('sorts the rows by level, most urgent first, each expandable', async () => {
    const shown = await rows();
    const levels = shown.filter((r) => r.kind === 'result').map((r) => r.level);
    expect(levels.slice(0, 4)).toEqual(order.slice(0, 4));
    expect(levels.slice(4).every((l) => l === 'none')).toBe(true);
    const expandable = await d.page.locator('[data-testid="preview-result"]').evaluateAll((lis) => lis.filter((li) => li.querySelector(':scope > details > summary')).length);
    expect(expandable).toBe(shown.length);
    await d.screenshot('preview-multi-ja-320.png');
  });

  it('lists the file past the limit as not checked (no silent cap)', async () => {
    const shown = await rows();
    expect(shown.length).toBe(PER_DROP + 1);
    const over = shown.filter((r) => r.kind === 'error');
    expect(over.map((r) => r.file)).toEqual([`extra-${PER_DROP - 6}.eml`]);
    expect(over[0]?.summary).toContain('確認していません');
  });

  it('says a non-mail file is not an email message, never a level', async () => {
    const row = (await rows()).find((r) => r.file === 'notes.pdf');
    expect(row?.kind).toBe('not-mail');
    expect(row?.level).toBe('');
    expect(row?.summary).toContain('メールではありません');
    await d.page.locator('[data-testid="language-switch"]').click();
    const en = (await rows()).find((r) => r.file === 'notes.pdf');
    expect(en?.summary).toContain('Not an email message');
  });

  it('the summary table counts what the rows show', async () => {
    const table = d.page.locator('[data-testid="preview-summary"]');
    expect((await table.locator('caption').innerText()).trim()).toBe('51 items');
    const counted = await table.locator('tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent ?? '', Number(tr.querySelector('td')?.textContent)] as const));
    expect(counted.reduce((n, [, c]) => n + c, 0)).toBe(51);
    expect(counted).toContainEqual(['Not an email message', 1]);
    expect(counted).toContainEqual(['Not checked', 1]);
    expect(counted).toContainEqual(['No known MirrorFace pattern', 45]);
    // Most urgent first.
    expect(counted[0]).toEqual(['Critical risk', 1]);
  });
});

describe('containment', () => {
  it('never asked for anything outside its origin except office.js, and raised no page errors', () => {
    expect(d.requestsOutsideOrigin()).toEqual([]);
    expect(d.offsite).toEqual([]);
    expect(d.pageErrors).toEqual([]);
  });
});
