/**
 * The Outlook host as the task pane sees it: a small port (MailHost) with the real Office
 * implementation. The pane never touches `Office` itself, so its components can be tested with
 * an in-memory host.
 */
import type { Lang, Level, NormalisedMessage, Severity, Verdict } from '../../engine/types';
import { INCOMPLETE_LABEL, LEVEL_ACTION_SHORT, LEVEL_LABEL, labelled, whereLabel } from '../../i18n/messages';
import { callOffice, type OfficeResult } from './office-async';
import { currentItem, readItem, type OnReadProgress, type ReadItemDeps, type ReadProgress } from './read-item';
import type { ReportContext } from './report-draft';

export type { OnReadProgress, ReadProgress } from './read-item';

/** One item that was read, with the actions that must apply to that item and no other. */
export interface CheckedItem {
  message: NormalisedMessage;
  /** Shows (or clears) the item's notification bar for this verdict. */
  notify(verdict: Pick<Verdict, 'level' | 'findings'>, lang: Lang, notifyLevels: readonly Severity[]): Promise<void>;
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
  /** `onProgress` as for readItem: the first report may return a promise the read waits for (bounded). */
  readCurrent(onProgress?: OnReadProgress): Promise<CheckedItem | null>;
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
        notify: (verdict, lang, levels) => notifyItem(item, isSet('1.3'), verdict, lang, levels),
        // The draft's builder loads only when the reader asks to report (its own chunk).
        report: async (address, verdict, lang) =>
          (await import(/* webpackChunkName: "report" */ './report-draft')).reportToSecurity(mailbox, address, verdict, lang, message, internetMessageId(item)),
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

function internetMessageId(item: unknown): ReportContext {
  const id = safe(() => (item as { internetMessageId?: unknown }).internetMessageId);
  return typeof id === 'string' && id.trim() !== '' ? { messageId: id.trim() } : {};
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

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/**
 * The information bar's text, in the reader's language and within Outlook's 150 characters: the
 * level, the main reason (the strongest finding's title) and the action, e.g.
 * 「危険（高）：フリーメールの…ZIP。開かずに情報セキュリティ担当へ報告」. Japanese uses
 * full-width punctuation throughout. The reason is shortened, never the level or the action.
 */
export function notificationText(verdict: Pick<Verdict, 'level' | 'findings'>, lang: Lang): string {
  const level = LEVEL_LABEL[verdict.level][lang];
  const action = LEVEL_ACTION_SHORT[verdict.level][lang];
  const top = [...verdict.findings].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity])[0];
  const reason = top ? oneLine(top.title[lang]).replace(/[。.]+$/, '') : '';
  const build = (r: string): string =>
    lang === 'ja'
      ? `${level}${r ? `：${r}` : ''}。${action}`
      : `${level}${r ? `: ${r}` : ''}. ${action.charAt(0).toUpperCase()}${action.slice(1)}.`;
  let text = build(reason);
  if (text.length > MAX_NOTIFICATION_CHARS && reason) {
    const room = Math.max(0, reason.length - (text.length - MAX_NOTIFICATION_CHARS) - 1);
    text = build(`${[...reason].slice(0, room).join('')}…`);
  }
  return text.length <= MAX_NOTIFICATION_CHARS ? text : `${text.slice(0, MAX_NOTIFICATION_CHARS - 1)}…`;
}

interface NotificationsLike {
  replaceAsync?: (key: string, details: unknown, callback: (r: never) => void) => void;
  removeAsync?: (key: string, callback: (r: never) => void) => void;
}

async function notifyItem(item: unknown, supported: boolean, verdict: Pick<Verdict, 'level' | 'findings'>, lang: Lang, levels: readonly Severity[]): Promise<void> {
  const level = verdict.level;
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
  const message = notificationText(verdict, lang);
  // The most emphatic type every client allows for high and critical is ErrorMessage (Insight is
  // compose-only on the web, and mobile knows only Progress, Informational and Error). It takes
  // no icon or persistent flag (they throw); read-mode InformationalMessage needs both
  // (docs/addin-ecosystem.md §4.2).
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

export function oneLine(s: string): string {
  return s.replace(/[\r\n\t\u2028\u2029]+/g, ' ').trim();
}

function enumValue<T>(get: () => T, fallback: string): T | string {
  return safe(get) ?? fallback;
}

export function safe<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}
