/**
 * The report-to-security draft: a new-message form to the security team with the item attached
 * and a plain summary in the reader's language (the glossary's words, docs/glossary.md). The
 * reader reviews and sends it; nothing is sent from here. Loaded on demand (office-host.ts), only
 * when the reader asks to report.
 */
import type { Lang, NormalisedMessage, Verdict } from '../../engine/types';
import { INCOMPLETE_LABEL, LEVEL_LABEL, labelled, whereLabel } from '../../i18n/messages';
import { callOffice, type OfficeResult } from './office-async';
import { MAX_ATTACH_ITEM_ID_CHARS, MAX_REPORT_BODY_CHARS, MAX_REPORT_SUBJECT_CHARS, oneLine, safe } from './office-host';

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
  ctx: ReportContext = {},
): Promise<OfficeResult<void>> {
  const open = safe(() => mailbox?.displayNewMessageFormAsync);
  if (!mailbox || typeof open !== 'function') return { ok: false, code: 'api-unsupported', detail: 'displayNewMessageFormAsync (Mailbox 1.9)' };
  const params = reportForm(address, verdict, lang, message ?? null, ctx);
  return callOffice<void>((cb) => open.call(mailbox, params as never, cb as never));
}

export interface ReportForm {
  toRecipients: string[];
  subject: string;
  htmlBody: string;
  attachments: Array<{ type: 'item'; itemId: string; name: string }>;
}

/** The draft's words, in the glossary's terms (docs/glossary.md). */
const DRAFT = {
  intro: {
    ja: '標的型メールの疑いがあるため報告します。以下は MirrorFace Guard による要約です。元のメールを添付しています。',
    en: 'I am reporting a suspected targeted e-mail. The summary below was written by MirrorFace Guard; the original message is attached.',
  },
  level: { ja: '危険度', en: 'Level' },
  messageId: { ja: 'Message-ID', en: 'Message-ID' },
  from: { ja: '差出人', en: 'From' },
  subject: { ja: '件名', en: 'Subject' },
  date: { ja: '受信日時', en: 'Date' },
  rules: { ja: '理由（ルール ID）', en: 'Reasons (rule ids)' },
  none: { ja: '（なし）', en: '(none)' },
  hashes: { ja: '添付ファイルのハッシュ', en: 'Attachment hashes' },
  notChecked: { ja: '確認できなかった項目', en: 'Not checked' },
  unknown: { ja: '（不明）', en: '(unknown)' },
  fallbackName: { ja: '報告するメール', en: 'reported message' },
} as const;

/** An ISO date in the reader's time zone and language, with the zone named. */
export function readerDate(iso: string, lang: Lang, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'short',
      ...(timeZone ? { timeZone } : {}),
    }).format(d);
  } catch {
    return iso;
  }
}

export interface ReportContext {
  /** The item's Internet Message-ID (item.internetMessageId), when the client gives it. */
  messageId?: string;
  /** IANA zone for the date; the reader's own when absent (tests pin it). */
  timeZone?: string;
}

/** The draft's fields; pure, so the escaping, language and limits are tested directly. */
export function reportForm(address: string, verdict: Verdict, lang: Lang, message: NormalisedMessage | null, ctx: ReportContext = {}): ReportForm {
  const w = (k: keyof typeof DRAFT): string => DRAFT[k][lang];
  const sep = lang === 'ja' ? '：' : ': ';
  const subjectOf = message?.subject ?? '';
  const subject = `[MirrorFace Guard] ${LEVEL_LABEL[verdict.level][lang]} ${oneLine(subjectOf)}`.slice(0, MAX_REPORT_SUBJECT_CHARS);
  const headerId = message?.headers.find((h) => h.name.toLowerCase() === 'message-id')?.value;
  const messageId = oneLine(ctx.messageId || headerId || '') || w('unknown');
  const lines: string[] = [];
  lines.push(w('intro'), '');
  lines.push(`${w('level')}${sep}${LEVEL_LABEL[verdict.level][lang]}`);
  lines.push(`${w('messageId')}${sep}${messageId}`);
  if (message) {
    lines.push(`${w('from')}${sep}${message.from ? `${oneLine(message.from.name)} <${oneLine(message.from.address)}>` : w('unknown')}`);
    lines.push(`${w('subject')}${sep}${oneLine(message.subject)}`);
    lines.push(`${w('date')}${sep}${message.date ? readerDate(message.date, lang, ctx.timeZone) : w('unknown')}`);
  }
  lines.push('', `${w('rules')}${sep}`);
  for (const f of verdict.findings) {
    lines.push(lang === 'ja' ? `- ${f.title.ja}（${f.rule}）` : `- ${f.title.en} (${f.rule})`);
    for (const e of f.evidence.slice(0, 5)) lines.push(`    ${labelled(e.field, e.display, lang)}`);
  }
  if (verdict.findings.length === 0) lines.push(`- ${w('none')}`);
  const hashed = (message?.attachments ?? []).filter((a) => a.hashes);
  if (hashed.length > 0) {
    lines.push('', `${w('hashes')}${sep}`);
    for (const a of hashed) {
      lines.push(`- ${oneLine(a.name)}`);
      if (a.hashes?.sha256) lines.push(`    SHA-256${sep}${a.hashes.sha256}`);
      if (a.hashes?.sha1) lines.push(`    SHA-1${sep}${a.hashes.sha1}`);
      if (a.hashes?.md5) lines.push(`    MD5${sep}${a.hashes.md5}`);
    }
  }
  if (verdict.incomplete.length > 0) {
    lines.push('', `${w('notChecked')}${sep}`);
    const seen = new Set<string>();
    for (const i of verdict.incomplete) {
      const line = `- ${INCOMPLETE_LABEL[i.code]?.[lang] ?? i.code}${i.where ? (lang === 'ja' ? `（${oneLine(whereLabel(i.where, lang))}）` : ` (${oneLine(whereLabel(i.where, lang))})`) : ''}`;
      if (seen.has(line) || seen.size >= 20) continue;
      seen.add(line);
      lines.push(line);
    }
  }
  let text = lines.join('\n');
  if (text.length > MAX_REPORT_BODY_CHARS) text = `${text.slice(0, MAX_REPORT_BODY_CHARS)}\n…`;
  const itemId = message?.origin.itemId;
  const attachments =
    itemId && itemId.length <= MAX_ATTACH_ITEM_ID_CHARS
      ? [{ type: 'item' as const, itemId, name: (oneLine(message?.subject ?? '') || w('fallbackName')).slice(0, 100) }]
      : [];
  return { toRecipients: [address], subject, htmlBody: `<pre>${escapeHtml(text)}</pre>`, attachments };
}

/** Everything from the message is hostile text; the form body is HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
