/**
 * From a parsed message and its verdict to the version-2 record (see record-schema.ts). Pure.
 *
 * Split in two so the costly half can run where the message is: {@link describeMessage} reads
 * the normalised message once, right after parsing, into plain data (no class instances, so it
 * can cross a worker boundary); {@link toRecordJson} then adds the verdict in the report language.
 */
import type { Attachment, ArchiveEntry, Lang, Mailbox, NormalisedMessage, Pack, Verdict } from '../engine/types';
import { evidenceText, incompleteWhere } from '../engine';
import { t } from '../i18n/messages';
import {
  RECORD_SCHEMA_VERSION,
  type AttachmentJson,
  type AuthenticationJson,
  type IndicatorJson,
  type MailboxJson,
  type ScanRecordJson,
  type SourceJson,
  type UrlJson,
} from './record-schema';

/** What a record says about the message itself, independent of the verdict and the language. */
export interface MessageFacts {
  message_id: string | null;
  date: string | null;
  from: MailboxJson | null;
  reply_to: MailboxJson[];
  to: MailboxJson[];
  cc: MailboxJson[];
  subject: string | null;
  authentication: AuthenticationJson;
  attachments: AttachmentJson[];
  urls: UrlJson[];
}

/** One message's outcome (or one file's failure) as the CLI reports it. */
export interface ScanRecord {
  file: string;
  /** Position inside the file, from 0; 0 for single-message files. */
  index: number;
  /** The file held more than one message (print "#index" for people). */
  multi: boolean;
  /** Folder inside a .pst/.ost, or the entry inside a --unzip'ed archive. */
  folder?: string;
  facts?: MessageFacts;
  verdict?: Verdict;
  /** Why the file or message could not be checked at all; a record with error has no verdict. */
  error?: string;
  /** The file is not mail (a LICENSE, an empty file): counted and noted, never written as a record. */
  skipped?: string;
}

const mailbox = (m: Mailbox): MailboxJson => ({ name: m.name, address: m.address });

function header(message: NormalisedMessage, name: string): string | undefined {
  for (const h of message.headers) if (h.name.length === name.length && h.name.toLowerCase() === name) return h.value;
  return undefined;
}

/** RFC 5322 obsolete zone names, and JST, which Japanese mailers still write. */
const ZONES: Record<string, number> = { UT: 0, GMT: 0, Z: 0, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420, JST: 540 };

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * ISO 8601 in the sender's own UTC offset ("2025-03-05T09:00:00+09:00"), so an analyst sees the
 * local time the sender's clock claimed as well as the instant. A date without a zone (or with
 * RFC 5322's "-0000", unknown zone) is given in UTC. null when the date does not parse.
 */
export function dateWithOffset(raw: string | undefined, fallbackIso?: string): string | null {
  let value = raw?.trim();
  let instant = value ? Date.parse(value) : NaN;
  if (value && !Number.isFinite(instant)) {
    // JavaScript knows the RFC 5322 zone names but not JST: write it as an offset and retry.
    const named = /\b([A-Z]{2,3})\s*$/i.exec(value);
    const minutes = named ? ZONES[named[1]!.toUpperCase()] : undefined;
    if (named && minutes !== undefined) {
      const a = Math.abs(minutes);
      value = `${value.slice(0, named.index)}${minutes < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}${pad(a % 60)}`;
      instant = Date.parse(value);
    }
  }
  if (!Number.isFinite(instant)) {
    if (!fallbackIso) return null;
    const f = Date.parse(fallbackIso);
    return Number.isFinite(f) ? new Date(f).toISOString().replace(/\.000Z$/, 'Z') : null;
  }
  let offset = 0;
  const numeric = /([+-])(\d{2}):?(\d{2})\s*(?:\([^)]*\)\s*)?$/.exec(value ?? '');
  if (numeric) offset = (numeric[1] === '-' ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[3]));
  else {
    const named = /\b([A-Z]{1,3})\s*(?:\([^)]*\)\s*)?$/i.exec(value ?? '');
    offset = named ? (ZONES[named[1]!.toUpperCase()] ?? 0) : 0;
  }
  if (Math.abs(offset) > 14 * 60) offset = 0;
  const local = new Date(instant + offset * 60_000);
  if (!Number.isFinite(local.getTime())) return null;
  const iso = local.toISOString().slice(0, 19);
  if (offset === 0) return `${iso}Z`;
  const a = Math.abs(offset);
  return `${iso}${offset < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** The first result per method: the top-most Authentication-Results, written by the receiving server. */
function authentication(message: NormalisedMessage): AuthenticationJson {
  const out: AuthenticationJson = { spf: null, dkim: null, dmarc: null };
  for (const r of message.auth) {
    const m = r.method.toLowerCase();
    if ((m === 'spf' || m === 'dkim' || m === 'dmarc') && out[m] === null) out[m] = r.result;
  }
  return out;
}

function hostOf(url: string): string | null {
  try {
    const h = new URL(url).hostname.toLowerCase();
    return h === '' ? null : h;
  } catch {
    return null;
  }
}

function fileFacts(path: string, name: string, size: number, declared: string | null, f: Attachment | ArchiveEntry, encryptedEntry: boolean): AttachmentJson {
  const read = f.sniffedType !== undefined;
  const archiveEncrypted = 'archive' in f && f.archive ? f.archive.encrypted : false;
  return {
    path,
    name,
    size,
    declared_type: declared,
    sniffed_type: f.sniffedType ?? null,
    sha256: f.hashes?.sha256 ?? null,
    sha1: f.hashes?.sha1 ?? null,
    md5: f.hashes?.md5 ?? null,
    encrypted: encryptedEntry || archiveEncrypted || f.office?.encrypted === true ? true : read ? false : null,
    macros: f.office ? f.office.macros : read ? false : null,
  };
}

function addEntries(out: AttachmentJson[], prefix: string, entries: readonly ArchiveEntry[]): void {
  for (const e of entries) {
    const p = `${prefix}/${e.path}`;
    const name = e.path.split('/').filter((s) => s !== '').pop() ?? e.path;
    out.push(fileFacts(p, name, e.size, null, e, e.encrypted));
    if (e.archive) addEntries(out, p, e.archive.entries);
  }
}

/**
 * Every file the message carries, depth first: each attachment, then what is inside it; then the
 * files of each attached message (forwarded mail, a bounce's returned message, a .msg in a .msg),
 * their path starting with the chain of attached messages.
 */
function attachments(message: NormalisedMessage, prefix = '', out: AttachmentJson[] = []): AttachmentJson[] {
  for (const a of message.attachments) {
    const p = prefix + a.name;
    out.push(fileFacts(p, a.name, a.size, a.contentType || null, a, false));
    if (a.archive) addEntries(out, p, a.archive.entries);
  }
  for (const am of message.attachedMessages ?? []) attachments(am.message, `${am.path.join('/')}/`, out);
  return out;
}

/** Every link, in the message and in the messages attached to it. */
function urls(message: NormalisedMessage, out: UrlJson[] = []): UrlJson[] {
  for (const l of message.links) out.push({ url: l.href, host: hostOf(l.href), text: l.text });
  for (const am of message.attachedMessages ?? []) urls(am.message, out);
  return out;
}

/** Reads the message once into the record's message fields. */
export function describeMessage(message: NormalisedMessage): MessageFacts {
  const messageId = header(message, 'message-id')?.trim();
  return {
    message_id: messageId ? messageId : null,
    date: dateWithOffset(header(message, 'date'), message.date),
    from: message.from ? mailbox(message.from) : null,
    reply_to: message.replyTo.map(mailbox),
    to: message.to.map(mailbox),
    cc: message.cc.map(mailbox),
    subject: message.headers.length > 0 || message.subject !== '' ? message.subject : null,
    authentication: authentication(message),
    attachments: attachments(message),
    urls: urls(message),
  };
}

/**
 * Where each administrator indicator came from, by stored value, so a finding on an `admin-*`
 * list can say which line of which `--iocs` file matched.
 */
export type IndicatorIndex = ReadonlyMap<string, IndicatorJson>;

export function indicatorIndex(pack: Pack): IndicatorIndex {
  const index = new Map<string, IndicatorJson>();
  for (const list of pack.lists) {
    if (!list.id.startsWith('admin-')) continue;
    for (const e of list.entries) if (e.origin && !index.has(e.value)) index.set(e.value, { file: e.origin.file, line: e.origin.line, value: e.value });
  }
  return index;
}

/** The indicator values an evidence value could have matched: the value, its host and parents, its hashes. */
function candidates(value: string): string[] {
  const out = new Set<string>([value, value.toLowerCase()]);
  for (const h of value.match(/\b[0-9a-f]{64}\b|\b[0-9a-f]{40}\b|\b[0-9a-f]{32}\b/gi) ?? []) out.add(h.toLowerCase());
  let host: string | null = null;
  if (value.includes('://')) {
    try {
      const u = new URL(value);
      out.add(u.href);
      out.add(`${u.origin}${u.pathname}`);
      host = u.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    } catch {
      host = null;
    }
  } else if (value.includes('@')) host = value.slice(value.lastIndexOf('@') + 1).toLowerCase();
  else host = value.toLowerCase();
  if (host) {
    const labels = host.replace(/\.$/, '').split('.');
    for (let i = 0; i < labels.length - 1; i++) out.add(labels.slice(i).join('.'));
  }
  return [...out];
}

function indicatorsFor(evidence: readonly { value: string }[], index: IndicatorIndex): IndicatorJson[] {
  if (index.size === 0) return [];
  const out = new Map<string, IndicatorJson>();
  for (const e of evidence) {
    for (const c of candidates(e.value)) {
      const hit = index.get(c);
      if (hit) out.set(`${hit.file}:${hit.line}`, hit);
    }
  }
  return [...out.values()];
}

/** What a report needs from the pack, prepared once per run. */
export interface RecordContext {
  pack: Pack;
  lang: Lang;
  indicators: IndicatorIndex;
  /** Rules that read only administrator lists: their findings cite the administrator, not a report. */
  adminRules: ReadonlySet<string>;
  sources: ReadonlyMap<string, SourceJson>;
}

export const ADMIN_SOURCE: SourceJson = { id: 'admin', title: "Your organisation's own indicator files (--iocs)", publisher: 'administrator', date: '', url: '' };

export function recordContext(pack: Pack, lang: Lang): RecordContext {
  const adminRules = new Set<string>();
  for (const r of pack.rules) {
    const lists = r.params.lists;
    if (Array.isArray(lists) && lists.length > 0 && lists.every((l) => typeof l === 'string' && l.startsWith('admin-'))) adminRules.add(r.id);
  }
  const sources = new Map<string, SourceJson>([[ADMIN_SOURCE.id, ADMIN_SOURCE]]);
  for (const s of pack.sources) sources.set(s.id, { id: s.id, title: s.title, publisher: s.publisher, date: s.date, url: s.url });
  return { pack, lang, indicators: indicatorIndex(pack), adminRules, sources };
}

const NO_FACTS: MessageFacts = {
  message_id: null,
  date: null,
  from: null,
  reply_to: [],
  to: [],
  cc: [],
  subject: null,
  authentication: { spf: null, dkim: null, dmarc: null },
  attachments: [],
  urls: [],
};

export function toRecordJson(record: ScanRecord, ctx: RecordContext): ScanRecordJson {
  const head = { schema: RECORD_SCHEMA_VERSION, file: record.file, index: record.index, folder: record.folder ?? null };
  const facts = record.facts ?? NO_FACTS;
  const v = record.verdict;
  if (!v || record.error !== undefined) {
    const error = record.error ?? 'no verdict';
    return {
      ...head,
      ...facts,
      level: null,
      score: null,
      findings: [],
      sources: [],
      guidance: [],
      incomplete: [{ code: 'parse-error', where: null, detail: error }],
      error,
    };
  }
  const cited = new Set<string>();
  const findings = v.findings.map((f) => {
    const admin = ctx.adminRules.has(f.rule);
    const sources = admin ? [ADMIN_SOURCE.id] : f.sources;
    for (const s of sources) cited.add(s);
    return {
      rule: f.rule,
      severity: f.severity,
      category: f.category,
      title: t(f.title, ctx.lang),
      // display carries the attached-message path ("attached message “fwd.eml” › …") when there is one.
      evidence: f.evidence.map((e) => ({ field: e.field, value: e.value, display: evidenceText(e, ctx.lang) })),
      sources,
      guidance: f.guidance,
      indicators: admin ? indicatorsFor(f.evidence, ctx.indicators) : [],
    };
  });
  return {
    ...head,
    ...facts,
    level: v.level,
    score: v.score,
    findings,
    sources: [...cited].map((id) => ctx.sources.get(id) ?? { id, title: '', publisher: '', date: '', url: '' }),
    guidance: v.guidance,
    incomplete: v.incomplete.map((i) => ({ code: i.code, where: incompleteWhere(i, ctx.lang) ?? null, detail: i.detail ?? null })),
    error: null,
  };
}

/**
 * One line of JSON. U+2028/U+2029 are legal inside JSON strings but some line readers split on
 * them, which would break the one-record-per-line promise; escaping them costs nothing.
 */
export function formatJsonl(record: ScanRecord, ctx: RecordContext): string {
  const json = JSON.stringify(toRecordJson(record, ctx));
  return (json.includes('\u2028') || json.includes('\u2029') ? json.replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`) : json) + '\n';
}
