/**
 * The real seeds/ tree: it compiles with zero errors, holds exactly the agreed rule set, and
 * its data keeps the promises made in seeds/README.md.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Pack } from '../engine/types';
import { compilePack } from './compile-pack';
import { KNOWN_DETECTORS } from './detectors';

const ROOT = path.resolve(__dirname, '../..');
const SEEDS = path.join(ROOT, 'seeds');

function readSeeds(): Array<{ path: string; text: string }> {
  const files: Array<{ path: string; text: string }> = [];
  const add = (abs: string): void => void files.push({ path: path.relative(ROOT, abs).split(path.sep).join('/'), text: fs.readFileSync(abs, 'utf8') });
  for (const name of ['pack.yml', 'sources.yml', 'guidance.yml']) add(path.join(SEEDS, name));
  for (const dir of ['lists', 'rules']) for (const n of fs.readdirSync(path.join(SEEDS, dir)).sort()) add(path.join(SEEDS, dir, n));
  return files;
}

const compiled = compilePack(readSeeds());
const pack = compiled.pack as Pack;

/** The agreed rule set: id, detector, category, severity. */
const AGREED: Array<[string, string, string, string]> = [
  ['mf-sender-freemail-institutional', 'freemail-institutional', 'sender', 'medium'],
  ['mf-sender-display-name-mismatch', 'display-name-mismatch', 'sender', 'medium'],
  ['mf-reply-to-mismatch', 'reply-to-mismatch', 'sender', 'low'],
  ['mf-sender-lookalike-domain', 'lookalike-domain', 'sender', 'high'],
  ['mf-auth-failure', 'auth-failure', 'auth', 'medium'],
  ['mf-subject-lure-keyword', 'lure-keywords', 'lure', 'low'],
  ['mf-body-enable-content', 'keyword-in-body', 'lure', 'low'],
  ['mf-body-password-with-encrypted', 'password-with-encrypted', 'payload', 'high'],
  ['mf-attachment-macro-office', 'office-macro', 'payload', 'medium'],
  ['mf-attachment-encrypted-office', 'encrypted-office', 'payload', 'medium'],
  ['mf-attachment-encrypted-archive', 'encrypted-archive', 'payload', 'medium'],
  ['mf-attachment-archive-inconsistent', 'archive-inconsistent', 'payload', 'medium'],
  ['mf-attachment-remote-template', 'remote-template', 'payload', 'high'],
  ['mf-attachment-lnk', 'file-kind', 'payload', 'high'],
  ['mf-attachment-executable', 'file-kind', 'payload', 'high'],
  ['mf-attachment-disk-image', 'file-kind', 'payload', 'medium'],
  ['mf-attachment-double-extension', 'double-extension', 'payload', 'high'],
  ['mf-attachment-type-mismatch', 'type-mismatch', 'payload', 'medium'],
  ['mf-attachment-name-unicode-trick', 'name-unicode-trick', 'payload', 'high'],
  ['mf-link-cloud-archive', 'cloud-link', 'link', 'medium'],
  ['mf-link-cloud-storage', 'cloud-link', 'link', 'low'],
  ['mf-link-text-mismatch', 'link-text-mismatch', 'link', 'medium'],
  ['mf-ioc-campaign-hash', 'ioc-match', 'ioc', 'critical'],
  ['mf-ioc-campaign-network', 'ioc-match', 'ioc', 'critical'],
  ['mf-ioc-campaign-filename', 'ioc-match', 'ioc', 'critical'],
  ['mf-ioc-admin', 'ioc-match', 'ioc', 'critical'],
  ['mf-body-password-separate', 'password-with-encrypted', 'payload', 'medium'],
  ['mf-attachment-unparsable', 'unparsable', 'payload', 'low'],
  ['mf-attachment-chm', 'file-kind', 'payload', 'high'],
  ['mf-attachment-onenote', 'file-kind', 'payload', 'high'],
  ['mf-attachment-hta', 'file-kind', 'payload', 'high'],
  ['mf-attachment-script', 'file-kind', 'payload', 'high'],
  ['mf-attachment-excel-addin', 'file-kind', 'payload', 'high'],
  ['mf-attachment-internet-shortcut', 'file-kind', 'payload', 'high'],
  ['mf-attachment-svg-script', 'markup', 'payload', 'high'],
  ['mf-attachment-html-smuggling', 'markup', 'payload', 'high'],
  ['mf-link-file-download', 'link-feature', 'link', 'low'],
  ['mf-link-ip-host', 'link-feature', 'link', 'low'],
  ['mf-link-shortener', 'link-feature', 'link', 'low'],
];

const AGREED_LISTS = [
  'freemail-domains', 'protected-domains', 'institutional-titles', 'lure-keywords', 'enable-content-phrases', 'password-phrases',
  'cloud-storage-hosts', 'campaign-hashes', 'campaign-domains', 'campaign-ips', 'campaign-urls', 'campaign-filenames', 'dynamic-dns-parents',
  'password-separately-phrases', 'url-shorteners',
];

const list = (id: string) => pack.lists.find((l) => l.id === id);
const values = (id: string): string[] => list(id)?.entries.map((e) => e.value) ?? [];

describe('the seeds/ pack', () => {
  it('compiles with zero errors', () => {
    expect(compiled.errors).toEqual([]);
    expect(pack).toBeDefined();
  });

  it.each(AGREED)('has rule %s (detector %s, %s, %s)', (id, detector, category, severity) => {
    const r = pack.rules.find((x) => x.id === id);
    expect(r).toMatchObject({ id, detector, category, severity });
  });

  it('has no rule outside the agreed set', () => {
    expect(pack.rules.map((r) => r.id).sort()).toEqual(AGREED.map((a) => a[0]).sort());
  });

  it('names every rule file after its id', () => {
    const names = fs.readdirSync(path.join(SEEDS, 'rules')).map((n) => n.replace(/\.yml$/, '')).sort();
    expect(names).toEqual(pack.rules.map((r) => r.id).sort());
  });

  it.each(AGREED_LISTS.map((id) => [id]))('has list %s, named after its file', (id) => {
    expect(list(id)).toBeDefined();
    expect(fs.existsSync(path.join(SEEDS, 'lists', `${id}.yml`))).toBe(true);
  });

  it.each(pack.rules.map((r) => [r.id, r] as const))('%s is complete in both languages and cited', (_id, r) => {
    expect(r.sources.length).toBeGreaterThan(0);
    expect(r.falsePositives.length).toBeGreaterThan(0);
    expect(r.guidance.length).toBeGreaterThan(0);
    for (const t of [r.title, r.explanation]) {
      expect(t.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(t.en).toMatch(/[a-z]{3}/);
    }
    expect([...r.title.ja].length).toBeLessThanOrEqual(60);
    expect([...r.title.en].length).toBeLessThanOrEqual(60);
    // Folded YAML puts a space between Japanese sentences; the ja texts must read naturally.
    expect(r.explanation.ja).not.toMatch(/。 /);
    expect(KNOWN_DETECTORS).toContain(r.detector);
  });

  it('cites every source at least once', () => {
    const used = new Set<string>();
    for (const r of pack.rules) r.sources.forEach((s) => used.add(s));
    for (const g of pack.guidance) g.sources.forEach((s) => used.add(s));
    for (const l of pack.lists) for (const e of l.entries) e.sources.forEach((s) => used.add(s));
    expect(pack.sources.map((s) => s.id).filter((id) => !used.has(id))).toEqual([]);
  });

  it('has the seven agreed guidance items', () => {
    expect(pack.guidance.map((g) => g.id).sort()).toEqual(
      ['check-sender-address', 'do-not-click-download-links', 'do-not-enable-content', 'do-not-open-encrypted-or-unusual', 'incomplete-check', 'report-to-security-team', 'verify-by-other-channel'].sort(),
    );
  });

  // ---- the IOC data itself ----
  it('never lists the legitimate K7 Security binary (NRTOLF.exe)', () => {
    expect(values('campaign-hashes')).not.toContain('7f7d8c9c1b6735807aefb0841b78f389');
  });

  it('carries the published hashes: 15 ESET, 15 Cybereason, 12 Kaspersky, 2 cyberandramen, 3 JPCERT/CC', () => {
    const bySource = (s: string): number => list('campaign-hashes')?.entries.filter((e) => e.sources.includes(s)).length ?? 0;
    expect([bySource('eset-ioc-mirrorface'), bySource('cybereason-cuckoospear-ioc'), bySource('kaspersky-lodeinfo-2022'), bySource('cyberandramen-lodeinfo-2020'), bySource('jpcert-yara-anel')]).toEqual([15, 15, 12, 2, 3]);
  });

  it('matches the raw ESET and Cybereason files in ../shared when they are present', () => {
    const raw = path.resolve(ROOT, '../shared/intel/raw');
    if (!fs.existsSync(raw)) return; // the data is optional beside a fresh clone
    const eset = ['md5', 'sha1', 'sha256'].flatMap((ext) => fs.readFileSync(path.join(raw, `eset-malware-ioc/mirrorface/samples.${ext}`), 'utf8').split(/\s+/).filter(Boolean).map((h) => h.toLowerCase()));
    expect(eset).toHaveLength(15);
    for (const h of eset) expect(values('campaign-hashes')).toContain(h);
    const dga = fs.readFileSync(path.join(raw, 'cybereason-cuckoospear/iocs/generated_dga_domains.txt'), 'utf8').split(/\s+/).filter(Boolean).map((d) => d.replace(/\[\.\]/g, '.').toLowerCase());
    expect(dga).toHaveLength(139);
    for (const d of dga) expect(values('campaign-domains')).toContain(d);
  });

  it('stores the dynamic-DNS parents only in their own list, never as campaign domains', () => {
    const parents = values('dynamic-dns-parents');
    expect(parents.sort()).toEqual(['3utilities.com', 'ftp.sh', 'onthewifi.com', 'redirectme.net', 'serveblog.net']);
    for (const p of parents) expect(values('campaign-domains')).not.toContain(p);
    expect(values('campaign-domains')).toEqual(expect.arrayContaining(['www.ninesmn.com', 'www.aesorunwe.com', 'foeake.org']));
    expect(values('campaign-domains')).toHaveLength(2 + 8 + 139);
  });

  it('lists iCloud and Japanese carrier and ISP personal mail as free-mail, carrier/ISP entries each sourced and not high', () => {
    expect(values('freemail-domains')).toEqual(expect.arrayContaining(['gmail.com', 'outlook.com', 'yahoo.co.jp', 'icloud.com', 'me.com', 'mac.com']));
    const entries = list('freemail-domains')?.entries ?? [];
    for (const d of ['docomo.ne.jp', 'ezweb.ne.jp', 'au.com', 'softbank.ne.jp', 'i.softbank.jp']) expect(entries.find((e) => e.value === d)?.sources).not.toContain('free-email-domains-list');
    for (const isp of ['nifty.com', 'biglobe.ne.jp', 'ocn.ne.jp', 'so-net.ne.jp', 'plala.or.jp']) expect(entries.find((e) => e.value === isp)?.confidence).toBe('medium');
  });

  it('rates lure words by specificity: reported phrases medium, everyday words low', () => {
    const conf = (v: string) => list('lure-keywords')?.entries.find((e) => e.value === v)?.confidence;
    expect([conf('取材のご依頼'), conf('自由で開かれたインド太平洋'), conf('国際情勢と日本外交')]).toEqual(['medium', 'medium', 'medium']);
    expect([conf('研究会'), conf('講演'), conf('選挙'), conf('ロシア')]).toEqual(['low', 'low', 'low', 'low']);
    expect(list('lure-keywords')?.entries.some((e) => e.confidence === 'high')).toBe(false);
  });

  it('gives every protected domain its organisation name in Japanese and English', () => {
    for (const e of list('protected-domains')?.entries ?? []) expect(e.note).toMatch(/[\u3040-\u30ff\u4e00-\u9fff].* \/ [A-Za-z]/);
  });
});
