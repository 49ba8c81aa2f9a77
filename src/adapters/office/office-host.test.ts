import * as fs from 'fs';
import * as path from 'path';
import type { Finding, Level, NormalisedMessage, Severity, Verdict } from '../../engine/types';
import { LEVEL_ACTION_SHORT, LEVEL_LABEL } from '../../i18n/messages';
import { LEVELS } from '../../engine/types';
import {
  isDarkTheme,
  MAX_NOTIFICATION_CHARS,
  MAX_REPORT_SUBJECT_CHARS,
  NOTIFICATION_ICON_ID,
  NOTIFICATION_KEY,
  notificationText,
  createOfficeHost,
} from './office-host';
import { escapeHtml, reportForm } from './report-draft';
import { fakeItemFromEml } from './fake-office.test-helper';

const verdict = (level: Level, extra: Partial<Verdict> = {}): Verdict => ({ level, score: 0, findings: [], incomplete: [], guidance: [], reasons: [], ...extra });

const finding = (severity: Severity, ja: string, en: string): Finding => ({
  rule: `mf-test-${severity}`,
  severity,
  category: 'sender',
  title: { ja, en },
  explanation: { ja: '', en: '' },
  evidence: [],
  sources: [],
  guidance: [],
});
const LONG = 'あ'.repeat(200);

describe('notificationText', () => {
  it.each(LEVELS.flatMap((l) => (['ja', 'en'] as const).map((lang) => [l, lang] as const)))('%s/%s fits Outlook’s 150-character limit with a long reason', (level, lang) => {
    const t = notificationText({ level, findings: [finding('high', LONG, LONG)] }, lang);
    expect(t.length).toBeLessThanOrEqual(MAX_NOTIFICATION_CHARS);
    expect(t.startsWith(LEVEL_LABEL[level][lang])).toBe(true);
    // The action is never the part that is cut.
    expect(t.endsWith(lang === 'ja' ? LEVEL_ACTION_SHORT[level].ja : '.')).toBe(true);
  });

  it.each([
    ['ja', '危険（高）：フリーメールのパスワード付きZIP。開かずに情報セキュリティ担当へ報告'],
    ['en', 'High risk: Password-protected ZIP from free mail. Do not open it; report it to your security team.'],
  ] as const)('level, main reason and action (%s)', (lang, want) => {
    const t = notificationText(
      { level: 'high', findings: [finding('low', '件名', 'Subject'), finding('high', 'フリーメールのパスワード付きZIP', 'Password-protected ZIP from free mail')] },
      lang,
    );
    expect(t).toBe(want);
  });

  it('Japanese uses full-width punctuation only', () => {
    for (const level of LEVELS) {
      const t = notificationText({ level, findings: [finding('medium', '理由', 'Reason')] }, 'ja');
      expect(t).not.toMatch(/[:.,()]/);
    }
  });
});

describe('isDarkTheme', () => {
  it.each([
    [{ bodyBackgroundColor: '#ffffff' }, false],
    [{ bodyBackgroundColor: '#1f1f1f' }, true],
    [{ bodyBackgroundColor: '292929' }, true],
    [{ bodyBackgroundColor: '#F3F2F1' }, false],
    [{ bodyBackgroundColor: 'not a colour' }, false],
    [{ isDarkTheme: true, bodyBackgroundColor: '#ffffff' }, true],
    [null, false],
    [undefined, false],
  ])('%j → %s', (theme, dark) => {
    expect(isDarkTheme(theme)).toBe(dark);
  });
});

describe('reportForm: the draft in the reader\'s language', () => {
  const msg = {
    origin: { kind: 'office', itemId: 'AAMkAGFakeItemId=' },
    subject: '日米同盟の勉強会',
    from: { name: '山田', address: 'yamada@gmail.com' },
    date: '2025-01-16T23:45:00.000Z',
    replyTo: [],
    to: [],
    cc: [],
    text: '',
    links: [],
    attachments: [{ name: '資料.zip', contentType: 'application/zip', size: 3, inline: false, hashes: { sha256: 'ab'.repeat(32), sha1: 'cd'.repeat(20), md5: 'ef'.repeat(16) } }],
    headers: [{ name: 'Message-ID', value: '<from-headers@example>' }],
    auth: [],
    incomplete: [],
  } satisfies NormalisedMessage;
  const v = verdict('high', {
    findings: [{ rule: 'mf-attachment-lnk', severity: 'high', category: 'payload', title: { ja: 'ショートカット', en: 'Shortcut' }, explanation: { ja: '', en: '' }, evidence: [{ field: 'attachment', value: 'x.lnk', display: 'x.lnk' }], sources: [], guidance: [] }],
    incomplete: [{ code: 'archive-encrypted', where: 'attachment:資料.zip' }],
  });

  it.each([
    ['ja', 'Asia/Tokyo', ['危険度：危険（高）', 'Message-ID：<item-id@example>', '差出人：山田 <yamada@gmail.com>', '件名：日米同盟の勉強会', '受信日時：2025/01/17 08:45:00 JST', 'ショートカット（mf-attachment-lnk）', '添付ファイル：x.lnk', 'SHA-256：' + 'ab'.repeat(32), 'MD5：' + 'ef'.repeat(16), '（添付ファイル：資料.zip）']],
    ['en', 'Europe/London', ['Level: High risk', 'Message-ID: <item-id@example>', 'From: 山田 <yamada@gmail.com>', 'Date: 16/01/2025, 23:45:00 GMT', 'Shortcut (mf-attachment-lnk)', 'Attachment: x.lnk', 'SHA-1: ' + 'cd'.repeat(20)]],
  ] as const)('%s: every field, the date in the reader\'s zone (%s)', (lang, timeZone, want) => {
    const f = reportForm('soc@example.go.jp', v, lang, msg, { messageId: '<item-id@example>', timeZone });
    const body = f.htmlBody.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));
    for (const line of want) expect(body).toContain(line);
    expect(f.subject).toContain(lang === 'ja' ? '危険（高）' : 'High risk');
    if (lang === 'ja') {
      // No English label inside the Japanese draft, and no half-width colon after a Japanese word.
      expect(body).not.toMatch(/\b(Level|Rules|Subject|From|Date|Not checked|attachment):/);
      expect(body).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]:/);
    }
  });

  it('falls back to the Message-ID header when the client gives none', () => {
    expect(reportForm('soc@example.go.jp', v, 'en', msg).htmlBody).toContain('&#60;from-headers@example&#62;');
  });
});

describe('reportForm', () => {
  const hostile = '<img src=x onerror=alert(1)>\r\nBcc: victim@example.com';
  const message = {
    origin: { kind: 'office', itemId: 'AAMkAGFakeItemId=' },
    subject: hostile,
    from: { name: '<script>x</script>', address: 'a@example.com' },
    replyTo: [],
    to: [],
    cc: [],
    text: '',
    links: [],
    attachments: [{ name: 'a.zip', contentType: 'application/zip', size: 3, inline: false, hashes: { sha256: 'ab'.repeat(32), sha1: '', md5: '' } }],
    headers: [],
    auth: [],
    incomplete: [],
  } satisfies NormalisedMessage;

  it('addresses the admin, attaches the item, and escapes hostile text', () => {
    const v = verdict('high', {
      findings: [{ rule: 'mf-attachment-lnk', severity: 'high', category: 'payload', title: { ja: 'ショートカット', en: 'Shortcut' }, explanation: { ja: '', en: '' }, evidence: [{ field: 'attachment', value: 'x.lnk', display: 'x.lnk' }], sources: [], guidance: [] }],
    });
    const f = reportForm('soc@example.go.jp', v, 'ja', message);
    expect(f.toRecipients).toEqual(['soc@example.go.jp']);
    expect(f.attachments).toEqual([{ type: 'item', itemId: 'AAMkAGFakeItemId=', name: expect.any(String) }]);
    expect(f.subject.startsWith('[MirrorFace Guard] 危険（高） ')).toBe(true);
    expect(f.subject).not.toMatch(/[\r\n]/);
    expect(f.subject.length).toBeLessThanOrEqual(MAX_REPORT_SUBJECT_CHARS);
    expect(f.htmlBody).not.toContain('<img');
    expect(f.htmlBody).not.toContain('<script');
    expect(f.htmlBody).toContain('mf-attachment-lnk');
    expect(f.htmlBody).toContain('ab'.repeat(32));
  });

  it('attaches nothing when the item id is too long for the API', () => {
    const f = reportForm('soc@example.go.jp', verdict('high'), 'en', { ...message, origin: { kind: 'office', itemId: 'x'.repeat(101) } });
    expect(f.attachments).toEqual([]);
  });

  it.each([
    ['<', '&#60;'],
    ['&', '&#38;'],
    ['"\'', '&#34;&#39;'],
  ])('escapeHtml(%s)', (i, o) => expect(escapeHtml(i)).toBe(o));
});

describe('createOfficeHost with a fake Office global', () => {
  const eml = new Uint8Array(fs.readFileSync(path.resolve(__dirname, '../../../../shared/corpora/sublime-rules_emls/emls/bec_ceo_impersonation.eml')));
  const g = globalThis as unknown as { Office?: unknown };
  afterEach(() => {
    delete g.Office;
  });

  async function host(maxSet: string, item: unknown, extra: Record<string, unknown> = {}) {
    const [maj, min] = maxSet.split('.').map(Number);
    g.Office = {
      context: {
        displayLanguage: 'ja-JP',
        officeTheme: { bodyBackgroundColor: '#202020' },
        requirements: { isSetSupported: (_n: string, v: string) => Number(v.split('.')[1]) <= (min ?? 0) && Number(v.split('.')[0]) <= (maj ?? 0) },
        mailbox: { item, ...extra },
      },
      EventType: { ItemChanged: 'olkItemSelectedChanged' },
      MailboxEnums: { ItemNotificationMessageType: { ErrorMessage: 'errorMessage', InformationalMessage: 'informationalMessage' } },
      CoercionType: { Html: 'html', Text: 'text' },
    };
    return createOfficeHost();
  }

  it('reads language and theme, and hides reporting before Mailbox 1.9', async () => {
    const h = await host('1.8', null, { displayNewMessageFormAsync: () => undefined });
    expect(h.displayLanguage).toBe('ja-JP');
    expect(h.dark).toBe(true);
    expect(h.canReport).toBe(false);
    expect(await h.readCurrent()).toBeNull();
  });

  it.each<[Level, string | null]>([
    ['none', null],
    ['low', null],
    ['medium', 'informationalMessage'],
    ['high', 'errorMessage'],
    ['critical', 'errorMessage'],
  ])('notification for %s (default notify levels)', async (level, type) => {
    const fake = await fakeItemFromEml(eml, { maxSet: '1.13' });
    const h = await host('1.13', fake.item);
    const checked = await h.readCurrent();
    await checked?.notify({ level, findings: [] }, 'ja', ['medium', 'high', 'critical']);
    expect(fake.notifications).toHaveLength(1);
    const n = fake.notifications[0];
    expect(n?.key).toBe(NOTIFICATION_KEY);
    if (type === null) {
      expect(n?.op).toBe('remove');
    } else {
      expect(n?.op).toBe('replace');
      expect(n?.details?.type).toBe(type);
      expect(String(n?.details?.message).length).toBeLessThanOrEqual(MAX_NOTIFICATION_CHARS);
      // Error bars take no icon/persistent (they throw); informational ones need both in read mode.
      if (type === 'errorMessage') expect(n?.details).not.toHaveProperty('icon');
      else expect(n?.details).toMatchObject({ icon: NOTIFICATION_ICON_ID, persistent: true });
    }
  });

  it('reports through displayNewMessageFormAsync with the item attached, sending nothing', async () => {
    const fake = await fakeItemFromEml(eml, { maxSet: '1.13' });
    const forms: unknown[] = [];
    const h = await host('1.13', fake.item, {
      displayNewMessageFormAsync: (params: unknown, cb: (r: { status: string; value: undefined }) => void) => {
        forms.push(params);
        cb({ status: 'succeeded', value: undefined });
      },
    });
    expect(h.canReport).toBe(true);
    const checked = await h.readCurrent();
    const r = await checked?.report('soc@example.go.jp', verdict('high'), 'en');
    expect(r?.ok).toBe(true);
    expect(forms).toHaveLength(1);
    expect(forms[0]).toMatchObject({ toRecipients: ['soc@example.go.jp'], attachments: [{ type: 'item', itemId: 'AAMkAGFakeItemId=' }] });
  });

  it('registers for ItemChanged and passes events on', async () => {
    let registered: (() => void) | undefined;
    const h = await host('1.13', null, {
      addHandlerAsync: (type: string, handler: () => void, cb: (r: { status: string; value: undefined }) => void) => {
        expect(type).toBe('olkItemSelectedChanged');
        registered = handler;
        cb({ status: 'succeeded', value: undefined });
      },
    });
    let fired = 0;
    expect(await h.onItemChanged(() => fired++)).toBe(true);
    registered?.();
    expect(fired).toBe(1);
  });
});
