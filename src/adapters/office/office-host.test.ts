import * as fs from 'fs';
import * as path from 'path';
import type { Level, NormalisedMessage, Verdict } from '../../engine/types';
import { LEVELS } from '../../engine/types';
import {
  escapeHtml,
  isDarkTheme,
  MAX_NOTIFICATION_CHARS,
  MAX_REPORT_SUBJECT_CHARS,
  NOTIFICATION_ICON_ID,
  NOTIFICATION_KEY,
  notificationText,
  reportForm,
  createOfficeHost,
} from './office-host';
import { fakeItemFromEml } from './fake-office.test-helper';

const verdict = (level: Level, extra: Partial<Verdict> = {}): Verdict => ({ level, score: 0, findings: [], incomplete: [], guidance: [], reasons: [], ...extra });

describe('notificationText', () => {
  it.each(LEVELS.flatMap((l) => (['ja', 'en'] as const).map((lang) => [l, lang] as const)))('%s/%s fits Outlook’s 150-character limit', (level, lang) => {
    const t = notificationText(level, lang);
    expect(t.length).toBeLessThanOrEqual(MAX_NOTIFICATION_CHARS);
    expect(t).toContain('MirrorFace Guard');
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
    expect(f.subject.startsWith('[MirrorFace Guard] high ')).toBe(true);
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
    await checked?.notify({ level }, 'ja', ['medium', 'high', 'critical']);
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
