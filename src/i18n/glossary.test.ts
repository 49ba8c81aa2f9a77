/**
 * One Japanese voice (docs/glossary.md), checked on every string a reader sees from the pane, the
 * information bar, the report draft and the config problems shown to readers: full-width
 * punctuation after Japanese text, the glossary's terms and nothing else for the same thing.
 */
import { validateConfig } from '../config/config';
import { notificationText } from '../adapters/office/office-host';
import { reportForm } from '../adapters/office/report-draft';
import type { Finding, Level, NormalisedMessage, Verdict } from '../engine/types';
import { LEVELS } from '../engine/types';
import { UI } from '../taskpane/i18n';
import { FIELD_LABEL, INCOMPLETE_LABEL, LEVEL_ACTION_SHORT, LEVEL_LABEL, LEVEL_SUMMARY, SEVERITY_SHORT, whereLabel } from './messages';

const JA = /[\u3040-\u30ff\u4e00-\u9fff]/;
/** A half-width colon, comma or bracket touching Japanese text. */
const HALF_WIDTH_NEXT_TO_JA = /[\u3040-\u30ff\u4e00-\u9fff][:;,()]|[(][\u3040-\u30ff\u4e00-\u9fff]/;
/** Terms the glossary replaced. */
const RETIRED = [/重要度/, /(?<!情報)セキュリティ担当/, /一つ見つかりました/];

function japaneseStrings(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const add = (where: string, table: Record<string, { ja: string }>): void => {
    for (const [k, v] of Object.entries(table)) out.push([`${where}.${k}`, v.ja]);
  };
  add('LEVEL_LABEL', LEVEL_LABEL);
  add('LEVEL_SUMMARY', LEVEL_SUMMARY);
  add('LEVEL_ACTION_SHORT', LEVEL_ACTION_SHORT);
  add('SEVERITY_SHORT', SEVERITY_SHORT);
  add('INCOMPLETE_LABEL', INCOMPLETE_LABEL);
  add('FIELD_LABEL', FIELD_LABEL);
  add('UI', UI);
  // Config problems as readers' admins see them, from a config with every kind of mistake.
  const cfg = validateConfig(
    { securityAdress: 'x', securityAddress: 'a b', trustedDomains: 'x', protectedDomains: ['*.x'], iocListUrls: ['https://elsewhere.example/x'], packUrls: [1], notifyLevels: ['urgent'] },
    'https://addins.example.go.jp/taskpane.html',
  );
  cfg.issues.forEach((i, n) => out.push([`config issue ${n} (${i.field})`, i.message.ja]));
  validateConfig([], 'https://addins.example.go.jp/taskpane.html').issues.forEach((i) => out.push(['config (file)', i.message.ja]));
  return out.filter(([, s]) => s !== '');
}

const finding = (rule: string, ja: string): Finding => ({
  rule,
  severity: 'high',
  category: 'payload',
  title: { ja, en: ja },
  explanation: { ja: '', en: '' },
  evidence: [{ field: 'attachment', value: '資料.docx.lnk', display: '資料.docx.lnk' }],
  sources: [],
  guidance: [],
});

describe('one Japanese voice', () => {
  const strings = japaneseStrings();

  it('has strings to check', () => {
    expect(strings.length).toBeGreaterThan(60);
  });

  it.each(strings)('%s uses full-width punctuation next to Japanese', (_where, s) => {
    expect(s).not.toMatch(HALF_WIDTH_NEXT_TO_JA);
  });

  it.each(strings)('%s uses the glossary’s terms', (_where, s) => {
    for (const re of RETIRED) expect(s).not.toMatch(re);
  });

  it.each(LEVELS.filter((l) => l !== 'none').map((l) => [l] as const))('the information bar for %s is Japanese throughout', (level: Level) => {
    const t = notificationText({ level, findings: [finding('mf-attachment-lnk', 'ショートカットファイル')] }, 'ja');
    expect(t).toMatch(JA);
    expect(t).not.toMatch(HALF_WIDTH_NEXT_TO_JA);
    expect(t).not.toMatch(/[A-Za-z]{3,}:/);
  });

  it.each<[string, string, string]>([
    ['body', '本文', 'Body'],
    ['attachment:a.zip', '添付ファイル：a.zip', 'Attachment: a.zip'],
    ['constructor', 'constructor', 'constructor'],
    ['somewhere', 'somewhere', 'somewhere'],
  ])('a gap\'s place %s is named in the reader\'s words', (where, ja, en) => {
    expect([whereLabel(where, 'ja'), whereLabel(where, 'en')]).toEqual([ja, en]);
  });

  it('the report draft in Japanese has no English label', () => {
    const verdict: Verdict = { level: 'high', score: 70, findings: [finding('mf-attachment-lnk', 'ショートカットファイル')], incomplete: [{ code: 'archive-encrypted', where: 'attachment:a.zip' }], guidance: [], reasons: [] };
    const message = {
      origin: { kind: 'office', itemId: 'x' },
      subject: '件名',
      from: { name: '山田', address: 'yamada@gmail.com' },
      replyTo: [],
      to: [],
      cc: [],
      text: '',
      links: [],
      attachments: [],
      headers: [],
      auth: [],
      incomplete: [],
    } satisfies NormalisedMessage;
    const body = reportForm('soc@example.go.jp', verdict, 'ja', message, { messageId: '<m@x>', timeZone: 'Asia/Tokyo' }).htmlBody.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));
    for (const line of body.split('\n')) {
      if (!JA.test(line)) continue;
      expect(line).not.toMatch(HALF_WIDTH_NEXT_TO_JA);
      expect(line).not.toMatch(/\b(Level|Rules|Subject|From|Date|Not checked|attachment|Attachment SHA-256)\s*:/);
    }
  });
});
