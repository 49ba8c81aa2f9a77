/**
 * Builds the per-message view every detector reads: a sanitised copy of the message (hostile
 * input may have any shape), normalised subject and body, links from HTML and from (refanged)
 * body text, a flat walk over attachments and archive entries, and the trusted slice of
 * Authentication-Results.
 */
import type {
  Attachment,
  ArchiveEntry,
  AuthResult,
  FileKind,
  Hashes,
  Header,
  Incomplete,
  Link,
  Mailbox,
  MarkupInfo,
  NormalisedMessage,
  OfficeInfo,
  PeInfo,
  Policy,
} from './types';
import type { CompiledList, CompiledPack, KeywordIndex } from './compile';
import type { KeywordHit } from './keyword-matcher';
import { matchDomainList } from './compile';
import { addressDomain, asciiWordAt } from './domain';
import type { HostInfo } from './domain';
import { fileExtensions, isWhitespaceUnit, normaliseText, refang } from './text';

/**
 * Body characters scanned for keywords, URLs and indicators. Real lures are short; a hostile
 * multi-megabyte body must not make the pane hang. Truncation is reported as incomplete.
 */
export const MAX_BODY_SCAN_CHARS = 100_000;
/** Links examined per message; newsletters have a few hundred, more is padding or an attack on us. */
export const MAX_LINKS = 1_000;
/** Attachments examined per message (hostile arrays can be huge). */
export const MAX_ATTACHMENTS = 500;
/** Files walked across all archives of one message, nested entries included. */
export const MAX_FILE_ITEMS = 10_000;
/** Archive nesting followed; adapters already limit depth, this guards against cyclic objects. */
export const MAX_ARCHIVE_DEPTH = 16;
/** Headers read; a real message has well under a thousand. */
export const MAX_HEADERS = 5_000;
/** Authentication-Results method entries read. */
export const MAX_AUTH = 500;
/** Recipients/Reply-To mailboxes read. */
export const MAX_MAILBOXES = 1_000;
/** Longest single string field we keep (names, hrefs); beyond this it is padding. */
export const MAX_FIELD_CHARS = 8_192;

export interface FileItem {
  field: 'attachment' | 'archive-entry';
  /** Name or archive path as given (raw). */
  name: string;
  /** Extensions of the base name after normalisation and padding removal (see fileExtensions). */
  exts: string[];
  /** The last of `exts`, or ''. */
  ext: string;
  /** Display path: `outer.zip > inner/file.lnk`. */
  where: string;
  sniffedType?: FileKind;
  hashes?: Hashes;
  office?: OfficeInfo;
  pe?: PeInfo;
  markup?: MarkupInfo;
  /** The entry itself is encrypted (archive entries), or the attachment is an encrypted archive. */
  encrypted: boolean;
  /** This item is an archive whose listing says it is password-protected. */
  encryptedArchive: boolean;
  /** This item is an archive that contradicts itself (see ArchiveListing.inconsistencies). */
  inconsistencies?: string[];
  /** A second name for the same entry (ArchiveEntry.altPath): only the name rules look at it. */
  altName?: true;
  depth: number;
}

export interface LinkItem {
  href: string;
  /** Refanged href for look-ups. */
  url: string;
  text: string;
  origin: Link['origin'] | 'body-text';
  info: HostInfo;
}

export interface BodyHost {
  host: string;
  isIp: boolean;
}

export interface DetectorContext {
  message: NormalisedMessage;
  pack: CompiledPack;
  policy: Policy;
  subjectNorm: string;
  /**
   * Normalised, refanged body (first MAX_BODY_SCAN_CHARS characters of the text body), built on
   * first call: most messages never need it.
   */
  bodyNorm(): string;
  /** The same slice, refanged but not normalised (for URL/IP extraction). */
  bodyRefanged: string;
  fromDomain: string;
  fromRegistrable: string;
  /** From is on a free-mail domain (pack list `freemail-domains`). */
  fromFreemail: boolean;
  /** List-Id/List-Post present or From rewritten as "X via List". */
  mailingList: boolean;
  files: readonly FileItem[];
  links: LinkItem[];
  /**
   * Host-like tokens and IPv4 addresses in the body text (refanged), lower-cased, for indicator
   * look-ups. Not validated against the suffix list: look-ups are exact set hits, so a token that
   * is not a real host simply matches nothing, and skipping tldts here keeps long bodies cheap.
   */
  bodyHosts: readonly BodyHost[];
  /** Results written by the nearest authserv-id only (see trustedAuth). */
  auth: AuthResult[];
  /** DMARC passed for the From domain at the nearest authserv-id. */
  dmarcPassForFrom: boolean;
  /** Anything encrypted among attachments/entries (or an adapter said so). */
  hasEncrypted: boolean;
  /** Engine-side incomplete notes (limits hit while building the context). */
  incomplete: Incomplete[];
  header(name: string): string[];
  /** hostInfo() through the compiled pack's host cache (shared across messages; pure in effect). */
  hostInfo(input: string): HostInfo;
  /** registrable() through the same cache. */
  registrable(hostOrAddress: string): string;
  /**
   * Hits of one keyword list in the normalised subject or body, from a single combined scan per
   * text (done on first use). `owner` is the entry index in that list.
   */
  keywordHits(listId: string, where: 'subject' | 'body'): readonly KeywordHit[];
}

/** Shared empty results (frozen: nothing may add to them). */
const NO_HITS: readonly KeywordHit[] = Object.freeze([]);
const NO_LISTS: ReadonlyMap<string, readonly KeywordHit[]> = new Map();

/** The combined scan's hits per list, with owners turned back into entry indices. */
function groupByList(kw: KeywordIndex, found: readonly KeywordHit[]): Map<string, KeywordHit[]> {
  const grouped = new Map<string, KeywordHit[]>();
  for (const h of found) {
    const id = kw.listIds[kw.listOf[h.owner] ?? -1];
    if (id === undefined) continue;
    const arr = grouped.get(id) ?? [];
    arr.push({ owner: kw.entryOf[h.owner] ?? -1, keyword: h.keyword, start: h.start });
    grouped.set(id, arr);
  }
  return grouped;
}

/** Keyword hits kept per list and text; enough to show evidence and count distinct entries. */
export const MAX_KEYWORD_HITS_PER_LIST = 200;

/** List id the combination model and sender checks use to recognise free-mail senders. */
export const FREEMAIL_LIST_ID = 'freemail-domains';

const str = (v: unknown, max = MAX_FIELD_CHARS): string => (typeof v === 'string' ? (v.length > max ? v.slice(0, max) : v) : '');
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** A mailbox with a lower-case, trimmed address; a well-formed one is kept as it is. */
function mailbox(v: unknown): Mailbox | undefined {
  if (!isObj(v)) return undefined;
  const { name, address } = v;
  if (isField(name) && isField(address) && address === address.toLowerCase().trim()) return v as unknown as Mailbox;
  return { name: str(name), address: str(address).toLowerCase().trim() };
}

function sanitiseAuth(a: unknown): AuthResult | undefined {
  if (!isObj(a)) return undefined;
  const props: Record<string, string> = {};
  if (isObj(a.props)) for (const [k, v] of Object.entries(a.props).slice(0, 50)) props[k.toLowerCase()] = str(v).toLowerCase();
  return { authservId: str(a.authservId).toLowerCase(), method: str(a.method).toLowerCase(), result: str(a.result).toLowerCase(), props };
}

function sanitiseIncomplete(i: unknown): Incomplete | undefined {
  if (!isObj(i)) return undefined;
  return { code: str(i.code) as Incomplete['code'], ...(typeof i.where === 'string' ? { where: i.where } : {}), ...(typeof i.detail === 'string' ? { detail: i.detail } : {}) };
}

function sanitiseHashes(v: unknown): Hashes | undefined {
  if (!isObj(v)) return undefined;
  return { sha256: str(v.sha256).toLowerCase(), sha1: str(v.sha1).toLowerCase(), md5: str(v.md5).toLowerCase() };
}

function sanitiseOffice(v: unknown): OfficeInfo | undefined {
  if (!isObj(v)) return undefined;
  const o: OfficeInfo = { macros: v.macros === true, encrypted: v.encrypted === true, container: v.container === 'ole' ? 'ole' : 'ooxml' };
  if (typeof v.externalTemplate === 'string') o.externalTemplate = str(v.externalTemplate);
  if (v.defaultPassword === true) o.defaultPassword = true;
  return o;
}

function sanitisePe(v: unknown): PeInfo | undefined {
  if (!isObj(v)) return undefined;
  const sfx = v.sfx;
  return { sfx: sfx === 'rar' || sfx === '7z' || sfx === 'zip' || sfx === 'cab' ? sfx : null };
}

/**
 * The first `max` items of `v` (any value; not an array reads as empty) through `each`, dropping
 * those it maps to undefined. When every item comes back as itself (the adapters' output, nearly
 * always) the input array is returned as it is, so well-formed messages are checked, not copied.
 */
function sanitiseItems<T>(v: unknown, max: number, each: (x: unknown) => T | undefined): T[] {
  if (!Array.isArray(v)) return [];
  const n = Math.min(v.length, max);
  let out: T[] | undefined;
  for (let i = 0; i < n; i++) {
    const x: unknown = v[i];
    const y = each(x);
    if (out) {
      if (y !== undefined) out.push(y);
    } else if (y !== x || y === undefined) {
      out = v.slice(0, i) as T[];
      if (y !== undefined) out.push(y);
    }
  }
  return out ?? ((n === v.length ? v : v.slice(0, n)) as T[]);
}

const isField = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_FIELD_CHARS;

function sanitiseHeader(h: unknown): Header | undefined {
  if (!isObj(h)) return undefined;
  return isField(h.name) && isField(h.value) ? (h as unknown as Header) : { name: str(h.name), value: str(h.value) };
}

function sanitiseLink(l: unknown): Link | undefined {
  if (!isObj(l)) return undefined;
  if (isField(l.href) && isField(l.text) && (l.origin === 'html' || l.origin === 'text')) return l as unknown as Link;
  return { href: str(l.href), text: str(l.text), origin: l.origin === 'html' ? 'html' : 'text' };
}

/** A well-formed version of whatever the adapter (or an attacker) handed us. */
export function sanitiseMessage(input: unknown): { message: NormalisedMessage; incomplete: Incomplete[] } {
  const m = isObj(input) ? input : {};
  const incomplete: Incomplete[] = [];
  const origin = isObj(m.origin) ? m.origin : {};
  const kind = origin.kind === 'msg' || origin.kind === 'mbox' || origin.kind === 'office' ? origin.kind : 'eml';
  const linksRaw = Array.isArray(m.links) ? m.links : [];
  if (linksRaw.length > MAX_LINKS) {
    incomplete.push({ code: 'time-budget', where: 'links', detail: `only the first ${MAX_LINKS} of ${linksRaw.length} links were checked` });
  }
  const attRaw = Array.isArray(m.attachments) ? m.attachments : [];
  if (attRaw.length > MAX_ATTACHMENTS) {
    incomplete.push({ code: 'time-budget', where: 'attachments', detail: `only the first ${MAX_ATTACHMENTS} of ${attRaw.length} attachments were checked` });
  }
  const message: NormalisedMessage = {
    origin: { kind, ...(typeof origin.itemId === 'string' ? { itemId: origin.itemId } : {}) },
    replyTo: sanitiseItems(m.replyTo, MAX_MAILBOXES, mailbox),
    to: sanitiseItems(m.to, MAX_MAILBOXES, mailbox),
    cc: sanitiseItems(m.cc, MAX_MAILBOXES, mailbox),
    subject: str(m.subject),
    text: typeof m.text === 'string' ? m.text : '',
    links: sanitiseItems(linksRaw, MAX_LINKS, sanitiseLink),
    attachments: sanitiseItems(attRaw, MAX_ATTACHMENTS, (a) => (isObj(a) ? (a as unknown as Attachment) : undefined)),
    headers: sanitiseItems(m.headers, MAX_HEADERS, sanitiseHeader),
    auth: sanitiseItems(m.auth, MAX_AUTH, sanitiseAuth),
    incomplete: sanitiseItems(m.incomplete, MAX_HEADERS, sanitiseIncomplete),
  };
  const from = mailbox(m.from);
  if (from) message.from = from;
  const sender = mailbox(m.sender);
  if (sender) message.sender = sender;
  if (typeof m.date === 'string') message.date = m.date;
  return { message, incomplete };
}

/** Smuggling markers kept per file; the detector shows a few, and the list is attacker-sized. */
const MAX_MARKERS = 16;

function sanitiseMarkup(v: unknown): MarkupInfo | undefined {
  if (!isObj(v)) return undefined;
  const smuggling = Array.isArray(v.smuggling) ? v.smuggling.filter((x): x is string => typeof x === 'string').slice(0, MAX_MARKERS).map((x) => str(x, 200)) : [];
  return { script: v.script === true, smuggling };
}

const NO_FILES: readonly FileItem[] = Object.freeze([]);

function walkFiles(attachments: Attachment[], incomplete: Incomplete[]): readonly FileItem[] {
  if (attachments.length === 0) return NO_FILES;
  const out: FileItem[] = [];
  let capped = false;
  const visit = (e: ArchiveEntry | Attachment, field: FileItem['field'], prefix: string, depth: number, parentEncrypted: boolean): void => {
    if (out.length >= MAX_FILE_ITEMS) {
      capped = true;
      return;
    }
    const name = str('path' in e ? e.path : (e as Attachment).name);
    const where = prefix ? `${prefix} > ${name}` : name;
    const listing = isObj(e.archive) ? e.archive : undefined;
    const entries = listing && Array.isArray(listing.entries) ? listing.entries : [];
    const encryptedArchive = !!listing && (listing.encrypted === true || entries.some((x) => isObj(x) && x.encrypted === true));
    const exts = fileExtensions(name);
    const item: FileItem = {
      field,
      name,
      exts,
      ext: exts[exts.length - 1] ?? '',
      where,
      encrypted: ('encrypted' in e && (e as ArchiveEntry).encrypted === true) || parentEncrypted,
      encryptedArchive,
      depth,
    };
    if (typeof e.sniffedType === 'string') item.sniffedType = e.sniffedType;
    const hashes = sanitiseHashes(e.hashes);
    if (hashes) item.hashes = hashes;
    const office = sanitiseOffice(e.office);
    if (office) item.office = office;
    const pe = sanitisePe(e.pe);
    if (pe) item.pe = pe;
    const lies = listing && Array.isArray(listing.inconsistencies) ? listing.inconsistencies.filter((x) => typeof x === 'string').slice(0, 16).map(str) : [];
    if (lies.length) item.inconsistencies = lies;
    const markup = sanitiseMarkup(e.markup);
    if (markup) item.markup = markup;
    out.push(item);
    // The other name of the same file: its own name facts, with the real type for type checks, and nothing that would count the file twice.
    const alt = 'altPath' in e && typeof e.altPath === 'string' ? str(e.altPath) : '';
    if (alt && alt !== name && out.length < MAX_FILE_ITEMS) {
      const altExts = fileExtensions(alt);
      const other: FileItem = { field, name: alt, exts: altExts, ext: altExts[altExts.length - 1] ?? '', where: prefix ? `${prefix} > ${alt}` : alt, encrypted: item.encrypted, encryptedArchive: false, depth, altName: true };
      if (item.sniffedType) other.sniffedType = item.sniffedType;
      out.push(other);
    }
    if (depth >= MAX_ARCHIVE_DEPTH) return;
    for (const child of entries) {
      if (isObj(child)) visit(child as unknown as ArchiveEntry, 'archive-entry', where, depth + 1, false);
    }
  };
  for (const a of attachments) visit(a, 'attachment', '', 0, false);
  if (capped) {
    incomplete.push({ code: 'archive-too-many-entries', where: 'attachments', detail: `only the first ${MAX_FILE_ITEMS} files (attachments and archive entries) were checked` });
  }
  return out;
}

/** OOXML extensions: a file so named that is really an OLE container is an encrypted OOXML document. */
export const OOXML_EXTENSIONS: ReadonlySet<string> = new Set(['docx', 'docm', 'dotx', 'dotm', 'xlsx', 'xlsm', 'xltx', 'xltm', 'xlam', 'pptx', 'pptm', 'potx', 'potm', 'ppsx', 'ppsm']);

/** Password-protected Office: the adapter saw EncryptedPackage, or an OOXML name holds an OLE file. */
export function isEncryptedOffice(f: FileItem): boolean {
  if (f.office?.encrypted === true) return true;
  return f.sniffedType === 'ole' && OOXML_EXTENSIONS.has(f.ext);
}

/**
 * URLs written in the body (after refanging): what /\b(?:https?|ftp):\/\/[^\s<>"'()\[\]{}]+/gi
 * matches, found by jumping from one `://` to the next with indexOf instead of trying the regex at
 * every position (fast-paths.test.ts checks both give the same matches).
 */
export function bodyUrls(text: string): string[] {
  const out: string[] = [];
  let end = 0;
  for (let p = text.indexOf('://'); p >= 0; p = text.indexOf('://', Math.max(p + 3, end))) {
    const start = schemeStart(text, p);
    if (start < end) continue;
    let q = p + 3;
    while (q < text.length && !isUrlStop(text.charCodeAt(q))) q++;
    if (q === p + 3) continue;
    out.push(text.slice(start, q));
    end = q;
  }
  return out;
}

const isAsciiLetter = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
/** \w without the u flag. */
const isAsciiWord = (c: number): boolean => isAsciiLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x5f;

/** Where `https`, `http` or `ftp` (any case, after a word boundary) ends at `p`, or -1. */
function schemeStart(text: string, p: number): number {
  const is = (from: number, word: string): boolean => from >= 0 && asciiWordAt(text, from, word) && (from === 0 || !isAsciiWord(text.charCodeAt(from - 1)));
  if (is(p - 5, 'https')) return p - 5;
  if (is(p - 4, 'http')) return p - 4;
  if (is(p - 3, 'ftp')) return p - 3;
  return -1;
}

/** The characters a body URL stops at: JavaScript's \s, and < > " ' ( ) [ ] { }. */
function isUrlStop(c: number): boolean {
  return c === 0x3c || c === 0x3e || c === 0x22 || c === 0x27 || c === 0x28 || c === 0x29 || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || isWhitespaceUnit(c);
}
const IPV4_RE = /^(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
/**
 * Distinct hosts collected from body text. Every dotted word of the scanned body is looked at (no
 * cap on words: the walk is linear and the body slice is bounded by MAX_BODY_SCAN_CHARS), and a
 * host needs at least five characters with its separator, so this cap is above what the slice
 * can hold; if the slice limit is ever raised past it, reaching it is reported as incomplete.
 */
export const MAX_BODY_HOSTS = Math.ceil(MAX_BODY_SCAN_CHARS / 4);

/** True for the characters a host name token is made of (ASCII letters, digits, hyphen, dot). */
function isHostChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;
}

const isEdge = (c: number): boolean => c === 0x2e || c === 0x2d;

const isDigitOrDot = (c: number): boolean => (c >= 0x30 && c <= 0x39) || c === 0x2e;

/**
 * Hosts and IPv4 addresses written in the body: dotted tokens of host characters (trimmed of
 * edge dots and hyphens, as sentence punctuation) whose last label is a name of two or more
 * characters starting with a letter, or that are IPv4 addresses; lower-cased, each once. Found by
 * jumping from dot to dot and expanding each into its run of host characters: linear in the body
 * (each character is looked at a bounded number of times) and far cheaper than a regex that must
 * try every word. Only qualifying tokens are copied out of the text. Stops at `maxHosts`
 * distinct hosts (the caller reports reaching it).
 */
export function bodyHosts(text: string, maxHosts: number): readonly BodyHost[] {
  let hosts: BodyHost[] | undefined;
  let seen: Set<string> | undefined;
  let from = 0;
  for (;;) {
    const dot = text.indexOf('.', from);
    if (dot < 0) break;
    let a = dot;
    while (a > from && isHostChar(text.charCodeAt(a - 1))) a--;
    let b = dot + 1;
    while (b < text.length && isHostChar(text.charCodeAt(b))) b++;
    from = b > dot + 1 ? b : dot + 1;
    if (a === dot || b === dot + 1) continue;
    while (a < b && isEdge(text.charCodeAt(a))) a++;
    while (b > a && isEdge(text.charCodeAt(b - 1))) b--;
    const last = text.lastIndexOf('.', b - 1);
    if (b - a > 253 || last < a) continue;
    let isIp = false;
    if (!(b - last > 2 && isAsciiLetter(text.charCodeAt(last + 1)))) {
      // Not a name: only an IPv4 address (digits and dots) still qualifies.
      let digits = true;
      for (let k = a; k < b && digits; k++) digits = isDigitOrDot(text.charCodeAt(k));
      if (!digits || !IPV4_RE.test(text.slice(a, b))) continue;
      isIp = true;
    }
    const h = text.slice(a, b).toLowerCase();
    if (seen?.has(h)) continue;
    (seen ??= new Set()).add(h);
    (hosts ??= []).push({ host: h, isIp });
    if (hosts.length >= maxHosts) break;
  }
  return hosts ?? NO_BODY_HOSTS;
}

const NO_STRINGS: readonly string[] = Object.freeze([]);
const NO_BODY_HOSTS: readonly BodyHost[] = Object.freeze([]);

/** Sentence punctuation that ends a written URL rather than belonging to it: . , ; : ! ? */
const isTrailingPunctuation = (c: number): boolean => c === 0x2e || c === 0x2c || c === 0x3b || c === 0x3a || c === 0x21 || c === 0x3f;

/**
 * `url` without trailing sentence punctuation. A loop from the end, not /[.,;:!?]+$/: that regex
 * retries from every position of a run that is not at the end, so a URL holding megabytes of
 * dots took minutes (a 5 MB mbox took 335 s).
 */
export function trimTrailingPunctuation(url: string): string {
  let end = url.length;
  while (end > 0 && isTrailingPunctuation(url.charCodeAt(end - 1))) end--;
  return end === url.length ? url : url.slice(0, end);
}

function bodyIndicators(refanged: string, incomplete: Incomplete[]): { urls: readonly string[]; hosts: readonly BodyHost[] } {
  const found = bodyUrls(refanged);
  const urls = found.length === 0 ? NO_STRINGS : [...new Set(found.map(trimTrailingPunctuation))].slice(0, MAX_LINKS);
  const hosts = bodyHosts(refanged, MAX_BODY_HOSTS);
  if (hosts.length >= MAX_BODY_HOSTS) {
    incomplete.push({ code: 'time-budget', where: 'body', detail: `only the first ${MAX_BODY_HOSTS} distinct host names written in the body were checked` });
  }
  return { urls, hosts };
}

/** List-Id or List-Post: the message came through a mailing list. */
function isListHeader(h: Header): boolean {
  const n = h.name;
  return (n.length === 7 || n.length === 9) && /^list-(?:id|post)$/i.test(n);
}

/**
 * Authentication-Results are only as trustworthy as the server that wrote them. The topmost
 * header was added by the last hop (our own receiving server in a normal deployment); anything
 * below it may have been written by the sender. So only results from the first authserv-id count.
 */
export function trustedAuth(auth: AuthResult[]): AuthResult[] {
  const first = auth[0];
  if (!first) return auth;
  return auth.filter((a) => a.authservId === first.authservId);
}

export function buildContext(message: NormalisedMessage, pack: CompiledPack, policy: Policy, engineIncomplete: Incomplete[]): DetectorContext {
  const incomplete = engineIncomplete;
  const bodySlice = message.text.length > MAX_BODY_SCAN_CHARS ? message.text.slice(0, MAX_BODY_SCAN_CHARS) : message.text;
  if (message.text.length > MAX_BODY_SCAN_CHARS) {
    incomplete.push({ code: 'time-budget', where: 'body', detail: `body is ${message.text.length} characters; only the first ${MAX_BODY_SCAN_CHARS} were scanned` });
  }
  const bodyRefanged = refang(bodySlice);
  const { hostInfo, registrable } = pack;
  const fromAddress = message.from?.address ?? '';
  const fromDomain = addressDomain(fromAddress);
  const fromRegistrable = fromDomain ? registrable(fromDomain) : '';
  const freemail: CompiledList | undefined = pack.lists.get(FREEMAIL_LIST_ID);
  const fromFreemail = !!freemail && !!fromDomain && matchDomainList(freemail, fromDomain) !== undefined;

  // No detector reads headers by name on most messages: index them only when one asks.
  let headerIndex: Map<string, string[]> | undefined;
  const header = (name: string): string[] => {
    if (!headerIndex) {
      headerIndex = new Map();
      for (const h of message.headers) {
        const k = h.name.toLowerCase();
        const list = headerIndex.get(k);
        if (list) list.push(h.value);
        else headerIndex.set(k, [h.value]);
      }
    }
    return headerIndex.get(name.toLowerCase()) ?? [];
  };
  const mailingList = message.headers.some(isListHeader) || /\svia\s/i.test(message.from?.name ?? '');

  const links: LinkItem[] = message.links.map((l) => {
    const url = refang(l.href).trim();
    return { href: l.href, url, text: l.text, origin: l.origin, info: hostInfo(url) };
  });
  const { urls, hosts } = bodyIndicators(bodyRefanged, incomplete);
  if (urls.length > 0) {
    const known = new Set(links.map((l) => l.url));
    for (const u of urls) {
      if (links.length >= MAX_LINKS) break;
      if (!known.has(u)) links.push({ href: u, url: u, text: '', origin: 'body-text', info: hostInfo(u) });
    }
  }

  const files = walkFiles(message.attachments, incomplete);
  const auth = trustedAuth(message.auth);
  const dmarcPassForFrom =
    !!fromRegistrable &&
    auth.some((a) => a.method === 'dmarc' && a.result === 'pass' && registrable(a.props['header.from'] ?? fromDomain) === fromRegistrable);
  const hasEncrypted =
    files.some((f) => f.encryptedArchive || f.encrypted || isEncryptedOffice(f)) ||
    message.incomplete.some((i) => i.code === 'archive-encrypted');

  const subjectNorm = normaliseText(message.subject);
  // Most bodies contain no keyword and no cloud link: normalise the body only when one is read.
  let bodyNorm: string | undefined;
  const bodyNormOf = (): string => (bodyNorm ??= normaliseText(bodyRefanged));
  /** Hits per list of the one combined scan of each text, made on first use. */
  let subjectHits: ReadonlyMap<string, readonly KeywordHit[]> | undefined;
  let bodyHits: ReadonlyMap<string, readonly KeywordHit[]> | undefined;
  let bodyGroups: number | undefined;
  let unindexed: Map<string, readonly KeywordHit[]> | undefined;
  const keywordHits = (listId: string, where: 'subject' | 'body'): readonly KeywordHit[] => {
    const kw = pack.keywords;
    const listIndex = kw.listIds.indexOf(listId);
    if (listIndex < 0) {
      // A list no rule names in its TEXT_KEYWORD_PARAM (a rule relying on its detector's default
      // list): scanned on its own with the list's matcher, whose owners are entry indices too.
      const key = `${where}\u0000${listId}`;
      let found = (unindexed ??= new Map()).get(key);
      if (!found) {
        const m = pack.lists.get(listId)?.matcher;
        const text = !m ? '' : where === 'subject' ? subjectNorm : m.mayMatch(bodyRefanged) ? bodyNormOf() : '';
        found = m && text ? m.search(text, MAX_KEYWORD_HITS_PER_LIST) : NO_HITS;
        unindexed.set(key, found);
      }
      return found;
    }
    if (where === 'body') {
      // Which lists may occur, from one pass over the raw body; the body is normalised and
      // searched only when a list asked for may.
      bodyGroups ??= kw.matcher.possibleGroups(bodyRefanged, kw.listOf);
      if ((bodyGroups & (1 << Math.min(listIndex, 30))) === 0) return NO_HITS;
    }
    let byList = where === 'subject' ? subjectHits : bodyHits;
    if (!byList) {
      const found =
        where === 'subject'
          ? subjectNorm
            ? kw.matcher.search(subjectNorm, MAX_KEYWORD_HITS_PER_LIST, kw.listOf)
            : NO_HITS
          : kw.matcher.search(bodyNormOf(), MAX_KEYWORD_HITS_PER_LIST, kw.listOf);
      byList = found.length === 0 ? NO_LISTS : groupByList(kw, found);
      if (where === 'subject') subjectHits = byList;
      else bodyHits = byList;
    }
    return byList.get(listId) ?? NO_HITS;
  };
  return {
    message,
    pack,
    policy,
    subjectNorm,
    bodyNorm: bodyNormOf,
    keywordHits,
    bodyRefanged,
    fromDomain,
    fromRegistrable,
    fromFreemail,
    mailingList,
    files,
    links,
    bodyHosts: hosts,
    auth,
    dmarcPassForFrom,
    hasEncrypted,
    incomplete,
    header,
    hostInfo,
    registrable,
  };
}
