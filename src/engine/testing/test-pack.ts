/**
 * A small hand-written pack and message builder for the engine's unit tests. Detectors are tested
 * against these params, not against seeds/, so the tests say what the detector does whatever the
 * shipped lists contain. Not imported by production code.
 */
import { emptyMessage } from '../message';
import type { Attachment, Category, ListKind, NormalisedMessage, Pack, PackList, Rule, Severity } from '../types';

function list(id: string, kind: ListKind, values: (string | { value: string; confidence?: 'high' | 'medium' | 'low'; note?: string; variants?: string[] })[]): PackList {
  return {
    id,
    kind,
    description: id,
    entries: values.map((v) =>
      typeof v === 'string'
        ? { value: v, sources: ['test'], confidence: 'medium' as const }
        : { value: v.value, sources: ['test'], confidence: v.confidence ?? 'medium', ...(v.note ? { note: v.note } : {}), ...(v.variants ? { variants: v.variants } : {}) },
    ),
  };
}

export function rule(id: string, detector: string, category: Category, severity: Severity, params: Record<string, unknown> = {}, guidance: string[] = []): Rule {
  return {
    id,
    detector,
    params,
    severity,
    category,
    title: { ja: `${id} ja`, en: `${id} en` },
    explanation: { ja: 'テスト', en: 'test' },
    sources: ['test'],
    guidance,
    falsePositives: [],
  };
}

export const TEST_RULES: Rule[] = [
  rule('mf-sender-freemail-institutional', 'freemail-institutional', 'sender', 'medium', { freemailList: 'freemail-domains', titleList: 'institutional-titles', protectedList: 'protected-domains' }, ['check-sender-address']),
  rule('mf-sender-display-name-mismatch', 'display-name-mismatch', 'sender', 'medium', {}, ['check-sender-address']),
  rule('mf-reply-to-mismatch', 'reply-to-mismatch', 'sender', 'low', { freemailList: 'freemail-domains' }, ['check-sender-address']),
  rule('mf-sender-lookalike-domain', 'lookalike-domain', 'sender', 'high', { protectedList: 'protected-domains' }, ['check-sender-address']),
  rule('mf-auth-failure', 'auth-failure', 'auth', 'medium', {}, ['verify-by-other-channel']),
  rule('mf-subject-lure-keyword', 'lure-keywords', 'lure', 'low', { list: 'lure-keywords' }, ['verify-by-other-channel']),
  rule('mf-body-enable-content', 'keyword-in-body', 'lure', 'low', { list: 'enable-content-phrases' }, ['do-not-enable-content']),
  rule('mf-body-password-with-encrypted', 'password-with-encrypted', 'payload', 'high', { list: 'password-phrases' }, ['do-not-open-encrypted-or-unusual']),
  rule('mf-attachment-macro-office', 'office-macro', 'payload', 'medium', {}, ['do-not-enable-content']),
  rule('mf-attachment-encrypted-office', 'encrypted-office', 'payload', 'medium', {}, ['do-not-open-encrypted-or-unusual']),
  rule('mf-attachment-encrypted-archive', 'encrypted-archive', 'payload', 'medium', {}, ['do-not-open-encrypted-or-unusual', 'verify-by-other-channel']),
  rule('mf-attachment-remote-template', 'remote-template', 'payload', 'high', {}, ['do-not-enable-content']),
  rule('mf-attachment-lnk', 'file-kind', 'payload', 'high', { kinds: ['lnk'], extensions: ['lnk'] }, ['do-not-open-encrypted-or-unusual']),
  rule('mf-attachment-executable', 'file-kind', 'payload', 'high', { kinds: ['pe'], extensions: ['exe', 'scr', 'js', 'vbs', 'hta', 'bat', 'cmd', 'ps1', 'msi'] }, ['do-not-open-encrypted-or-unusual']),
  rule('mf-attachment-disk-image', 'file-kind', 'payload', 'medium', { kinds: ['iso', 'udf', 'vhd', 'vhdx'], extensions: ['iso', 'img', 'vhd', 'vhdx'] }, ['do-not-open-encrypted-or-unusual']),
  rule('mf-attachment-double-extension', 'double-extension', 'payload', 'high', {}, ['do-not-open-encrypted-or-unusual']),
  rule('mf-attachment-type-mismatch', 'type-mismatch', 'payload', 'medium', {}, ['do-not-open-encrypted-or-unusual']),
  rule('mf-attachment-name-unicode-trick', 'name-unicode-trick', 'payload', 'high', {}, ['do-not-open-encrypted-or-unusual']),
  rule('mf-link-cloud-archive', 'cloud-link', 'link', 'medium', { hostList: 'cloud-storage-hosts' }, ['do-not-click-download-links']),
  rule('mf-link-cloud-storage', 'cloud-link', 'link', 'low', { hostList: 'cloud-storage-hosts', requireArchive: false }, ['do-not-click-download-links']),
  rule('mf-link-text-mismatch', 'link-text-mismatch', 'link', 'medium', {}, ['do-not-click-download-links']),
  rule('mf-ioc-campaign-hash', 'ioc-match', 'ioc', 'critical', { lists: ['campaign-hashes'] }, ['report-to-security-team']),
  rule('mf-ioc-campaign-network', 'ioc-match', 'ioc', 'critical', { lists: ['campaign-domains', 'campaign-ips', 'campaign-urls'] }, ['report-to-security-team']),
  rule('mf-ioc-campaign-filename', 'ioc-match', 'ioc', 'critical', { lists: ['campaign-filenames'] }, ['report-to-security-team']),
  rule('mf-ioc-admin', 'ioc-match', 'ioc', 'critical', { lists: ['admin-hashes', 'admin-domains', 'admin-ips', 'admin-urls', 'admin-emails', 'admin-filenames'] }, ['report-to-security-team']),
];

export const TEST_LISTS: PackList[] = [
  list('freemail-domains', 'domain', ['gmail.com', 'yahoo.co.jp', 'outlook.com', 'hotmail.co.jp']),
  list('protected-domains', 'domain', [
    { value: 'mofa.go.jp', note: '外務省 / Ministry of Foreign Affairs of Japan' },
    { value: 'nids.mod.go.jp', note: '防衛研究所 / National Institute for Defense Studies' },
    { value: 'jiia.or.jp', note: '日本国際問題研究所 / The Japan Institute of International Affairs' },
    { value: 'kyodonews.jp', note: '共同通信 / Kyodo News' },
    { value: 'nhk.or.jp', note: 'NHK / 日本放送協会' },
  ]),
  list('institutional-titles', 'keyword', ['省', '研究所', '研究員', '教授', '大使館', '事務所', '広報', 'Embassy', 'Ministry', 'Professor', 'Prof.', 'Research Fellow']),
  list('lure-keywords', 'keyword', [
    { value: '日米同盟', confidence: 'high' },
    { value: '台湾海峡', confidence: 'high' },
    { value: '勉強会のご案内', variants: ['勉強会案内'], confidence: 'high' },
    { value: '取材のご依頼', variants: ['取材依頼'], confidence: 'medium' },
    { value: '安全保障', confidence: 'low' },
    { value: 'FOIP', confidence: 'medium', variants: ['Free and Open Indo-Pacific'] },
  ]),
  list('enable-content-phrases', 'keyword', ['コンテンツの有効化', '編集を有効にする', 'Enable Content', 'enable macros']),
  list('password-phrases', 'keyword', ['パスワード', 'PW', 'password', '解凍', '暗証']),
  list('cloud-storage-hosts', 'domain', ['1drv.ms', 'onedrive.live.com', 'sharepoint.com', 'drive.google.com', 'dropbox.com', 'gigafile.nu']),
  list('campaign-hashes', 'hash', ['bca533b3336240bc5cc68117408debdf', '73470ea496126133fd025cfa9b3599bea9550abe2c8d065de11afb6f7aa6b5df']),
  list('campaign-domains', 'domain', ['www.ninesmn.com', 'www.aesorunwe.com', 'x1b2c3.3utilities.com']),
  list('campaign-ips', 'ip', ['45.32.13.180', '5.8.95.174']),
  list('campaign-urls', 'url', ['http://172.104.112.218/11554.htm']),
  list('campaign-filenames', 'filename', ['外務省補助金で謳われていた.doc', 'The EXPO Exhibition in Japan in 2025.docx.lnk', 'PART_01\\【参考】220628<redacted>発・<redacted>選挙管理委員会宛文書（添書分）.exe']),
  list('admin-hashes', 'hash', ['0000000000000000000000000000000000000000000000000000000000000abc']),
  list('admin-domains', 'domain', ['bad-actor.example.com']),
  list('admin-ips', 'ip', ['198.51.100.7']),
  list('admin-urls', 'url', []),
  list('admin-emails', 'email', ['spy@bad-actor.example.com']),
];

export function testPack(overrides: Partial<Pack> = {}): Pack {
  return {
    version: 'test',
    sources: [{ id: 'test', title: 'test', publisher: 'test', date: '2025-01', url: 'https://example.invalid/' }],
    guidance: [],
    lists: TEST_LISTS,
    rules: TEST_RULES,
    ...overrides,
  };
}

/** A pack holding only one rule (and all lists), so a test sees that rule alone. */
export function packWith(ruleId: string): Pack {
  const r = TEST_RULES.find((x) => x.id === ruleId);
  if (!r) throw new Error(`no test rule ${ruleId}`);
  return testPack({ rules: [r] });
}

export function msg(over: Partial<NormalisedMessage> = {}): NormalisedMessage {
  return {
    ...emptyMessage({ kind: 'eml' }),
    from: { name: 'Taro Yamada', address: 'taro@example.co.jp' },
    to: [{ name: '', address: 'me@example.go.jp' }],
    ...over,
  };
}

export function att(name: string, over: Partial<Attachment> = {}): Attachment {
  return { name, contentType: 'application/octet-stream', size: 100, inline: false, ...over };
}
