/**
 * The Outlook host as the task pane sees it: a small port (MailHost) with the real Office
 * implementation. The pane never touches `Office` itself, so its components can be tested with
 * an in-memory host.
 */
import type { Lang, Level, NormalisedMessage, Severity, Verdict } from '../../engine/types';
import { LEVEL_LABEL } from '../../i18n/messages';
import { callOffice, type OfficeResult } from './office-async';
import { currentItem, readItem, type ReadItemDeps, type ReadProgress } from './read-item';

export type { ReadProgress } from './read-item';

/** One item that was read, with the actions that must apply to that item and no other. */
export interface CheckedItem {
  message: NormalisedMessage;
  /** Shows (or clears) the item's notification bar for this verdict. */
  notify(verdict: Pick<Verdict, 'level'>, lang: Lang, notifyLevels: readonly Severity[]): Promise<void>;
  /** Opens a draft to the security team with this item attached. Sends nothing. */
  report(address: string, verdict: Verdict, lang: Lang): Promise<OfficeResult<void>>;
}

export interface MailHost {
  /** The client's UI language (e.g. ja-JP), if known. */
  displayLanguage?: string;
  /** The client uses a dark theme. */
  dark: boolean;
  /** The client can open a pre-filled draft (Mailbox 1.9). */
  canReport: boolean;
  /** Reads the selected item; null when no single message is selected. Never rejects. */
  readCurrent(onProgress?: (p: ReadProgress) => void): Promise<CheckedItem | null>;
  /** Calls `handler` when the selection changes in a pinned pane. Resolves false if unsupported. */
  onItemChanged(handler: () => void): Promise<boolean>;
}

/** Notification key: one per add-in, so each verdict replaces the last (docs §4.2). */
export const NOTIFICATION_KEY = 'mfg-verdict';
/** Outlook rejects notification text longer than this (ArgumentOutOfRange). */
export const MAX_NOTIFICATION_CHARS = 150;
/** `bt:Image` id from manifest.xml; InformationalMessage requires one in read mode. */
export const NOTIFICATION_ICON_ID = 'Icon.16x16';
/** displayNewMessageFormAsync rejects subjects longer than this. */
export const MAX_REPORT_SUBJECT_CHARS = 255;
/** displayNewMessageFormAsync rejects bodies over 32 KB; keep well under with room for markup. */
export const MAX_REPORT_BODY_CHARS = 24_000;
/** EWS item ids longer than this are rejected as attachments of a new form. */
export const MAX_ATTACH_ITEM_ID_CHARS = 100;

export function createOfficeHost(deps: Partial<ReadItemDeps> = {}): MailHost {
  const ctx = safe(() => Office.context);
  const mailbox = safe(() => ctx?.mailbox) ?? null;
  const isSet = (v: string): boolean => safe(() => ctx?.requirements?.isSetSupported('Mailbox', v)) === true;
  const language = safe(() => ctx?.displayLanguage);
  return {
    ...(typeof language === 'string' ? { displayLanguage: language } : {}),
    dark: isDarkTheme(safe(() => ctx?.officeTheme)),
    canReport: isSet('1.9') && typeof safe(() => mailbox?.displayNewMessageFormAsync) === 'function',
    async readCurrent(onProgress) {
      const item = currentItem(mailbox);
      if (!item) return null;
      const message = await readItem(mailbox, onProgress, { isMailboxSetSupported: isSet, ...deps }, item);
      if (!message) return null;
      return {
        message,
        notify: (verdict, lang, levels) => notifyItem(item, isSet('1.3'), verdict.level, lang, levels),
        report: (address, verdict, lang) => reportToSecurity(mailbox, address, verdict, lang, message),
      };
    },
    async onItemChanged(handler) {
      const add = safe(() => mailbox?.addHandlerAsync);
      if (!mailbox || typeof add !== 'function' || !isSet('1.5')) return false;
      const eventType = safe(() => Office.EventType.ItemChanged) ?? 'olkItemSelectedChanged';
      const r = await callOffice<void>((cb) =>
        add.call(mailbox, eventType as Office.EventType, () => {
          try {
            handler();
          } catch {
            // The handler runs from Office's stack; nothing may escape into it.
          }
        }, cb as never),
      );
      return r.ok;
    },
  };
}

/** Dark when the client says so, or when its body background is dark. */
export function isDarkTheme(theme: { bodyBackgroundColor?: unknown; isDarkTheme?: unknown } | null | undefined): boolean {
  if (!theme) return false;
  if (typeof theme.isDarkTheme === 'boolean') return theme.isDarkTheme;
  const m = typeof theme.bodyBackgroundColor === 'string' ? /^#?([0-9a-f]{6})$/i.exec(theme.bodyBackgroundColor.trim()) : null;
  if (!m || !m[1]) return false;
  const n = parseInt(m[1], 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  // Rec. 709 luma; below the midpoint reads as a dark background.
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128;
}

/** The notification text: short, in the reader's language, pointing at the pane. */
export function notificationText(level: Level, lang: Lang): string {
  const tail = lang === 'ja' ? '詳しくは MirrorFace Guard の作業ウィンドウを確認してください。' : 'See the MirrorFace Guard pane for details.';
  const text = `MirrorFace Guard: ${LEVEL_LABEL[level][lang]}. ${tail}`;
  return text.length <= MAX_NOTIFICATION_CHARS ? text : `${text.slice(0, MAX_NOTIFICATION_CHARS - 1)}…`;
}

interface NotificationsLike {
  replaceAsync?: (key: string, details: unknown, callback: (r: never) => void) => void;
  removeAsync?: (key: string, callback: (r: never) => void) => void;
}

async function notifyItem(item: unknown, supported: boolean, level: Level, lang: Lang, levels: readonly Severity[]): Promise<void> {
  const n = safe(() => (item as { notificationMessages?: NotificationsLike }).notificationMessages);
  if (!supported || !n) return;
  const wanted = level !== 'none' && levels.includes(level);
  if (!wanted) {
    const remove = n.removeAsync;
    // Clears a bar left by an earlier check of this item; "no such key" is fine.
    if (typeof remove === 'function') await callOffice<void>((cb) => remove.call(n, NOTIFICATION_KEY, cb as never));
    return;
  }
  const replace = n.replaceAsync;
  if (typeof replace !== 'function') return;
  const message = notificationText(level, lang);
  // ErrorMessage takes no icon or persistent flag (they throw); read-mode InformationalMessage
  // needs both (docs/addin-ecosystem.md §4.2).
  const details =
    level === 'high' || level === 'critical'
      ? { type: enumValue(() => Office.MailboxEnums.ItemNotificationMessageType.ErrorMessage, 'errorMessage'), message }
      : {
          type: enumValue(() => Office.MailboxEnums.ItemNotificationMessageType.InformationalMessage, 'informationalMessage'),
          message,
          icon: NOTIFICATION_ICON_ID,
          persistent: true,
        };
  await callOffice<void>((cb) => replace.call(n, NOTIFICATION_KEY, details, cb as never));
}

/**
 * Opens a new-message form to the security team with the item attached and a plain summary.
 * The user reviews and sends it; nothing is sent from here.
 */
export async function reportToSecurity(
  mailbox: Office.Mailbox | null,
  address: string,
  verdict: Verdict,
  lang: Lang,
  message?: NormalisedMessage,
): Promise<OfficeResult<void>> {
  const open = safe(() => mailbox?.displayNewMessageFormAsync);
  if (!mailbox || typeof open !== 'function') return { ok: false, code: 'api-unsupported', detail: 'displayNewMessageFormAsync (Mailbox 1.9)' };
  const params = reportForm(address, verdict, lang, message ?? null);
  return callOffice<void>((cb) => open.call(mailbox, params as never, cb as never));
}

export interface ReportForm {
  toRecipients: string[];
  subject: string;
  htmlBody: string;
  attachments: Array<{ type: 'item'; itemId: string; name: string }>;
}

/** The draft's fields; pure, so the escaping and limits are tested directly. */
export function reportForm(address: string, verdict: Verdict, lang: Lang, message: NormalisedMessage | null): ReportForm {
  const subjectOf = message?.subject ?? '';
  const subject = `[MirrorFace Guard] ${verdict.level} ${oneLine(subjectOf)}`.slice(0, MAX_REPORT_SUBJECT_CHARS);
  const lines: string[] = [];
  lines.push(lang === 'ja' ? '標的型メールの疑いがあるため報告します（MirrorFace Guard による自動要約）。' : 'Reporting a suspected targeted e-mail (summary written by MirrorFace Guard).');
  lines.push('');
  lines.push(`Level: ${verdict.level} (${LEVEL_LABEL[verdict.level][lang]}), score ${verdict.score}`);
  if (message) {
    lines.push(`Subject: ${oneLine(message.subject)}`);
    if (message.from) lines.push(`From: ${oneLine(message.from.name)} <${oneLine(message.from.address)}>`);
    if (message.date) lines.push(`Date: ${message.date}`);
  }
  lines.push('');
  lines.push('Rules:');
  for (const f of verdict.findings) {
    lines.push(`- ${f.rule} [${f.severity}] ${f.title.en}`);
    for (const e of f.evidence.slice(0, 5)) lines.push(`    ${e.field}: ${e.display}`);
  }
  if (verdict.findings.length === 0) lines.push('- (none)');
  const hashed = (message?.attachments ?? []).filter((a) => a.hashes);
  if (hashed.length > 0) {
    lines.push('', 'Attachment SHA-256:');
    for (const a of hashed) lines.push(`- ${oneLine(a.name)}: ${a.hashes?.sha256 ?? ''}`);
  }
  if (verdict.incomplete.length > 0) {
    lines.push('', 'Not checked:');
    for (const i of verdict.incomplete.slice(0, 20)) lines.push(`- ${i.code}${i.where ? ` (${oneLine(i.where)})` : ''}`);
  }
  let text = lines.join('\n');
  if (text.length > MAX_REPORT_BODY_CHARS) text = `${text.slice(0, MAX_REPORT_BODY_CHARS)}\n…`;
  const itemId = message?.origin.itemId;
  const attachments =
    itemId && itemId.length <= MAX_ATTACH_ITEM_ID_CHARS
      ? [{ type: 'item' as const, itemId, name: (oneLine(message?.subject ?? '') || 'reported message').slice(0, 100) }]
      : [];
  return { toRecipients: [address], subject, htmlBody: `<pre>${escapeHtml(text)}</pre>`, attachments };
}

/** Everything from the message is hostile text; the form body is HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function oneLine(s: string): string {
  return s.replace(/[\r\n\t\u2028\u2029]+/g, ' ').trim();
}

function enumValue<T>(get: () => T, fallback: string): T | string {
  return safe(get) ?? fallback;
}

function safe<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}
